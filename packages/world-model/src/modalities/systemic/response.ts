/**
 * Systemic therapy response of one lesion from the regimen's phase 3 trial: complete, partial and
 * primary-progression rates (applied per lesion although trials report per patient), median time to
 * response and median duration of response (exponential waiting times, assumed shape).
 */
import type { Rng } from '../../random.ts';
import type { SystemicRegimen } from './regimens.ts';
import type { SystemicComponent } from './schema.ts';
import type { ParameterReader } from '../../outcome/parameter-reader.ts';
import type { ComponentResponse } from '../../outcome/response-trajectory.ts';
import { drawResponseClass, exponentialWithMedian, viableForClass } from '../../outcome/sample-helpers.ts';

export function systemicResponseProbabilities(regimen: SystemicRegimen, read: ParameterReader): { complete: number; partial: number; refractory: number } {
  const orr = read(`systemic.${regimen}.objectiveResponseRate`);
  const complete = regimen === 'lenvatinib'
    ? orr * read('systemic.lenvatinib.completeShareOfResponses')
    : read(`systemic.${regimen}.completeResponseRate`);
  return { complete, partial: orr - complete, refractory: read(`systemic.${regimen}.refractoryRate`) };
}

export function sampleSystemicResponse(c: SystemicComponent, rng: Rng, read: ParameterReader): ComponentResponse {
  const p = systemicResponseProbabilities(c.regimen, read);
  const draw = drawResponseClass(rng, p.complete, p.partial, p.refractory);
  const onsetDays = exponentialWithMedian(rng, read(`systemic.${c.regimen}.timeToResponseMedianDays`));
  const progressionDays = onsetDays + exponentialWithMedian(rng, read(`systemic.${c.regimen}.durationOfResponseMedianDays`));
  return { modality: 'systemic', effect: draw.effect, viableAtResponse: viableForClass(draw, read), onsetDays, progressionDays, pattern: 'diffuse' };
}
