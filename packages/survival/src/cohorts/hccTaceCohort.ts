/**
 * TCIA HCC-TACE-Seg clinical table (V2; CC BY 4.0; doi 10.7937/TCIA.5FNA-0924, Moawad AW et al.):
 * 75 HCC patients treated with TACE, with paired pre/post-TACE mRECIST sums by three readers.
 *
 * Units (inferred here, checked by `hccTaceUnitEvidence` and its test; TCIA documents none):
 * - `OS`, `TTP` and `Interval_FU` are in WEEKS: every value is a whole number of days / 7
 *   (x 7 is an integer within 0.05 in 75/75, 75/75 and 68/68 rows), median OS 109.7 weeks = 25.2
 *   months (TACE cohorts: about 19-26 months), and the follow-up scan always precedes death or last
 *   contact (Interval_FU < OS in 68/68 rows), median 8.9 weeks after TACE (the usual 4-12 weeks).
 * - `Interval_BL` is in DAYS (integers from -303 to 868, median 8: baseline CT about a week before
 *   TACE; 868 weeks would be 16.6 years). It is not used by the models.
 * Months = weeks x 12 / 52.1775 (52.1775 = 365.2425 / 7 weeks per year).
 */
import type { CohortSource } from '@mewm/models';
import { parseCohortCsv, type CohortCsv } from './cohortCsv.ts';
import type { CohortTableMapping } from './cohortTableMapping.ts';

export const WEEKS_TO_MONTHS = 12 / 52.1775;

/** The mRECIST sums of the three readers (mm): baseline and first follow-up after TACE. */
export const HCC_TACE_MRECIST_PAIRS = [1, 2, 3].map((k) => ({ baseline: `${k}_mRECIST_BL`, followUp: `${k}_mRECIST_FU` }));

/** Regimen cells of the table and what they are read as (NA = not stated: missing). */
export const HCC_TACE_REGIMENS: Readonly<Record<string, 'ctace' | 'debTace'>> = {
  'Cisplatin, doxorubicin, Mitomycin-C': 'ctace',
  // ASSUMED conventional (Lipiodol) TACE: the same drugs without doxorubicin, not beads.
  'Cisplatin, Mitomycin-C': 'ctace',
  'doxorubicin LC beads': 'debTace',
};

/** The landmark reading of the table: the clock starts at the first follow-up scan after TACE. */
export const HCC_TACE_MAPPING: CohortTableMapping = {
  format: 'TCIA HCC-TACE-Seg clinical data (V2 table as CSV): one row per patient, OS/TTP/Interval_FU in weeks',
  idColumn: 'TCIA_ID',
  missing: { cells: ['', 'NA'] },
  derived: {
    landmarkOsMonths: {
      op: 'difference', minuend: 'OS', subtrahend: 'Interval_FU', factor: WEEKS_TO_MONTHS,
      note: 'overall survival from the first follow-up scan after TACE (landmark): (OS - Interval_FU) weeks x 12/52.1775',
    },
    diameterSumChange: {
      op: 'meanRelativeChange', pairs: HCC_TACE_MRECIST_PAIRS,
      note: 'mRECIST target-sum change (FU - BL) / BL at the first follow-up, averaged over the readers with both sums (baseline > 0)',
    },
  },
  outcome: { time: 'landmarkOsMonths', event: 'Death_1_StillAliveorLostToFU_0', timeUnit: 'months', note: 'event 1 = died, 0 = alive or lost to follow-up' },
  exclude: [{ column: 'landmarkOsMonths', le: 0, reason: 'died or censored at or before the follow-up scan (no time after the landmark)' }],
};

/** Cohort side of each covariate of risk-hcc-tace, in model order. */
export const HCC_TACE_COHORT_SOURCES: Readonly<Record<string, CohortSource>> = {
  diameterSumChange: { column: 'diameterSumChange' },
  portalVeinThrombosis: { column: 'Portal Vein Thrombosis' },
  afpAtLeast400: { column: 'AFP', ge: 400 },
  childPughBOrC: { column: 'CPS', in: ['B', 'C'] },
  ecogAtLeast1: { column: 'PS_bclc_0_0_1-2_1_3-4_3', ge: 1 },
};

export interface HccTaceGaps {
  readonly rows: number;
  /** Tr_Size (treated size) empty. */
  readonly trSizeEmpty: number;
  /** No reader with both a baseline and a follow-up mRECIST sum. */
  readonly noPairedMrecist: number;
  /** Fewer than three readers with a pair (but at least one). */
  readonly partialReaders: number;
  readonly intervalFuMissing: number;
  readonly regimenNotStated: number;
  readonly regimenCisplatinMitomycin: number;
  readonly regimen: Readonly<Record<string, number>>;
}

const isMissing = (c: string): boolean => c === '' || c === 'NA';

/** The table's known gaps, counted (the README's list, checked on the actual rows). */
export function hccTaceGaps(csv: string | CohortCsv): HccTaceGaps {
  const t = typeof csv === 'string' ? parseCohortCsv(csv) : csv;
  const c = (name: string): readonly string[] => t.cells[name] ?? [];
  const readers = Array.from({ length: t.rowCount }, (_, r) =>
    HCC_TACE_MRECIST_PAIRS.filter((p) => !isMissing(c(p.baseline)[r]!) && !isMissing(c(p.followUp)[r]!)).length);
  const regimen: Record<string, number> = {};
  for (const v of c('chemotherapy')) regimen[v] = (regimen[v] ?? 0) + 1;
  return {
    rows: t.rowCount,
    trSizeEmpty: c('Tr_Size').filter(isMissing).length,
    noPairedMrecist: readers.filter((k) => k === 0).length,
    partialReaders: readers.filter((k) => k > 0 && k < 3).length,
    intervalFuMissing: c('Interval_FU').filter(isMissing).length,
    regimenNotStated: c('chemotherapy').filter(isMissing).length,
    regimenCisplatinMitomycin: regimen['Cisplatin, Mitomycin-C'] ?? 0,
    regimen,
  };
}

export interface UnitEvidence {
  readonly column: string;
  readonly rows: number;
  /** Rows whose value x 7 is a whole number (within 0.05): days / 7, i.e. weeks. */
  readonly wholeDaysOverSeven: number;
  readonly median: number;
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

/** The evidence the unit inference rests on (see the module comment). */
export function hccTaceUnitEvidence(csv: string | CohortCsv): { columns: UnitEvidence[]; followUpBeforeOs: number; pairedRows: number } {
  const t = typeof csv === 'string' ? parseCohortCsv(csv) : csv;
  const nums = (name: string): number[] => (t.cells[name] ?? []).filter((v) => !isMissing(v)).map(Number);
  const columns = ['OS', 'TTP', 'Interval_FU', 'Interval_BL'].map((column) => {
    const xs = nums(column);
    return { column, rows: xs.length, wholeDaysOverSeven: xs.filter((x) => Math.abs(x * 7 - Math.round(x * 7)) < 0.05).length, median: median(xs) };
  });
  let followUpBeforeOs = 0;
  let pairedRows = 0;
  for (let r = 0; r < t.rowCount; r++) {
    const fu = t.cells.Interval_FU![r]!;
    if (isMissing(fu)) continue;
    pairedRows++;
    if (Number(fu) < Number(t.cells.OS![r])) followUpBeforeOs++;
  }
  return { columns, followUpBeforeOs, pairedRows };
}
