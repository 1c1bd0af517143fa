/**
 * Scores one simulated follow-up end to end from the simulator's label maps: imaging features from the
 * masks, then the shared scoring core (scorePatientFeatures.ts). A follow-up CT is scored from its
 * image instead by scoreMeasuredResponse. Timings are reported per stage so that feature extraction
 * and the ONNX run can be told apart.
 */
import { performance } from 'node:perf_hooks';
import type { ImagingFeatureInput, ImagingFeatureOptions, ImagingFeatures } from './imagingFeatures.ts';
import { extractImagingFeatures } from './imagingFeatures.ts';
import type { RiskModel } from './riskModel.ts';
import { scorePatientFeatures, type RiskScore, type RiskScoringContext } from './scorePatientFeatures.ts';

export interface SampleScoringContext extends RiskScoringContext {
  readonly featureOptions?: ImagingFeatureOptions;
}

export interface SampleScore extends Omit<RiskScore, 'timingsMs'> {
  readonly imaging: ImagingFeatures;
  readonly timingsMs: { readonly features: number; readonly encode: number; readonly onnx: number; readonly total: number };
}

/**
 * @throws SurvivalInputError for bad volumes, masks, clinical covariates or modality;
 *   RiskModelError when the card cannot encode the sample.
 */
export async function scoreSimulatedSample(model: RiskModel, sample: ImagingFeatureInput, context: SampleScoringContext): Promise<SampleScore> {
  const t0 = performance.now();
  const imaging = extractImagingFeatures(sample, context.featureOptions);
  const t1 = performance.now();
  const score = await scorePatientFeatures(model, imaging.patient, context);
  const t2 = performance.now();
  return { ...score, imaging, timingsMs: { features: t1 - t0, ...score.timingsMs, total: t2 - t0 } };
}
