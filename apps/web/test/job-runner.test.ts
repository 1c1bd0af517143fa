/** The in-process job runner and the throttled progress writer (no database, no planner). */
import { describe, expect, it } from 'vitest';
import { JobCancelledError, JobRunner, QueueFullError } from '../src/server/services/job-runner.ts';
import { createProgressWriter, nextProgress } from '../src/server/services/plan-jobs-progress.ts';
import { queuedProgress, type PlanJobProgress } from '../src/server/services/plan-jobs-view.ts';

const tick = () => new Promise((r) => setImmediate(r));

describe('JobRunner', () => {
  it('runs one job at a time in FIFO order, outside the caller\'s tick', async () => {
    const log: string[] = [];
    const runner = new JobRunner({
      run: async (job) => {
        log.push(`start ${job.jobId}`);
        await tick();
        log.push(`end ${job.jobId}`);
      },
    });
    runner.enqueue('a');
    runner.enqueue('b');
    expect(log).toEqual([]);
    await runner.whenIdle();
    expect(log).toEqual(['start a', 'end a', 'start b', 'end b']);
  });

  it('takes a queued job off the queue, and flags a running one so that throwIfCancelled throws', async () => {
    const outcomes: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const runner = new JobRunner({
      run: async (job) => {
        await gate;
        try {
          job.throwIfCancelled();
          outcomes.push(`${job.jobId} done`);
        } catch (e) {
          outcomes.push(`${job.jobId} ${e instanceof JobCancelledError ? 'cancelled' : 'error'}`);
        }
      },
    });
    runner.enqueue('a');
    runner.enqueue('b');
    await tick();
    expect(runner.cancel('b')).toBe('dequeued');
    expect(runner.cancel('a')).toBe('signalled');
    expect(runner.isCancelRequested('a')).toBe(true);
    expect(runner.cancel('zzz')).toBe('unknown');
    release();
    await runner.whenIdle();
    expect(outcomes).toEqual(['a cancelled']);
  });

  it('bad input: a full queue is a typed CONFLICT error', () => {
    const runner = new JobRunner({ run: () => new Promise(() => undefined), maxQueued: 1 });
    runner.enqueue('a');
    expect(() => runner.enqueue('b')).toThrow(QueueFullError);
    expect(() => runner.enqueue('b')).toThrow(expect.objectContaining({ code: 'CONFLICT' }) as Error);
  });
});

describe('plan progress', () => {
  it('maps planner events to candidate i of N, sample k of K and a monotone fraction', () => {
    let p = queuedProgress({ samples: 2 });
    p = nextProgress(p, { phase: 'policy', policy: 'guideline', message: 'proposing' });
    const fractions = [p.fraction];
    for (let c = 1; c <= 3; c++) {
      for (let k = 1; k <= 2; k++) {
        p = nextProgress(p, { phase: 'simulate', candidate: c, candidates: 3, sample: k, samples: 2, name: `c${c}` });
        fractions.push(p.fraction);
      }
    }
    expect(p).toMatchObject({ phase: 'simulate', candidate: 3, candidates: 3, sample: 2, samples: 2, candidateName: 'c3' });
    p = nextProgress(p, { phase: 'report', message: 'writing outputs' });
    fractions.push(p.fraction);
    expect([...fractions].sort((a, b) => a - b)).toEqual(fractions);
    expect(p.fraction).toBeLessThan(1);
  });

  it('throttles database writes: every phase or candidate change at once, samples at most every interval, the last one on flush', async () => {
    let now = 0;
    const written: PlanJobProgress[] = [];
    const w = createProgressWriter(queuedProgress({ samples: 8 }), async (p) => {
      written.push(p);
    }, { minIntervalMs: 100, now: () => now });
    let p = w.current;
    for (let k = 1; k <= 8; k++) {
      now += 10;
      p = nextProgress(p, { phase: 'simulate', candidate: 1, candidates: 2, sample: k, samples: 8, name: 'a' });
      w.update(p);
    }
    expect(w.writes).toBe(1);
    now += 200;
    p = nextProgress(p, { phase: 'simulate', candidate: 2, candidates: 2, sample: 1, samples: 8, name: 'b' });
    w.update(p);
    p = nextProgress(p, { phase: 'simulate', candidate: 2, candidates: 2, sample: 2, samples: 8, name: 'b' });
    w.update(p);
    await w.flush();
    expect(written.map((x) => `${x.candidate}/${x.sample}`)).toEqual(['1/1', '2/1', '2/2']);
  });
});
