/**
 * Scores a follow-up CT as the critic reads it: measure the response on the image (survival's
 * measureResponse), pick the disease's risk model (or the one asked for), map the protocol to the
 * model's treatment term (scoreTreatmentTerm) and score the MEASURED features with the clinical
 * covariates (survival's scoreMeasuredResponse): log-risk, S(t), RMST, imputations, model identity.
 * Research use only, not for clinical use.
 */
import { performance } from 'node:perf_hooks';
import type { Disease } from '@mewm/contracts';
import type { LabelVolume, Volume } from '@mewm/dicom';
import { measureResponse, scoreMeasuredResponse, type MeasuredResponseScore, type MeasureOptionsInput } from '@mewm/survival';
import { describeProtocol, type Protocol } from '@mewm/world-model';
import { PlannerInputError } from '../errors.ts';
import { openRiskModel } from '../plan/open-risk-model.ts';
import { scoreTreatmentTerm, type ScoreTreatmentTerm } from './score-treatment-term.ts';

/** The risk model each disease is scored with by default (models/manifest.json ids). */
export const SCORE_DEFAULT_RISK_MODEL: Readonly<Record<Disease, string>> = { hcc: 'risk-hcc-tace', crlm: 'risk-crlm' };

export interface ScoreFollowUpInput {
  readonly pre: Volume;
  readonly post: Volume;
  /** Lesions on the pre CT's grid. */
  readonly lesions: LabelVolume;
  readonly measureOptions?: MeasureOptionsInput;
  readonly disease: Disease;
  readonly protocol: Protocol;
  /** A manifest id or a card path; omitted = SCORE_DEFAULT_RISK_MODEL[disease]. */
  readonly riskModel?: string;
  readonly clinical?: unknown;
  /** Default: the repository's models/manifest.json. */
  readonly manifestPath?: string;
}

export interface FollowUpScore extends MeasuredResponseScore {
  readonly disease: Disease;
  readonly protocol: string;
  readonly treatment: ScoreTreatmentTerm & { readonly curativeIntent: boolean };
  readonly timingsMs: MeasuredResponseScore['timingsMs'] & { readonly openModel: number; readonly total: number };
}

/**
 * @throws PlannerInputError for a protocol the model has no term for, or a model of another disease;
 *   survival's and the model registry's typed errors for bad images, clinical covariates or models.
 */
export async function scoreFollowUp(input: ScoreFollowUpInput): Promise<FollowUpScore> {
  const t0 = performance.now();
  const treatment = scoreTreatmentTerm(input.disease, input.protocol);
  const model = await openRiskModel(input.riskModel ?? SCORE_DEFAULT_RISK_MODEL[input.disease], input.manifestPath !== undefined ? { manifestPath: input.manifestPath } : {});
  const t1 = performance.now();
  try {
    const cardDisease = (model.card as { disease?: unknown }).disease;
    if (typeof cardDisease === 'string' && cardDisease !== input.disease) {
      throw new PlannerInputError('--risk-model', `model ${model.card.name} is for ${cardDisease}, not ${input.disease}`);
    }
    const calibration = model.card.modalityCalibration?.find((m) => m.modality === treatment.term);
    if (!calibration) {
      throw new PlannerInputError('--protocol', `model ${model.card.name} has no '${treatment.term}' term for ${describeProtocol(input.protocol)} (${input.disease})`);
    }
    const measurement = measureResponse(input.pre, input.post, input.lesions, input.measureOptions ?? {});
    const score = await scoreMeasuredResponse(model, measurement, { clinical: input.clinical, modality: treatment.term });
    return {
      ...score,
      disease: input.disease,
      protocol: describeProtocol(input.protocol),
      treatment: { ...treatment, curativeIntent: calibration.curativeIntent === true },
      timingsMs: { ...score.timingsMs, openModel: t1 - t0, total: performance.now() - t0 },
    };
  } finally {
    await model.dispose();
  }
}
