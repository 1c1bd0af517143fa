/**
 * Counts per distinct observed time: the common core of Kaplan-Meier, log-rank and IPCW weights.
 */
import type { CheckedOutcome } from './outcome.ts';
import { orderByTime } from './outcome.ts';

/** One row per distinct time (events or censorings), ascending. */
export interface EventTable {
  readonly time: Float64Array;
  /** Subjects with time >= this time. */
  readonly nRisk: Float64Array;
  readonly nEvent: Float64Array;
  readonly nCensor: Float64Array;
}

/** Builds the table from a checked outcome; input order does not matter. */
export function eventTable(outcome: CheckedOutcome): EventTable {
  const order = orderByTime(outcome.time, outcome.event);
  const times: number[] = [];
  const events: number[] = [];
  const censors: number[] = [];
  for (let k = 0; k < order.length; k++) {
    const i = order[k]!;
    const t = outcome.time[i]!;
    if (times.length === 0 || times[times.length - 1] !== t) {
      times.push(t);
      events.push(0);
      censors.push(0);
    }
    const last = times.length - 1;
    if (outcome.event[i] === 1) events[last]! += 1;
    else censors[last]! += 1;
  }
  const m = times.length;
  const nRisk = new Float64Array(m);
  let atRisk = outcome.n;
  for (let j = 0; j < m; j++) {
    nRisk[j] = atRisk;
    atRisk -= events[j]! + censors[j]!;
  }
  return {
    time: Float64Array.from(times),
    nRisk,
    nEvent: Float64Array.from(events),
    nCensor: Float64Array.from(censors),
  };
}

/**
 * Index of the last entry of ascending `times` that is <= t (or < t when `strict`), -1 if none.
 * Binary search: used to read right-continuous step functions.
 */
export function stepIndex(times: ArrayLike<number>, t: number, strict = false): number {
  let lo = 0;
  let hi = times.length - 1;
  let ans = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const v = times[mid]!;
    if (strict ? v < t : v <= t) {
      ans = mid;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  return ans;
}
