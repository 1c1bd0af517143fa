/**
 * risk-crlm: colorectal liver metastases after hepatic resection, a Cox model fitted on the TCIA
 * Colorectal-Liver-Metastases table with factors an image can measure (largest tumour diameter,
 * multiplicity, bilobar disease) plus CEA, node-positive primary, synchronous disease and
 * extrahepatic disease: seven covariates, pre-specified (the factors of Fong's clinical risk score
 * and the list, no selection on this data), unpenalised.
 *
 * Treatment terms (modalityCalibration): resection is the cohort's treatment (the fitted reference).
 * Other CRLM treatments have no term in this card yet (the world model's RiskTerm list has none for
 * CRLM); `mewm plan` must not score them with it until their cited terms are added.
 */
import { fitCohortRiskModel, type CohortRiskFit } from '../cohortRiskModel.ts';
import type { CohortCardSpec, FittedCovariateSpec } from '../cohortRiskModelCard.ts';
import { CEA_ELEVATED_NG_PER_ML, CRLM_COHORT_SOURCES, CRLM_MAPPING, crlmGaps } from './crlmCohort.ts';

export const RISK_CRLM_NAME = 'risk-crlm';
export const RISK_CRLM_VERSION = '1.0.0';
export const RISK_CRLM_TIMES: readonly number[] = [12, 24, 36, 60];
export const RISK_CRLM_HORIZON = 60;
export const RISK_CRLM_CV = { folds: 5, repeats: 20, seed: 20240601 } as const;

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
  const spec: CohortCardSpec = {
    name: RISK_CRLM_NAME,
    version: RISK_CRLM_VERSION,
    disease: 'crlm',
    description:
      'Cox model for colorectal liver metastases after hepatic resection, fitted on the TCIA Colorectal-Liver-Metastases table: largest tumour diameter, multiplicity, bilobar disease, ' +
      `CEA, node-positive primary, synchronous and extrahepatic disease. Per row: log-risk, S(t) at ${RISK_CRLM_TIMES.join('/')} months, RMST to ${RISK_CRLM_HORIZON} months.`,
    mapping: CRLM_MAPPING,
    covariates: COVARIATES,
    modalities: [{
      modality: 'resection', feature: null, label: 'hepatic resection (the cohort\'s treatment)', coefficient: 0, status: 'fitted', curativeIntent: true, responseRate: 0,
      anchor: 'reference: the training cohort (resected patients)', sources: [], responseTermApplies: true,
    }],
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
      'Only resection is scored by this card; other CRLM treatments need cited terms first.',
    ],
    limitations: [
      `${built.fit.n} patients, ${built.fit.eventCount} deaths: wide confidence intervals; cross-validated C about 0.6.`,
      'Pathological response (total_response_percent) is not used: it is known only after resection and only after chemotherapy.',
      'No external validation here; the maintainers hold back further patients for that.',
    ],
  };
  return { built, spec };
}
