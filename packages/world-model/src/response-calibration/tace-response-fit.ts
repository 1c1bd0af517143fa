/**
 * Fit the TACE response parameters of the dynamics model to paired mRECIST measurements
 * (HCC-TACE-Seg): what each parameter means is in modalities/tace/parameters.ts.
 *
 * - Objective response (CR + PR) by regimen and baseline size: logistic regression
 *   logit P(response) = a + b·[DEB] + c·(baseline − reference)/10 mm, with the reference the
 *   training patients' median baseline sum. Regimens are separate intercepts; the size slope is pooled
 *   over regimens (about 15 patients per regimen × size half: too few for a slope per regimen).
 * - Complete share of responses: per regimen when it has ≥ MIN_RESPONDERS_PER_REGIMEN responders,
 *   else pooled.
 * - Refractory (growing) lesions: the observed PD rate divided by the model's probability that an
 *   untreated lesion's diameter grows ≥ 20 % by each patient's follow-up day (its doubling-time
 *   distribution), capped at 1 − ORR. Pooled over regimens (few PD).
 * - Depth of partial response: the lower end m of a uniform band [m, 0.7) by the method of moments
 *   (m = 2·mean − 0.7 of the observed PR ratios), pooled over regimens, clamped to [0, 0.65].
 */
import { ModelInputError } from '../errors.ts';
import { parameterValue } from '../outcome/dynamics-parameters.ts';
import { TACE_REGIMENS, type TaceRegimen, type TaceResponsePatient } from './tace-response-cohort.ts';

export const MIN_RESPONDERS_PER_REGIMEN = 10;

export interface LogisticSizeFit {
  referenceDiameterMm: number;
  /** Objective response at the reference diameter. */
  objectiveResponseRate: Record<TaceRegimen, number>;
  oddsRatioPerCm: number;
  /** Wald 95 % interval of the odds ratio per cm. */
  oddsRatioPerCm95: [number, number];
}

export interface TaceResponseFit {
  n: number;
  nByRegimen: Record<TaceRegimen, number>;
  size: LogisticSizeFit;
  completeShare: Record<TaceRegimen, number>;
  completeSharePooled: boolean;
  refractoryRate: number;
  observedPdRate: number;
  partialDiameterRatioMin: number;
  /** The fitted values by dynamics-parameter id (the overrides a calibrated simulation uses). */
  parameters: Map<string, number>;
}

function medianOf(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

const expit = (x: number) => 1 / (1 + Math.exp(-x));

/** Solve a 3×3 system by Gaussian elimination with partial pivoting; returns also the inverse's diagonal. */
function solve3(a: number[][], b: number[]): { x: number[]; invDiag: number[] } {
  const n = 3;
  const inv = (col: number[]): number[] => {
    const m = a.map((r, i) => [...r, col[i]!]);
    for (let k = 0; k < n; k++) {
      let p = k;
      for (let i = k + 1; i < n; i++) if (Math.abs(m[i]![k]!) > Math.abs(m[p]![k]!)) p = i;
      [m[k], m[p]] = [m[p]!, m[k]!];
      const piv = m[k]![k]!;
      if (Math.abs(piv) < 1e-12) throw new ModelInputError('the response fit is singular (a regimen without patients, or all sizes equal)');
      for (let i = k + 1; i < n; i++) {
        const f = m[i]![k]! / piv;
        for (let j = k; j <= n; j++) m[i]![j]! -= f * m[k]![j]!;
      }
    }
    const x = [0, 0, 0];
    for (let i = n - 1; i >= 0; i--) {
      let s = m[i]![n]!;
      for (let j = i + 1; j < n; j++) s -= m[i]![j]! * x[j]!;
      x[i] = s / m[i]![i]!;
    }
    return x;
  };
  const x = inv(b);
  const invDiag = [0, 1, 2].map((k) => inv([0, 1, 2].map((i) => (i === k ? 1 : 0)))[k]!);
  return { x, invDiag };
}

/** Logistic regression of objective response on regimen and baseline size (Newton–Raphson). */
export function fitResponseBySize(patients: readonly TaceResponsePatient[]): LogisticSizeFit {
  const ref = medianOf(patients.map((p) => p.baselineSumMm));
  const rows = patients.map((p) => ({
    x: [1, p.regimen === 'deb' ? 1 : 0, (p.baselineSumMm - ref) / 10],
    y: p.category === 'CR' || p.category === 'PR' ? 1 : 0,
  }));
  let beta = [0, 0, 0];
  let invDiag = [0, 0, 0];
  for (let iter = 0; iter < 50; iter++) {
    const g = [0, 0, 0];
    const h = [[0, 0, 0], [0, 0, 0], [0, 0, 0]];
    for (const { x, y } of rows) {
      const p = expit(x[0]! * beta[0]! + x[1]! * beta[1]! + x[2]! * beta[2]!);
      const w = p * (1 - p);
      for (let i = 0; i < 3; i++) {
        g[i]! += (y - p) * x[i]!;
        for (let j = 0; j < 3; j++) h[i]![j]! += w * x[i]! * x[j]!;
      }
    }
    const step = solve3(h, g);
    invDiag = step.invDiag;
    beta = beta.map((b, i) => b + step.x[i]!);
    if (Math.max(...step.x.map(Math.abs)) < 1e-10) break;
  }
  if (beta.some((b) => !Number.isFinite(b) || Math.abs(b) > 20)) {
    throw new ModelInputError('the response-by-size fit does not converge (complete separation: every patient of a regimen responded, or none did)');
  }
  const se = Math.sqrt(invDiag[2]!);
  return {
    referenceDiameterMm: ref,
    objectiveResponseRate: { conventional: expit(beta[0]!), deb: expit(beta[0]! + beta[1]!) },
    oddsRatioPerCm: Math.exp(beta[2]!),
    oddsRatioPerCm95: [Math.exp(beta[2]! - 1.96 * se), Math.exp(beta[2]! + 1.96 * se)],
  };
}

/** Standard normal CDF (Abramowitz & Stegun 26.2.17, |error| < 7.5e-8). */
export function normalCdf(z: number): number {
  const t = 1 / (1 + 0.2316419 * Math.abs(z));
  const poly = t * (0.31938153 + t * (-0.356563782 + t * (1.781477937 + t * (-1.821255978 + t * 1.330274429))));
  const tail = Math.exp(-z * z / 2) / Math.sqrt(2 * Math.PI) * poly;
  return z >= 0 ? 1 - tail : tail;
}

/**
 * Probability, under the model's doubling-time distribution (log-normal, clamped), that an untreated
 * lesion's diameter grows by ≥ 20 % within `days`: volume × 1.2³ ⇔ doubling time ≤ days / log2(1.728).
 */
export function untreatedPdProbability(days: number): number {
  const threshold = days / Math.log2(Math.pow(parameterValue('mrecist.progressionDiameterRatio'), 3));
  if (threshold < parameterValue('growth.tvdtMinDays')) return 0;
  if (threshold >= parameterValue('growth.tvdtMaxDays')) return 1;
  return normalCdf(Math.log(threshold / parameterValue('growth.tvdtMedianDays')) / parameterValue('growth.tvdtLogSd'));
}

/** Fit every TACE response parameter to the patients. @throws ModelInputError with too few patients. */
export function fitTaceResponse(patients: readonly TaceResponsePatient[]): TaceResponseFit {
  const nByRegimen = { conventional: 0, deb: 0 };
  for (const p of patients) nByRegimen[p.regimen]++;
  if (TACE_REGIMENS.some((r) => nByRegimen[r] < 5)) {
    throw new ModelInputError(`fitting the TACE response needs ≥ 5 patients per regimen, got conventional ${nByRegimen.conventional}, DEB ${nByRegimen.deb}`);
  }
  const size = fitResponseBySize(patients);
  const count = (r: TaceRegimen | null, c: string) => patients.filter((p) => (r === null || p.regimen === r) && p.category === c).length;
  const responders = (r: TaceRegimen | null) => count(r, 'CR') + count(r, 'PR');
  const completeSharePooled = TACE_REGIMENS.some((r) => responders(r) < MIN_RESPONDERS_PER_REGIMEN);
  const pooledShare = count(null, 'CR') / Math.max(1, responders(null));
  const completeShare = {
    conventional: completeSharePooled ? pooledShare : count('conventional', 'CR') / responders('conventional'),
    deb: completeSharePooled ? pooledShare : count('deb', 'CR') / responders('deb'),
  };
  const observedPdRate = count(null, 'PD') / patients.length;
  const q = patients.reduce((a, p) => a + untreatedPdProbability(p.followUpDays), 0) / patients.length;
  const meanOrr = (size.objectiveResponseRate.conventional * nByRegimen.conventional + size.objectiveResponseRate.deb * nByRegimen.deb) / patients.length;
  const refractoryRate = Math.min(1 - meanOrr, q > 0 ? observedPdRate / q : 0);
  const prRatios = patients.filter((p) => p.category === 'PR').map((p) => p.ratio);
  const prMean = prRatios.length > 0 ? prRatios.reduce((a, b) => a + b, 0) / prRatios.length : parameterValue('tace.partialDiameterRatioMin');
  const partialDiameterRatioMin = Math.min(0.65, Math.max(0, 2 * prMean - parameterValue('mrecist.partialResponseDiameterRatio')));
  const parameters = new Map<string, number>([
    ['tace.conventional.objectiveResponseRate', size.objectiveResponseRate.conventional],
    ['tace.deb.objectiveResponseRate', size.objectiveResponseRate.deb],
    ['tace.conventional.completeShareOfResponses', completeShare.conventional],
    ['tace.deb.completeShareOfResponses', completeShare.deb],
    ['tace.size.referenceDiameterMm', size.referenceDiameterMm],
    ['tace.size.oddsRatioPerCm', size.oddsRatioPerCm],
    ['tace.refractoryRate', refractoryRate],
    ['tace.partialDiameterRatioMin', partialDiameterRatioMin],
  ]);
  return {
    n: patients.length, nByRegimen, size, completeShare, completeSharePooled, refractoryRate, observedPdRate,
    partialDiameterRatioMin, parameters,
  };
}
