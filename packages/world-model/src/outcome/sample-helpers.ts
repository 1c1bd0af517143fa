/** Sampling helpers shared by the modality models. All draws go through the seeded Rng. */
import type { Rng } from '../random.ts';
import type { ParameterReader } from './parameter-reader.ts';
import type { ResponseClass } from './response-trajectory.ts';

export function uniform(rng: Rng, lo: number, hi: number): number {
  return lo + (hi - lo) * rng.next();
}

/** Exponential waiting time with the given median (days). */
export function exponentialWithMedian(rng: Rng, medianDays: number): number {
  return -(medianDays / Math.LN2) * Math.log(1 - rng.next());
}

/** Exponential waiting time with the given mean (days). */
export function exponentialWithMean(rng: Rng, meanDays: number): number {
  return -meanDays * Math.log(1 - rng.next());
}

export function clamp(x: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, x));
}

/** Probability → odds → × ratio → probability. */
export function scaleOdds(p: number, oddsRatio: number): number {
  if (p <= 0) return 0;
  if (p >= 1) return 1;
  const odds = (p / (1 - p)) * oddsRatio;
  return odds / (1 + odds);
}

/** Largest double below 1: keeps a within-class position in [0, 1) despite rounding. */
const BELOW_ONE = 1 - 2 ** -53;

/**
 * Where `u` lies inside [lower, upper), as a fraction in [0, 1): the quantile transform that turns
 * the class-choosing uniform into the within-class uniform. Given that `u` fell in the interval, the
 * position is itself uniform on [0, 1), so magnitudes keep their distribution; and it moves with the
 * interval's bounds, so two protocols with different class probabilities get different magnitudes
 * from the same `u` (common random numbers), while identical protocols get identical ones.
 */
export function positionInInterval(u: number, lower: number, upper: number): number {
  const width = upper - lower;
  if (!(width > 0)) return 0;
  return clamp((u - lower) / width, 0, BELOW_ONE);
}

/** A drawn response class and the position (in [0, 1)) of the draw inside that class's interval. */
export interface ResponseDraw {
  effect: ResponseClass;
  /** Quantile of the draw within its class: feeds the within-class magnitude (`viableForClass`). */
  position: number;
}

/**
 * Draw a response class from probabilities of complete, partial and refractory (stable = rest), in
 * that order on [0, 1), with one uniform; the position of that uniform inside the chosen class's
 * interval is returned for the magnitude, so no second draw is needed.
 */
export function drawResponseClass(rng: Rng, complete: number, partial: number, refractory: number): ResponseDraw {
  const u = rng.next();
  const c = complete;
  const cp = complete + partial;
  const cpr = cp + refractory;
  if (u < c) return { effect: 'complete', position: positionInInterval(u, 0, c) };
  if (u < cp) return { effect: 'partial', position: positionInInterval(u, c, cp) };
  if (u < cpr) return { effect: 'refractory', position: positionInInterval(u, cp, cpr) };
  return { effect: 'stable', position: positionInInterval(u, cpr, 1) };
}

/**
 * Viable volume fraction for a response class, from the draw's within-class position in [0, 1):
 * 0 (complete), a partial-response diameter ratio cubed, or a stable-band diameter ratio cubed
 * (refractory lesions do not use it: 1). Uniform diameter ratios, as before the quantile transform.
 * `partialMinId`: the parameter holding the lower end of the partial-response band (a modality with
 * a fitted band, e.g. TACE, names its own).
 */
export function viableForClass(draw: ResponseDraw, read: ParameterReader, partialMinId = 'response.partialDiameterRatioMin'): number {
  const pr = read('mrecist.partialResponseDiameterRatio');
  const exponent = read('outcome.viableDiameterFromVolumeExponent');
  const toVolume = (diameterRatio: number) => Math.pow(diameterRatio, 1 / exponent);
  switch (draw.effect) {
    case 'complete':
      return 0;
    case 'partial': {
      const min = read(partialMinId);
      return toVolume(min + (pr - min) * draw.position); // [min, 0.7)
    }
    case 'stable':
      return toVolume(pr + (1 - pr) * (1 - draw.position)); // (0.7, 1.0]
    case 'refractory':
      return 1;
  }
}

/** Gamma(shape, 1) variate (Marsaglia & Tsang 2000; shape < 1 through the U^(1/shape) boost). */
export function gammaVariate(rng: Rng, shape: number): number {
  if (!(shape > 0)) throw new RangeError(`gamma shape must be > 0, got ${shape}`);
  if (shape < 1) return gammaVariate(rng, shape + 1) * Math.pow(1 - rng.next(), 1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    const z = rng.normal();
    const v = (1 + c * z) ** 3;
    if (v <= 0) continue;
    const u = 1 - rng.next();
    if (Math.log(u) < 0.5 * z * z + d - d * v + d * Math.log(v)) return d * v;
  }
}

/**
 * A beta variate with the given mean and SD (method of moments: α + β = m(1−m)/sd² − 1), so a
 * fraction reported as mean ± SD is drawn inside (0, 1) without piling up at a clamp.
 * @throws RangeError when the SD is too large for a beta with that mean (sd² ≥ m(1−m)).
 */
export function betaWithMeanSd(rng: Rng, mean: number, sd: number): number {
  const k = (mean * (1 - mean)) / (sd * sd) - 1;
  if (!(mean > 0 && mean < 1 && k > 0)) throw new RangeError(`no beta distribution has mean ${mean} and SD ${sd}`);
  const x = gammaVariate(rng, mean * k);
  const y = gammaVariate(rng, (1 - mean) * k);
  return x / (x + y);
}

/** A log-normal variate with the given mean and SD (of the variate itself, not of its log). */
export function logNormalWithMeanSd(rng: Rng, mean: number, sd: number): number {
  const s2 = Math.log(1 + (sd / mean) ** 2);
  return Math.exp(Math.log(mean) - s2 / 2 + Math.sqrt(s2) * rng.normal());
}
