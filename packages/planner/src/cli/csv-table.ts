/**
 * A small RFC 4180 CSV reader for cohort tables: header row, comma separator, double-quoted fields
 * with "" escapes, CRLF or LF line ends. Values stay strings; columns are converted by the caller.
 * R's write.csv output (row names in an unnamed first column, "NA" for missing) reads as is.
 */
import { readFile } from 'node:fs/promises';
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
  const records: string[][] = [];
  let field = '';
  let record: string[] = [];
  let quoted = false;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  for (; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') { field += '"'; i++; } else quoted = false;
      } else field += ch;
    } else if (ch === '"' && field === '') quoted = true;
    else if (ch === ',') { record.push(field); field = ''; }
    else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      record.push(field);
      field = '';
      if (record.length > 1 || record[0] !== '') records.push(record);
      record = [];
    } else field += ch;
  }
  if (quoted) throw new CliUsageError('CSV ends inside a quoted field');
  if (field !== '' || record.length > 0) { record.push(field); records.push(record); }
  const [header, ...rows] = records;
  if (!header) throw new CliUsageError('CSV is empty');
  rows.forEach((r, k) => {
    if (r.length !== header.length) throw new CliUsageError(`CSV row ${k + 2} has ${r.length} fields, the header has ${header.length}`);
  });
  return { columns: header.map((h) => h.trim()), rows };
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
