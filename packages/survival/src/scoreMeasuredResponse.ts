/**
 * Scores what was MEASURED on a follow-up CT (measureResponse: the image, never a simulator's labels):
 * the measured patient-level features (they keep PatientImagingFeatures' names, so `imaging.<name>`
 * covariates read them unchanged), the clinical covariates and the treatment term → the risk model
 * (scorePatientFeatures.ts): log-risk, S(t), RMST, imputations, model identity, research-use label.
 * After a curative-intent treatment the residual term reads the measured residual viable fraction
 * (residualViableFraction.ts), a continuous value, not a yes/no.
 * Research use only, not for clinical use.
 */
import { performance } from 'node:perf_hooks';
import { SurvivalInputError } from './errors.ts';
import type { ResponseMeasurement } from './measure/measureResult.ts';
import type { RiskModel } from './riskModel.ts';
import { scorePatientFeatures, type RiskScore, type RiskScoringContext } from './scorePatientFeatures.ts';

export type MeasuredScoringContext = RiskScoringContext;

export interface MeasuredResponseScore extends Omit<RiskScore, 'timingsMs'> {
  readonly measurement: ResponseMeasurement;
  /** measure: the measurement's own total (measureResponse timingsMs.total); score: encode + ONNX here. */
  readonly timingsMs: { readonly measure: number; readonly encode: number; readonly onnx: number; readonly score: number };
}

/**
 * @throws SurvivalInputError for a measurement without a patient result, bad clinical covariates or
 *   modality; RiskModelError when the card cannot encode the measurement.
 */
export async function scoreMeasuredResponse(model: RiskModel, measurement: ResponseMeasurement, context: MeasuredScoringContext): Promise<MeasuredResponseScore> {
  if (measurement === null || typeof measurement !== 'object' || measurement.patient === null || typeof measurement.patient !== 'object') {
    throw new SurvivalInputError('measurement', 'expected a measureResponse result with a patient-level result');
  }
  const t0 = performance.now();
  const score = await scorePatientFeatures(model, measurement.patient, context);
  const t1 = performance.now();
  return { ...score, measurement, timingsMs: { measure: measurement.timingsMs.total, ...score.timingsMs, score: t1 - t0 } };
}
