/**
 * Which term of each disease's risk model scores each systemic regimen (one entry per regimen, checked
 * complete by the compiler). A regimen has a rule only for its own disease (SYSTEMIC_REGIMEN_DISEASE):
 * an HCC drug has no term in the CRLM model and a colorectal regimen none in the HCC model.
 */
import type { DiseaseRiskRules, RiskRule } from '../risk-term.ts';
import type { SystemicRegimen } from './regimens.ts';

/** A CRLM regimen scored with the CRLM model's one systemic-chemotherapy term (CALGB/SWOG 80405 median, see models/risk-crlm.json). */
const crlmChemotherapy = (assumed: boolean, note: string): DiseaseRiskRules => ({ crlm: { term: 'systemicChemotherapy', assumed, curative: false, note } });

const hcc = (rule: RiskRule): DiseaseRiskRules => ({ hcc: rule });

export const SYSTEMIC_RISK_RULES: Readonly<Record<SystemicRegimen, DiseaseRiskRules>> = {
  sorafenib: hcc({ term: 'sorafenib', assumed: false, curative: false, note: 'SHARP-calibrated term' }),
  lenvatinib: hcc({ term: 'lenvatinib', assumed: false, curative: false, note: 'REFLECT HR vs sorafenib' }),
  'atezolizumab-bevacizumab': hcc({ term: 'atezolizumabBevacizumab', assumed: false, curative: false, note: 'IMbrave150 HR vs sorafenib' }),
  'durvalumab-tremelimumab': hcc({ term: 'atezolizumabBevacizumab', assumed: true, curative: false, note: 'ASSUMED: scored with the atezolizumab-bevacizumab term (no STRIDE term)' }),
  'folfox-bevacizumab': crlmChemotherapy(false, 'systemic-chemotherapy term (doublet + bevacizumab: the CALGB/SWOG 80405 arm its median comes from)'),
  'folfiri-cetuximab': crlmChemotherapy(false, 'systemic-chemotherapy term (doublet + cetuximab: the CALGB/SWOG 80405 arm its median comes from)'),
  folfox: crlmChemotherapy(true, 'ASSUMED: chemotherapy without a targeted agent scored with the systemic-chemotherapy term (calibrated on doublet + targeted agent; no separate term)'),
  folfiri: crlmChemotherapy(true, 'ASSUMED: chemotherapy without a targeted agent scored with the systemic-chemotherapy term (calibrated on doublet + targeted agent; no separate term)'),
  'folfoxiri-bevacizumab': crlmChemotherapy(true, 'ASSUMED: the triplet + bevacizumab scored with the systemic-chemotherapy term (calibrated on doublets + targeted agent; no triplet term)'),
};
