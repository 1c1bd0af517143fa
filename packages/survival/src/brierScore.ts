/**
 * Brier score with inverse-probability-of-censoring weights (Graf et al. 1999) and its integral.
 * BS(t) = mean_i [ 1{T_i <= t, event} S_i(t)^2 / G(T_i-) + 1{T_i > t} (1 - S_i(t))^2 / G(t) ],
 * G = Kaplan-Meier of the censoring distribution; subjects censored by t contribute 0.
 */
import type { SurvivalOutcome } from './outcome.ts';
import type { CheckedOutcome } from './outcome.ts';
import { checkNumberInRange, checkOutcome } from './outcome.ts';
import type { CensoringSurvival } from './censoringSurvival.ts';
import { censoringSurvival } from './censoringSurvival.ts';
import { checkTimes } from './timeDependentAuc.ts';
import { SurvivalInputError } from './errors.ts';

/** Returns the predicted survival S(t | x_i) of every subject, in outcome order, at time t. */
export type SurvivalPredictor = (time: number) => ArrayLike<number>;

function brierAt(data: CheckedOutcome, g: CensoringSurvival, predict: SurvivalPredictor, t: number): number {
  const s = predict(t);
  if (s === null || typeof s !== 'object' || s.length !== data.n) {
    throw new SurvivalInputError('predict', `must return ${data.n} survival probabilities`);
  }
  const gt = g.at(t);
  let sum = 0;
  for (let i = 0; i < data.n; i++) {
    const si = s[i];
    if (typeof si !== 'number' || !(si >= 0 && si <= 1)) {
      throw new SurvivalInputError('predict', `returned a value outside [0, 1] for subject ${i}`);
    }
    const ti = data.time[i]!;
    if (ti > t) sum += (1 - si) ** 2 / gt;
    else if (data.event[i] === 1) sum += si ** 2 / g.before(ti);
  }
  return sum / data.n;
}

/**
 * Brier score at each requested time (outcome's time unit).
 * @throws SurvivalInputError for invalid outcome/times or predictions outside [0, 1].
 */
export function brierScore(outcome: SurvivalOutcome, predict: SurvivalPredictor, times: ArrayLike<number>): Float64Array {
  const data = checkOutcome(outcome);
  if (typeof predict !== 'function') throw new SurvivalInputError('predict', 'expected a function time -> survival per subject');
  const horizons = checkTimes(times);
  const g = censoringSurvival(data);
  return horizons.map((t) => brierAt(data, g, predict, t));
}

/**
 * Integrated Brier score: (1 / horizon) * integral over [0, horizon] of BS(t), computed exactly
 * because BS is a right-continuous step function that changes only at observed times.
 * @throws SurvivalInputError for a horizon <= 0 or the errors of brierScore.
 */
export function integratedBrierScore(outcome: SurvivalOutcome, predict: SurvivalPredictor, horizon: number): number {
  const data = checkOutcome(outcome);
  if (typeof predict !== 'function') throw new SurvivalInputError('predict', 'expected a function time -> survival per subject');
  checkNumberInRange('horizon', horizon, 0, Number.MAX_VALUE, { loOpen: true });
  const grid = [...new Set([0, ...Array.from(data.time).filter((t) => t < horizon)])].sort((a, b) => a - b);
  const g = censoringSurvival(data);
  let integral = 0;
  grid.forEach((t, k) => {
    const next = k + 1 < grid.length ? grid[k + 1]! : horizon;
    integral += brierAt(data, g, predict, t) * (next - t);
  });
  return integral / horizon;
}
