/**
 * A cohort table as text cells: RFC 4180 CSV (header row, comma separator, double-quoted fields
 * with "" escapes, CRLF, LF or CR line ends, mixed too, an optional byte-order mark), read with csv-parse (a maintained
 * parser). Cells stay strings; the table's column mapping (cohortTableMapping.ts) decides what is
 * missing and how a cell becomes a number.
 */
import { CsvError, parse } from 'csv-parse/sync';
import { SurvivalInputError } from '../errors.ts';

export interface CohortCsv {
  readonly columns: readonly string[];
  /** Column name -> one cell per row (trimmed). */
  readonly cells: Readonly<Record<string, readonly string[]>>;
  readonly rowCount: number;
}

/**
 * The records of CSV text (header first), untrimmed; blank lines are skipped.
 * @throws SurvivalInputError (argument 'csv') for empty text, an unterminated quote, a stray quote or
 *   ragged rows, naming the row.
 */
export function parseCsvRecords(text: string): string[][] {
  if (typeof text !== 'string' || text.trim().length === 0) throw new SurvivalInputError('csv', 'expected non-empty CSV text');
  let records: string[][];
  try {
    records = parse(text, { bom: true, skip_empty_lines: true, relax_column_count: true, record_delimiter: ['\r\n', '\n', '\r'] });
  } catch (e) {
    if (!(e instanceof CsvError)) throw e;
    if (e.code === 'CSV_QUOTE_NOT_CLOSED') throw new SurvivalInputError('csv', 'the text ends inside a quoted field');
    throw new SurvivalInputError('csv', `not valid CSV: ${e.message}`);
  }
  const width = records[0]!.length;
  records.forEach((r, k) => {
    if (r.length !== width) throw new SurvivalInputError('csv', `row ${k + 1} has ${r.length} fields, the header has ${width}`);
  });
  return records;
}

/** @throws SurvivalInputError for empty text, an unterminated quote or ragged rows. */
export function parseCohortCsv(text: string): CohortCsv {
  const [header, ...rows] = parseCsvRecords(text);
  const columns = header!.map((h) => h.trim());
  const cells: Record<string, string[]> = Object.fromEntries(columns.map((c) => [c, [] as string[]]));
  for (const r of rows) r.forEach((cell, j) => cells[columns[j]!]!.push(cell.trim()));
  return { columns, cells, rowCount: rows.length };
}
