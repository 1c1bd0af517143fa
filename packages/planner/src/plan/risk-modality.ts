/**
 * Which treatment modality of the risk model (models/risk-cox-hcc.json `modalityCalibration`) scores a
 * protocol. The risk model knows six modalities (resection, ctace, sorafenib, lenvatinib,
 * atezolizumabBevacizumab, bestSupportiveCare); every protocol maps to one of them by the rules below. Each rule that is
 * not an identity is an ASSUMPTION of the planner (no model term exists for it) and is listed in
 * RISK_MODALITY_RULES so that the report can say so.
 *
 * Combinations: the component that comes first in CURATIVE_ORDER decides (resection > ablation >
 * TACE > SBRT > systemic > best supportive care); the other components act through the simulated
 * imaging outcome only.
 *
 * Curative-intent rules (`curative: true`: resection, ablation, and combinations they decide, e.g.
 * cTACE + MWA) are scored on the simulated outcome through the risk model's residualAfterCurative
 * term: 1 if the sample's mRECIST is not CR or it has new lesions (viable tumour left), else 0;
 * the mRECIST responder term stays 0 for them (resection is the model's reference, calibrated on
 * resected patients at residualAfterCurative = 0). Every other rule: residualAfterCurative = 0 and
 * the responder term scores the response.
 */
import type { Protocol, TreatmentComponent } from '@mewm/world-model';

export type RiskModality = 'resection' | 'ctace' | 'sorafenib' | 'lenvatinib' | 'atezolizumabBevacizumab' | 'bestSupportiveCare';

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

const RESIDUAL_NOTE = 'scored on the simulated outcome: residual viable tumour (mRECIST not CR, or new lesions) carries the residualAfterCurative term (HR 1/0.39, ASSUMED: the TACE responder contrast carried over)';

export const RISK_MODALITY_RULES: Readonly<Record<string, RiskModalityRule>> = {
  resection: { modality: 'resection', assumed: false, curative: true, note: `the reference of the risk model (resected cohort, complete resection); ${RESIDUAL_NOTE}` },
  ablation: { modality: 'resection', assumed: true, curative: true, note: `ASSUMED: curative-intent local treatment scored like resection (no ablation term) when complete; ${RESIDUAL_NOTE}` },
  tace: { modality: 'ctace', assumed: false, curative: false, note: 'conventional TACE term; DEB-TACE and TACE without Lipiodol ASSUMED equivalent' },
  sbrt: { modality: 'ctace', assumed: true, curative: false, note: 'ASSUMED: loco-regional treatment scored with the TACE term and the mRECIST response term (no SBRT term)' },
  'systemic:sorafenib': { modality: 'sorafenib', assumed: false, curative: false, note: 'SHARP-calibrated term' },
  'systemic:lenvatinib': { modality: 'lenvatinib', assumed: false, curative: false, note: 'REFLECT HR vs sorafenib' },
  'systemic:atezolizumab-bevacizumab': { modality: 'atezolizumabBevacizumab', assumed: false, curative: false, note: 'IMbrave150 HR vs sorafenib' },
  'systemic:durvalumab-tremelimumab': { modality: 'atezolizumabBevacizumab', assumed: true, curative: false, note: 'ASSUMED: scored with the atezolizumab-bevacizumab term (no STRIDE term)' },
  'best-supportive-care': { modality: 'bestSupportiveCare', assumed: false, curative: false, note: 'SHARP placebo arm: HR 1/0.69 vs the sorafenib term' },
};

const CURATIVE_ORDER: readonly TreatmentComponent['modality'][] = ['resection', 'ablation', 'tace', 'sbrt', 'systemic', 'best-supportive-care'];

function ruleKey(c: TreatmentComponent): string {
  return c.modality === 'systemic' ? `systemic:${c.regimen}` : c.modality;
}

/** The deciding component's rule key (e.g. 'tace', 'systemic:lenvatinib'). */
export function riskModalityRuleOf(protocol: Protocol): string {
  const sorted = [...protocol.components].sort((a, b) => CURATIVE_ORDER.indexOf(a.modality) - CURATIVE_ORDER.indexOf(b.modality));
  return ruleKey(sorted[0]!);
}

/** The rule that scores `protocol` (its deciding component's). */
export function riskModalityRule(protocol: Protocol): RiskModalityRule {
  const rule = RISK_MODALITY_RULES[riskModalityRuleOf(protocol)];
  if (!rule) throw new Error(`no risk-model modality rule for ${riskModalityRuleOf(protocol)}`);
  return rule;
}

/** The risk-model modality that scores `protocol`. */
export function riskModalityOf(protocol: Protocol): RiskModality {
  return riskModalityRule(protocol).modality;
}
