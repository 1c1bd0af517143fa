/** First-line systemic therapy: per-regimen response distributions and kinetics (HCC here; CRLM in crlm-parameters.ts). */
import type { ModelParameter } from '../../model-parameter.ts';
import { CITE } from '../../outcome/parameters/citations.ts';
import { assumed, published } from '../../outcome/parameters/define-parameter.ts';
import { CRLM_SYSTEMIC_PARAMETERS } from './crlm-parameters.ts';

const MONTH_DAYS = 30.44;

const HCC_SYSTEMIC_PARAMETERS: ModelParameter[] = [
  published('systemic.sorafenib.objectiveResponseRate', 0.092, 'probability',
    'Objective response with sorafenib (applied per lesion).', CITE.reflect,
    'Sorafenib arm: objective response 9.2 % by mRECIST (investigator). SHARP reported 2 % partial responses by RECIST (Llovet et al., NEJM 2008).'),
  published('systemic.sorafenib.completeResponseRate', 0, 'probability',
    'Complete response with sorafenib.', CITE.imbrave150,
    'Sorafenib arm: 0 complete responses of 159 evaluable (RECIST 1.1, independent review); HIMALAYA sorafenib arm also 0.'),
  published('systemic.sorafenib.refractoryRate', 0.245, 'probability',
    'Progressive disease as best response with sorafenib (lesion keeps growing).', CITE.imbrave150,
    'Sorafenib arm: PD 39 of 159 (24.5 %), RECIST 1.1; patient-level and including new lesions.'),
  published('systemic.sorafenib.timeToResponseMedianDays', Math.round(3.78 * MONTH_DAYS), 'days',
    'Median time to response with sorafenib (responders).', CITE.himalaya, 'Sorafenib arm: median time to response 3.78 months.'),
  published('systemic.sorafenib.durationOfResponseMedianDays', Math.round(6.3 * MONTH_DAYS), 'days',
    'Median duration of response with sorafenib; sets the progression hazard after response.', CITE.imbrave150,
    'Sorafenib arm: median duration of response 6.3 months.'),
  published('systemic.lenvatinib.objectiveResponseRate', 0.241, 'probability',
    'Objective response with lenvatinib (applied per lesion).', CITE.reflect,
    'Lenvatinib arm: objective response 24.1 % by mRECIST (investigator) vs 9.2 % with sorafenib.'),
  assumed('systemic.lenvatinib.completeShareOfResponses', 0.05, 'fraction',
    'Share of lenvatinib responses that are complete.',
    'Complete responses are a small minority of lenvatinib responses in REFLECT; the exact count was not verified for this model.'),
  assumed('systemic.lenvatinib.refractoryRate', 0.15, 'probability',
    'Progressive disease as best response with lenvatinib.',
    'REFLECT reports less primary progression with lenvatinib than sorafenib; the lesion-level figure is assumed.'),
  assumed('systemic.lenvatinib.timeToResponseMedianDays', Math.round(2.8 * MONTH_DAYS), 'days',
    'Median time to response with lenvatinib.',
    'Taken equal to the 2.8 months of atezolizumab + bevacizumab; the REFLECT figure was not verified.'),
  assumed('systemic.lenvatinib.durationOfResponseMedianDays', Math.round(7.4 * MONTH_DAYS), 'days',
    'Median duration of response with lenvatinib.',
    'Set to the REFLECT median progression-free survival with lenvatinib (7.4 months), a conservative stand-in for duration of response.'),
  published('systemic.atezolizumab-bevacizumab.objectiveResponseRate', 0.273, 'probability',
    'Objective response with atezolizumab + bevacizumab (applied per lesion).', CITE.imbrave150,
    'Objective response 27.3 % (89 of 326) by RECIST 1.1, independent review, vs 11.9 % with sorafenib. The trial also reports a higher HCC-mRECIST rate, not used here because it was not verified.'),
  published('systemic.atezolizumab-bevacizumab.completeResponseRate', 0.055, 'probability',
    'Complete response with atezolizumab + bevacizumab.', CITE.imbrave150, 'Complete response 18 of 326 (5.5 %), RECIST 1.1.'),
  published('systemic.atezolizumab-bevacizumab.refractoryRate', 0.196, 'probability',
    'Progressive disease as best response with atezolizumab + bevacizumab.', CITE.imbrave150, 'PD 64 of 326 (19.6 %), RECIST 1.1; patient-level.'),
  published('systemic.atezolizumab-bevacizumab.timeToResponseMedianDays', Math.round(2.8 * MONTH_DAYS), 'days',
    'Median time to response with atezolizumab + bevacizumab.', CITE.imbrave150Response, 'Median time to response 2.8 months by RECIST 1.1 and by mRECIST.'),
  assumed('systemic.atezolizumab-bevacizumab.durationOfResponseMedianDays', Math.round(18 * MONTH_DAYS), 'days',
    'Median duration of response with atezolizumab + bevacizumab.',
    'Not reached at the primary analysis of IMbrave150; 18 months is assumed pending the updated analysis.'),
  published('systemic.durvalumab-tremelimumab.objectiveResponseRate', 0.201, 'probability',
    'Objective response with STRIDE (tremelimumab + durvalumab; applied per lesion).', CITE.himalaya,
    'STRIDE arm: objective response 20.1 % (RECIST 1.1) vs 5.1 % with sorafenib.'),
  published('systemic.durvalumab-tremelimumab.completeResponseRate', 0.031, 'probability',
    'Complete response with STRIDE.', CITE.himalaya, 'STRIDE arm: 12 of 393 (3.1 %) complete responses.'),
  published('systemic.durvalumab-tremelimumab.refractoryRate', 0.399, 'probability',
    'Progressive disease as best response with STRIDE.', CITE.himalaya, 'STRIDE arm: PD 157 of 393 (39.9 %); patient-level.'),
  published('systemic.durvalumab-tremelimumab.timeToResponseMedianDays', Math.round(2.17 * MONTH_DAYS), 'days',
    'Median time to response with STRIDE.', CITE.himalaya, 'STRIDE arm: median time to response 2.17 months.'),
  published('systemic.durvalumab-tremelimumab.durationOfResponseMedianDays', Math.round(22.34 * MONTH_DAYS), 'days',
    'Median duration of response with STRIDE.', CITE.himalaya, 'STRIDE arm: median duration of response 22.34 months.'),
];

export const SYSTEMIC_PARAMETERS: ModelParameter[] = [...HCC_SYSTEMIC_PARAMETERS, ...CRLM_SYSTEMIC_PARAMETERS];
