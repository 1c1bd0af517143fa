/**
 * The risk model a plan asked for (`mewm plan --risk-model`, a plan request's `riskModel`):
 * undefined → the manifest's default survival-risk model (models/manifest.json); an id → that
 * manifest entry; a path (ends in .json or holds a separator) → that card, e.g. one written by
 * `mewm survival fit`. The card is read by the model registry's one reader, its ONNX file checked
 * against the card's sha256 and I/O signature, and every covariate must be computable from the
 * plan's measured features and clinical inputs (the card's covariateSources). The caller disposes it.
 */
import { defaultModelId, RISK_KIND, resolveModelCard, type Device } from '@mewm/models';
import { covariateSourcesOf, loadRiskModel, RiskModelError, type RiskModel } from '@mewm/survival';

/** The time unit the planner's RMST and survival curves are reported in. */
export const PLAN_TIME_UNIT = 'months';

export interface OpenRiskModelOptions {
  /** Default: the repository's models/manifest.json. */
  manifestPath?: string;
  /** Default 'cpu'. */
  device?: Device;
}

/**
 * @throws UnknownModelError (MODEL_UNKNOWN) for an id the manifest does not list or one of another
 *   kind; ModelCardError for a card path that does not exist; RiskModelError (SURVIVAL_MODEL) naming
 *   what disagrees: a malformed card, a sha256 or signature mismatch, a covariate whose declaration
 *   names an unknown plan feature or that no plan feature computes, a time unit other than months.
 */
export async function openRiskModel(spec: string | undefined, opts: OpenRiskModelOptions = {}): Promise<RiskModel> {
  const manifest = opts.manifestPath !== undefined ? { manifestPath: opts.manifestPath } : {};
  const idOrPath = spec ?? (await defaultModelId(RISK_KIND, opts.manifestPath));
  const { cardPath } = await resolveModelCard(idOrPath, { kind: RISK_KIND, ...manifest });
  const model = await loadRiskModel(cardPath, opts.device !== undefined ? { device: opts.device } : {});
  try {
    covariateSourcesOf(model.card, { requirePlan: true });
    if (model.signature.timeUnit !== PLAN_TIME_UNIT) {
      throw new RiskModelError('card.outputs.survival.timeUnit', `the planner reports survival in ${PLAN_TIME_UNIT}; model ${model.card.name} reports it in "${model.signature.timeUnit}" (fit it with --time-unit months on a time column in months)`);
    }
  } catch (e) {
    await model.dispose();
    throw e;
  }
  return model;
}
