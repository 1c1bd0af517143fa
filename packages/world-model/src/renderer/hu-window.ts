/**
 * The renderer's intensity mapping: HU in the card's window [lo, hi] ↔ model units in [-1, 1],
 * linear, clamped at both ends (HU outside the window saturate; the model never sees them).
 */
import { ModelInputError } from '../errors.ts';

export type HuWindow = readonly [lo: number, hi: number];

function checkWindow(window: HuWindow): void {
  const [lo, hi] = window;
  if (!(Number.isFinite(lo) && Number.isFinite(hi) && hi > lo)) {
    throw new ModelInputError(`huWindow must be [lo, hi] HU with finite lo < hi, got [${lo}, ${hi}]`);
  }
}

/** x = clamp(2 · (hu − lo) / (hi − lo) − 1, −1, 1). */
export function huToModel(hu: ArrayLike<number>, window: HuWindow): Float32Array {
  checkWindow(window);
  const [lo, hi] = window;
  const scale = 2 / (hi - lo);
  const out = new Float32Array(hu.length);
  for (let i = 0; i < hu.length; i++) out[i] = Math.min(1, Math.max(-1, (hu[i]! - lo) * scale - 1));
  return out;
}

/** hu = lo + (clamp(x, −1, 1) + 1) / 2 · (hi − lo). */
export function modelToHu(x: ArrayLike<number>, window: HuWindow): Float32Array {
  checkWindow(window);
  const [lo, hi] = window;
  const half = (hi - lo) / 2;
  const out = new Float32Array(x.length);
  for (let i = 0; i < x.length; i++) out[i] = lo + (Math.min(1, Math.max(-1, x[i]!)) + 1) * half;
  return out;
}
