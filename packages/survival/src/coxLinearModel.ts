/**
 * A Cox model reduced to what scoring needs: covariate names, coefficients, centring constants
 * and the baseline cumulative hazard at the centring point. A CoxFit reduces to one
 * (`coxLinearModelFromFit`); the default risk model adds fixed published terms to a fitted one.
 * `predictCoxLinearModel` is the TypeScript reference of what the exported ONNX graph computes.
 */
import type { CoxFit } from './coxPh.ts';
import type { CumulativeHazard } from './coxBaseline.ts';
import { stepIndex } from './eventTable.ts';
import { restrictedMeanSurvival } from './restrictedMean.ts';
import { SurvivalInputError } from './errors.ts';

export interface CoxLinearModel {
  /** Covariate names in feature order. */
  readonly covariates: readonly string[];
  /** Log-hazard coefficient per covariate (per unit of the covariate). */
  readonly coefficients: ArrayLike<number>;
  /** Centring constants: logRisk = (x - means)' coefficients (R's fit$means). */
  readonly means: ArrayLike<number>;
  /** H0(t) at x = means (R's basehaz(fit, centered = TRUE)), in the training time unit. */
  readonly baseline: CumulativeHazard;
}

export interface CoxScores {
  /** (x - means)' beta per row. */
  readonly logRisk: Float64Array;
  /** survival[i][k] = S(times[k] | x_i) = exp(-H0(times[k]) exp(logRisk_i)). */
  readonly survival: readonly Float64Array[];
  /** Restricted mean survival time to the horizon per row, in the time unit. */
  readonly rmst: Float64Array;
}

/** The linear model of a CoxFit with its (centred) baseline hazard. */
export function coxLinearModelFromFit(fit: CoxFit, baseline: CumulativeHazard): CoxLinearModel {
  if (fit === null || typeof fit !== 'object' || !(fit.coefficients instanceof Float64Array) || !Array.isArray(fit.covariates)) {
    throw new SurvivalInputError('fit', 'expected a CoxFit returned by coxPh');
  }
  const model = { covariates: fit.covariates, coefficients: fit.coefficients, means: fit.means, baseline };
  checkCoxLinearModel(model);
  return model;
}

/**
 * Checks names, coefficient and mean lengths and the baseline step function (ascending times
 * >= 0, non-decreasing finite hazard >= 0).
 * @throws SurvivalInputError naming the offending part.
 */
export function checkCoxLinearModel(model: CoxLinearModel, argument = 'model'): void {
  if (model === null || typeof model !== 'object') throw new SurvivalInputError(argument, 'expected a Cox linear model');
  const p = model.covariates?.length ?? 0;
  if (p < 1) throw new SurvivalInputError(`${argument}.covariates`, 'expected at least one covariate name');
  if (new Set(model.covariates).size !== p || model.covariates.some((c) => typeof c !== 'string' || c.length === 0)) {
    throw new SurvivalInputError(`${argument}.covariates`, 'names must be distinct non-empty strings');
  }
  for (const key of ['coefficients', 'means'] as const) {
    const v = model[key];
    if (v?.length !== p) throw new SurvivalInputError(`${argument}.${key}`, `expected ${p} numbers, one per covariate`);
    for (let a = 0; a < p; a++) {
      if (!Number.isFinite(v[a])) throw new SurvivalInputError(`${argument}.${key}`, `entry ${a} must be finite`);
    }
  }
  const b = model.baseline;
  const arg = `${argument}.baseline`;
  if (b === null || typeof b !== 'object' || b.time?.length === undefined || b.cumulativeHazard?.length !== b.time.length || b.time.length === 0) {
    throw new SurvivalInputError(arg, 'expected { time, cumulativeHazard } of equal, non-zero length (coxBaselineHazard(fit))');
  }
  for (let j = 0; j < b.time.length; j++) {
    const t = b.time[j]!;
    const h = b.cumulativeHazard[j]!;
    if (!Number.isFinite(t) || t < 0 || (j > 0 && t <= b.time[j - 1]!)) {
      throw new SurvivalInputError(`${arg}.time`, `entry ${j} must be finite, >= 0 and above the previous time`);
    }
    if (!Number.isFinite(h) || h < 0 || (j > 0 && h < b.cumulativeHazard[j - 1]!)) {
      throw new SurvivalInputError(`${arg}.cumulativeHazard`, `entry ${j} must be finite, >= 0 and not below the previous value`);
    }
  }
}

/** H0(t) of the right-continuous baseline step function (0 before the first time). */
export function baselineHazardAt(baseline: CumulativeHazard, t: number): number {
  const k = stepIndex(baseline.time, t);
  return k < 0 ? 0 : baseline.cumulativeHazard[k]!;
}

/**
 * Checks the requested survival times and RMST horizon: finite, times strictly ascending in
 * [0, last baseline time], horizon in (0, last baseline time] (no extrapolation past follow-up).
 * @throws SurvivalInputError
 */
export function checkScoringTimes(baseline: CumulativeHazard, times: readonly number[], rmstHorizon: number): void {
  const last = baseline.time[baseline.time.length - 1]!;
  if (!Array.isArray(times) || times.length === 0) throw new SurvivalInputError('times', 'expected a non-empty array of times');
  times.forEach((t, k) => {
    if (typeof t !== 'number' || !Number.isFinite(t) || t < 0 || t > last || (k > 0 && t <= times[k - 1]!)) {
      throw new SurvivalInputError('times', `entry ${k} must be finite, strictly ascending and within [0, ${last}] (the baseline's follow-up)`);
    }
  });
  if (typeof rmstHorizon !== 'number' || !Number.isFinite(rmstHorizon) || rmstHorizon <= 0 || rmstHorizon > last) {
    throw new SurvivalInputError('rmstHorizon', `must be a finite number in (0, ${last}] (the baseline's follow-up)`);
  }
}

/**
 * Scores feature rows (covariates in model order, training units) with the TypeScript reference
 * of the exported graph: logRisk, S(t) at `times` and RMST to `rmstHorizon` (exact area under the
 * predicted step curve, via restrictedMeanSurvival).
 * @throws SurvivalInputError for an invalid model, times, or rows of the wrong length / non-finite values.
 */
export function predictCoxLinearModel(
  model: CoxLinearModel,
  rows: readonly (readonly number[])[],
  { times, rmstHorizon }: { times: readonly number[]; rmstHorizon: number },
): CoxScores {
  checkCoxLinearModel(model);
  checkScoringTimes(model.baseline, times, rmstHorizon);
  if (!Array.isArray(rows) || rows.length === 0) throw new SurvivalInputError('rows', 'expected a non-empty array of feature rows');
  const p = model.covariates.length;
  const logRisk = Float64Array.from(rows, (row, i) => {
    if (!Array.isArray(row) || row.length !== p) throw new SurvivalInputError(`rows[${i}]`, `expected ${p} features (${model.covariates.join(', ')})`);
    let eta = 0;
    row.forEach((v, a) => {
      if (typeof v !== 'number' || !Number.isFinite(v)) throw new SurvivalInputError(`rows[${i}][${a}]`, 'must be a finite number');
      eta += (v - model.means[a]!) * model.coefficients[a]!;
    });
    return eta;
  });
  const hazardAtTimes = times.map((t) => baselineHazardAt(model.baseline, t));
  const survival = Array.from(logRisk, (eta) => Float64Array.from(hazardAtTimes, (h) => Math.exp(-h * Math.exp(eta))));
  const rmst = Float64Array.from(logRisk, (eta) => {
    const rr = Math.exp(eta);
    const curve = { time: model.baseline.time, survival: Array.from(model.baseline.cumulativeHazard, (h) => Math.exp(-h * rr)) };
    return restrictedMeanSurvival(curve, rmstHorizon).rmst;
  });
  return { logRisk, survival, rmst };
}
