/**
 * CSV tables for the survival commands: the survival package's reader (csv-parse: header row, comma
 * separator, double-quoted fields with "" escapes, CRLF or LF line ends), its errors as usage errors.
 * Values stay strings; columns are converted by the caller. R's write.csv output (row names in an
 * unnamed first column, "NA" for missing) reads as is.
 */
import { readFile } from 'node:fs/promises';
import { parseCsvRecords, SurvivalInputError } from '@mewm/survival';
import { CliUsageError } from './cli-error.ts';

export interface CsvTable {
  columns: string[];
  rows: string[][];
}

const MAX_CSV_BYTES = 256 * 1024 * 1024;

export async function readCsvFile(path: string): Promise<CsvTable> {
  let text: string;
  try {
    const buf = await readFile(path);
    if (buf.length > MAX_CSV_BYTES) throw new CliUsageError(`--csv ${path} is larger than ${MAX_CSV_BYTES / 2 ** 20} MiB`);
    text = buf.toString('utf8');
  } catch (e) {
    if (e instanceof CliUsageError) throw e;
    throw new CliUsageError(`cannot read --csv ${path}: ${e instanceof Error ? e.message : String(e)}`);
  }
  return parseCsv(text);
}

export function parseCsv(text: string): CsvTable {
  let records: string[][];
  try {
    records = parseCsvRecords(text);
  } catch (e) {
    if (e instanceof SurvivalInputError) throw new CliUsageError(`CSV: ${e.message.replace(/^csv: /, '')}`);
    throw e;
  }
  const [header, ...rows] = records;
  return { columns: header!.map((h) => h.trim()), rows };
}

/** A numeric column; "", "NA", "NaN" and "." are missing (NaN). Non-numbers are a usage error naming the row. */
export function numericColumn(table: CsvTable, name: string, flag: string): Float64Array {
  const c = table.columns.indexOf(name);
  if (c < 0) throw new CliUsageError(`${flag}: no column "${name}" in the CSV; columns: ${table.columns.join(', ')}`);
  const out = new Float64Array(table.rows.length);
  table.rows.forEach((r, k) => {
    const s = r[c]!.trim();
    if (s === '' || s === 'NA' || s === 'NaN' || s === '.') out[k] = Number.NaN;
    else {
      const v = Number(s);
      if (!Number.isFinite(v)) throw new CliUsageError(`${flag}: column "${name}" row ${k + 2} is not a number`);
      out[k] = v;
    }
  });
  return out;
}
