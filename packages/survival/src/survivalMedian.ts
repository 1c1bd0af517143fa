/**
 * Median survival and its confidence interval, as printed by R's print.survfit.
 */
import { SurvivalInputError } from './errors.ts';

/** A right-continuous survival step curve with optional pointwise bounds (e.g. a KaplanMeierCurve). */
export interface SurvivalCurveLike {
  readonly time: ArrayLike<number>;
  readonly survival: ArrayLike<number>;
  readonly lower?: ArrayLike<number>;
  readonly upper?: ArrayLike<number>;
}

export interface MedianSurvival {
  /** Median time (curve's unit); NaN when the curve never drops to 0.5 (R's NA). */
  readonly median: number;
  /** Where the lower pointwise bound first reaches 0.5; NaN when undefined. */
  readonly lower: number;
  /** Where the upper pointwise bound first reaches 0.5; NaN when it never does (R's NA). */
  readonly upper: number;
}

const TOLERANCE = Math.sqrt(Number.EPSILON);

/**
 * First time the curve y falls to 0.5 or below; if it sits at exactly 0.5 (within sqrt(eps)) on a
 * flat stretch, the midpoint of that time and the next time the curve drops (R's rule).
 */
function firstAtOrBelowHalf(y: ArrayLike<number>, x: ArrayLike<number>): number {
  const keep: number[] = [];
  for (let j = 0; j < y.length; j++) {
    const v = y[j]!;
    if (!Number.isNaN(v) && v < 0.5 + TOLERANCE) keep.push(j);
  }
  const first = keep[0];
  if (first === undefined) return Number.NaN;
  const y0 = y[first]!;
  if (Math.abs(y0 - 0.5) < TOLERANCE) {
    const next = keep.find((j) => y[j]! < y0);
    if (next !== undefined) return (x[first]! + x[next]!) / 2;
  }
  return x[first]!;
}

/**
 * Median survival with CI like R's print(survfit(...)): the CI's lower end is where the lower
 * pointwise bound reaches 0.5, the upper end where the upper bound does.
 * @throws SurvivalInputError when arrays are mis-sized.
 */
export function medianSurvival(curve: SurvivalCurveLike): MedianSurvival {
  const m = curve.time.length;
  if (curve.survival.length !== m) throw new SurvivalInputError('curve.survival', `length must equal time length ${m}`);
  if (curve.lower && curve.lower.length !== m) throw new SurvivalInputError('curve.lower', `length must equal ${m}`);
  if (curve.upper && curve.upper.length !== m) throw new SurvivalInputError('curve.upper', `length must equal ${m}`);
  return {
    median: firstAtOrBelowHalf(curve.survival, curve.time),
    lower: curve.lower ? firstAtOrBelowHalf(curve.lower, curve.time) : Number.NaN,
    upper: curve.upper ? firstAtOrBelowHalf(curve.upper, curve.time) : Number.NaN,
  };
}
