/**
 * The default HCC risk model: a Cox model whose clinical part is fitted on the hepatoCellular
 * cohort (resected HCC, OS in months, Efron ties) and whose treatment-response part is fixed from
 * published figures (see publishedEffects.ts):
 *
 *   logRisk = sum_clinical beta_c (x_c - mean_c)              fitted, R's centring
 *           + log(0.39) * mrecistResponder                     Vincenzi 2015 (TACE only: 0 for other modalities)
 *           + sum_m gamma_m * modality_m                       resection = reference (all 0)
 *           + log(2.32) * residualAfterCurative                 ASSUMED (HCC-TACE-Seg residual vs CR, transferred)
 *
 * gamma_m for a median-anchored modality solves S(M_m) = 1/2 for the cohort-average patient
 * (clinical covariates at the cohort means) with mrecistResponder = the modality's response rate
 * where the responder term applies (TACE: the value an unknown response is imputed with), else 0: gamma_m = log(log 2 / H0(M_m)) - lp_avg -
 * log(0.39) * pi_m (pi_m = 0 where the responder term does not apply). A hazard-ratio-anchored modality gets the log-risk of its comparator at that
 * same profile plus log(HR). Combining the parts is an assumption (proportional hazards,
 * independent effects, a resected cohort's baseline hazard shape): see the card's limitations.
 *
 * residualAfterCurative (the last column, appended so that every other column keeps its position):
 * 1 if viable tumour remains after a curative-intent local treatment (mRECIST not CR, or new
 * lesions), 0 otherwise and 0 for every non-curative modality. The
 * curative modality (resection) is the cohort reference, i.e. resected patients, mostly complete
 * resections: it is calibrated at residualAfterCurative = 0, which is also the value an unknown
 * outcome is imputed with. The term is 0 for the other modalities, so their gammas are unchanged.
 * Its coefficient is ASSUMED (RESIDUAL_AFTER_CURATIVE_EFFECT: the residual-vs-complete-response contrast
 * measured after TACE on HCC-TACE-Seg, transferred).
 */
import type { CoxFit } from './coxPh.ts';
import { coxPh } from './coxPh.ts';
import { coxBaselineHazard } from './coxBaseline.ts';
import type { CoxLinearModel } from './coxLinearModel.ts';
import { baselineHazardAt } from './coxLinearModel.ts';
import type { CrossValidatedConcordance } from './crossValidatedConcordance.ts';
import { crossValidatedConcordance } from './crossValidatedConcordance.ts';
import { concordanceIndex } from './concordance.ts';
import type { HccCohort } from './hepatoCellularCohort.ts';
import { HCC_COVARIATE_CODING, hepatoCellularCohort } from './hepatoCellularCohort.ts';
import type { ModalityEvidence } from './publishedEffects.ts';
import { MODALITY_EVIDENCE, MRECIST_RESPONDER_HR, RESIDUAL_AFTER_CURATIVE_EFFECT } from './publishedEffects.ts';
import { SurvivalInputError } from './errors.ts';

export const DEFAULT_RISK_MODEL_NAME = 'risk-cox-hcc';
/**
 * 0.3.0: the responder term applies to TACE only (not to systemic therapy or supportive care), the
 * residualAfterCurative coefficient is the HCC-TACE-Seg residual-vs-complete contrast (not the inverted
 * responder HR), IMbrave150 response 27.3 %. 0.2.0: residualAfterCurative appended (0.1.0 had 12 columns).
 */
export const DEFAULT_RISK_MODEL_VERSION = '0.3.0';
export const DEFAULT_RISK_TIMES_MONTHS: readonly number[] = [6, 12, 24, 36, 60];
export const DEFAULT_RMST_HORIZON_MONTHS = 60;
/** Cross-validation design: 10-fold, 5 repeats, fixed seed. */
export const DEFAULT_CV = { folds: 10, repeats: 5, seed: 20240601 } as const;
/** Name of the residual-tumour-after-curative-treatment column (the last one). */
export const RESIDUAL_AFTER_CURATIVE_FEATURE = 'residualAfterCurative';

export interface ModalityTerm {
  readonly evidence: ModalityEvidence;
  /** Log-hazard coefficient of the indicator (0 for the reference). */
  readonly gamma: number;
  /** Model median OS (months) for the cohort-average patient with the response imputed; NaN if S stays above 1/2 within follow-up. */
  readonly modelMedianOsMonths: number;
}

export interface DefaultRiskModel {
  readonly model: CoxLinearModel;
  readonly fit: CoxFit;
  readonly cohort: HccCohort;
  /** Cohort means of the clinical covariates: the imputation values for unknowns. */
  readonly imputation: Readonly<Record<string, number>>;
  /** Clinical log-risk of the cohort-average patient, (xbar - means)' beta. */
  readonly averageClinicalLogRisk: number;
  readonly modalities: readonly ModalityTerm[];
  readonly crossValidation: CrossValidatedConcordance;
  /** Harrell's C of the fitted clinical part on its own training data (optimistic). */
  readonly apparentConcordance: number;
}

/** The responder value a modality is calibrated at: its response rate where the responder term applies (TACE), else 0. */
const imputedResponse = (ev: ModalityEvidence): number => (ev.responseTermApplies ? ev.responseRate : 0);

const mean = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;

/** First step time where exp(-H0(t) exp(eta)) <= 1/2 (R's median of a survival step curve), NaN if none. */
function stepMedian(model: CoxLinearModel, eta: number): number {
  const target = Math.log(2) / Math.exp(eta);
  const { time, cumulativeHazard } = model.baseline;
  for (let j = 0; j < time.length; j++) if (cumulativeHazard[j]! >= target) return time[j]!;
  return Number.NaN;
}

/**
 * Builds the default risk model from the hepatoCellular CSV text (deterministic: the same text
 * gives the same coefficients and bytes).
 * @throws SurvivalInputError for unusable CSV text; Cox fitting errors propagate.
 */
export function buildDefaultRiskModel(csvText: string): DefaultRiskModel {
  const cohort = hepatoCellularCohort(csvText);
  const fit = coxPh(cohort.outcome, cohort.covariates, { ties: 'efron' });
  const baseline = coxBaselineHazard(fit, { centered: true });
  const imputation = Object.fromEntries(HCC_COVARIATE_CODING.map((c) => [c.name, mean(cohort.covariates[c.name]!)]));
  const averageClinicalLogRisk = fit.covariates.reduce((s, c, a) => s + (imputation[c]! - fit.means[a]!) * fit.coefficients[a]!, 0);
  const betaResponder = Math.log(MRECIST_RESPONDER_HR.hazardRatio);

  // Population-level log-risk c_m of each modality at the cohort-average profile, response imputed.
  const populationLogRisk = new Map<string, number>([['resection', averageClinicalLogRisk]]);
  for (const ev of MODALITY_EVIDENCE) {
    if (ev.anchor.kind === 'median') {
      const h = baselineHazardAt(baseline, ev.anchor.medianOsMonths);
      if (!(h > 0)) throw new SurvivalInputError('baseline', `no baseline hazard by ${ev.anchor.medianOsMonths} months to anchor ${ev.modality}`);
      populationLogRisk.set(ev.modality, Math.log(Math.log(2) / h));
    } else if (ev.anchor.kind === 'hazardRatio') {
      const base = populationLogRisk.get(ev.anchor.versus);
      if (base === undefined) throw new SurvivalInputError('MODALITY_EVIDENCE', `${ev.modality} is anchored on ${ev.anchor.versus}, which must come first`);
      populationLogRisk.set(ev.modality, base + Math.log(ev.anchor.hazardRatio));
    }
  }
  const betaResidual = Math.log(RESIDUAL_AFTER_CURATIVE_EFFECT.hazardRatio);
  // residualAfterCurative last, so that the columns of the earlier terms keep their positions.
  const treatmentFeatures = ['mrecistResponder', ...MODALITY_EVIDENCE.flatMap((e) => (e.feature ? [e.feature] : [])), RESIDUAL_AFTER_CURATIVE_FEATURE];
  const gammas = MODALITY_EVIDENCE.map((ev) =>
    ev.anchor.kind === 'reference' ? 0 : populationLogRisk.get(ev.modality)! - averageClinicalLogRisk - betaResponder * imputedResponse(ev),
  );
  const model: CoxLinearModel = {
    covariates: [...fit.covariates, ...treatmentFeatures],
    coefficients: [...fit.coefficients, betaResponder, ...gammas.filter((_, k) => MODALITY_EVIDENCE[k]!.feature !== null), betaResidual],
    means: [...fit.means, ...treatmentFeatures.map(() => 0)],
    baseline,
  };
  const modalities = MODALITY_EVIDENCE.map((evidence, k) => ({
    evidence,
    gamma: gammas[k]!,
    modelMedianOsMonths: stepMedian(model, averageClinicalLogRisk + gammas[k]! + betaResponder * imputedResponse(evidence)),
  }));
  return {
    model,
    fit,
    cohort,
    imputation,
    averageClinicalLogRisk,
    modalities,
    crossValidation: crossValidatedConcordance(cohort.outcome, cohort.covariates, { ...DEFAULT_CV, ties: 'efron' }),
    apparentConcordance: concordanceIndex(cohort.outcome, fit.linearPredictor).concordance,
  };
}
