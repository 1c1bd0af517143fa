/**
 * The few distribution functions the package needs, from jstat (no hand-written special functions).
 */
import jStat from 'jstat';

/** Upper tail P(X > x) of a chi-square with `df` degrees of freedom (R's pchisq(x, df, lower = FALSE)). */
export function chiSquareUpperTail(x: number, df: number): number {
  if (!(df > 0) || Number.isNaN(x)) return Number.NaN;
  if (x <= 0) return 1;
  // df = 1 through erfc keeps full relative precision for tiny p.
  if (df === 1) return jStat.erfc(Math.sqrt(x / 2));
  return Math.max(0, 1 - jStat.lowRegGamma(df / 2, x / 2));
}

/** Two-sided normal p-value 2 * P(Z > |z|), computed through erfc to keep precision for large |z|. */
export function normalTwoSidedP(z: number): number {
  if (Number.isNaN(z)) return Number.NaN;
  return jStat.erfc(Math.abs(z) / Math.SQRT2);
}

/** Standard normal quantile, e.g. 1.959964 for p = 0.975. */
export function normalQuantile(p: number): number {
  return jStat.normal.inv(p, 0, 1);
}
