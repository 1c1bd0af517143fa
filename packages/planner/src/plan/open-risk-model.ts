/**
 * The risk model a plan asked for (`options.riskModel`): absent → the default risk model card.
 * Minimal version: a card path only (the model registry, with manifest ids, replaces it).
 * The caller disposes it.
 */
import { loadRiskModel, type RiskModel } from '@mewm/survival';
import { DEFAULT_RISK_MODEL_CARD } from './default-models.ts';

export function openRiskModel(spec: string | undefined): Promise<RiskModel> {
  return loadRiskModel(spec ?? DEFAULT_RISK_MODEL_CARD);
}
