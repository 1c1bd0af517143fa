/**
 * TARE response of one lesion: objective response from LEGACY at its median tumour size, odds scaled
 * by lesion diameter (assumed, as for TACE), complete vs partial split and refractory rate assumed;
 * the response develops over about two months (assumed) and lasts for an exponential time derived from
 * LEGACY's duration of response. Residual tumour after partial response is drawn as peripheral nodules.
 */
import type { Rng } from '../../random.ts';
import type { ParameterReader } from '../../outcome/parameter-reader.ts';
import type { ComponentResponse } from '../../outcome/response-trajectory.ts';
import { drawResponseClass, exponentialWithMedian, scaleOdds, viableForClass } from '../../outcome/sample-helpers.ts';

/** Probabilities of complete and partial response and of refractory growth after TARE of a lesion of `diameterMm`. */
export function tareResponseProbabilities(diameterMm: number, read: ParameterReader): { complete: number; partial: number; refractory: number } {
  const perCm = read('tare.size.oddsRatioPerCm');
  const orr = scaleOdds(read('tare.objectiveResponseRate'), Math.pow(perCm, (diameterMm - read('tare.size.referenceDiameterMm')) / 10));
  const completeShare = read('tare.completeShareOfResponses');
  return { complete: orr * completeShare, partial: orr * (1 - completeShare), refractory: Math.min(read('tare.refractoryRate'), 1 - orr) };
}

export function sampleTareResponse(diameterMm: number, rng: Rng, read: ParameterReader): ComponentResponse {
  const p = tareResponseProbabilities(diameterMm, read);
  const draw = drawResponseClass(rng, p.complete, p.partial, p.refractory);
  const onsetDays = exponentialWithMedian(rng, read('tare.responseOnsetMedianDays'));
  const progressionDays = onsetDays + exponentialWithMedian(rng, read('tare.durationOfResponseMedianDays'));
  return {
    modality: 'tare', effect: draw.effect, viableAtResponse: viableForClass(draw, read),
    onsetDays, progressionDays, pattern: draw.effect === 'refractory' ? 'diffuse' : 'nodular',
  };
}
