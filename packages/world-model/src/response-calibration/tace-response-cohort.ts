/**
 * The paired pre/post-TACE mRECIST measurements of TCIA HCC-TACE-Seg (Moawad AW et al.;
 * doi 10.7937/TCIA.5FNA-0924), read from the cohort table's own columns into one record per patient.
 *
 * Per patient: each reader r (1–3) with both `r_mRECIST_BL` > 0 and `r_mRECIST_FU` gives a ratio
 * FU/BL of the viable-diameter sums; the patient's ratio is the median of the readers' ratios and the
 * baseline sum the mean of their baselines. The category is recomputed from that ratio with the
 * mRECIST thresholds (CR = no viable tumour, PR ≤ 0.7, PD ≥ 1.2, SD otherwise), the same way as the
 * simulated one, so new lesions (which the readers' own category counts as PD) are not part of it.
 * `Interval_FU` is read as weeks from TACE to the follow-up scan (values 1.3–30; ASSUMED, the unit
 * is not documented). Gaps are counted, never dropped silently: rows without a paired measurement,
 * regimen not stated (`NA`), the one "Cisplatin, Mitomycin-C" row (counted as conventional TACE:
 * a cisplatin-based regimen without beads; ASSUMED), follow-up interval missing (90 days used).
 */
import { ModelInputError } from '../errors.ts';
import type { MrecistResponse } from '../lesion-outcome.ts';

export type TaceRegimen = 'conventional' | 'deb';
export const TACE_REGIMENS: readonly TaceRegimen[] = ['conventional', 'deb'];

export interface TaceResponsePatient {
  regimen: TaceRegimen;
  /** Mean baseline mRECIST sum of the readers used, mm. */
  baselineSumMm: number;
  /** Median over readers of the follow-up / baseline mRECIST sum. */
  ratio: number;
  category: MrecistResponse;
  /** Days from TACE to the follow-up scan (Interval_FU × 7, or 90 when missing). */
  followUpDays: number;
  readers: number;
}

export interface TaceResponseCohortGaps {
  rows: number;
  /** Rows with no reader giving both a positive baseline and a follow-up mRECIST sum. */
  noPairedMeasurement: number;
  /** Paired rows whose regimen is `NA` (not stated): left out of the fit and the check. */
  regimenNotStated: number;
  /** Paired rows with "Cisplatin, Mitomycin-C", counted as conventional TACE (ASSUMED). */
  regimenCisplatinMitomycinAsConventional: number;
  /** Rows with another regimen text: left out. */
  regimenUnknownText: number;
  /** Used rows without `Interval_FU`: simulated at 90 days. */
  followUpIntervalMissing: number;
  /** Used rows with fewer than three readers' pairs. */
  fewerThanThreeReaders: number;
  used: number;
}

export interface TaceResponseCohort {
  patients: TaceResponsePatient[];
  gaps: TaceResponseCohortGaps;
}

export const DEFAULT_FOLLOW_UP_DAYS_WHEN_MISSING = 90;
const PR_RATIO = 0.7;
const PD_RATIO = 1.2;

/** mRECIST category of a viable-diameter-sum ratio (Lencioni & Llovet 2010 thresholds). */
export function categoryOfRatio(ratio: number): MrecistResponse {
  if (ratio <= 0) return 'CR';
  if (ratio <= PR_RATIO) return 'PR';
  if (ratio >= PD_RATIO) return 'PD';
  return 'SD';
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

function regimenOf(text: string): TaceRegimen | 'not-stated' | 'cisplatin-mitomycin' | 'unknown' {
  const t = text.trim().toLowerCase();
  if (t === '' || t === 'na') return 'not-stated';
  if (t === 'cisplatin, doxorubicin, mitomycin-c') return 'conventional';
  if (t === 'doxorubicin lc beads') return 'deb';
  if (t === 'cisplatin, mitomycin-c') return 'cisplatin-mitomycin';
  return 'unknown';
}

/**
 * Read the HCC-TACE-Seg table (header + rows of strings, as a CSV reader gives them).
 * @throws ModelInputError when a required column is missing or a measurement is not a number.
 */
export function readTaceResponseCohort(table: { columns: readonly string[]; rows: readonly (readonly string[])[] }): TaceResponseCohort {
  const col = (name: string): number => {
    const i = table.columns.indexOf(name);
    if (i < 0) throw new ModelInputError(`the HCC-TACE table has no column "${name}" (expected the TCIA HCC-TACE-Seg clinical table)`);
    return i;
  };
  const regimenCol = col('chemotherapy');
  const fuCol = col('Interval_FU');
  const readerCols = [1, 2, 3].map((r) => ({ bl: col(`${r}_mRECIST_BL`), fu: col(`${r}_mRECIST_FU`) }));
  const num = (row: readonly string[], c: number, k: number): number => {
    const s = (row[c] ?? '').trim();
    if (s === '' || s === 'NA' || s === 'NaN' || s === '.') return Number.NaN;
    const v = Number(s);
    if (!Number.isFinite(v)) throw new ModelInputError(`column "${table.columns[c]}" of data row ${k + 1} is not a number`);
    return v;
  };
  const gaps: TaceResponseCohortGaps = {
    rows: table.rows.length, noPairedMeasurement: 0, regimenNotStated: 0, regimenCisplatinMitomycinAsConventional: 0,
    regimenUnknownText: 0, followUpIntervalMissing: 0, fewerThanThreeReaders: 0, used: 0,
  };
  const patients: TaceResponsePatient[] = [];
  table.rows.forEach((row, k) => {
    const pairs = readerCols
      .map(({ bl, fu }) => ({ bl: num(row, bl, k), fu: num(row, fu, k) }))
      .filter((p) => p.bl > 0 && p.fu >= 0);
    if (pairs.length === 0) { gaps.noPairedMeasurement++; return; }
    const regimen = regimenOf(row[regimenCol] ?? '');
    if (regimen === 'not-stated') { gaps.regimenNotStated++; return; }
    if (regimen === 'unknown') { gaps.regimenUnknownText++; return; }
    if (regimen === 'cisplatin-mitomycin') gaps.regimenCisplatinMitomycinAsConventional++;
    const weeks = num(row, fuCol, k);
    const followUpDays = weeks > 0 ? Math.round(weeks * 7) : DEFAULT_FOLLOW_UP_DAYS_WHEN_MISSING;
    if (!(weeks > 0)) gaps.followUpIntervalMissing++;
    if (pairs.length < 3) gaps.fewerThanThreeReaders++;
    const ratio = median(pairs.map((p) => p.fu / p.bl));
    patients.push({
      regimen: regimen === 'deb' ? 'deb' : 'conventional',
      baselineSumMm: pairs.reduce((a, p) => a + p.bl, 0) / pairs.length,
      ratio, category: categoryOfRatio(ratio), followUpDays, readers: pairs.length,
    });
  });
  gaps.used = patients.length;
  return { patients, gaps };
}
