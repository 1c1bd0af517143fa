/**
 * Planner progress events → the job's progress JSON, written to the database at most every
 * `minIntervalMs` (and at once when the phase or the candidate changes), one write at a time.
 */
import 'server-only';
import type { PlanProgress } from '@mewm/contracts';
import type { PlanJobProgress } from './plan-jobs-view.ts';

export const PROGRESS_WRITE_INTERVAL_MS = 400;

/** The next progress from the previous one and a planner event. */
export function nextProgress(prev: PlanJobProgress, e: PlanProgress): PlanJobProgress {
  switch (e.phase) {
    case 'policy':
      return { ...prev, phase: 'policy', message: e.message, fraction: Math.max(prev.fraction, 0.02) };
    case 'search':
      return {
        ...prev, phase: 'search', message: `searching protocols: depth ${e.depth} of ${e.depths}, ${e.evaluated} evaluated`,
        search: { depth: e.depth, depths: e.depths, evaluated: e.evaluated }, fraction: Math.max(prev.fraction, 0.02 + 0.3 * (e.depth / Math.max(1, e.depths))),
      };
    case 'simulate': {
      const start = prev.search ? 0.35 : 0.05;
      const done = (e.candidate - 1) * e.samples + e.sample;
      return {
        ...prev, phase: 'simulate', message: `candidate ${e.candidate} of ${e.candidates}, sample ${e.sample} of ${e.samples}`,
        candidate: e.candidate, candidates: e.candidates, sample: e.sample, samples: e.samples, candidateName: e.name,
        fraction: start + (0.92 - start) * (done / (e.candidates * e.samples)),
      };
    }
    case 'report':
      return { ...prev, phase: 'report', message: e.message, fraction: Math.max(prev.fraction, 0.93) };
  }
}

export interface ProgressWriter {
  readonly current: PlanJobProgress;
  /** Record a new progress; written now if due, else at the next due write or flush. */
  update(p: PlanJobProgress): void;
  /** Write the latest progress if it has not been written; resolves when every write is done. */
  flush(): Promise<void>;
  /** How many database writes were made. */
  readonly writes: number;
}

export function createProgressWriter(
  initial: PlanJobProgress,
  write: (p: PlanJobProgress) => Promise<void>,
  opts: { minIntervalMs?: number; now?: () => number } = {},
): ProgressWriter {
  const minIntervalMs = opts.minIntervalMs ?? PROGRESS_WRITE_INTERVAL_MS;
  const now = opts.now ?? (() => performance.now());
  let current = initial;
  let written: PlanJobProgress | null = null;
  let lastWriteAt = -Infinity;
  let writes = 0;
  let chain: Promise<void> = Promise.resolve();
  let failure: unknown;

  const enqueueWrite = () => {
    const p = current;
    written = p;
    lastWriteAt = now();
    writes++;
    chain = chain.then(() => write(p)).catch((e: unknown) => {
      failure = e;
    });
  };

  return {
    get current() {
      return current;
    },
    get writes() {
      return writes;
    },
    update(p) {
      const prev = written;
      current = p;
      const changed = prev === null || prev.phase !== p.phase || prev.candidate !== p.candidate;
      if (changed || now() - lastWriteAt >= minIntervalMs) enqueueWrite();
    },
    async flush() {
      if (written !== current) enqueueWrite();
      await chain;
      if (failure !== undefined) {
        const e = failure;
        failure = undefined;
        throw e instanceof Error ? e : new Error('a progress write failed', { cause: e });
      }
    },
  };
}
