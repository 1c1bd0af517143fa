/**
 * A cohort table as text cells: RFC 4180 CSV (header row, comma separator, double-quoted fields
 * with "" escapes, CRLF or LF). Cells stay strings; the table's column mapping (cohortTableMapping.ts)
 * decides what is missing and how a cell becomes a number.
 */
import { SurvivalInputError } from '../errors.ts';

export interface CohortCsv {
  readonly columns: readonly string[];
  /** Column name -> one cell per row (trimmed). */
  readonly cells: Readonly<Record<string, readonly string[]>>;
  readonly rowCount: number;
}

/** @throws SurvivalInputError for empty text, an unterminated quote or ragged rows. */
export function parseCohortCsv(text: string): CohortCsv {
  if (typeof text !== 'string' || text.trim().length === 0) throw new SurvivalInputError('csv', 'expected non-empty CSV text');
  const records: string[][] = [];
  let field = '';
  let record: string[] = [];
  let quoted = false;
  for (let i = text.charCodeAt(0) === 0xfeff ? 1 : 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch !== '"') field += ch;
      else if (text[i + 1] === '"') { field += '"'; i++; } else quoted = false;
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
  if (quoted) throw new SurvivalInputError('csv', 'the text ends inside a quoted field');
  if (field !== '' || record.length > 0) { record.push(field); records.push(record); }
  const [header, ...rows] = records;
  const columns = header!.map((h) => h.trim());
  const cells: Record<string, string[]> = Object.fromEntries(columns.map((c) => [c, [] as string[]]));
  rows.forEach((r, k) => {
    if (r.length !== columns.length) throw new SurvivalInputError('csv', `row ${k + 2} has ${r.length} fields, the header has ${columns.length}`);
    r.forEach((cell, j) => cells[columns[j]!]!.push(cell.trim()));
  });
  return { columns, cells, rowCount: rows.length };
}
