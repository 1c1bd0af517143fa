/**
 * Long synchronous loops (parsing every file of a series, decoding every slice) would hold Node's event
 * loop for seconds on a large upload: a server could answer nothing else meanwhile, not even the
 * upload's own progress. `cooperativeYield` returns a function to await once per iteration: it yields to
 * the event loop (a macrotask turn, so pending I/O and timers run) when at least `everyMs` of work has
 * passed since the last yield, and costs nothing otherwise.
 */
import { setImmediate as nextTurn } from 'node:timers/promises';

export const DEFAULT_YIELD_EVERY_MS = 20;

export function cooperativeYield(everyMs: number = DEFAULT_YIELD_EVERY_MS): () => Promise<void> {
  let last = performance.now();
  return async () => {
    if (performance.now() - last < everyMs) return;
    await nextTurn();
    last = performance.now();
  };
}
