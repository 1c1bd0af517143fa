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

/** Draw a response class from probabilities of complete, partial and refractory (stable = rest). */
export function drawResponseClass(rng: Rng, complete: number, partial: number, refractory: number): ResponseClass {
  const u = rng.next();
  if (u < complete) return 'complete';
  if (u < complete + partial) return 'partial';
  if (u < complete + partial + refractory) return 'refractory';
  return 'stable';
}

/**
 * Viable volume fraction for a response class: 0 (complete), a partial-response diameter ratio
 * cubed, or a stable-band diameter ratio cubed (refractory lesions do not use it: 1).
 */
export function viableForClass(rng: Rng, effect: ResponseClass, read: ParameterReader): number {
  const pr = read('mrecist.partialResponseDiameterRatio');
  const exponent = read('outcome.viableDiameterFromVolumeExponent');
  const toVolume = (diameterRatio: number) => Math.pow(diameterRatio, 1 / exponent);
  switch (effect) {
    case 'complete':
      return 0;
    case 'partial':
      return toVolume(uniform(rng, read('response.partialDiameterRatioMin'), pr));
    case 'stable':
      return toVolume(pr + (1 - pr) * (1 - rng.next())); // (0.7, 1.0]
    case 'refractory':
      return 1;
  }
}
