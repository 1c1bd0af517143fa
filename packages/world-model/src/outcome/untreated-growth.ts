/**
 * Untreated growth: a lesion's volume doubling time, drawn per lesion from a log-normal around the
 * pooled HCC median of 4.6 months (Nathani et al., Gut 2021), clamped to a plausible range.
 */
import type { Rng } from '../random.ts';
import type { ParameterReader } from './parameter-reader.ts';
import { clamp } from './sample-helpers.ts';

/** Sample a tumour volume doubling time, days. */
export function sampleDoublingTimeDays(rng: Rng, read: ParameterReader): number {
  const median = read('growth.tvdtMedianDays');
  const t = median * Math.exp(read('growth.tvdtLogSd') * rng.normal());
  return clamp(t, read('growth.tvdtMinDays'), read('growth.tvdtMaxDays'));
}
