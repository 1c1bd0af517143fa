/**
 * First-line chemotherapy ± targeted agents for colorectal liver metastases: per-regimen response
 * distributions and kinetics, each figure cited or marked ASSUMED. Trials report patient-level
 * responses (RECIST); the model applies them per lesion, as for the HCC regimens.
 */
import type { ModelParameter } from '../../model-parameter.ts';
import { assumed, published } from '../../outcome/parameters/define-parameter.ts';
import type { CrlmSystemicRegimen } from './regimens.ts';

const MONTH_DAYS = 30.44;

/** The CRLM trials these parameters cite (one spelling everywhere). */
export const CRLM_CITE = {
  tournigand2004: 'Tournigand C, André T, Achille E, et al. FOLFIRI followed by FOLFOX6 or the reverse sequence in advanced colorectal cancer: a randomized GERCOR study. J Clin Oncol 2004;22(2):229–237',
  tribe2014: 'Loupakis F, Cremolini C, Masi G, et al. Initial therapy with FOLFOXIRI and bevacizumab for metastatic colorectal cancer (TRIBE). N Engl J Med 2014;371(17):1609–1618',
} as const;

const COMPLETE_RATIONALE = 'Complete radiological responses are a small minority of responses to first-line chemotherapy for metastatic colorectal cancer; 5 % is not taken from a trial.';
const REFRACTORY_RATIONALE = 'Progressive disease as best response to first-line chemotherapy for metastatic colorectal cancer is uncommon (most patients reach disease control); 10 % per lesion is not taken from a trial.';
const ONSET_RATIONALE = 'Responses are first assessed about 8 weeks into treatment in these trials; a 2-month median time to response is assumed.';

/** The parameters every CRLM regimen has that are not taken from a trial. */
function assumedKinetics(regimen: CrlmSystemicRegimen, durationMonths: number, durationRationale: string): ModelParameter[] {
  return [
    assumed(`systemic.${regimen}.completeResponseRate`, 0.05, 'probability', `Complete response with ${regimen}.`, COMPLETE_RATIONALE),
    assumed(`systemic.${regimen}.refractoryRate`, 0.1, 'probability', `Progressive disease as best response with ${regimen}.`, REFRACTORY_RATIONALE),
    assumed(`systemic.${regimen}.timeToResponseMedianDays`, Math.round(2 * MONTH_DAYS), 'days', `Median time to response with ${regimen}.`, ONSET_RATIONALE),
    assumed(`systemic.${regimen}.durationOfResponseMedianDays`, Math.round(durationMonths * MONTH_DAYS), 'days',
      `Median duration of response with ${regimen}; sets the progression hazard after response.`, durationRationale),
  ];
}

export const CRLM_SYSTEMIC_PARAMETERS: ModelParameter[] = [
  published('systemic.folfox.objectiveResponseRate', 0.54, 'probability',
    'Objective response with FOLFOX (applied per lesion).', CRLM_CITE.tournigand2004,
    'First-line FOLFOX6: response rate 54 % (vs 56 % with FOLFIRI), median progression-free survival 8.0 months.'),
  ...assumedKinetics('folfox', 8.0, 'Set to the median progression-free survival of first-line FOLFOX6 (8.0 months; Tournigand et al., J Clin Oncol 2004), a conservative stand-in for duration of response.'),
  published('systemic.folfiri.objectiveResponseRate', 0.56, 'probability',
    'Objective response with FOLFIRI (applied per lesion).', CRLM_CITE.tournigand2004,
    'First-line FOLFIRI: response rate 56 % (vs 54 % with FOLFOX6), median progression-free survival 8.5 months.'),
  ...assumedKinetics('folfiri', 8.5, 'Set to the median progression-free survival of first-line FOLFIRI (8.5 months; Tournigand et al., J Clin Oncol 2004), a conservative stand-in for duration of response.'),
  assumed('systemic.folfox-bevacizumab.objectiveResponseRate', 0.54, 'probability',
    'Objective response with FOLFOX + bevacizumab (applied per lesion).',
    'Taken equal to FOLFOX alone (54 %, Tournigand et al., J Clin Oncol 2004): adding bevacizumab to oxaliplatin-based chemotherapy prolonged progression-free survival without raising the response rate in NO16966 (Saltz et al., J Clin Oncol 2008); that trial\'s figures were not verified for this model.'),
  ...assumedKinetics('folfox-bevacizumab', 9.0, 'FOLFOX\'s 8.0 months (Tournigand et al., J Clin Oncol 2004) lengthened by about one month for bevacizumab (NO16966, Saltz et al., J Clin Oncol 2008; not verified for this model).'),
  published('systemic.folfoxiri-bevacizumab.objectiveResponseRate', 0.65, 'probability',
    'Objective response with FOLFOXIRI + bevacizumab (applied per lesion).', CRLM_CITE.tribe2014,
    'FOLFOXIRI + bevacizumab: response rate 65 % vs 53 % with FOLFIRI + bevacizumab; median progression-free survival 12.1 vs 9.7 months.'),
  ...assumedKinetics('folfoxiri-bevacizumab', 12.1, 'Set to the median progression-free survival with FOLFOXIRI + bevacizumab in TRIBE (12.1 months; Loupakis et al., N Engl J Med 2014), a conservative stand-in for duration of response.'),
  assumed('systemic.folfiri-cetuximab.objectiveResponseRate', 0.66, 'probability',
    'Objective response with FOLFIRI + cetuximab in RAS wild-type disease (applied per lesion).',
    'About two thirds of RAS wild-type patients responded to FOLFIRI + cetuximab in the extended-RAS analysis of CRYSTAL (Van Cutsem et al., J Clin Oncol 2015;33(7):692–700); the exact figure was not verified for this model. Valid only for RAS wild-type tumours (and, by current guidance, a left-sided primary).'),
  ...assumedKinetics('folfiri-cetuximab', 11.0, 'About 11 months, the order of the median progression-free survival with FOLFIRI + cetuximab in RAS wild-type CRYSTAL patients (Van Cutsem et al., J Clin Oncol 2015; not verified for this model).'),
];
