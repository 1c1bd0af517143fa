/**
 * The scoring core shared by scoreMeasuredResponse (features measured from a CT) and
 * scoreSimulatedSample (features from a simulator's label maps): patient-level imaging features +
 * clinical covariates + treatment modality → encoded covariates (imputations recorded) → ONNX risk
 * model → log-risk, S(t) at the card's times and RMST, with the model's identity and the timings.
 * Research use only, not for clinical use.
 */
import { performance } from 'node:perf_hooks';
import { RESEARCH_USE_LABEL } from '@mewm/contracts';
import type { RiskEncodingInput, EncodedRiskFeatures } from './riskFeatureEncoder.ts';
import { encodeRiskFeatures } from './riskFeatureEncoder.ts';
import type { RiskModel } from './riskModel.ts';

export interface RiskScoringContext {
  /** Clinical covariates (clinicalCovariatesSchema); unknown fields omitted or null. */
  readonly clinical?: unknown;
  /** Treatment modality of the candidate, as in the card's modalityCalibration. */
  readonly modality: string;
  /** Curative-intent local treatment as the caller decided it (see encodeRiskFeatures); omitted = the card's. */
  readonly curativeIntent?: boolean;
}

export interface RiskScore {
  readonly encoded: EncodedRiskFeatures;
  readonly logRisk: number;
  /** S(t) at each card time. */
  readonly survival: readonly { readonly time: number; readonly survival: number }[];
  readonly rmst: number;
  readonly rmstHorizon: number;
  readonly timeUnit: string;
  readonly model: { readonly name: string; readonly version: string; readonly sha256: string };
  readonly timingsMs: { readonly encode: number; readonly onnx: number };
  readonly researchUse: typeof RESEARCH_USE_LABEL;
}

/**
 * @throws SurvivalInputError for bad clinical covariates, modality or imaging values;
 *   RiskModelError when the card cannot encode the sample.
 */
export async function scorePatientFeatures(model: RiskModel, imaging: RiskEncodingInput['imaging'], context: RiskScoringContext): Promise<RiskScore> {
  const t0 = performance.now();
  const encoded = encodeRiskFeatures(model.card, {
    ...(imaging !== undefined ? { imaging } : {}),
    clinical: context.clinical,
    modality: context.modality,
    ...(context.curativeIntent !== undefined ? { curativeIntent: context.curativeIntent } : {}),
  });
  const t1 = performance.now();
  const scores = await model.score([encoded.values]);
  const t2 = performance.now();
  return {
    encoded,
    logRisk: scores.logRisk[0]!,
    survival: scores.times.map((time, k) => ({ time, survival: scores.survival[0]![k]! })),
    rmst: scores.rmst[0]!,
    rmstHorizon: scores.rmstHorizon,
    timeUnit: scores.timeUnit,
    model: { name: model.card.name, version: model.card.version, sha256: model.sha256 },
    timingsMs: { encode: t1 - t0, onnx: t2 - t1 },
    researchUse: RESEARCH_USE_LABEL,
  };
}
