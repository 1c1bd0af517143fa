/**
 * Cumulative/dynamic time-dependent AUC with inverse-probability-of-censoring weights, as defined
 * in the timeROC package (Blanche et al. 2013): at horizon t, cases are subjects with an event at
 * or before t (weight 1 / G(T_i-)), controls are subjects still event-free after t (weight
 * 1 / G(t)); subjects censored before t are dropped. G = Kaplan-Meier of the censoring
 * distribution. Marker ties count 1/2. Higher marker = higher risk.
 */
import type { SurvivalOutcome } from './outcome.ts';
import { checkOutcome } from './outcome.ts';
import { censoringSurvival } from './censoringSurvival.ts';
import { stepIndex } from './eventTable.ts';
import { SurvivalInputError } from './errors.ts';

export interface TimeDependentAuc {
  readonly times: Float64Array;
  /** NaN at a time with no case or no control. */
  readonly auc: Float64Array;
}

/** Validates an array of finite evaluation times >= 0 (any order). */
export function checkTimes(times: ArrayLike<number>, argument = 'times'): Float64Array {
  if (times === null || typeof times !== 'object' || typeof times.length !== 'number' || times.length === 0 || times.length > 100_000) {
    throw new SurvivalInputError(argument, 'expected 1 to 100000 finite times >= 0');
  }
  return Float64Array.from({ length: times.length }, (_, k) => {
    const t = times[k];
    if (typeof t !== 'number' || !Number.isFinite(t) || t < 0) throw new SurvivalInputError(argument, `entry ${k} must be a finite number >= 0`);
    return t;
  });
}

/**
 * AUC(t) at each requested time.
 * @param marker one finite risk marker per subject (e.g. CoxFit.linearPredictor).
 * @param times horizons in the outcome's time unit.
 * @throws SurvivalInputError for mis-sized/non-finite markers or invalid times.
 */
export function timeDependentAuc(outcome: SurvivalOutcome, marker: ArrayLike<number>, times: ArrayLike<number>): TimeDependentAuc {
  const data = checkOutcome(outcome);
  if (marker === null || typeof marker !== 'object' || marker.length !== data.n) {
    throw new SurvivalInputError('marker', `expected an array of ${data.n} numbers`);
  }
  for (let i = 0; i < data.n; i++) {
    const v = marker[i];
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new SurvivalInputError('marker', `entry ${i} must be a finite number`);
  }
  const horizons = checkTimes(times);
  const g = censoringSurvival(data);
  const auc = horizons.map((t) => {
    const controls: number[] = [];
    const caseIdx: number[] = [];
    for (let i = 0; i < data.n; i++) {
      if (data.time[i]! > t) controls.push(marker[i]!);
      else if (data.event[i] === 1) caseIdx.push(i);
    }
    if (controls.length === 0 || caseIdx.length === 0) return Number.NaN;
    controls.sort((a, b) => a - b);
    // Control weights 1 / G(t) are equal and cancel in the ratio.
    let num = 0;
    let den = 0;
    for (const i of caseIdx) {
      const w = 1 / g.before(data.time[i]!);
      const m = marker[i]!;
      const below = stepIndex(controls, m, true) + 1;
      const atOrBelow = stepIndex(controls, m) + 1;
      num += (w * (below + 0.5 * (atOrBelow - below))) / controls.length;
      den += w;
    }
    return num / den;
  });
  return { times: horizons, auc };
}
