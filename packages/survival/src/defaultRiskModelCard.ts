/**
 * The default risk model's artefacts: the ONNX bytes and its model card (models/<name>.json),
 * both pure functions of the hepatoCellular CSV text.
 */
import { createHash } from 'node:crypto';
import type { DefaultRiskModel } from './defaultRiskModel.ts';
import {
  DEFAULT_CV,
  DEFAULT_RISK_MODEL_NAME,
  DEFAULT_RISK_MODEL_VERSION,
  DEFAULT_RISK_TIMES_MONTHS,
  DEFAULT_RMST_HORIZON_MONTHS,
  RESIDUAL_AFTER_CURATIVE_FEATURE,
  buildDefaultRiskModel,
} from './defaultRiskModel.ts';
import { RESEARCH_USE_LABEL } from '@mewm/contracts';
import { COX_ONNX_IR_VERSION, COX_ONNX_OPSET, exportCoxLinearModelToOnnx } from './coxOnnxExport.ts';
import { HCC_COVARIATE_CODING } from './hepatoCellularCohort.ts';
import { MODALITY_EVIDENCE, MRECIST_RESPONDER_HR, RESIDUAL_AFTER_CURATIVE_EFFECT } from './publishedEffects.ts';
import type { CovariateSource, PlanSource } from '@mewm/models';
import { AFP_HIGH_NG_PER_ML, TUMOUR_LARGE_MM } from './riskFeatureEncoder.ts';

/** How `mewm plan` computes each clinical covariate of the default model (the cohort side is HCC_COVARIATE_CODING's). */
const CLINICAL_PLAN_SOURCES: Readonly<Record<string, { plan: PlanSource; note?: string }>> = {
  age: { plan: { from: 'clinical.ageYears' } },
  afpHigh: { plan: { from: 'clinical.afpNgPerMl', gt: AFP_HIGH_NG_PER_ML }, note: 'ng/mL, assumed cut-off: the cohort documents none' },
  tumorLarge: { plan: { from: 'imaging.largestBaselineDiameterMm', gt: TUMOUR_LARGE_MM }, note: 'mm, largest baseline axial diameter; assumed cut-off: the cohort documents none' },
  vascularInvasion: { plan: { from: 'clinical.macrovascularInvasion' }, note: 'macrovascular invasion on imaging; the cohort recorded invasion on the specimen' },
  multipleTumors: { plan: { from: 'imaging.lesionCount', gt: 1 }, note: 'segmented baseline lesions; assumed reading of the cohort group 2' },
  cirrhosis: { plan: { from: 'clinical.cirrhosis' } },
};

/** The default card's covariate declaration (card field covariateSources), in model order. */
export function defaultCovariateSources(covariates: readonly string[]): Record<string, CovariateSource> {
  const modalityOf = new Map(MODALITY_EVIDENCE.flatMap((e) => (e.feature ? [[e.feature, e.modality] as const] : [])));
  return Object.fromEntries(covariates.map((name): [string, CovariateSource] => {
    const coding = HCC_COVARIATE_CODING.find((c) => c.name === name);
    const clinical = CLINICAL_PLAN_SOURCES[name];
    if (coding && clinical) return [name, { plan: clinical.plan, cohort: coding.cohort, ...(clinical.note ? { note: clinical.note } : {}) }];
    if (name === 'mrecistResponder') return [name, { plan: { from: 'imaging.mrecistResponder' }, note: 'published term (Vincenzi 2015): not in the training cohort' }];
    if (name === RESIDUAL_AFTER_CURATIVE_FEATURE) return [name, { plan: { from: 'imaging.residualAfterCurative' }, note: 'assumed term: not in the training cohort' }];
    const modality = modalityOf.get(name);
    if (modality) return [name, { plan: { from: 'treatment.modality', eq: modality }, note: 'published term: not in the training cohort' }];
    throw new Error(`the default risk model has no declaration for covariate ${name}`);
  }));
}

export interface DefaultRiskModelArtifacts {
  readonly built: DefaultRiskModel;
  readonly onnx: Uint8Array;
  /** JSON-serialisable model card. */
  readonly card: Record<string, unknown>;
}

const round = (v: number, digits = 10): number => Number(v.toPrecision(digits));

/**
 * Builds the default risk model, exports it to ONNX and writes its card.
 * @throws SurvivalInputError for unusable CSV text.
 */
export function buildDefaultRiskModelArtifacts(csvText: string): DefaultRiskModelArtifacts {
  const built = buildDefaultRiskModel(csvText);
  const onnx = exportCoxLinearModelToOnnx(built.model, {
    times: DEFAULT_RISK_TIMES_MONTHS,
    rmstHorizon: DEFAULT_RMST_HORIZON_MONTHS,
    name: DEFAULT_RISK_MODEL_NAME,
    version: DEFAULT_RISK_MODEL_VERSION,
    timeUnit: 'months',
    description: 'Default HCC risk model: Cox model fitted on the hepatoCellular cohort plus published treatment-response terms',
    metadata: { ties: 'efron', card: `${DEFAULT_RISK_MODEL_NAME}.json` },
  });
  return { built, onnx, card: defaultRiskModelCard(built, onnx) };
}

/** The model card of a built default risk model and its ONNX bytes. */
export function defaultRiskModelCard(built: DefaultRiskModel, onnx: Uint8Array): Record<string, unknown> {
  const { fit, model, cohort, crossValidation: cv } = built;
  const p = model.covariates.length;
  const clinical = HCC_COVARIATE_CODING.map((c, a) => ({
    name: c.name,
    part: 'fitted',
    coding: c.coding,
    mean: round(fit.means[a]!),
    coefficient: round(fit.coefficients[a]!),
    stdErr: round(fit.stdErr[a]!),
    hazardRatio: round(fit.hazardRatio[a]!),
    hazardRatio95: [round(fit.hazardRatioLower[a]!), round(fit.hazardRatioUpper[a]!)],
    p: round(fit.p[a]!, 4),
    unknown: { imputeWith: round(built.imputation[c.name]!), rule: 'cohort mean (proportion for 0/1 covariates); the caller records an imputed flag' },
    source: 'fitted on hepatoCellular (coxph-equivalent, Efron ties)',
  }));
  const responder = {
    name: 'mrecistResponder',
    part: 'published',
    coding: `1 if mRECIST complete or partial response of the treated disease, 0 if stable or progressive disease; applies to ${MODALITY_EVIDENCE.filter((e) => e.responseTermApplies).map((e) => e.modality).join(', ')} only (locoregional; modalityCalibration responseTermApplies): 0 for resection and for systemic therapy and supportive care (not extended to them)`,
    mean: 0,
    coefficient: round(Math.log(MRECIST_RESPONDER_HR.hazardRatio)),
    hazardRatio: MRECIST_RESPONDER_HR.hazardRatio,
    unknown: { imputeWith: 'the modality responseRate below', rule: 'expected response probability of the modality where the term applies; the caller records an imputed flag' },
    source: MRECIST_RESPONDER_HR.source,
  };
  const modalityTerms = built.modalities
    .filter((m) => m.evidence.feature !== null)
    .map((m) => ({
      name: m.evidence.feature,
      part: 'published',
      coding: `1 if the treatment is ${m.evidence.label}, else 0 (at most one modality indicator is 1; all 0 = resection)`,
      mean: 0,
      coefficient: round(m.gamma),
      hazardRatioVsResection: round(Math.exp(m.gamma)),
      unknown: { imputeWith: null, rule: 'the modality must be known' },
      anchor: m.evidence.anchor,
      source: m.evidence.sources,
    }));
  const curative = MODALITY_EVIDENCE.filter((e) => e.curativeIntent).map((e) => e.modality);
  const residual = {
    name: RESIDUAL_AFTER_CURATIVE_FEATURE,
    part: 'assumed',
    coding:
      `1 if viable tumour remains after a curative-intent local treatment (modalities with curativeIntent: ${curative.join(', ')}; the planner scores ablation with the resection term): ` +
      'mRECIST of the follow-up not CR (PR, SD or PD) or new lesions; 0 after a complete one (mRECIST CR, no new lesions); 0 for every non-curative modality (their response acts through mrecistResponder)',
    mean: 0,
    coefficient: round(Math.log(RESIDUAL_AFTER_CURATIVE_EFFECT.hazardRatio)),
    hazardRatio: round(RESIDUAL_AFTER_CURATIVE_EFFECT.hazardRatio),
    unknown: {
      imputeWith: 0,
      rule: 'curative-intent modality with unknown outcome: 0 (complete), the value the curative modality is calibrated at (resection = the cohort reference: resected patients, mostly complete resections); the caller records an imputed flag. Non-curative modalities: 0 (not applicable), not imputed',
    },
    source: {
      status: RESIDUAL_AFTER_CURATIVE_EFFECT.status,
      value: `ASSUMED: hazard ratio ${round(RESIDUAL_AFTER_CURATIVE_EFFECT.hazardRatio, 6)} (95% CI ${RESIDUAL_AFTER_CURATIVE_EFFECT.hazardRatio95.join('-')}; log-hazard ${round(Math.log(RESIDUAL_AFTER_CURATIVE_EFFECT.hazardRatio), 6)}), the residual-vs-complete-response contrast measured after TACE on HCC-TACE-Seg`,
      rationale: RESIDUAL_AFTER_CURATIVE_EFFECT.rationale,
      basis: RESIDUAL_AFTER_CURATIVE_EFFECT.basis,
    },
  };
  const sha256 = createHash('sha256').update(onnx).digest('hex');
  return {
    schemaVersion: 1,
    name: DEFAULT_RISK_MODEL_NAME,
    version: DEFAULT_RISK_MODEL_VERSION,
    kind: 'survival-risk',
    label: RESEARCH_USE_LABEL,
    description:
      'Cox proportional hazards risk model for hepatocellular carcinoma: clinical covariate effects fitted on a real resected cohort (hepatoCellular), ' +
      'combined with fixed published treatment-response effects (mRECIST response, treatment modality) and an assumed residual-tumour term for curative-intent treatment. Per sample: log-risk, S(t) at 6/12/24/36/60 months, RMST to 60 months.',
    onnx: { path: `${DEFAULT_RISK_MODEL_NAME}.onnx`, sha256, sizeBytes: onnx.length, format: 'onnx', opset: COX_ONNX_OPSET, irVersion: COX_ONNX_IR_VERSION },
    inputs: [{ name: 'features', dtype: 'float32', shape: ['N', p], order: model.covariates, description: 'one row per sample; covariates in `order`, coded as in `covariates`' }],
    outputs: [
      { name: 'logRisk', dtype: 'float32', shape: ['N'], description: '(x - mean) . coefficient over all terms; higher = worse' },
      { name: 'survival', dtype: 'float32', shape: ['N', DEFAULT_RISK_TIMES_MONTHS.length], times: DEFAULT_RISK_TIMES_MONTHS, timeUnit: 'months', description: 'S(t) = exp(-H0(t) exp(logRisk))' },
      { name: 'rmst', dtype: 'float32', shape: ['N'], horizon: DEFAULT_RMST_HORIZON_MONTHS, timeUnit: 'months', description: 'restricted mean survival time: exact area under the step curve S from 0 to 60 months' },
    ],
    covariates: [...clinical, responder, ...modalityTerms, residual],
    covariateSources: defaultCovariateSources(model.covariates),
    baselineHazard: {
      source: 'Efron baseline cumulative hazard of the fitted clinical model (R basehaz(fit, centered = TRUE)), hepatoCellular OS in months',
      centring: 'age at its cohort mean; 0/1 covariates uncentred (R coxph leaves {0,1} columns uncentred); treatment terms uncentred',
      followUpMonths: round(Math.max(...Array.from(cohort.outcome.time))),
    },
    modalityCalibration: built.modalities.map((m) => ({
      modality: m.evidence.modality,
      feature: m.evidence.feature,
      curativeIntent: m.evidence.curativeIntent,
      anchor: m.evidence.anchor,
      responseRate: m.evidence.responseRate,
      responseTermApplies: m.evidence.responseTermApplies,
      coefficient: round(m.gamma),
      modelMedianOsMonths: m.modelMedianOsMonths,
      publishedMedianOsMonths: m.evidence.publishedMedianOsMonths,
      note:
        m.evidence.calibrationNote ?? (m.evidence.anchor.kind === 'median'
          ? 'S(median) = 1/2 for the cohort-average patient with the response imputed; model median is the step time at or below the published median'
          : m.evidence.anchor.kind === 'hazardRatio'
            ? 'randomised HR vs the comparator applied to the comparator\'s calibrated log-risk; the model median differs from the published arm because the trial\'s comparator arm differs from SHARP'
            : 'reference: the training cohort (resected patients, mostly complete resections), i.e. calibrated at residualAfterCurative = 0'),
    })),
    training: {
      data: 'hepatoCellular: 227 patients after curative resection of hepatocellular carcinoma, overall survival in months, death indicator',
      source: 'R package asaur (data for "Applied Survival Analysis Using R"), CC0; originally Li L, et al. PLoS One 2014;9(10):e110064',
      licence: 'CC0',
      n: fit.n,
      events: fit.eventCount,
      outcome: 'OS (months), Death (1 = died)',
      covariateSelection: 'pre-specified (the coding of packages/survival/reference/make-reference.R), not selected on this data',
      ties: 'efron',
    },
    evaluation: {
      metric: "Harrell's C on held-out folds (clinical part only: the published terms cannot be evaluated on this cohort)",
      design: `${DEFAULT_CV.folds}-fold cross-validation stratified by event, ${DEFAULT_CV.repeats} repeats, seed ${DEFAULT_CV.seed}`,
      cvConcordanceMean: round(cv.mean, 6),
      cvConcordanceSdAcrossFolds: round(cv.sdFolds, 6),
      cvConcordanceSdAcrossRepeats: round(cv.sdRepeats, 6),
      cvConcordanceRepeatMeans: cv.repeatMean.map((v) => round(v, 6)),
      cvConcordanceRange: [round(Math.min(...cv.foldConcordance), 6), round(Math.max(...cv.foldConcordance), 6)],
      apparentConcordance: round(built.apparentConcordance, 6),
      context: 'published clinical and CT-based HCC models reach about 0.6-0.75',
    },
    provenance: {
      legend:
        "published: a figure from a cited publication, with how far it was checked ('secondary' = found in a named secondary source, " +
        "'unverified' = from the project brief or memory of the paper, to be checked against the full text); assumed: a modelling choice " +
        'or cut-off without a source; fitted: estimated on the training cohort here.',
      published: [
        { value: MRECIST_RESPONDER_HR.hazardRatio, use: 'mrecistResponder hazard ratio (TACE only)', ...MRECIST_RESPONDER_HR.source },
        ...MODALITY_EVIDENCE.filter((e) => e.anchor.kind !== 'reference').flatMap((e) =>
          e.sources.map((src) => ({ use: `${e.modality}: ${e.anchor.kind === 'median' ? 'median OS anchor' : 'hazard ratio anchor'} and response rate ${e.responseRate}`, ...src })),
        ),
      ],
      assumed: [
        `AFP group 2 of the cohort read as AFP > ${AFP_HIGH_NG_PER_ML} ng/mL when encoding a patient (the cohort documents no cut-off).`,
        `Tumour-size group 2 read as a largest tumour > ${TUMOUR_LARGE_MM} mm; the encoder uses the largest baseline axial diameter of the segmented lesions.`,
        'Tumour-multiplicity group 2 read as more than one tumour; the encoder uses the number of segmented baseline lesions.',
        'vascularInvasion is fed with macrovascular invasion on imaging; the cohort recorded invasion on the resection specimen (micro- and macrovascular).',
        'The responder HR of loco-regional therapies (Vincenzi 2015) applies to TACE only; systemic therapies and supportive care are scored without a response term (their modality terms are calibrated without it).',
        'An unknown response is imputed with the modality\'s published objective response rate; the modality terms are calibrated at that rate.',
        'Best supportive care is scored as the placebo arm of SHARP (advanced HCC, Child-Pugh A, no prior systemic therapy): HR 1/0.69 vs the sorafenib term; its response rate (about 1%, RECIST, placebo arm) stands for the mRECIST response of untreated disease and is not confirmed against the paper.',
        `residualAfterCurative coefficient ln(${round(RESIDUAL_AFTER_CURATIVE_EFFECT.hazardRatio, 6)}) = ${round(Math.log(RESIDUAL_AFTER_CURATIVE_EFFECT.hazardRatio), 6)} is ASSUMED, not published: it ${RESIDUAL_AFTER_CURATIVE_EFFECT.rationale} (${RESIDUAL_AFTER_CURATIVE_EFFECT.basis.figure}). It is not the inverted responder HR of Vincenzi 2015.`,
        'The curative-intent modality (resection, the cohort reference) is calibrated at residualAfterCurative = 0 (resected patients, mostly complete resections); an unknown outcome after curative-intent treatment is imputed as 0 (complete).',
        'Unknown clinical covariates are imputed with the cohort mean (proportion for 0/1 covariates); the scoring output lists every imputation.',
      ],
      fitted: 'clinical coefficients (age, afpHigh, tumorLarge, vascularInvasion, multipleTumors, cirrhosis) and the baseline hazard, on hepatoCellular; reproduced by R coxph (reference/make-reference.R)',
    },
    intendedUse:
      'Research: ranking simulated treatment outcomes in the MeWM planner and studying how risk depends on response and modality. Not for clinical use, prognosis of individual patients or treatment decisions.',
    assumptions: [
      'Proportional hazards for every term, on the baseline hazard shape of a resected cohort.',
      'The published effects are independent of each other and of the clinical covariates (no interactions), and transfer from their trial populations to this model.',
      'Modality terms absorb the difference between trial populations (intermediate/advanced HCC) and the resected cohort: a cohort-average patient gets the published median of the modality.',
      'The responder HR (Vincenzi 2015, loco-regional therapies) is applied to TACE only, not to systemic therapy or supportive care.',
      'Curative-intent local treatment (resection; ablation in the planner) is scored by residual tumour instead of response: residual viable tumour (mRECIST not CR, or new lesions) carries the ASSUMED HR 2.32 vs a complete treatment (the residual-vs-complete-response contrast measured after TACE on HCC-TACE-Seg, transferred; no ablation- or resection-specific figure sourced). The mRECIST responder term stays 0 for it.',
      'Part of a modality\'s benefit is carried by its response rate: modality coefficients are calibrated with the response imputed at that rate, so at a fixed response status a modality with a higher response rate has a larger coefficient.',
      'Cross-trial comparisons (cTACE vs systemic therapy) are not randomised.',
      'The 1/2 group codes of AFP, tumour size and multiplicity have undocumented cut-offs (see coding).',
    ],
    limitations: [
      `Small cohort (${fit.n} patients, ${fit.eventCount} deaths): wide confidence intervals on the fitted coefficients.`,
      `Age shows no detectable effect in this cohort (p = ${fit.p[0]!.toFixed(2)}); it is kept because it was pre-specified.`,
      'Baseline hazard is from resected patients (better prognosis than TACE or systemic-therapy populations); absolute survival for other modalities rests on the median calibration only.',
      'No external validation; the CV C-index covers the clinical part only.',
      'Survival is not extrapolated beyond the cohort follow-up; RMST is restricted to 60 months.',
    ],
    researchUse: RESEARCH_USE_LABEL,
  };
}
