/**
 * Repeated K-fold cross-validated Harrell's C of a Cox model: for each repeat the subjects are
 * shuffled with a seeded PRNG and split into K folds stratified by event status (events and
 * censored subjects dealt round-robin, so every fold holds events); the model is fitted on K - 1
 * folds and Harrell's C of its linear predictor is computed on the held-out fold.
 */
import { seededUniform as prng } from './seededUniform.ts';
import type { SurvivalOutcome } from './outcome.ts';
import { checkOutcome } from './outcome.ts';
import type { CovariateColumns } from './coxDesign.ts';
import type { CoxTies } from './coxLikelihood.ts';
import { coxPh } from './coxPh.ts';
import { coxLinearPredictor } from './coxBaseline.ts';
import { concordanceIndex } from './concordance.ts';
import { SurvivalInputError } from './errors.ts';

export interface CrossValidationOptions {
  /** Folds K in [2, n]; default 10. */
  readonly folds?: number;
  /** Repeats in [1, 1000]; default 5. */
  readonly repeats?: number;
  /** Seed of the shuffling PRNG (mulberry32), an integer; default 20240601. */
  readonly seed?: number;
  readonly ties?: CoxTies;
}

export interface CrossValidatedConcordance {
  readonly folds: number;
  readonly repeats: number;
  readonly seed: number;
  /** Held-out Harrell's C per fit, repeat-major (repeats x folds entries). */
  readonly foldConcordance: readonly number[];
  /** Mean held-out C per repeat. */
  readonly repeatMean: readonly number[];
  /** Mean over all held-out folds. */
  readonly mean: number;
  /** Standard deviation over all held-out folds (fold-to-fold spread). */
  readonly sdFolds: number;
  /** Standard deviation of the repeat means (spread due to the split). */
  readonly sdRepeats: number;
}


function shuffle(idx: number[], rand: () => number): number[] {
  for (let i = idx.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [idx[i], idx[j]] = [idx[j]!, idx[i]!];
  }
  return idx;
}

/** Fold number per subject, stratified by event status. */
export function assignFolds(event: Uint8Array, k: number, rand: () => number): Int32Array {
  const fold = new Int32Array(event.length);
  const events = shuffle(Array.from(event.keys()).filter((i) => event[i] === 1), rand);
  const censored = shuffle(Array.from(event.keys()).filter((i) => event[i] !== 1), rand);
  [...events, ...censored].forEach((i, r) => (fold[i] = r % k));
  return fold;
}

const sd = (xs: readonly number[]): number => {
  if (xs.length < 2) return Number.NaN;
  const m = xs.reduce((a, b) => a + b, 0) / xs.length;
  return Math.sqrt(xs.reduce((a, x) => a + (x - m) ** 2, 0) / (xs.length - 1));
};

/**
 * Repeated stratified K-fold cross-validated Harrell's C (held-out folds) of coxPh on `covariates`.
 * @throws SurvivalInputError for invalid options or data; errors of coxPh (e.g. a covariate
 * constant within a training split) propagate.
 */
export function crossValidatedConcordance(
  outcome: SurvivalOutcome,
  covariates: CovariateColumns,
  { folds = 10, repeats = 5, seed = 20240601, ties = 'efron' }: CrossValidationOptions = {},
): CrossValidatedConcordance {
  const data = checkOutcome(outcome);
  if (!Number.isInteger(folds) || folds < 2 || folds > data.n) throw new SurvivalInputError('folds', `must be an integer in [2, ${data.n}]`);
  if (!Number.isInteger(repeats) || repeats < 1 || repeats > 1000) throw new SurvivalInputError('repeats', 'must be an integer in [1, 1000]');
  if (!Number.isSafeInteger(seed)) throw new SurvivalInputError('seed', 'must be a safe integer');
  if (covariates === null || typeof covariates !== 'object' || Object.keys(covariates).length === 0) {
    throw new SurvivalInputError('covariates', 'expected named covariate columns');
  }
  const names = Object.keys(covariates);
  for (const name of names) {
    if (covariates[name]?.length !== data.n) throw new SurvivalInputError(`covariates.${name}`, `expected ${data.n} values`);
  }
  const rand = prng(seed);
  const foldConcordance: number[] = [];
  const repeatMean: number[] = [];
  for (let r = 0; r < repeats; r++) {
    const fold = assignFolds(data.event, folds, rand);
    const cs: number[] = [];
    for (let f = 0; f < folds; f++) {
      const train = Array.from(fold.keys()).filter((i) => fold[i] !== f);
      const test = Array.from(fold.keys()).filter((i) => fold[i] === f);
      const pick = (rows: number[]) => Object.fromEntries(names.map((c) => [c, rows.map((i) => covariates[c]![i]!)]));
      const fit = coxPh({ time: train.map((i) => data.time[i]!), event: train.map((i) => data.event[i]!) }, pick(train), { ties });
      const score = test.map((i) => coxLinearPredictor(fit, Object.fromEntries(names.map((c) => [c, covariates[c]![i]!]))));
      const c = concordanceIndex({ time: test.map((i) => data.time[i]!), event: test.map((i) => data.event[i]!) }, score).concordance;
      cs.push(c);
    }
    foldConcordance.push(...cs);
    repeatMean.push(cs.reduce((a, b) => a + b, 0) / cs.length);
  }
  const mean = foldConcordance.reduce((a, b) => a + b, 0) / foldConcordance.length;
  return { folds, repeats, seed, foldConcordance, repeatMean, mean, sdFolds: sd(foldConcordance), sdRepeats: sd(repeatMean) };
}
