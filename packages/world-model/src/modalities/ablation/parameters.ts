/** Thermal ablation (RFA, MWA): complete-ablation rates, margin, kinetics. */
import type { ModelParameter } from '../../model-parameter.ts';
import { CITE } from '../../outcome/parameters/citations.ts';
import { assumed, published } from '../../outcome/parameters/define-parameter.ts';
import { ABLATION_ANATOMY_PARAMETERS } from './anatomy-parameters.ts';

export const ABLATION_PARAMETERS: ModelParameter[] = [
  assumed('ablation.rfa.completeRateSmall', 0.93, 'probability',
    'Complete ablation by RFA of a lesion up to the small-lesion diameter.',
    'Complete ablation of HCC ≤ 3 cm is commonly reported above 90 %; a specific pooled figure was not verified for this model, so the value is marked assumed.'),
  assumed('ablation.smallDiameterMm', 30, 'mm',
    'Diameter up to which the small-lesion complete-ablation rate applies.',
    'The 3 cm boundary of early-stage HCC used by ablation series; rates fall for larger lesions.'),
  published('ablation.rfa.completeRateLarge', 0.476, 'probability',
    'Complete necrosis by RFA of lesions larger than 3 cm (applied at the anchor diameter below).',
    CITE.livraghi2000, 'Complete necrosis in 60 of 126 HCC > 3 cm (47.6 %); medium (3.1–5 cm) and non-infiltrating tumours did better than large ones.'),
  published('ablation.rfa.largeAnchorDiameterMm', 54, 'mm',
    'Diameter at which the > 3 cm complete-necrosis rate is anchored; the rate is interpolated linearly from the small-lesion rate at 30 mm.',
    CITE.livraghi2000, 'Mean diameter of the 126 treated tumours: 5.4 cm. The linear interpolation between anchors is a modelling choice.'),
  assumed('ablation.minimumCompleteRate', 0.2, 'probability',
    'Floor of the complete-ablation probability for very large lesions (when the zone covers them).',
    'Keeps the linear extrapolation beyond the data positive; lesions this large are rarely ablated.'),
  published('ablation.mwa.relativeOdds', 1.18, 'odds ratio',
    'Odds of complete ablation with MWA relative to RFA.',
    CITE.tang2022, 'Complete ablation MWA vs RFA in randomised trials: OR 1.18 (95 % CI 0.64–2.18), i.e. no significant difference.'),
  published('ablation.safetyMarginMm', 5, 'mm',
    'Minimal ablative margin; the default ablation margin of a protocol.',
    CITE.minami2010, 'A sufficient safety margin (at least 0.5 cm) prevents local tumour recurrence after RFA.'),
  assumed('ablation.insufficientMarginOdds', 0.5, 'odds ratio',
    'Odds multiplier of complete ablation when the planned zone leaves less than the safety margin.',
    'Direction from the margin literature; the size of the penalty is a modelling choice.'),
  assumed('ablation.incompleteResidualDiameterRatioMax', 0.6, 'ratio',
    'After incomplete ablation the residual viable nodule has a diameter ratio drawn uniformly in [0.2, this].',
    'Residual tumour after ablation is usually a small peripheral nodule; no lesion-level distribution was available.'),
  assumed('ablation.responseOnsetDays', 1, 'days',
    'Time until coagulation necrosis is complete after thermal ablation.',
    'Thermal coagulation is immediate; the first contrast CT shows the ablation zone.'),
  assumed('ablation.localProgressionTwoYear', 0.1, 'probability',
    'Probability of local tumour progression within 2 years of a complete ablation.',
    'Reported 2-year local recurrence after RFA ranges widely (6.3 % with combined US/CT guidance to 31.6 % with US guidance alone; Nagasawa et al., Cancer Diagn Progn 2023;3:660–666); 10 % is a mid-range choice.'),
  ...ABLATION_ANATOMY_PARAMETERS,
];
