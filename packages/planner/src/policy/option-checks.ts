/** Checks of policy options: each failure is a PlannerInputError naming the option and its range. */
import { MAX_FOLLOW_UP_DAYS } from '@mewm/world-model';
import { PlannerInputError } from '../errors.ts';

export function checkPositiveInt(argument: string, value: number, max = Number.MAX_SAFE_INTEGER): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? 'an integer ≥ 1' : `an integer in 1–${max}`;
    throw new PlannerInputError(argument, `must be ${range}, got ${String(value)}`);
  }
  return value;
}

export function checkFollowUpDays(argument: string, value: number): number {
  return checkPositiveInt(argument, value, MAX_FOLLOW_UP_DAYS);
}
