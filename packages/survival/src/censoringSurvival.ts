/**
 * Kaplan-Meier estimate G of the censoring distribution, for inverse-probability-of-censoring
 * weights (IPCW): R's survfit(Surv(time, 1 - status) ~ 1), censorings as events, deaths at the
 * same time still in the risk set.
 */
import type { CheckedOutcome } from './outcome.ts';
import { eventTable, stepIndex } from './eventTable.ts';

export interface CensoringSurvival {
  readonly time: Float64Array;
  readonly survival: Float64Array;
  /** G(t): right-continuous value at t. */
  at(t: number): number;
  /** G(t-): value just before t. */
  before(t: number): number;
}

export function censoringSurvival(data: CheckedOutcome): CensoringSurvival {
  const table = eventTable(data);
  const survival = new Float64Array(table.time.length);
  let g = 1;
  for (let j = 0; j < table.time.length; j++) {
    const n = table.nRisk[j]!;
    const c = table.nCensor[j]!;
    if (c > 0) g *= (n - c) / n;
    survival[j] = g;
  }
  const time = table.time;
  return {
    time,
    survival,
    at: (t) => {
      const k = stepIndex(time, t);
      return k < 0 ? 1 : survival[k]!;
    },
    before: (t) => {
      const k = stepIndex(time, t, true);
      return k < 0 ? 1 : survival[k]!;
    },
  };
}
