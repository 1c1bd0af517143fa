/**
 * Concordance of a risk score with a censored outcome: Harrell's C and Uno's C with the
 * infinitesimal-jackknife standard error, matching R's concordance(coxfit) and
 * concordance(coxfit, timewt = "n/G2") (survival 3.x).
 *
 * Pair rules (R): a pair is comparable when the shorter time is an event; a subject censored at
 * the same time as an event counts as outliving it; two events at the same time are "tied on
 * time" and left out. Equal risk scores count 1/2 ("tied on risk"). Each comparable pair is
 * weighted by the time weight of its event time: 1 (Harrell) or 1 / G(t-)^2 (Uno), G being
 * the Kaplan-Meier of the censoring distribution with censorings placed after deaths at ties.
 * O(n^2) time, O(n) memory.
 */
import type { SurvivalOutcome } from './outcome.ts';
import { checkOutcome, orderByTime } from './outcome.ts';
import type { CheckedOutcome } from './outcome.ts';
import { SurvivalInputError } from './errors.ts';

export interface ConcordanceOptions {
  /** 'n' = Harrell (default), 'n/G2' = Uno. */
  readonly timeWeight?: 'n' | 'n/G2';
  /** 'risk' (default): higher score = shorter survival (Cox linear predictor); 'survival': higher = longer. */
  readonly scoreDirection?: 'risk' | 'survival';
}

export interface ConcordanceResult {
  readonly concordance: number;
  /** Infinitesimal-jackknife standard error (R's sqrt(fit$var)). */
  readonly stdErr: number;
  /** Weighted pair counts, as R's fit$count. */
  readonly counts: {
    readonly concordant: number;
    readonly discordant: number;
    readonly tiedRisk: number;
    readonly tiedTime: number;
    readonly tiedTimeAndRisk: number;
  };
}

/** G(t-) at each subject's time, R's fastkm1 convention (deaths leave before censorings at ties). */
function censoringBeforeForConcordance(data: CheckedOutcome): Float64Array {
  const order = orderByTime(data.time, data.event);
  const gBefore = new Float64Array(data.n);
  let g = 1;
  let remaining = data.n; // subjects with time >= current time
  for (let a = 0; a < order.length; ) {
    const t = data.time[order[a]!]!;
    let b = a;
    let deaths = 0;
    let censors = 0;
    for (; b < order.length && data.time[order[b]!] === t; b++) {
      gBefore[order[b]!] = g;
      if (data.event[order[b]!] === 1) deaths++;
      else censors++;
    }
    if (censors > 0) {
      const atRisk = remaining - deaths;
      g *= (atRisk - censors) / atRisk;
    }
    remaining -= deaths + censors;
    a = b;
  }
  return gBefore;
}

/**
 * Harrell's (default) or Uno's concordance index with its standard error.
 * @param riskScore one finite score per subject (e.g. CoxFit.linearPredictor).
 * @throws SurvivalInputError for mis-sized/non-finite scores, bad options, or no comparable pair.
 */
export function concordanceIndex(
  outcome: SurvivalOutcome,
  riskScore: ArrayLike<number>,
  options: ConcordanceOptions = {},
): ConcordanceResult {
  const data = checkOutcome(outcome);
  if (riskScore === null || typeof riskScore !== 'object' || riskScore.length !== data.n) {
    throw new SurvivalInputError('riskScore', `expected an array of ${data.n} numbers`);
  }
  const timeWeight = options.timeWeight ?? 'n';
  if (timeWeight !== 'n' && timeWeight !== 'n/G2') throw new SurvivalInputError('options.timeWeight', "must be 'n' or 'n/G2'");
  const direction = options.scoreDirection ?? 'risk';
  if (direction !== 'risk' && direction !== 'survival') {
    throw new SurvivalInputError('options.scoreDirection', "must be 'risk' or 'survival'");
  }
  const n = data.n;
  const score = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const v = riskScore[i];
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new SurvivalInputError('riskScore', `entry ${i} must be a finite number`);
    score[i] = direction === 'risk' ? v : -v;
  }
  const useG = timeWeight === 'n/G2' && data.eventCount >= 2; // R falls back to 'n' below 2 events
  const gBefore = useG ? censoringBeforeForConcordance(data) : null;
  const { time, event } = data;
  const conc = new Float64Array(n);
  const disc = new Float64Array(n);
  const tied = new Float64Array(n);
  let c = 0;
  let d = 0;
  let tx = 0;
  let ty = 0;
  let txy = 0;
  for (let i = 0; i < n; i++) {
    if (event[i] !== 1) continue;
    const ti = time[i]!;
    const w = gBefore ? 1 / (gBefore[i]! * gBefore[i]!) : 1;
    const si = score[i]!;
    for (let j = 0; j < n; j++) {
      if (j === i) continue;
      const tj = time[j]!;
      if (tj < ti) continue;
      if (tj === ti && event[j] === 1) {
        if (j > i) {
          // tied on time: counted once per pair, weighted like R (its time weight)
          if (score[j] === si) txy += w;
          else ty += w;
        }
        continue;
      }
      const sj = score[j]!;
      if (si > sj) {
        c += w;
        conc[i]! += w;
        conc[j]! += w;
      } else if (si < sj) {
        d += w;
        disc[i]! += w;
        disc[j]! += w;
      } else {
        tx += w;
        tied[i]! += w;
        tied[j]! += w;
      }
    }
  }
  const npair = c + d + tx;
  if (npair === 0) throw new SurvivalInputError('outcome', 'no comparable pairs: concordance is undefined');
  const somers = (c - d) / npair;
  let varSomers = 0;
  for (let i = 0; i < n; i++) {
    const dfbeta = (conc[i]! - disc[i]!) / npair - (somers / npair) * (conc[i]! + disc[i]! + tied[i]!);
    varSomers += dfbeta * dfbeta;
  }
  return {
    concordance: (somers + 1) / 2,
    stdErr: Math.sqrt(varSomers / 4),
    counts: { concordant: c, discordant: d, tiedRisk: tx, tiedTime: ty, tiedTimeAndRisk: txy },
  };
}
