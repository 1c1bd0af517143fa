/**
 * TACE response of one lesion: objective response by technique (cTACE: Lencioni 2016; DEB-TACE:
 * PRECISION V), odds scaled by lesion diameter (assumed), drugs all alike (assumed); complete vs
 * partial split from PRECISION V; response develops over ~2 weeks (assumed).
 */
import type { Rng } from '../../random.ts';
import type { TaceComponent } from './schema.ts';
import type { ParameterReader } from '../../outcome/parameter-reader.ts';
import type { ComponentResponse } from '../../outcome/response-trajectory.ts';
import { drawResponseClass, exponentialWithMean, exponentialWithMedian, scaleOdds, viableForClass } from '../../outcome/sample-helpers.ts';

/** Probabilities of complete and partial response and of refractory growth for a TACE. */
export function taceResponseProbabilities(c: TaceComponent, diameterMm: number, read: ParameterReader): { complete: number; partial: number; refractory: number } {
  const deb = c.technique === 'deb';
  let orr = read(deb ? 'tace.deb.objectiveResponseRate' : 'tace.conventional.objectiveResponseRate');
  const completeShare = read(deb ? 'tace.deb.completeShareOfResponses' : 'tace.conventional.completeShareOfResponses');
  if (c.technique === 'particle') orr = scaleOdds(orr, read('tace.particle.relativeOdds'));
  orr = scaleOdds(orr, read('tace.drugModifier'));
  const perCm = read('tace.size.oddsRatioPerCm');
  const refMm = read('tace.size.referenceDiameterMm');
  orr = scaleOdds(orr, Math.pow(perCm, (diameterMm - refMm) / 10));
  const refractory = Math.min(read('tace.refractoryRate'), 1 - orr);
  return { complete: orr * completeShare, partial: orr * (1 - completeShare), refractory };
}

export function sampleTaceResponse(c: TaceComponent, diameterMm: number, rng: Rng, read: ParameterReader): ComponentResponse {
  const p = taceResponseProbabilities(c, diameterMm, read);
  const draw = drawResponseClass(rng, p.complete, p.partial, p.refractory);
  const effect = draw.effect;
  const onsetDays = exponentialWithMean(rng, read('tace.responseOnsetMeanDays'));
  const progressionDays = onsetDays + exponentialWithMedian(rng, read('tace.progressionMedianDays'));
  return {
    modality: 'tace', effect, viableAtResponse: viableForClass(draw, read, 'tace.partialDiameterRatioMin'),
    onsetDays, progressionDays, pattern: effect === 'refractory' ? 'diffuse' : 'rim',
  };
}
