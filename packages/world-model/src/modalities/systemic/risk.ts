/** Which risk-model term scores each systemic regimen (one rule per regimen, checked complete by the compiler). */
import type { RiskRule } from '../risk-term.ts';
import type { SystemicRegimen } from './regimens.ts';

/**
 * CRLM chemotherapy has no term in the current risk model (fitted for HCC): every CRLM regimen is
 * scored with the atezolizumab-bevacizumab term, a placeholder marked assumed, so that CRLM regimens
 * differ only through their simulated response. The CRLM risk model (issue 15, cohort step) adds
 * proper CRLM terms; these rules then map to them.
 */
const CRLM_PLACEHOLDER: RiskRule = {
  term: 'atezolizumabBevacizumab',
  assumed: true,
  curative: false,
  note: 'ASSUMED placeholder: no colorectal-metastasis chemotherapy term in the risk model yet; scored with the atezolizumab-bevacizumab term (an HCC first-line term) until the CRLM risk model adds its own',
};

export const SYSTEMIC_RISK_RULES: Readonly<Record<SystemicRegimen, RiskRule>> = {
  sorafenib: { term: 'sorafenib', assumed: false, curative: false, note: 'SHARP-calibrated term' },
  lenvatinib: { term: 'lenvatinib', assumed: false, curative: false, note: 'REFLECT HR vs sorafenib' },
  'atezolizumab-bevacizumab': { term: 'atezolizumabBevacizumab', assumed: false, curative: false, note: 'IMbrave150 HR vs sorafenib' },
  'durvalumab-tremelimumab': { term: 'atezolizumabBevacizumab', assumed: true, curative: false, note: 'ASSUMED: scored with the atezolizumab-bevacizumab term (no STRIDE term)' },
  folfox: CRLM_PLACEHOLDER,
  folfiri: CRLM_PLACEHOLDER,
  'folfox-bevacizumab': CRLM_PLACEHOLDER,
  'folfoxiri-bevacizumab': CRLM_PLACEHOLDER,
  'folfiri-cetuximab': CRLM_PLACEHOLDER,
};
