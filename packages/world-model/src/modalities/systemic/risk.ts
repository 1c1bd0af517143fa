/** Which risk-model term scores each systemic regimen (one rule per regimen, checked complete by the compiler). */
import type { RiskRule } from '../risk-term.ts';
import type { SystemicRegimen } from './regimens.ts';

export const SYSTEMIC_RISK_RULES: Readonly<Record<SystemicRegimen, RiskRule>> = {
  sorafenib: { term: 'sorafenib', assumed: false, curative: false, note: 'SHARP-calibrated term' },
  lenvatinib: { term: 'lenvatinib', assumed: false, curative: false, note: 'REFLECT HR vs sorafenib' },
  'atezolizumab-bevacizumab': { term: 'atezolizumabBevacizumab', assumed: false, curative: false, note: 'IMbrave150 HR vs sorafenib' },
  'durvalumab-tremelimumab': { term: 'atezolizumabBevacizumab', assumed: true, curative: false, note: 'ASSUMED: scored with the atezolizumab-bevacizumab term (no STRIDE term)' },
};
