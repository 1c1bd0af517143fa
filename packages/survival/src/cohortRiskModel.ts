/**
 * A Cox risk model fitted on a real cohort table read through a declarative mapping
 * (cohorts/readCohortTable.ts), with cross-validated figures (repeated stratified K-fold, held-out
 * folds only): Harrell's C, time-dependent AUC, Brier score and calibration (predicted vs
 * Kaplan–Meier survival at a horizon by risk tertile). Deterministic for the same table and options.
 */
import type { CohortSource } from '@mewm/models';
import type { CoxFit } from './coxPh.ts';
import { coxPh } from './coxPh.ts';
import { coxBaselineHazard } from './coxBaseline.ts';
import { baselineHazardAt, type CoxLinearModel } from './coxLinearModel.ts';
import { concordanceIndex } from './concordance.ts';
import { crossValidatedConcordance, type CrossValidatedConcordance } from './crossValidatedConcordance.ts';
import { crossValidatedPredictions } from './crossValidatedPredictions.ts';
import { timeDependentAuc } from './timeDependentAuc.ts';
import { brierScore } from './brierScore.ts';
import { kaplanMeier } from './kaplanMeier.ts';
import { readCohortTable, type CohortRead } from './cohorts/readCohortTable.ts';
import type { CohortTableMapping } from './cohorts/cohortTableMapping.ts';

export interface CohortFitOptions {
  /** Survival output times and metric times (table time unit). */
  readonly times: readonly number[];
  /** Horizon of the calibration table. */
  readonly calibrationHorizon: number;
  readonly cv: { readonly folds: number; readonly repeats: number; readonly seed: number };
}

export interface CalibrationGroup {
  readonly group: string;
  /** Subjects per group, averaged over repeats. */
  readonly n: number;
  /** Mean held-out predicted S(horizon), averaged over repeats. */
  readonly predicted: number;
  /** Kaplan–Meier S(horizon) of the group, averaged over repeats. */
  readonly observed: number;
}

export interface CohortCrossValidation {
  readonly concordance: CrossValidatedConcordance;
  /** Held-out AUC(t) per time: mean over repeats of the pooled out-of-fold marker. */
  readonly auc: readonly { readonly time: number; readonly auc: number }[];
  readonly brier: readonly { readonly time: number; readonly brier: number }[];
  readonly calibration: { readonly horizon: number; readonly groups: readonly CalibrationGroup[] };
}

export interface CohortRiskFit {
  readonly read: CohortRead;
  readonly fit: CoxFit;
  readonly model: CoxLinearModel;
  readonly apparentConcordance: number;
  readonly crossValidation: CohortCrossValidation;
}

const mean = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;

/** KM survival at t (step function, right-continuous). */
function kmAt(time: number[], event: number[], t: number): number {
  const km = kaplanMeier({ time, event });
  let s = 1;
  km.time.forEach((u, k) => { if (u <= t) s = km.survival[k]!; });
  return s;
}

/**
 * Fits the Cox model (Efron ties) on the complete rows and cross-validates it.
 * @throws SurvivalInputError for unusable tables; Cox fitting errors propagate.
 */
export function fitCohortRiskModel(
  csvText: string, mapping: CohortTableMapping, sources: Readonly<Record<string, CohortSource>>, opts: CohortFitOptions,
): CohortRiskFit {
  const read = readCohortTable(csvText, mapping, sources);
  const fit = coxPh(read.outcome, read.covariates, { ties: 'efron' });
  const baseline = coxBaselineHazard(fit, { centered: true });
  const model: CoxLinearModel = { covariates: fit.covariates, coefficients: fit.coefficients, means: fit.means, baseline };
  const { folds, repeats, seed } = opts.cv;
  const concordance = crossValidatedConcordance(read.outcome, read.covariates, { folds, repeats, seed, ties: 'efron' });
  const times = [...opts.times, opts.calibrationHorizon].filter((t, k, a) => a.indexOf(t) === k).sort((a, b) => a - b);
  const oof = crossValidatedPredictions(read.outcome, read.covariates, times, { folds, repeats, seed });
  const auc = opts.times.map((t) => ({ time: t, auc: mean(oof.perRepeat.map((r) => timeDependentAuc(read.outcome, r.linearPredictor, [t]).auc[0]!)) }));
  const brier = opts.times.map((t) => {
    const k = times.indexOf(t);
    return { time: t, brier: mean(oof.perRepeat.map((r) => brierScore(read.outcome, () => r.survival[k]!, [t])[0]!)) };
  });
  const h = times.indexOf(opts.calibrationHorizon);
  const names = ['low', 'middle', 'high'];
  const acc = names.map(() => ({ n: [] as number[], predicted: [] as number[], observed: [] as number[] }));
  for (const r of oof.perRepeat) {
    const order = Array.from(r.linearPredictor.keys()).sort((a, b) => r.linearPredictor[a]! - r.linearPredictor[b]!);
    names.forEach((_, g) => {
      const idx = order.slice(Math.floor((g * order.length) / 3), Math.floor(((g + 1) * order.length) / 3));
      acc[g]!.n.push(idx.length);
      acc[g]!.predicted.push(mean(idx.map((i) => r.survival[h]![i]!)));
      acc[g]!.observed.push(kmAt(idx.map((i) => read.outcome.time[i]!), idx.map((i) => read.outcome.event[i]!), opts.calibrationHorizon));
    });
  }
  return {
    read,
    fit,
    model,
    apparentConcordance: concordanceIndex(read.outcome, fit.linearPredictor).concordance,
    crossValidation: {
      concordance,
      auc,
      brier,
      calibration: {
        horizon: opts.calibrationHorizon,
        groups: names.map((group, g) => ({ group, n: mean(acc[g]!.n), predicted: mean(acc[g]!.predicted), observed: mean(acc[g]!.observed) })),
      },
    },
  };
}

/** S(t) of the cohort-average profile at t under a log-risk offset (for the modality calibration). */
export function survivalAt(model: CoxLinearModel, eta: number, t: number): number {
  return Math.exp(-baselineHazardAt(model.baseline, t) * Math.exp(eta));
}
