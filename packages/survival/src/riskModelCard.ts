/**
 * A survival-risk model card (models/<name>.json), read by the model registry's one card reader
 * (@mewm/models: the common base plus the survival-risk part) and checked here against what this
 * package can compute: every covariate's declaration (`covariateSources`) must name a known plan
 * feature (riskCovariateSources.ts).
 */
import { ModelCardError, parseModelCard, requireRiskCard, type RiskModelCard, type RiskModelSignature } from '@mewm/models';
import { RiskModelError } from './errors.ts';
import { covariateSourcesOf } from './riskCovariateSources.ts';

export type { RiskModelCard, RiskModelSignature } from '@mewm/models';

/** A registry card error as this package's RiskModelError, its part naming the card field. */
export function asRiskModelError(e: unknown): unknown {
  if (!(e instanceof ModelCardError)) return e;
  const field = e.field ?? '';
  const part = field.startsWith('onnx') ? field : field === '(file)' ? 'card' : `card.${field}`;
  return new RiskModelError(part, e.message);
}

/**
 * Parses a card and reads its I/O signature (feature order, survival times, RMST horizon).
 * @throws RiskModelError naming the card field that is missing or malformed, or the covariate whose
 *   declaration names an unknown plan feature.
 */
export function parseRiskModelCard(card: unknown): { card: RiskModelCard; signature: RiskModelSignature } {
  let parsed: { card: RiskModelCard; signature: RiskModelSignature };
  try {
    parsed = requireRiskCard(parseModelCard(card, 'risk model card'));
  } catch (e) {
    throw asRiskModelError(e);
  }
  covariateSourcesOf(parsed.card);
  return parsed;
}
