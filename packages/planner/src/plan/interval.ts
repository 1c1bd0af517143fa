/**
 * The interval reported with a mean over K simulated samples, and what kind it is:
 * - K < 10 (`T_INTERVAL_MIN_SAMPLES`): kind 'range', the samples' own range (min–max). A t-interval
 *   from so few samples is not informative (K = 2: t(0.975, 1) = 12.7, e.g. RMST 17.6 (−66.9–102.0)
 *   months) and leaves the valid range; the range says plainly what the samples did.
 * - K ≥ 10: kind 't95', a 95 % Student t-interval of the mean, mean ± t(0.975, K−1)·sd/√K (sd with the
 *   K−1 denominator), clipped to the quantity's valid range (RMST: [0, horizon]; log-risk unbounded).
 * Both measure the Monte Carlo spread of the samples under the model, not the risk model's
 * coefficient uncertainty. Nothing collapses the interval: it is zero-width only when every sample
 * has the same value (then the model does not tell the samples apart). Deterministic (no resampling).
 */
import { T_INTERVAL_MIN_SAMPLES, type IntervalKind } from '@mewm/contracts';

export { T_INTERVAL_MIN_SAMPLES, type IntervalKind };

export interface SampleInterval {
  mean: number;
  lo: number;
  hi: number;
  kind: IntervalKind;
}

/** Valid range of the quantity (RMST: { min: 0, max: horizon }); omitted ends are unbounded. */
export interface IntervalBounds {
  min?: number;
  max?: number;
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

/** The mean of `values` with its range (K < 10) or its clipped 95 % t-interval (K ≥ 10). */
export function sampleInterval(values: readonly number[], bounds: IntervalBounds = {}): SampleInterval {
  const k = values.length;
  if (k === 0) throw new RangeError('sampleInterval needs at least one value');
  if (values.some((v) => !Number.isFinite(v))) throw new RangeError('sampleInterval needs finite values');
  const min = bounds.min ?? -Infinity, max = bounds.max ?? Infinity;
  if (!(min <= max)) throw new RangeError(`sampleInterval: bounds.min (${min}) must not exceed bounds.max (${max})`);
  const mean = values.reduce((a, b) => a + b, 0) / k;
  if (k < T_INTERVAL_MIN_SAMPLES) {
    return { mean, lo: Math.min(...values), hi: Math.max(...values), kind: 'range' };
  }
  const variance = values.reduce((a, v) => a + (v - mean) ** 2, 0) / (k - 1);
  const half = (tQuantile975(k - 1) * Math.sqrt(variance)) / Math.sqrt(k);
  return { mean, lo: Math.max(min, mean - half), hi: Math.min(max, mean + half), kind: 't95' };
}

export const INTERVAL_METHOD = `mean over the K samples; with K < ${T_INTERVAL_MIN_SAMPLES} the interval is the samples' range (min–max, kind 'range'), with K ≥ ${T_INTERVAL_MIN_SAMPLES} a 95% Student t-interval, mean ± t(0.975, K−1)·sd/√K, clipped to the valid range (RMST [0, horizon]; kind 't95'). Monte Carlo spread under the model; no coefficient uncertainty`;
