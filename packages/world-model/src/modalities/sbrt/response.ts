/**
 * SBRT response of one lesion: complete and partial response rates after up to 60 Gy / 3 fractions
 * (Kang 2012), scaled by BED10 below 100 Gy (assumed) and by lesion size (Kuo 2017); local control
 * 94.8 % at 2 years (Liver Cancer 2024) sets the progression hazard; responses develop over months
 * (assumed median 90 days).
 */
import type { Rng } from '../../random.ts';
import { biologicallyEffectiveDoseGy } from './bed.ts';
import type { SbrtComponent } from './schema.ts';
import type { ParameterReader } from '../../outcome/parameter-reader.ts';
import type { ComponentResponse } from '../../outcome/response-trajectory.ts';
import { drawResponseClass, exponentialWithMedian, viableForClass } from '../../outcome/sample-helpers.ts';

/** Response-rate scale for dose (BED10) and lesion size, in [0, 1]. */
export function sbrtResponseScale(c: SbrtComponent, diameterMm: number, read: ParameterReader): number {
  const bed = biologicallyEffectiveDoseGy(c.totalDoseGy, c.fractions, read('sbrt.alphaBetaTumourGy'));
  const doseScale = Math.min(1, bed / read('sbrt.referenceBed10Gy'));
  const sizeScale = diameterMm <= 40 ? 1 : diameterMm < 100 ? read('sbrt.sizeFactorIntermediate') : read('sbrt.sizeFactorLarge');
  return doseScale * sizeScale;
}

export function sampleSbrtResponse(c: SbrtComponent, diameterMm: number, rng: Rng, read: ParameterReader): ComponentResponse {
  const scale = sbrtResponseScale(c, diameterMm, read);
  const draw = drawResponseClass(rng, read('sbrt.completeResponseRate') * scale, read('sbrt.partialResponseRate') * scale, 0);
  const onsetDays = exponentialWithMedian(rng, read('sbrt.responseOnsetMedianDays'));
  const hazard = -Math.log(read('sbrt.localControlTwoYear')) / 730;
  return {
    modality: 'sbrt', effect: draw.effect, viableAtResponse: viableForClass(draw, read),
    onsetDays, progressionDays: onsetDays - Math.log(1 - rng.next()) / hazard, pattern: 'diffuse',
  };
}
