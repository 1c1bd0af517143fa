/**
 * Which treatment modality of the risk model (models/risk-cox-hcc.json `modalityCalibration`) scores a
 * protocol. The risk model knows six modalities (resection, ctace, sorafenib, lenvatinib,
 * atezolizumabBevacizumab, bestSupportiveCare); every protocol maps to one of them by the rules below. Each rule that is
 * not an identity is an ASSUMPTION of the planner (no model term exists for it) and is listed in
 * RISK_MODALITY_RULES so that the report can say so.
 *
 * Combinations: the component that comes first in CURATIVE_ORDER decides (resection > ablation >
 * TACE > SBRT > systemic > best supportive care); the other components act through the simulated
 * imaging response (mRECIST responder term) only.
 */
import type { Protocol, TreatmentComponent } from '@mewm/world-model';

export type RiskModality = 'resection' | 'ctace' | 'sorafenib' | 'lenvatinib' | 'atezolizumabBevacizumab' | 'bestSupportiveCare';

/** Bump when a rule changes: it is part of the simulation-cache key. */
export const RISK_MODALITY_RULES_VERSION = 2;

export const RISK_MODALITY_RULES: Readonly<Record<string, { modality: RiskModality; assumed: boolean; note: string }>> = {
  resection: { modality: 'resection', assumed: false, note: 'the reference of the risk model (resected cohort)' },
  ablation: { modality: 'resection', assumed: true, note: 'ASSUMED: curative-intent local treatment scored like resection (no ablation term); the response term does not apply' },
  tace: { modality: 'ctace', assumed: false, note: 'conventional TACE term; DEB-TACE and TACE without Lipiodol ASSUMED equivalent' },
  sbrt: { modality: 'ctace', assumed: true, note: 'ASSUMED: loco-regional treatment scored with the TACE term and the mRECIST response term (no SBRT term)' },
  'systemic:sorafenib': { modality: 'sorafenib', assumed: false, note: 'SHARP-calibrated term' },
  'systemic:lenvatinib': { modality: 'lenvatinib', assumed: false, note: 'REFLECT HR vs sorafenib' },
  'systemic:atezolizumab-bevacizumab': { modality: 'atezolizumabBevacizumab', assumed: false, note: 'IMbrave150 HR vs sorafenib' },
  'systemic:durvalumab-tremelimumab': { modality: 'atezolizumabBevacizumab', assumed: true, note: 'ASSUMED: scored with the atezolizumab-bevacizumab term (no STRIDE term)' },
  'best-supportive-care': { modality: 'bestSupportiveCare', assumed: false, note: 'SHARP placebo arm: HR 1/0.69 vs the sorafenib term' },
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

/** The risk-model modality that scores `protocol`. */
export function riskModalityOf(protocol: Protocol): RiskModality {
  const rule = RISK_MODALITY_RULES[riskModalityRuleOf(protocol)];
  if (!rule) throw new Error(`no risk-model modality rule for ${riskModalityRuleOf(protocol)}`);
  return rule.modality;
}
