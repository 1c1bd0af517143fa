/**
 * Reads a cohort table with a card's declarative mapping (cohortTableMapping.ts) and covariate
 * sources: outcome, covariate columns and every gap named and counted. A row is used only when its
 * outcome and every covariate are known (complete cases, as R's coxph) and no exclusion rule applies.
 */
import type { CohortSource } from '@mewm/models';
import { SurvivalInputError } from '../errors.ts';
import { applyComparison } from '../riskCovariateSources.ts';
import { parseCohortCsv, type CohortCsv } from './cohortCsv.ts';
import type { CohortTableMapping, DerivedColumn } from './cohortTableMapping.ts';

/** One named gap: rows where a column (or derived column) is missing, or an exclusion applied. */
export interface CohortGap {
  readonly reason: string;
  /** Rows with this gap (a row can have several). */
  readonly rows: number;
}

export interface CohortRead {
  /** Rows of the table. */
  readonly rowCount: number;
  /** Row ids (idColumn) of the rows used, table order. */
  readonly ids: readonly string[];
  /** 0-based table row of each used row. */
  readonly rowIndex: readonly number[];
  readonly outcome: { readonly time: number[]; readonly event: number[] };
  /** Covariate columns of the used rows, in the order of `sources`. */
  readonly covariates: Record<string, number[]>;
  readonly gaps: readonly CohortGap[];
  /** Rows not used (any gap). */
  readonly dropped: number;
}

type Value = number | string | null;

function cellValue(raw: string, missingCodes: ReadonlySet<string>): Value {
  if (missingCodes.has(raw)) return null;
  const n = Number(raw);
  return raw !== '' && Number.isFinite(n) ? n : raw;
}

function numeric(v: Value): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

function derive(d: DerivedColumn, col: (name: string) => readonly Value[], n: number): Value[] {
  const out: Value[] = [];
  for (let r = 0; r < n; r++) {
    if (d.op === 'scale') {
      const x = numeric(col(d.column)[r]!);
      out.push(x === null ? null : x * d.factor);
    } else if (d.op === 'difference') {
      const a = numeric(col(d.minuend)[r]!);
      const b = numeric(col(d.subtrahend)[r]!);
      out.push(a === null || b === null ? null : (a - b) * d.factor);
    } else if (d.op === 'median') {
      const xs = d.columns.map((c) => numeric(col(c)[r]!)).filter((x): x is number => x !== null).sort((a, b) => a - b);
      out.push(xs.length === 0 ? null : xs[(xs.length - 1) >> 1]!);
    } else {
      const changes = d.pairs.flatMap((p) => {
        const bl = numeric(col(p.baseline)[r]!);
        const fu = numeric(col(p.followUp)[r]!);
        return bl !== null && fu !== null && bl > 0 ? [(fu - bl) / bl] : [];
      });
      out.push(changes.length === 0 ? null : changes.reduce((s, c) => s + c, 0) / changes.length);
    }
  }
  return out;
}

/**
 * @param sources covariate name -> cohort side (column, optional comparison), in model order.
 * @throws SurvivalInputError for unusable CSV text, a missing column, an event that is not 0/1, or
 *   no usable row.
 */
export function readCohortTable(
  csv: string | CohortCsv, mapping: CohortTableMapping, sources: Readonly<Record<string, CohortSource>>,
): CohortRead {
  const table = typeof csv === 'string' ? parseCohortCsv(csv) : csv;
  const n = table.rowCount;
  const values = new Map<string, Value[]>();
  const col = (name: string): readonly Value[] => {
    const got = values.get(name);
    if (got) return got;
    const cells = table.cells[name];
    if (!cells) throw new SurvivalInputError(`csv.${name}`, 'column missing (the table is not in the format this model reads)');
    const codes = new Set([...mapping.missing.cells, ...(mapping.missing.columns?.[name] ?? [])]);
    const v = cells.map((c) => cellValue(c, codes));
    values.set(name, v);
    return v;
  };
  for (const [name, d] of Object.entries(mapping.derived ?? {})) values.set(name, derive(d, col, n));

  const gaps = new Map<string, Set<number>>();
  const gap = (reason: string, r: number): void => {
    const set = gaps.get(reason) ?? new Set<number>();
    set.add(r);
    gaps.set(reason, set);
  };
  const time = col(mapping.outcome.time);
  const event = col(mapping.outcome.event);
  const ids = mapping.idColumn === undefined ? Array.from({ length: n }, (_, r) => `row ${r + 1}`) : table.cells[mapping.idColumn];
  if (!ids) throw new SurvivalInputError(`csv.${mapping.idColumn}`, 'id column missing');
  const covValues: Record<string, (number | null)[]> = {};
  for (const [name, s] of Object.entries(sources)) {
    covValues[name] = col(s.column).map((v) => (v === null ? null : applyComparison(s, v)));
  }
  for (let r = 0; r < n; r++) {
    const t = numeric(time[r]!);
    if (t === null) gap(`${mapping.outcome.time} missing`, r);
    else if (t < 0) gap(`${mapping.outcome.time} negative`, r);
    const e = event[r];
    if (e === null) gap(`${mapping.outcome.event} missing`, r);
    else if (e !== 0 && e !== 1) throw new SurvivalInputError(`csv.${mapping.outcome.event}`, `must be 0/1; row ${r + 2} is "${String(e)}"`);
    for (const [name, s] of Object.entries(sources)) {
      if (covValues[name]![r] === null) gap(`${s.column} missing (covariate ${name})`, r);
    }
    for (const x of mapping.exclude ?? []) {
      const v = numeric(col(x.column)[r]!);
      if (v !== null && v <= x.le) gap(x.reason, r);
    }
  }
  const bad = new Set([...gaps.values()].flatMap((s) => [...s]));
  const rowIndex = Array.from({ length: n }, (_, r) => r).filter((r) => !bad.has(r));
  if (rowIndex.length === 0) throw new SurvivalInputError('csv', 'no row has a complete outcome and covariates');
  return {
    rowCount: n,
    ids: rowIndex.map((r) => ids[r]!),
    rowIndex,
    outcome: { time: rowIndex.map((r) => numeric(time[r]!)!), event: rowIndex.map((r) => event[r] as number) },
    covariates: Object.fromEntries(Object.keys(sources).map((name) => [name, rowIndex.map((r) => covValues[name]![r]!)])),
    gaps: [...gaps.entries()].map(([reason, rows]) => ({ reason, rows: rows.size })),
    dropped: n - rowIndex.length,
  };
}
