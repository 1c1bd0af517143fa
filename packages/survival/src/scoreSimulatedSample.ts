/**
 * Scores one simulated follow-up end to end: imaging features from the masks → encoded covariates
 * (imputations recorded) → ONNX risk model → log-risk, S(t) at the card's times and RMST.
 * Timings are reported per stage so that feature extraction and the ONNX run can be told apart.
 */
import { performance } from 'node:perf_hooks';
import type { ImagingFeatureInput, ImagingFeatureOptions, ImagingFeatures } from './imagingFeatures.ts';
import { extractImagingFeatures } from './imagingFeatures.ts';
import type { EncodedRiskFeatures } from './riskFeatureEncoder.ts';
import { encodeRiskFeatures } from './riskFeatureEncoder.ts';
import type { RiskModel } from './riskModel.ts';
import { RESEARCH_USE_LABEL } from '@mewm/contracts';

export interface SampleScoringContext {
  /** Clinical covariates (clinicalCovariatesSchema); unknown fields omitted or null. */
  readonly clinical?: unknown;
  /** Treatment modality of the candidate, as in the card's modalityCalibration. */
  readonly modality: string;
  /** Curative-intent local treatment as the caller decided it (see encodeRiskFeatures); omitted = the card's. */
  readonly curativeIntent?: boolean;
  readonly featureOptions?: ImagingFeatureOptions;
}

export interface SampleScore {
  readonly imaging: ImagingFeatures;
  readonly encoded: EncodedRiskFeatures;
  readonly logRisk: number;
  /** S(t) at each card time. */
  readonly survival: readonly { readonly time: number; readonly survival: number }[];
  readonly rmst: number;
  readonly rmstHorizon: number;
  readonly timeUnit: string;
  readonly model: { readonly name: string; readonly version: string; readonly sha256: string };
  readonly timingsMs: { readonly features: number; readonly encode: number; readonly onnx: number; readonly total: number };
  readonly researchUse: typeof RESEARCH_USE_LABEL;
}

/**
 * @throws SurvivalInputError for bad volumes, masks, clinical covariates or modality;
 *   RiskModelError when the card cannot encode the sample.
 */
export async function scoreSimulatedSample(model: RiskModel, sample: ImagingFeatureInput, context: SampleScoringContext): Promise<SampleScore> {
  const t0 = performance.now();
  const imaging = extractImagingFeatures(sample, context.featureOptions);
  const t1 = performance.now();
  const encoded = encodeRiskFeatures(model.card, {
    imaging: imaging.patient,
    clinical: context.clinical,
    modality: context.modality,
    ...(context.curativeIntent !== undefined ? { curativeIntent: context.curativeIntent } : {}),
  });
  const t2 = performance.now();
  const scores = await model.score([encoded.values]);
  const t3 = performance.now();
  return {
    imaging,
    encoded,
    logRisk: scores.logRisk[0]!,
    survival: scores.times.map((time, k) => ({ time, survival: scores.survival[0]![k]! })),
    rmst: scores.rmst[0]!,
    rmstHorizon: scores.rmstHorizon,
    timeUnit: scores.timeUnit,
    model: { name: model.card.name, version: model.card.version, sha256: model.sha256 },
    timingsMs: { features: t1 - t0, encode: t2 - t1, onnx: t3 - t2, total: t3 - t0 },
    researchUse: RESEARCH_USE_LABEL,
  };
}
