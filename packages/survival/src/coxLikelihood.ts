/**
 * Cox partial log-likelihood, score vector and information matrix (Efron or Breslow ties), the
 * quantities R's coxfit6 computes at each Newton-Raphson step.
 */

/** Tie handling for the partial likelihood; R's default is 'efron'. */
export type CoxTies = 'efron' | 'breslow';

/** Subjects sorted by ascending time (events before censorings at equal times). */
export interface SortedCoxData {
  readonly n: number;
  readonly p: number;
  readonly time: Float64Array;
  readonly event: Uint8Array;
  /** Centred covariates, row-major n x p, in the sorted order. */
  readonly x: Float64Array;
}

export interface CoxLikelihood {
  readonly logLik: number;
  readonly score: Float64Array;
  /** Observed information, p x p row-major (symmetric). */
  readonly information: Float64Array;
}

/**
 * Evaluates log partial likelihood, score and information at `beta` in one backward pass over the
 * risk sets: O(n p^2).
 */
export function coxLikelihood(data: SortedCoxData, beta: Float64Array, ties: CoxTies): CoxLikelihood {
  const { n, p, time, event, x } = data;
  const score = new Float64Array(p);
  const info = new Float64Array(p * p);
  // Risk-set sums: S0 = sum r, S1 = sum r x, S2 = sum r x x'; death sums D*; r = exp(x'beta).
  const s1 = new Float64Array(p);
  const s2 = new Float64Array(p * p);
  const d1 = new Float64Array(p);
  const d2 = new Float64Array(p * p);
  const mean = new Float64Array(p);
  let s0 = 0;
  let logLik = 0;
  let i = n - 1;
  while (i >= 0) {
    const t = time[i]!;
    let d0 = 0;
    let deaths = 0;
    d1.fill(0);
    d2.fill(0);
    for (; i >= 0 && time[i] === t; i--) {
      const row = i * p;
      let eta = 0;
      for (let a = 0; a < p; a++) eta += x[row + a]! * beta[a]!;
      const r = Math.exp(eta);
      s0 += r;
      for (let a = 0; a < p; a++) {
        const ra = r * x[row + a]!;
        s1[a]! += ra;
        for (let b = 0; b <= a; b++) s2[a * p + b]! += ra * x[row + b]!;
      }
      if (event[i] === 1) {
        deaths++;
        d0 += r;
        logLik += eta;
        for (let a = 0; a < p; a++) {
          const xa = x[row + a]!;
          score[a]! += xa;
          d1[a]! += r * xa;
          for (let b = 0; b <= a; b++) d2[a * p + b]! += r * xa * x[row + b]!;
        }
      }
    }
    if (deaths === 0) continue;
    // Efron: the k-th of the tied deaths sees the risk set minus k/d of the dying; Breslow: k = 0.
    const steps = ties === 'efron' ? deaths : 1;
    const weight = ties === 'efron' ? 1 : deaths;
    for (let k = 0; k < steps; k++) {
      const frac = ties === 'efron' ? k / deaths : 0;
      const denom = s0 - frac * d0;
      logLik -= weight * Math.log(denom);
      for (let a = 0; a < p; a++) {
        mean[a] = (s1[a]! - frac * d1[a]!) / denom;
        score[a]! -= weight * mean[a]!;
      }
      for (let a = 0; a < p; a++) {
        for (let b = 0; b <= a; b++) {
          info[a * p + b]! += weight * ((s2[a * p + b]! - frac * d2[a * p + b]!) / denom - mean[a]! * mean[b]!);
        }
      }
    }
  }
  for (let a = 0; a < p; a++) for (let b = 0; b < a; b++) info[b * p + a] = info[a * p + b]!;
  return { logLik, score, information: info };
}
