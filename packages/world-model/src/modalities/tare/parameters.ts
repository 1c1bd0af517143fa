/**
 * TARE (Y-90 radioembolisation): response, kinetics and radiation change, and the survival figures of
 * its trials. Lesion-level response comes from LEGACY (solitary HCC ≤ 8 cm, localized mRECIST, blinded
 * central review); SARAH and SIRveNIB (locally advanced HCC, TARE vs sorafenib) give the survival
 * figures the risk mapping and the guideline decision rest on (reference only: not read by the sampler).
 */
import type { ModelParameter } from '../../model-parameter.ts';
import { assumed, published } from '../../outcome/parameters/define-parameter.ts';
import { TARE_CITE as CITE } from './citations.ts';

const MONTH_DAYS = 30.44;
const LEGACY_ORR = 0.883;
const LEGACY_DOR6 = 0.622;
/** P(duration of response ≥ 6 months | response), LEGACY: 0.622 / 0.883. */
const DOR6_GIVEN_RESPONSE = LEGACY_DOR6 / LEGACY_ORR;
/** Median of the exponential duration of response with that 6-month survival, days. */
const DOR_MEDIAN_DAYS = Math.round((6 * MONTH_DAYS * Math.LN2) / -Math.log(DOR6_GIVEN_RESPONSE));

export const TARE_PARAMETERS: ModelParameter[] = [
  published('tare.objectiveResponseRate', LEGACY_ORR, 'probability',
    'Objective response (CR + PR) of the treated lesion after TARE at the reference lesion diameter.',
    CITE.legacy, 'Objective response rate (best response) 88.3 % (95 % CI 82.4–92.4) by localized mRECIST (treated area), blinded independent central review; 162 patients with solitary HCC ≤ 8 cm, Child–Pugh A, ECOG 0–1, glass microspheres with ablative-intent selective dosimetry.'),
  published('tare.size.referenceDiameterMm', 27, 'mm',
    'Lesion diameter at which the TARE response rate applies unchanged.',
    CITE.legacy, 'Median tumour size 2.7 cm (range 1–8) by blinded independent central review.'),
  assumed('tare.size.oddsRatioPerCm', 0.85, 'odds ratio per cm',
    'Odds of objective response multiply by this per centimetre above the reference diameter (and divide below).',
    'Taken equal to the TACE size effect of this model (tace.size.oddsRatioPerCm, itself assumed): larger tumours respond less often to transarterial treatment; LEGACY enrolled no tumour above 8 cm, so larger lesions are extrapolated.'),
  assumed('tare.completeShareOfResponses', 0.5, 'fraction',
    'Share of objective responses after TARE that are complete.',
    'The complete/partial split of LEGACY was not verified for this model; about half, as after cTACE in PRECISION V (0.506), is assumed.'),
  assumed('tare.refractoryRate', 0.05, 'probability',
    'Probability that a TARE-treated lesion does not respond and keeps growing as untreated.',
    'LEGACY leaves 11.7 % without objective response (stable or progressive); the share that progresses is not reported in the abstract, so a lesion-level refractory rate below that is assumed.'),
  assumed('tare.responseOnsetMedianDays', 60, 'days',
    'Median (exponential) time until the TARE response is fully developed.',
    'Radiation necrosis after Y-90 develops over weeks to months (slower than the ischaemic necrosis of TACE); response is usually read on imaging 1–3 months after treatment. Not fitted.'),
  assumed('tare.durationOfResponseMedianDays', DOR_MEDIAN_DAYS, 'days',
    'Median (exponential) time from response to local progression after TARE.',
    `Derived from LEGACY (Salem et al., Hepatology 2021): 62.2 % of all patients had a duration of response ≥ 6 months with an objective response of 88.3 %, i.e. ${(DOR6_GIVEN_RESPONSE * 100).toFixed(1)} % of responders; an exponential with that 6-month survival has a median of ${DOR_MEDIAN_DAYS} days. The exponential shape is assumed.`),
  assumed('tare.radiationChangeMm', 10, 'mm',
    'Mean thickness of the radiation-induced change of the treated parenchyma around the tumour on follow-up CT (drawn uniformly in ±3 mm).',
    'After selective Y-90 the perfused parenchyma around the tumour shows radiation-induced change (hypoattenuation, later atrophy); its extent follows the perfused territory, which the model does not know, so a shell slightly wider than the SBRT one (8 mm) is assumed.'),
  published('reference.tare.sarah.medianOverallSurvivalMonths', 8.0, 'months',
    'Reference only (not used by the outcome sampler): median OS after TARE (SIRT, resin microspheres) in locally advanced HCC, for the risk mapping and the guideline decision.',
    CITE.sarah, 'Intention to treat: median OS 8.0 months with SIRT vs 9.9 months with sorafenib (459 patients randomised, BCLC C or after failed TACE).'),
  published('reference.tare.sarah.osHazardRatioVsSorafenib', 1.15, 'hazard ratio',
    'Reference only (not used by the outcome sampler): OS hazard ratio of TARE vs sorafenib in locally advanced HCC.',
    CITE.sarah, 'HR 1.15 (95 % CI 0.94–1.41; p = 0.18), intention to treat: no significant difference.'),
  published('reference.tare.sarah.objectiveResponseRate', 0.19, 'probability',
    'Reference only (not used by the outcome sampler): patient-level radiological response after TARE in locally advanced HCC.',
    CITE.sarah, 'Complete or partial response in 19 % of evaluable patients with SIRT vs 12 % with sorafenib (p = 0.04); patient-level, advanced disease, so not the lesion-level rate of this model.'),
  published('reference.tare.sirvenib.medianOverallSurvivalMonths', 8.8, 'months',
    'Reference only (not used by the outcome sampler): median OS after TARE (resin microspheres) in locally advanced HCC, Asia-Pacific.',
    CITE.sirveNib, 'Intention to treat: median OS 8.8 months with radioembolisation vs 10.0 months with sorafenib (360 patients randomised).'),
  published('reference.tare.sirvenib.osHazardRatioVsSorafenib', 1.1, 'hazard ratio',
    'Reference only (not used by the outcome sampler): OS hazard ratio of TARE vs sorafenib in locally advanced HCC, Asia-Pacific.',
    CITE.sirveNib, 'HR 1.1 (95 % CI 0.9–1.4; P = .36): no significant difference; fewer grade ≥ 3 adverse events with radioembolisation (27.7 % vs 50.6 %).'),
  published('reference.tare.legacy.threeYearOverallSurvival', 0.866, 'probability',
    'Reference only (not used by the outcome sampler): 3-year OS after TARE of a solitary HCC ≤ 8 cm.',
    CITE.legacy, 'Three-year OS 86.6 % for all patients (92.8 % for those resected or transplanted after neoadjuvant TARE); single-arm, retrospective, 3 centres.'),
];
