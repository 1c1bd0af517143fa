/**
 * Baseline cumulative hazard and predicted survival curves of a Cox fit, matching R's
 * basehaz(fit, centered) and survfit(fit, newdata): Breslow increments d / sum(r) for
 * ties = 'breslow', Efron increments sum_k 1 / (sum(r) - k/d sum_deaths(r)) for ties = 'efron'
 * (R's default ctype for each), and S(t | x) = exp(-H0(t) exp((x - means)' beta)).
 */
import type { CoxFit } from './coxPh.ts';
import { orderByTime } from './outcome.ts';
import type { CovariateColumns } from './coxDesign.ts';
import { stepIndex } from './eventTable.ts';
import { SurvivalInputError } from './errors.ts';

export interface CumulativeHazard {
  /** All distinct training times (events and censorings), ascending, in the training unit. */
  readonly time: Float64Array;
  readonly cumulativeHazard: Float64Array;
}

export interface PredictedSurvival {
  readonly time: Float64Array;
  /** One curve per profile, aligned with `time`. */
  readonly survival: readonly Float64Array[];
  /** Linear predictor (x - means)' beta per profile. */
  readonly linearPredictor: Float64Array;
}

/** Cumulative hazard at the centring point (x = means), on the training times. */
function centredCumulativeHazard(fit: CoxFit): CumulativeHazard {
  const order = orderByTime(fit.time, fit.event);
  const n = order.length;
  const times: number[] = [];
  const increments: number[] = [];
  let riskSum = 0;
  // Walk backwards so the risk-set sum accumulates; collect increments, then reverse.
  let k = n - 1;
  while (k >= 0) {
    const t = fit.time[order[k]!]!;
    let deathRisk = 0;
    let deaths = 0;
    for (; k >= 0 && fit.time[order[k]!] === t; k--) {
      const i = order[k]!;
      const r = Math.exp(fit.linearPredictor[i]!);
      riskSum += r;
      if (fit.event[i] === 1) {
        deaths++;
        deathRisk += r;
      }
    }
    let inc = 0;
    if (deaths > 0) {
      if (fit.ties === 'breslow') inc = deaths / riskSum;
      else for (let j = 0; j < deaths; j++) inc += 1 / (riskSum - (j / deaths) * deathRisk);
    }
    times.push(t);
    increments.push(inc);
  }
  times.reverse();
  increments.reverse();
  const cumulativeHazard = new Float64Array(times.length);
  let h = 0;
  increments.forEach((v, j) => {
    h += v;
    cumulativeHazard[j] = h;
  });
  return { time: Float64Array.from(times), cumulativeHazard };
}

/**
 * Baseline cumulative hazard H0(t) like R's basehaz(fit, centered): `centered = true` (R's
 * default) gives the hazard at x = fit.means, `false` at x = 0.
 */
export function coxBaselineHazard(fit: CoxFit, { centered = true }: { centered?: boolean } = {}): CumulativeHazard {
  checkFit(fit);
  const base = centredCumulativeHazard(fit);
  if (centered) return base;
  let shift = 0;
  fit.means.forEach((m, a) => (shift -= m * fit.coefficients[a]!));
  const factor = Math.exp(shift);
  return { time: base.time, cumulativeHazard: base.cumulativeHazard.map((h) => h * factor) };
}

/**
 * Linear predictor (x - means)' beta of one covariate profile.
 * @throws SurvivalInputError when a covariate is missing, unknown or non-finite.
 */
export function coxLinearPredictor(fit: CoxFit, profile: Readonly<Record<string, number>>, argument = 'profile'): number {
  if (profile === null || typeof profile !== 'object') throw new SurvivalInputError(argument, 'expected an object of covariate values');
  for (const key of Object.keys(profile)) {
    if (!fit.covariates.includes(key)) throw new SurvivalInputError(`${argument}.${key}`, 'is not a covariate of the fit');
  }
  let eta = 0;
  fit.covariates.forEach((name, a) => {
    const v = profile[name];
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      throw new SurvivalInputError(`${argument}.${name}`, 'must be a finite number');
    }
    eta += (v - fit.means[a]!) * fit.coefficients[a]!;
  });
  return eta;
}

/**
 * Predicted survival curves S(t | x) for covariate profiles, like R's survfit(fit, newdata).
 * @throws SurvivalInputError for an empty profile list or invalid profiles.
 */
export function coxPredictSurvival(fit: CoxFit, profiles: readonly Readonly<Record<string, number>>[]): PredictedSurvival {
  checkFit(fit);
  if (!Array.isArray(profiles) || profiles.length === 0) {
    throw new SurvivalInputError('profiles', 'expected a non-empty array of covariate profiles');
  }
  const rows: readonly Readonly<Record<string, number>>[] = profiles; // (Array.isArray widens a readonly array to any[])
  const linearPredictor = Float64Array.from(rows.map((pr, k) => coxLinearPredictor(fit, pr, `profiles[${k}]`)));
  const base = centredCumulativeHazard(fit);
  const survival = Array.from(linearPredictor, (eta) => {
    const rr = Math.exp(eta);
    return base.cumulativeHazard.map((h) => Math.exp(-h * rr));
  });
  return { time: base.time, survival, linearPredictor };
}

/**
 * A predictor S(t | x_i) for every subject, for brierScore / integratedBrierScore: the training
 * subjects of the fit when `covariates` is omitted, otherwise the rows of `covariates` (same
 * names as the fit, one array per covariate).
 * @throws SurvivalInputError for missing, extra, mis-sized or non-finite covariate columns.
 */
export function coxSurvivalPredictor(fit: CoxFit, covariates?: CovariateColumns): (time: number) => Float64Array {
  checkFit(fit);
  let lp: Float64Array = fit.linearPredictor;
  if (covariates !== undefined) {
    if (covariates === null || typeof covariates !== 'object') throw new SurvivalInputError('covariates', 'expected named columns');
    for (const key of Object.keys(covariates)) {
      if (!fit.covariates.includes(key)) throw new SurvivalInputError(`covariates.${key}`, 'is not a covariate of the fit');
    }
    const first = covariates[fit.covariates[0]!];
    const m = first?.length ?? 0;
    lp = new Float64Array(m);
    fit.covariates.forEach((name, a) => {
      const col = covariates[name];
      if (!col || col.length !== m) throw new SurvivalInputError(`covariates.${name}`, `expected an array of ${m} numbers`);
      for (let i = 0; i < m; i++) {
        const v = col[i];
        if (typeof v !== 'number' || !Number.isFinite(v)) throw new SurvivalInputError(`covariates.${name}`, `entry ${i} must be a finite number`);
        lp[i]! += (v - fit.means[a]!) * fit.coefficients[a]!;
      }
    });
  }
  const relRisk = lp.map(Math.exp);
  const base = centredCumulativeHazard(fit);
  return (t: number) => {
    const k = stepIndex(base.time, t);
    const h = k < 0 ? 0 : base.cumulativeHazard[k]!;
    return relRisk.map((r) => Math.exp(-h * r));
  };
}

function checkFit(fit: CoxFit): void {
  if (fit === null || typeof fit !== 'object' || !(fit.coefficients instanceof Float64Array) || !(fit.time instanceof Float64Array)) {
    throw new SurvivalInputError('fit', 'expected a CoxFit returned by coxPh');
  }
}
