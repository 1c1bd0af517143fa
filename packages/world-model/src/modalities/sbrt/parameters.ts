/** Stereotactic body radiotherapy: dose, response rates, size effect, kinetics, radiation change. */
import type { ModelParameter } from '../../model-parameter.ts';
import { CITE } from '../../outcome/parameters/citations.ts';
import { assumed, published } from '../../outcome/parameters/define-parameter.ts';

export const SBRT_PARAMETERS: ModelParameter[] = [
  published('sbrt.alphaBetaTumourGy', 10, 'Gy',
    'α/β of tumour used for BED10 = n·d·(1 + d/10).',
    CITE.fowler1989, 'Linear-quadratic model; α/β ≈ 10 Gy is the conventional value for tumours and early-responding tissue.'),
  published('sbrt.completeResponseRate', 0.383, 'probability',
    'Complete response of an HCC after SBRT up to 60 Gy / 3 fractions (at a BED10 at or above the reference).',
    CITE.kang2012, '18 of 47 evaluable patients (38.3 %) reached complete remission within 6 months of SBRT (42–60 Gy in 3 fractions after incomplete TACE).'),
  published('sbrt.partialResponseRate', 0.383, 'probability',
    'Partial response after SBRT (same conditions).',
    CITE.kang2012, '18 of 47 evaluable patients (38.3 %) had a partial response.'),
  assumed('sbrt.referenceBed10Gy', 100, 'Gy',
    'BED10 at and above which the SBRT response rates apply; below it they scale with BED10 / 100.',
    'BED10 ≥ 100 Gy is the usual ablative threshold in SBRT practice (e.g. Onishi et al., Cancer 2004, for lung); the linear scaling below it is a modelling choice.'),
  published('sbrt.localControlTwoYear', 0.948, 'probability',
    'Local control 2 years after SBRT 60 Gy / 3 fractions; sets the local progression hazard after response.',
    CITE.sbrtLiverCancer2024, '1-, 2- and 5-year local control 100 %, 94.8 % and 90.7 % in 48 evaluable patients with HCC ≤ 5 cm after incomplete response to TACE.'),
  published('sbrt.sizeFactorIntermediate', 0.945, 'ratio',
    'Response-rate multiplier for lesions > 4 cm and < 10 cm relative to ≤ 4 cm.',
    CITE.kuo2017, 'Objective response 90.90 % (> 4–< 10 cm) vs 96.15 % (≤ 4 cm) after CyberKnife SBRT → 0.945.'),
  published('sbrt.sizeFactorLarge', 0.795, 'ratio',
    'Response-rate multiplier for lesions ≥ 10 cm relative to ≤ 4 cm.',
    CITE.kuo2017, 'Objective response 76.47 % (≥ 10 cm) vs 96.15 % (≤ 4 cm) → 0.795.'),
  assumed('sbrt.responseOnsetMedianDays', 90, 'days',
    'Median (exponential) time until the SBRT response is fully developed.',
    'Responses after SBRT develop over months (complete remission "within 6 months" in the phase 2 trial); a median of 3 months is assumed.'),
  assumed('sbrt.radiationShellMm', 8, 'mm',
    'Mean thickness of the radiation-induced liver change around the target (drawn uniformly in ±3 mm).',
    'Focal liver reaction follows the high-dose region around the target; the thickness depends on plan and fall-off and is not fitted.'),
];
