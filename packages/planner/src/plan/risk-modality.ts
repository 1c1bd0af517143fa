/**
 * Which treatment term of the risk model (models/risk-cox-hcc.json `modalityCalibration`) scores a
 * protocol. Each modality states its mapping in its folder of the world model's modality registry
 * (`modalities/<id>/`: `risk.rules`, `risk.ruleKey`, `risk.precedence`); this module only reads it.
 * The risk model knows six terms (resection, ctace, sorafenib, lenvatinib, atezolizumabBevacizumab,
 * bestSupportiveCare); a rule whose term is not the treatment's own is an ASSUMPTION of the planner
 * (`assumed: true`) and the report says so.
 *
 * Combinations: the component whose modality has the lowest risk precedence decides (resection >
 * ablation > TACE > SBRT > systemic > best supportive care, see each folder); the other components
 * act through the simulated imaging outcome only.
 *
 * Curative-intent rules (`curative: true`: resection, ablation, and combinations they decide, e.g.
 * cTACE + MWA) are scored on the simulated outcome through the risk model's residualAfterCurative
 * term: 1 if the sample's mRECIST is not CR or it has new lesions (viable tumour left), else 0;
 * the mRECIST responder term stays 0 for them (resection is the model's reference, calibrated on
 * resected patients at residualAfterCurative = 0). Every other rule: residualAfterCurative = 0 and
 * the responder term scores the response.
 */
import type { TreatmentModality } from '@mewm/survival';
import { MODALITIES, modalityOf, type Protocol, type RiskTerm } from '@mewm/world-model';

/** A risk-model term (the world model's names, checked below against the survival package's). */
export type RiskModality = RiskTerm;

type SameTerms<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
/**
 * Compile-time check: every term a modality may map to (world model `RISK_TERMS`) is a term the survival
 * risk model knows (`TreatmentModality`), and back; this line stops compiling when they drift apart.
 */
export const RISK_TERMS_MATCH_SURVIVAL: SameTerms<RiskTerm, TreatmentModality> = true;

/**
 * Bump when a rule changes: it is part of the simulation-cache key.
 * 3: curative-intent rules scored on residual tumour (residualAfterCurative).
 */
export const RISK_MODALITY_RULES_VERSION = 3;

export interface RiskModalityRule {
  modality: RiskModality;
  assumed: boolean;
  /** Curative-intent local treatment: the sample's residual tumour (residualAfterCurative) is scored. */
  curative: boolean;
  note: string;
}

const byPrecedence = [...MODALITIES].sort((a, b) => a.risk.precedence - b.risk.precedence);

/** Every rule by key ('tace', 'systemic:lenvatinib', ...), in risk precedence order, from the registry. */
export const RISK_MODALITY_RULES: Readonly<Record<string, RiskModalityRule>> = Object.freeze(Object.fromEntries(
  byPrecedence.flatMap((m) => Object.entries(m.risk.rules).map(([key, r]) => [key, { modality: r.term, assumed: r.assumed, curative: r.curative, note: r.note }])),
));

/** The deciding component's rule key (e.g. 'tace', 'systemic:lenvatinib'). */
export function riskModalityRuleOf(protocol: Protocol): string {
  const deciding = [...protocol.components].sort((a, b) => modalityOf(a).risk.precedence - modalityOf(b).risk.precedence)[0]!;
  return modalityOf(deciding).risk.ruleKey(deciding);
}

/** The rule that scores `protocol` (its deciding component's). */
export function riskModalityRule(protocol: Protocol): RiskModalityRule {
  return RISK_MODALITY_RULES[riskModalityRuleOf(protocol)]!;
}

/** The risk-model modality that scores `protocol`. */
export function riskModalityOf(protocol: Protocol): RiskModality {
  return riskModalityRule(protocol).modality;
}
