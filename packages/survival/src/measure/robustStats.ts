/** Robust location and scale: the median and the median absolute deviation scaled to a normal σ. */

/** 1.4826 · MAD estimates σ of a normal distribution (Rousseeuw & Croux, J Am Stat Assoc 1993;88:1273-83). */
export const MAD_TO_SIGMA = 1.4826;

/** Median of the values (NaN when empty). Sorts a copy. */
export function median(values: ArrayLike<number>): number {
  const n = values.length;
  if (n === 0) return Number.NaN;
  const s = Float64Array.from(values).sort();
  const m = n >> 1;
  return n % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

export interface RobustSummary {
  readonly median: number;
  /** 1.4826 × median absolute deviation (≈ σ for normal noise). */
  readonly sigma: number;
  readonly count: number;
}

/** Median and scaled MAD of the values. */
export function robustSummary(values: ArrayLike<number>): RobustSummary {
  const med = median(values);
  const dev = new Float64Array(values.length);
  for (let k = 0; k < values.length; k++) dev[k] = Math.abs(values[k]! - med);
  return { median: med, sigma: MAD_TO_SIGMA * median(dev), count: values.length };
}
