/**
 * Restricted mean survival time (area under a survival step curve up to a horizon), as in R's
 * print(survfit(...), rmean = horizon).
 */
import { SurvivalInputError } from './errors.ts';
import { checkNumberInRange } from './outcome.ts';

export interface StepCurve {
  readonly time: ArrayLike<number>;
  readonly survival: ArrayLike<number>;
  /** With nRisk and nEvent (a Kaplan-Meier curve) the standard error is computed too. */
  readonly nRisk?: ArrayLike<number>;
  readonly nEvent?: ArrayLike<number>;
}

export interface RestrictedMean {
  /** Horizon used, in the curve's time unit. */
  readonly horizon: number;
  /** Integral of S(t) over [0, horizon], in the curve's time unit. */
  readonly rmst: number;
  /** R's se(rmean) (Greenwood-type); NaN when the curve carries no counts. */
  readonly stdErr: number;
}

/**
 * RMST = integral_0^horizon S(t) dt for a right-continuous step curve starting at S(0) = 1.
 * @throws SurvivalInputError for a non-positive horizon, unsorted or mis-sized arrays.
 */
export function restrictedMeanSurvival(curve: StepCurve, horizon: number): RestrictedMean {
  checkNumberInRange('horizon', horizon, 0, Number.MAX_VALUE, { loOpen: true });
  const m = curve.time.length;
  if (curve.survival.length !== m) throw new SurvivalInputError('curve.survival', `length must equal time length ${m}`);
  for (let j = 0; j < m; j++) {
    const t = curve.time[j]!;
    if (!Number.isFinite(t) || t < 0 || (j > 0 && t < curve.time[j - 1]!)) {
      throw new SurvivalInputError('curve.time', `entry ${j} must be finite, >= 0 and not below the previous time`);
    }
  }
  const withCounts = curve.nRisk !== undefined && curve.nEvent !== undefined;
  if (withCounts && (curve.nRisk.length !== m || curve.nEvent.length !== m)) {
    throw new SurvivalInputError('curve.nRisk', `nRisk and nEvent lengths must equal ${m}`);
  }
  // Pieces [t_j, t_{j+1}) up to the horizon; S = 1 before the first time.
  let area = 0;
  let prevTime = 0;
  let prevSurv = 1;
  const hazardTerm: number[] = [];
  let k = 0; // number of curve times <= horizon
  for (let j = 0; j < m && curve.time[j]! <= horizon; j++) {
    const t = curve.time[j]!;
    area += (t - prevTime) * prevSurv;
    prevTime = t;
    prevSurv = curve.survival[j]!;
    if (withCounts) {
      const n = curve.nRisk[j]!;
      const d = curve.nEvent[j]!;
      hazardTerm.push(n - d === 0 ? 0 : d / (n * (n - d)));
    }
    k++;
  }
  const tail = (horizon - prevTime) * prevSurv;
  area += tail;
  let stdErr = Number.NaN;
  if (withCounts) {
    // Area after t_j up to the horizon, accumulated backwards.
    let after = 0;
    let variance = 0;
    const times = curve.time;
    for (let j = k - 1; j >= 0; j--) {
      const next = j + 1 < k ? times[j + 1]! : horizon;
      after += (next - times[j]!) * curve.survival[j]!;
      variance += after * after * hazardTerm[j]!;
    }
    stdErr = Math.sqrt(variance);
  }
  return { horizon, rmst: area, stdErr };
}
