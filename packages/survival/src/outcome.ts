/**
 * Right-censored outcome: the input shared by every function of the package, and its validation.
 */
import { SurvivalInputError } from './errors.ts';

/**
 * Follow-up time and event indicator per subject. `time` is in the caller's unit (days, months):
 * every result that reports a time uses the same unit. `event`: 1 / true = event observed,
 * 0 / false = censored at `time`.
 */
export interface SurvivalOutcome {
  readonly time: ArrayLike<number>;
  readonly event: ArrayLike<number | boolean>;
}

/** Validated copy: finite times >= 0 and 0/1 events. */
export interface CheckedOutcome {
  readonly n: number;
  readonly time: Float64Array;
  readonly event: Uint8Array;
  readonly eventCount: number;
}

/** Largest number of subjects accepted (keeps O(n) allocations bounded). */
export const MAX_SUBJECTS = 50_000_000;

function isArrayLike(x: unknown): x is ArrayLike<unknown> {
  return (
    x !== null &&
    typeof x === 'object' &&
    typeof (x as { length?: unknown }).length === 'number' &&
    Number.isInteger((x as { length: number }).length)
  );
}

/**
 * Checks an outcome and copies it into typed arrays.
 * Times must be finite and >= 0 (zero is allowed, as in R; negative times are refused although R's
 * Surv accepts them, because follow-up measured from a reference date cannot be negative).
 * @throws SurvivalInputError naming `argument.time` / `argument.event` and the offending index.
 */
export function checkOutcome(outcome: SurvivalOutcome, argument = 'outcome'): CheckedOutcome {
  if (outcome === null || typeof outcome !== 'object') {
    throw new SurvivalInputError(argument, 'expected an object { time, event }');
  }
  const { time, event } = outcome;
  if (!isArrayLike(time)) throw new SurvivalInputError(`${argument}.time`, 'expected an array of numbers');
  if (!isArrayLike(event)) throw new SurvivalInputError(`${argument}.event`, 'expected an array of 0/1 or booleans');
  const n = time.length;
  if (n < 1 || n > MAX_SUBJECTS) {
    throw new SurvivalInputError(`${argument}.time`, `length must be in [1, ${MAX_SUBJECTS}], got ${n}`);
  }
  if (event.length !== n) {
    throw new SurvivalInputError(`${argument}.event`, `length ${event.length} differs from time length ${n}`);
  }
  const t = new Float64Array(n);
  const e = new Uint8Array(n);
  let eventCount = 0;
  for (let i = 0; i < n; i++) {
    const ti = time[i];
    if (typeof ti !== 'number' || !Number.isFinite(ti) || ti < 0) {
      throw new SurvivalInputError(`${argument}.time`, `entry ${i} must be a finite number >= 0`);
    }
    const ei = event[i];
    let ev: number;
    if (ei === true || ei === 1) ev = 1;
    else if (ei === false || ei === 0) ev = 0;
    else throw new SurvivalInputError(`${argument}.event`, `entry ${i} must be 0, 1, true or false`);
    t[i] = ti;
    e[i] = ev;
    eventCount += ev;
  }
  return { n, time: t, event: e, eventCount };
}

/**
 * Subject indices sorted by ascending time; at equal times events come before censored subjects
 * (a subject censored at t was still at risk at t). Stable otherwise.
 */
export function orderByTime(time: Float64Array, event: Uint8Array): Uint32Array {
  const idx = Array.from({ length: time.length }, (_, i) => i);
  idx.sort((a, b) => time[a]! - time[b]! || event[b]! - event[a]! || a - b);
  return Uint32Array.from(idx);
}

/** Checks a numeric option lies in an open or closed interval. @throws SurvivalInputError */
export function checkNumberInRange(
  argument: string,
  value: unknown,
  lo: number,
  hi: number,
  { loOpen = false, hiOpen = false }: { loOpen?: boolean; hiOpen?: boolean } = {},
): number {
  if (
    typeof value !== 'number' ||
    !Number.isFinite(value) ||
    (loOpen ? value <= lo : value < lo) ||
    (hiOpen ? value >= hi : value > hi)
  ) {
    const range = `${loOpen ? '(' : '['}${lo}, ${hi}${hiOpen ? ')' : ']'}`;
    throw new SurvivalInputError(argument, `must be a finite number in ${range}`);
  }
  return value;
}
