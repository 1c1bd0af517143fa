/**
 * Out-of-fold predictions of a Cox model under the repeated stratified K-fold design of
 * crossValidatedConcordance (same seed -> same folds): for each repeat, every subject's linear
 * predictor (centred on its training fold's means) and survival at `times` come from the fit that did
 * not see it. From them: held-out time-dependent AUC, Brier score and calibration by risk group.
 */
import type { SurvivalOutcome } from './outcome.ts';
import { checkOutcome } from './outcome.ts';
import type { CovariateColumns } from './coxDesign.ts';
import type { CoxTies } from './coxLikelihood.ts';
import { coxPh } from './coxPh.ts';
import { coxBaselineHazard, coxLinearPredictor } from './coxBaseline.ts';
import { baselineHazardAt } from './coxLinearModel.ts';
import { assignFolds } from './crossValidatedConcordance.ts';
import { seededUniform as prng } from './seededUniform.ts';
import { SurvivalInputError } from './errors.ts';

export interface OutOfFoldRepeat {
  /** Held-out linear predictor per subject. */
  readonly linearPredictor: Float64Array;
  /** Held-out S(times[k]) per subject: survival[k][i]. */
  readonly survival: readonly Float64Array[];
}

export interface OutOfFoldPredictions {
  readonly folds: number;
  readonly repeats: number;
  readonly seed: number;
  readonly times: readonly number[];
  readonly perRepeat: readonly OutOfFoldRepeat[];
}

export interface OutOfFoldOptions {
  readonly folds: number;
  readonly repeats: number;
  readonly seed: number;
  readonly ties?: CoxTies;
}

/**
 * @throws SurvivalInputError for invalid options; coxPh errors on a training split propagate.
 */
export function crossValidatedPredictions(
  outcome: SurvivalOutcome, covariates: CovariateColumns, times: readonly number[], { folds, repeats, seed, ties = 'efron' }: OutOfFoldOptions,
): OutOfFoldPredictions {
  const data = checkOutcome(outcome);
  if (!Number.isInteger(folds) || folds < 2 || folds > data.n) throw new SurvivalInputError('folds', `must be an integer in [2, ${data.n}]`);
  if (!Number.isInteger(repeats) || repeats < 1 || repeats > 1000) throw new SurvivalInputError('repeats', 'must be an integer in [1, 1000]');
  const names = Object.keys(covariates);
  const rand = prng(seed);
  const perRepeat: OutOfFoldRepeat[] = [];
  for (let r = 0; r < repeats; r++) {
    const fold = assignFolds(data.event, folds, rand);
    const lp = new Float64Array(data.n);
    const surv = times.map(() => new Float64Array(data.n));
    for (let f = 0; f < folds; f++) {
      const train = Array.from(fold.keys()).filter((i) => fold[i] !== f);
      const test = Array.from(fold.keys()).filter((i) => fold[i] === f);
      const pick = (rows: number[]) => Object.fromEntries(names.map((c) => [c, rows.map((i) => covariates[c]![i]!)]));
      const fit = coxPh({ time: train.map((i) => data.time[i]!), event: train.map((i) => data.event[i]!) }, pick(train), { ties });
      const base = coxBaselineHazard(fit, { centered: true });
      const h0 = times.map((t) => baselineHazardAt(base, t));
      for (const i of test) {
        const eta = coxLinearPredictor(fit, Object.fromEntries(names.map((c) => [c, covariates[c]![i]!])));
        lp[i] = eta;
        h0.forEach((h, k) => (surv[k]![i] = Math.exp(-h * Math.exp(eta))));
      }
    }
    perRepeat.push({ linearPredictor: lp, survival: surv });
  }
  return { folds, repeats, seed, times, perRepeat };
}
