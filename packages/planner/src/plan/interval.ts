/**
 * 95 % interval of a mean over K simulated samples: Student t-interval, mean ± t(0.975, K−1)·sd/√K
 * (sd with the K−1 denominator). Deterministic (no resampling). It measures how precisely K samples
 * estimate the expected value under the model's outcome distribution (Monte Carlo uncertainty);
 * it does not include the risk model's coefficient uncertainty. With K = 4 the t quantile is 3.18,
 * so the interval is wide on purpose; with K = 1 it collapses to the value (lo = hi = mean).
 */
export interface MeanInterval {
  mean: number;
  lo: number;
  hi: number;
}

/** t(0.975, df) for df = 1..30 (standard tables). */
const T975 = [
  12.7062, 4.3027, 3.1824, 2.7764, 2.5706, 2.4469, 2.3646, 2.306, 2.2622, 2.2281,
  2.201, 2.1788, 2.1604, 2.1448, 2.1314, 2.1199, 2.1098, 2.1009, 2.093, 2.086,
  2.0796, 2.0739, 2.0687, 2.0639, 2.0595, 2.0555, 2.0518, 2.0484, 2.0452, 2.0423,
];

/** t(0.975, df): table up to 30, Cornish–Fisher expansion around z = 1.959964 above (error < 1e-4). */
export function tQuantile975(df: number): number {
  if (!Number.isInteger(df) || df < 1) throw new RangeError(`df must be an integer >= 1, got ${df}`);
  if (df <= T975.length) return T975[df - 1]!;
  const z = 1.959963985;
  const z3 = z ** 3, z5 = z ** 5, z7 = z ** 7;
  return z + (z3 + z) / (4 * df) + (5 * z5 + 16 * z3 + 3 * z) / (96 * df ** 2) + (3 * z7 + 19 * z5 + 17 * z3 - 15 * z) / (384 * df ** 3);
}

export function meanInterval95(values: readonly number[]): MeanInterval {
  const k = values.length;
  if (k === 0) throw new RangeError('meanInterval95 needs at least one value');
  const mean = values.reduce((a, b) => a + b, 0) / k;
  if (k === 1) return { mean, lo: mean, hi: mean };
  const variance = values.reduce((a, v) => a + (v - mean) ** 2, 0) / (k - 1);
  const half = (tQuantile975(k - 1) * Math.sqrt(variance)) / Math.sqrt(k);
  return { mean, lo: mean - half, hi: mean + half };
}

export const INTERVAL_METHOD = 'mean over the K samples with a 95% Student t-interval, mean ± t(0.975, K−1)·sd/√K (Monte Carlo uncertainty of the expected value under the model; no coefficient uncertainty; lo = hi = mean when K = 1)';
