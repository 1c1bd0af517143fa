/**
 * risk-hcc-tace: HCC after TACE, a LANDMARK Cox model fitted on TCIA HCC-TACE-Seg. The clock starts
 * at the first follow-up scan after TACE (OS - Interval_FU, weeks -> months), so the follow-up
 * response measurement (continuous: diameterSumChange, the readers' mean relative change of the
 * mRECIST target sum) can be a covariate without immortal-time bias. Five covariates, pre-specified
 * (no selection on this data), unpenalised: about 12 events per covariate.
 *
 * Treatment terms (modalityCalibration): cTACE is the cohort's treatment (the fitted reference).
 * The regimen (cTACE vs DEB-TACE) is NOT supported by the data (HR 1.01, 95 % CI 0.51-1.99 on the
 * 56 rows with a stated regimen, see the card), so no DEB-TACE term is added. Systemic therapies and
 * best supportive care are anchored on cited trial figures at the cohort-average patient; resection
 * carries an ASSUMED contrast taken from the default model (hepatoCellular resected cohort vs
 * cTACE's published median). The fitted response term is TACE's: the card marks for which
 * treatments it applies (`responseTermApplies`); for the others the response covariate is to be held
 * at its cohort mean (the value the modality terms are calibrated at).
 */
import { baselineHazardAt } from '../coxLinearModel.ts';
import { coxPh } from '../coxPh.ts';
import { readCohortTable } from './readCohortTable.ts';
import { fitCohortRiskModel, type CohortRiskFit } from '../cohortRiskModel.ts';
import type { CohortCardSpec, FittedCovariateSpec, ModalityTermSpec } from '../cohortRiskModelCard.ts';
import { residualAfterCurativeTerm } from './residualAfterCurativeTerm.ts';
import { MODALITY_EVIDENCE, type Citation } from '../publishedEffects.ts';
import { SurvivalInputError } from '../errors.ts';
import { HCC_TACE_COHORT_SOURCES, HCC_TACE_MAPPING, hccTaceGaps, hccTaceUnitEvidence } from './hccTaceCohort.ts';

export const RISK_HCC_TACE_NAME = 'risk-hcc-tace';
/** 1.1.0: residualAfterCurative (measured residual viable fraction after resection, ASSUMED, not fitted) appended. */
export const RISK_HCC_TACE_VERSION = '1.1.0';
export const RISK_HCC_TACE_TIMES: readonly number[] = [6, 12, 24, 36];
export const RISK_HCC_TACE_HORIZON = 36;
export const RISK_HCC_TACE_CV = { folds: 5, repeats: 20, seed: 20240601 } as const;

const COVARIATES: Readonly<Record<string, FittedCovariateSpec>> = {
  diameterSumChange: {
    plan: { from: 'imaging.diameterSumChange' },
    coding: '(FU - BL) / BL of the mRECIST target diameter sum at the first follow-up after TACE, mean over the readers with both sums (-1 = complete response); per unit = a doubling',
    note: 'the measured follow-up (mRECIST viable diameter sum), as the cohort readers measured it',
  },
  portalVeinThrombosis: {
    plan: { from: 'clinical.macrovascularInvasion' },
    coding: '1 if portal vein thrombosis (column Portal Vein Thrombosis), else 0',
    note: 'the plan input is macrovascular invasion on imaging (portal vein tumour thrombus is its usual form in HCC)',
  },
  afpAtLeast400: {
    plan: { from: 'clinical.afpNgPerMl', ge: 400 },
    coding: '1 if serum AFP >= 400 ng/mL (column AFP; the cut-off of the table\'s own AFP_group column), else 0',
  },
  childPughBOrC: { plan: { from: 'clinical.childPughClass', in: ['B', 'C'] }, coding: '1 if Child-Pugh class B or C (column CPS), else 0 (A)' },
  ecogAtLeast1: {
    plan: { from: 'clinical.ecog', ge: 1 },
    coding: '1 if ECOG performance status >= 1 (column PS_bclc_0_0_1-2_1_3-4_3: 0 = ECOG 0, 1 = ECOG 1-2, 3 = ECOG 3-4), else 0',
  },
};

const evidence = (m: string) => MODALITY_EVIDENCE.find((e) => e.modality === m)!;
const RESECTION_ASSUMPTION: Citation = {
  citation: 'models/risk-cox-hcc.json (this project): resection = the hepatoCellular resected cohort (Li L, et al. PLoS One 2014;9(10):e110064), cTACE calibrated to median OS 19.4 months (Lencioni R, et al. Hepatology 2016;64(1):106-116)',
  figure: 'log-hazard of resection vs cTACE = -(cTACE coefficient of risk-cox-hcc)',
  verification: { status: 'unverified', note: 'ASSUMED: a cross-cohort contrast (resected vs TACE populations), not a randomised or adjusted comparison' },
};

export interface RiskHccTace {
  readonly built: CohortRiskFit;
  readonly spec: CohortCardSpec;
}

/**
 * @param resectionVsCtaceLogHr log-hazard of resection vs cTACE (the negative of risk-cox-hcc's cTACE coefficient).
 * @throws SurvivalInputError for unusable tables; Cox errors propagate.
 */
export function buildRiskHccTace(csvText: string, resectionVsCtaceLogHr: number): RiskHccTace {
  if (!Number.isFinite(resectionVsCtaceLogHr)) throw new SurvivalInputError('resectionVsCtaceLogHr', 'must be a finite number');
  const built = fitCohortRiskModel(csvText, HCC_TACE_MAPPING, HCC_TACE_COHORT_SOURCES, { times: RISK_HCC_TACE_TIMES, calibrationHorizon: 12, cv: RISK_HCC_TACE_CV });
  const { fit, read, model } = built;
  const n = read.outcome.time.length;
  const avg = fit.covariates.reduce((s, c, a) => s + (read.covariates[c]!.reduce((x, y) => x + y, 0) / n - fit.means[a]!) * fit.coefficients[a]!, 0);
  const medianAnchor = (months: number): number => {
    const h = baselineHazardAt(model.baseline, months);
    if (!(h > 0)) throw new SurvivalInputError('baseline', `no baseline hazard by ${months} months`);
    return Math.log(Math.log(2) / h) - avg;
  };
  const stepMedian = (gamma: number): number | null => {
    const target = Math.log(2) / Math.exp(avg + gamma);
    const k = Array.from(model.baseline.cumulativeHazard).findIndex((hz) => hz >= target);
    return k < 0 ? null : Number(model.baseline.time[k]!.toFixed(2));
  };
  const sorafenib = medianAnchor(10.7);
  const hr = (m: string): number => {
    const a = evidence(m).anchor;
    if (a.kind !== 'hazardRatio') throw new SurvivalInputError('MODALITY_EVIDENCE', `${m} has no hazard-ratio anchor`);
    return a.hazardRatio;
  };
  const term = (modality: string, coefficient: number, anchor: string, status: ModalityTermSpec['status'], sources: readonly Citation[], extra: Partial<ModalityTermSpec> = {}): ModalityTermSpec => ({
    modality,
    feature: extra.feature === undefined ? `modality${modality[0]!.toUpperCase()}${modality.slice(1)}` : extra.feature,
    label: extra.label ?? evidence(modality).label,
    coefficient,
    status,
    curativeIntent: extra.curativeIntent ?? false,
    responseRate: extra.responseRate ?? evidence(modality).responseRate,
    anchor,
    sources,
    modelMedianMonths: stepMedian(coefficient),
    responseTermApplies: false,
  });
  const modalities = [
    { ...term('ctace', 0, 'reference: the training cohort (TACE; 36 conventional, 28 drug-eluting-bead, 11 not stated or other)', 'fitted', [], {
      feature: null, label: 'TACE (conventional or drug-eluting bead: the cohort\'s treatment; the regimen term is not supported by the data)', responseRate: 0.525,
    }), responseTermApplies: true },
    term('resection', resectionVsCtaceLogHr, 'ASSUMED: the default model\'s resection-vs-cTACE contrast', 'assumed', [RESECTION_ASSUMPTION], { curativeIntent: true, feature: 'modalityResection' }),
    term('sorafenib', sorafenib, 'median OS 10.7 months (SHARP) for the cohort-average patient, on the landmark clock', 'cited', evidence('sorafenib').sources),
    term('lenvatinib', sorafenib + Math.log(hr('lenvatinib')), 'HR 0.92 vs sorafenib (REFLECT)', 'cited', evidence('lenvatinib').sources),
    term('atezolizumabBevacizumab', sorafenib + Math.log(hr('atezolizumabBevacizumab')), 'HR 0.66 vs sorafenib (IMbrave150 updated analysis)', 'cited', evidence('atezolizumabBevacizumab').sources, { feature: 'modalityAtezoBev' }),
    term('bestSupportiveCare', sorafenib + Math.log(hr('bestSupportiveCare')), 'HR 1/0.69 vs sorafenib (SHARP placebo arm)', 'cited', evidence('bestSupportiveCare').sources),
  ];
  // The regimen (cTACE vs DEB-TACE) tested in the same model on the rows with a stated regimen.
  const regimenRead = readCohortTable(csvText, HCC_TACE_MAPPING, { ...HCC_TACE_COHORT_SOURCES, debTace: { column: 'chemotherapy', eq: 'doxorubicin LC beads' } });
  const regimenFit = coxPh(regimenRead.outcome, regimenRead.covariates, { ties: 'efron' });
  const r = regimenFit.covariates.indexOf('debTace');
  const regimen = {
    question: 'drug-eluting-bead vs conventional TACE, adjusted for the five covariates, on the rows with a stated regimen ("Cisplatin, Mitomycin-C" read as conventional)',
    n: regimenFit.n,
    events: regimenFit.eventCount,
    debTace: regimenRead.covariates.debTace!.reduce((x, y) => x + y, 0),
    hazardRatio: Number(regimenFit.hazardRatio[r]!.toPrecision(6)),
    hazardRatio95: [Number(regimenFit.hazardRatioLower[r]!.toPrecision(6)), Number(regimenFit.hazardRatioUpper[r]!.toPrecision(6))],
    p: Number(regimenFit.p[r]!.toPrecision(4)),
    decision: 'not supported (the interval includes 1 widely): no DEB-TACE term; TACE is one reference term',
  };
  const gaps = hccTaceGaps(csvText);
  const units = hccTaceUnitEvidence(csvText);
  const spec: CohortCardSpec = {
    name: RISK_HCC_TACE_NAME,
    version: RISK_HCC_TACE_VERSION,
    disease: 'hcc',
    description:
      'Landmark Cox model for hepatocellular carcinoma after TACE, fitted on TCIA HCC-TACE-Seg: overall survival from the first follow-up scan, ' +
      'with the measured mRECIST response (continuous) and portal vein thrombosis, AFP, Child-Pugh and ECOG; other HCC treatments through cited or assumed terms, each marked. ' +
      `Per row: log-risk, S(t) at ${RISK_HCC_TACE_TIMES.join('/')} months, RMST to ${RISK_HCC_TACE_HORIZON} months.`,
    mapping: HCC_TACE_MAPPING,
    covariates: COVARIATES,
    modalities,
    extraTerms: [residualAfterCurativeTerm({
      curativeModalities: 'resection',
      transfer: 'same disease, transferred from TACE to resection; no R1-vs-R0 figure sourced',
      cohortConstant: 0,
      cohortReading: 'every cohort row (TACE, not curative-intent) is 0',
    })],
    times: RISK_HCC_TACE_TIMES,
    rmstHorizon: RISK_HCC_TACE_HORIZON,
    training: {
      cohort: 'TCIA HCC-TACE-Seg',
      cohortSources: HCC_TACE_COHORT_SOURCES,
      data: 'HCC-TACE-Seg clinical data (V2 table): 75 HCC patients treated with TACE, paired pre/post-TACE mRECIST/RECIST/EASL by three readers',
      licence: 'CC BY 4.0',
      citation: 'Moawad AW, et al. Multimodality annotated HCC cases with and without advanced imaging segmentation (HCC-TACE-Seg) [data set]. The Cancer Imaging Archive 2021. doi:10.7937/TCIA.5FNA-0924',
      outcome: 'overall survival from the first follow-up scan after TACE (landmark), months; Death_1_StillAliveorLostToFU_0 = 1 died',
      units: {
        assumed: 'OS, TTP and Interval_FU in weeks; Interval_BL in days (TCIA documents no unit); months = weeks x 12/52.1775',
        evidence: units,
      },
      landmark: 'time = (OS - Interval_FU) weeks in months; rows without Interval_FU have no landmark and are dropped; rows with no time after the landmark are excluded (none in this table: the follow-up scan precedes death or last contact in every row that has it)',
      regimen,
      covariateSelection: 'pre-specified (response, portal vein thrombosis, AFP >= 400, Child-Pugh B/C, ECOG >= 1), no selection on this data and no penalty; BCLC is left out because its stage C is defined by portal invasion and ECOG, which are in the model',
    },
    cvDesign: `${RISK_HCC_TACE_CV.folds}-fold cross-validation stratified by event, ${RISK_HCC_TACE_CV.repeats} repeats, seed ${RISK_HCC_TACE_CV.seed}`,
    gaps: {
      ...gaps,
      handling: 'Tr_Size (empty in most rows) and the regimen are not model covariates; a row needs Interval_FU (landmark) and at least one reader with both mRECIST sums; readers with a missing sum are left out of the mean',
    },
    assumptions: [
      'Units: OS, TTP and Interval_FU in weeks (every value is whole days / 7), Interval_BL in days (see training.units).',
      'Proportional hazards for every term on the landmark baseline of a TACE cohort.',
      'The fitted response term (diameterSumChange) applies to TACE only (responseTermApplies); for other treatments the covariate is held at its cohort mean, the value the treatment terms are calibrated at. The locoregional responder effect is not extended to systemic therapy.',
      'Systemic and supportive-care terms: published medians and randomised HRs applied to the cohort-average patient on the landmark clock (a patient alive at the first response assessment); cross-trial, not randomised against TACE.',
      'Resection: ASSUMED contrast vs cTACE from the default model (resected hepatoCellular cohort vs the published cTACE median), calibrated at a complete resection (residualAfterCurative 0).',
      'residualAfterCurative (resection only): ASSUMED transfer of the HCC-TACE-Seg residual-vs-complete contrast (HR 2.32, measured yes/no after TACE) to residual tumour after resection, read log-linearly in the measured residual viable fraction (ASSUMED); not fitted, 0 for every cohort row, so the cross-validated figures are those of the fitted covariates.',
      '"Cisplatin, Mitomycin-C" (1 row) is read as conventional TACE; regimen NA (10 rows) as not stated.',
    ],
    limitations: [
      `Small cohort (${built.fit.n} patients, ${built.fit.eventCount} deaths after the landmark): wide confidence intervals; cross-validated C about 0.6.`,
      'No external validation here; the maintainers hold back further patients for that.',
      `No extrapolation beyond the follow-up; RMST is restricted to ${RISK_HCC_TACE_HORIZON} months.`,
    ],
  };
  return { built, spec };
}
