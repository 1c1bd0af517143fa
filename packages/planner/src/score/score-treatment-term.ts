/**
 * Which treatment term of a disease's risk model scores a protocol, for `mewm score`: the planner's
 * one mapping, read from the modality registry (each modality's `risk.rules` per disease, through
 * plan/risk-modality.ts `riskModalityRule`), keyed by the protocol's deciding component (risk
 * precedence: resection > ablation > TACE > ...). So `mewm score` and `mewm plan` score a protocol
 * with the same term, and the same assumptions (e.g. HCC ablation → the resection term, ASSUMED).
 * A protocol without a term for the disease (TACE, TARE, SBRT or an HCC drug for CRLM; a CRLM regimen
 * for HCC) is refused with NoRiskTermError, naming the disease and the protocol.
 */
import type { Disease } from '@mewm/contracts';
import type { Protocol } from '@mewm/world-model';
import { riskModalityRule, riskModalityRuleOf } from '../plan/risk-modality.ts';

export interface ScoreTreatmentTerm {
  /** The risk model's modality term (card modalityCalibration `modality`). */
  readonly term: string;
  /** The deciding component's rule key ('tace', 'ablation', 'systemic:lenvatinib', ...). */
  readonly ruleKey: string;
  /** The term is not the treatment's own (an assumption of the mapping; `note` says which). */
  readonly assumed: boolean;
  readonly note: string;
}

/** @throws NoRiskTermError (code NO_RISK_TERM) when the disease's risk model has no term for the protocol. */
export function scoreTreatmentTerm(disease: Disease, protocol: Protocol): ScoreTreatmentTerm {
  const rule = riskModalityRule(protocol, disease);
  return { term: rule.modality, ruleKey: riskModalityRuleOf(protocol), assumed: rule.assumed, note: rule.note };
}
