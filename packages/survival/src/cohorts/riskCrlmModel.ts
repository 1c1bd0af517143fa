/**
 * risk-crlm: colorectal liver metastases after hepatic resection, a Cox model fitted on the TCIA
 * Colorectal-Liver-Metastases table with factors an image can measure (largest tumour diameter,
 * multiplicity, bilobar disease) plus CEA, node-positive primary, synchronous disease and
 * extrahepatic disease: seven covariates, pre-specified (the factors of Fong's clinical risk score
 * and the list, no selection on this data), unpenalised.
 *
 * Treatment terms (modalityCalibration): resection is the cohort's treatment (the fitted reference).
 * Systemic chemotherapy +/- targeted agents (unresectable disease) is anchored on a cited trial median
 * for the cohort-average patient, best supportive care on a cited meta-analytic HR vs chemotherapy,
 * thermal ablation is ASSUMED equal to resection (curative intent). The post-treatment term
 * residualAfterCurative (viable tumour left after resection or ablation) is ASSUMED: the HCC-TACE-Seg
 * residual-vs-complete contrast, transferred across diseases; the cohort rows are read as complete
 * resections (0). The table has no follow-up imaging, so no response-to-chemotherapy term is fitted:
 * its pathological response (total_response_percent, after chemotherapy, known only after resection)
 * is not a usable proxy for the planner's image measurement and is left out (marked in the card).
 */
import { fitCohortRiskModel, type CohortRiskFit } from '../cohortRiskModel.ts';
import type { CohortCardSpec, ExtraTermSpec, FittedCovariateSpec, ModalityTermSpec } from '../cohortRiskModelCard.ts';
import { baselineHazardAt } from '../coxLinearModel.ts';
import type { Citation } from '../publishedEffects.ts';
import { residualAfterCurativeTerm } from './residualAfterCurativeTerm.ts';
import { SurvivalInputError } from '../errors.ts';
import { CEA_ELEVATED_NG_PER_ML, CRLM_COHORT_SOURCES, CRLM_MAPPING, crlmGaps } from './crlmCohort.ts';

export const RISK_CRLM_NAME = 'risk-crlm';
/** 1.1.0: residualAfterCurative is the measured residual viable fraction (continuous), not a yes/no. */
export const RISK_CRLM_VERSION = '1.1.0';
export const RISK_CRLM_TIMES: readonly number[] = [12, 24, 36, 60];
export const RISK_CRLM_HORIZON = 60;
export const RISK_CRLM_CV = { folds: 5, repeats: 20, seed: 20240601 } as const;

/** CALGB/SWOG 80405 bevacizumab arm median OS (months), chemotherapy + a targeted agent, first line. */
const CHEMOTHERAPY_MEDIAN_OS_MONTHS = 29;
/** Palliative chemotherapy vs supportive care, OS hazard ratio. */
const CHEMOTHERAPY_VS_SUPPORTIVE_CARE_HR = 0.65;
const FROM_MEMORY = { status: 'unverified', note: 'from memory of the publication; not checked against the paper in this build' } as const;
const CALGB_80405: Citation = {
  citation: 'Venook AP, et al. Effect of first-line chemotherapy combined with cetuximab or bevacizumab on overall survival in patients with KRAS wild-type advanced or metastatic colorectal cancer (CALGB/SWOG 80405). JAMA 2017;317(23):2392-2401',
  figure: 'median OS 29.0 months (bevacizumab arm) vs 30.0 months (cetuximab arm)',
  verification: FROM_MEMORY,
};
const PALLIATIVE_CHEMOTHERAPY_META: Citation = {
  citation: 'Colorectal Cancer Collaborative Group (Simmonds PC). Palliative chemotherapy for advanced colorectal cancer: systematic review and meta-analysis. BMJ 2000;321:531-535',
  figure: 'OS hazard ratio chemotherapy vs supportive care 0.65 (95% CI 0.56-0.76), used inverted for supportive care',
  verification: FROM_MEMORY,
};
const COLLISION: Citation = {
  citation: 'van der Lei S, et al. Thermal ablation versus surgical resection of small-size colorectal liver metastases (COLLISION): an international, randomised, controlled, phase 3 non-inferiority trial. Lancet Oncol 2025;26(2):187-199',
  figure: 'thermal ablation non-inferior to resection for colorectal liver metastases up to 3 cm (the HR 1 used here is ASSUMED, not a figure of the trial)',
  verification: FROM_MEMORY,
};

const COVARIATES: Readonly<Record<string, FittedCovariateSpec>> = {
  largestBaselineDiameterMm: {
    plan: { from: 'imaging.largestBaselineDiameterMm' },
    coding: 'maximum tumour size in mm (column max_tumor_size, cm x 10); 0 cm is read as not recorded',
    note: 'largest baseline axial diameter of the segmented lesions',
  },
  multipleMetastases: { plan: { from: 'imaging.lesionCount', gt: 1 }, coding: '1 if more than one metastasis (column multiple_metastases), else 0', note: 'segmented baseline lesions > 1' },
  bilobarDisease: { plan: { from: 'clinical.bilobarDisease' }, coding: '1 if disease in both lobes (column bilobar_disease), else 0' },
  ceaElevated: {
    plan: { from: 'clinical.ceaNgPerMl', gt: CEA_ELEVATED_NG_PER_ML },
    coding: `1 if CEA > ${CEA_ELEVATED_NG_PER_ML} ng/mL (column carcinoembryonic_antigen; -999 = not available), else 0`,
    note: `ASSUMED cut-off ${CEA_ELEVATED_NG_PER_ML} ng/mL (a common upper reference limit): Fong's 200 ng/mL is exceeded by 2 of 127 patients here`,
  },
  nodePositivePrimary: { plan: { from: 'clinical.nodePositivePrimary' }, coding: '1 if the primary had positive lymph nodes (column node_positive_primary), else 0' },
  synchronousMetastases: {
    plan: { from: 'clinical.synchronousMetastases' },
    coding: '1 if synchronous disease (column synchronous_crlm: "colon primary at operation"), else 0',
  },
  extrahepaticSpread: { plan: { from: 'clinical.extrahepaticSpread' }, coding: '1 if extrahepatic disease (column extrahep_disease), else 0' },
};

export interface RiskCrlm {
  readonly built: CohortRiskFit;
  readonly spec: CohortCardSpec;
}

/** @throws SurvivalInputError for unusable tables; Cox errors propagate. */
export function buildRiskCrlm(csvText: string): RiskCrlm {
  const built = fitCohortRiskModel(csvText, CRLM_MAPPING, CRLM_COHORT_SOURCES, { times: RISK_CRLM_TIMES, calibrationHorizon: 36, cv: RISK_CRLM_CV });
  const { fit, read, model } = built;
  const n = read.outcome.time.length;
  const avg = fit.covariates.reduce((sum, c, a) => sum + (read.covariates[c]!.reduce((x, y) => x + y, 0) / n - fit.means[a]!) * fit.coefficients[a]!, 0);
  const h = baselineHazardAt(model.baseline, CHEMOTHERAPY_MEDIAN_OS_MONTHS);
  if (!(h > 0)) throw new SurvivalInputError('baseline', `no baseline hazard by ${CHEMOTHERAPY_MEDIAN_OS_MONTHS} months`);
  const chemotherapy = Math.log(Math.log(2) / h) - avg;
  const stepMedian = (gamma: number): number | null => {
    const target = Math.log(2) / Math.exp(avg + gamma);
    const k = Array.from(model.baseline.cumulativeHazard).findIndex((hz) => hz >= target);
    return k < 0 ? null : Number(model.baseline.time[k]!.toFixed(2));
  };
  const modalities: ModalityTermSpec[] = [
    {
      modality: 'resection', feature: null, label: 'hepatic resection (the cohort\'s treatment)', coefficient: 0, status: 'fitted', curativeIntent: true, responseRate: 0,
      anchor: 'reference: the training cohort (resected patients, read as complete resections)', sources: [], responseTermApplies: false, modelMedianMonths: stepMedian(0),
    },
    {
      modality: 'thermalAblation', feature: 'modalityThermalAblation', label: 'thermal ablation (radiofrequency or microwave) of small metastases', coefficient: 0, status: 'assumed',
      curativeIntent: true, responseRate: 0, anchor: 'ASSUMED equal to resection (HR 1) for small lesions; residual tumour acts through residualAfterCurative', sources: [COLLISION],
      responseTermApplies: false, modelMedianMonths: stepMedian(0),
    },
    {
      modality: 'systemicChemotherapy', feature: 'modalitySystemicChemotherapy', label: 'systemic chemotherapy +/- targeted agents (unresectable disease)', coefficient: chemotherapy,
      status: 'cited', curativeIntent: false, responseRate: 0, anchor: `median OS ${CHEMOTHERAPY_MEDIAN_OS_MONTHS} months (CALGB/SWOG 80405) for the cohort-average patient`,
      sources: [CALGB_80405], responseTermApplies: false, modelMedianMonths: stepMedian(chemotherapy),
    },
    {
      modality: 'bestSupportiveCare', feature: 'modalityBestSupportiveCare', label: 'best supportive care (no anticancer treatment)', coefficient: chemotherapy - Math.log(CHEMOTHERAPY_VS_SUPPORTIVE_CARE_HR),
      status: 'cited', curativeIntent: false, responseRate: 0, anchor: `HR 1/${CHEMOTHERAPY_VS_SUPPORTIVE_CARE_HR} vs systemic chemotherapy`, sources: [PALLIATIVE_CHEMOTHERAPY_META],
      responseTermApplies: false, modelMedianMonths: stepMedian(chemotherapy - Math.log(CHEMOTHERAPY_VS_SUPPORTIVE_CARE_HR)),
    },
  ];
  const extraTerms: ExtraTermSpec[] = [residualAfterCurativeTerm({
    curativeModalities: 'resection or thermal ablation',
    transfer: 'transferred to CRLM; no R1-vs-R0 or incomplete-ablation figure sourced',
    cohortConstant: 0,
    cohortReading: 'the cohort rows are read as complete resections (0)',
  })];
  const spec: CohortCardSpec = {
    name: RISK_CRLM_NAME,
    version: RISK_CRLM_VERSION,
    disease: 'crlm',
    description:
      'Cox model for colorectal liver metastases after hepatic resection, fitted on the TCIA Colorectal-Liver-Metastases table: largest tumour diameter, multiplicity, bilobar disease, ' +
      `CEA, node-positive primary, synchronous and extrahepatic disease. Per row: log-risk, S(t) at ${RISK_CRLM_TIMES.join('/')} months, RMST to ${RISK_CRLM_HORIZON} months.`,
    mapping: CRLM_MAPPING,
    covariates: COVARIATES,
    modalities,
    extraTerms,
    times: RISK_CRLM_TIMES,
    rmstHorizon: RISK_CRLM_HORIZON,
    training: {
      cohort: 'TCIA Colorectal-Liver-Metastases',
      cohortSources: CRLM_COHORT_SOURCES,
      data: 'Colorectal-Liver-Metastases clinical data (April 2023 table): patients with pre-operative CT then hepatic resection',
      licence: 'CC BY 4.0',
      citation: 'Simpson AL, et al. Preoperative CT and survival data for patients undergoing resection of colorectal liver metastases. Sci Data 2024;11:172. TCIA doi:10.7937/QXK2-QG03',
      outcome: 'overall survival from resection, months (overall_survival_months); vital_status 1 = dead',
      covariateSelection: 'pre-specified, no selection on this data and no penalty',
    },
    cvDesign: `${RISK_CRLM_CV.folds}-fold cross-validation stratified by event, ${RISK_CRLM_CV.repeats} repeats, seed ${RISK_CRLM_CV.seed}`,
    gaps: {
      ...crlmGaps(csvText),
      handling: 'complete cases: rows with CEA -999 (not available) or a 0 cm maximum size are dropped and counted (training.gapsInFit); clinrisk_score is not a covariate',
    },
    assumptions: [
      `CEA dichotomised at ${CEA_ELEVATED_NG_PER_ML} ng/mL (ASSUMED cut-off; the distribution is too skewed for a linear term and Fong's 200 ng/mL is too rare here).`,
      'synchronous_crlm ("did the patient have the colon primary at operation?") is read as synchronous disease.',
      'Proportional hazards; the tumour-size effect linear in mm.',
      'Systemic chemotherapy and supportive care: a trial median and a meta-analytic HR applied to the cohort-average patient on the resected cohort\'s baseline (cross-trial, not randomised against resection).',
      'Thermal ablation: ASSUMED equal to resection (HR 1) for small lesions; no figure taken from the cited trial.',
      'residualAfterCurative: ASSUMED transfer of the HCC-TACE-Seg residual-vs-complete contrast (measured yes/no), read log-linearly in the measured residual viable fraction (ASSUMED); every cohort row is read as a complete resection.',
      'No response-to-chemotherapy term: the table has no follow-up imaging and its pathological response is measured on the specimen after chemotherapy, so it is not used as a proxy.',
    ],
    limitations: [
      `${built.fit.n} patients, ${built.fit.eventCount} deaths: wide confidence intervals; cross-validated C about 0.6.`,
      'Pathological response (total_response_percent) is not used: it is known only after resection and only after chemotherapy.',
      'No external validation here; the maintainers hold back further patients for that.',
      'Absolute survival under the non-surgical terms rests on the resected cohort\'s baseline shape: the cited HR of supportive care vs chemotherapy gives a model median of about 25 months, far above untreated metastatic colorectal cancer; the order (resection/ablation < chemotherapy < supportive care) is what the terms support, not their absolute medians (see modalityCalibration modelMedianMonths).',
    ],
  };
  return { built, spec };
}
