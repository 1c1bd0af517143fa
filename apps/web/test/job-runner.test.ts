/**
 * The in-process job runner, the throttled progress writer, and the plan worker process with a stub
 * planner (no database, no planner: test/support/stub-run-plan.ts).
 */
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { PlanProgress, PlanRequestInput } from '@mewm/contracts';
import { JobCancelledError, JobRunner, QueueFullError } from '../src/server/services/job-runner.ts';
import { toPlanInputError } from '../src/server/services/plan-jobs-bridge.ts';
import { createProgressWriter, nextProgress } from '../src/server/services/plan-jobs-progress.ts';
import { queuedProgress, type PlanJobProgress } from '../src/server/services/plan-jobs-view.ts';
import { runPlanInWorker, type PlanWorkerOptions } from '../src/server/services/plan-jobs-worker.ts';
import { PlanWorkerCrashError } from '../src/server/services/plan-jobs-worker-protocol.ts';
import { InvalidInputError } from '../src/server/errors.ts';
import { isAlive } from './support/process-alive.ts';

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

  it('aborts a running job\'s signal when it is cancelled (a plan job passes it on to its worker)', async () => {
    const signals: AbortSignal[] = [];
    const runner = new JobRunner({ run: (job) => new Promise((resolve) => {
      signals.push(job.signal);
      job.signal.addEventListener('abort', () => resolve());
    }) });
    runner.enqueue('a');
    await tick();
    expect(signals[0]!.aborted).toBe(false);
    expect(runner.cancel('a')).toBe('signalled');
    expect(signals[0]!.aborted).toBe(true);
    await runner.whenIdle();
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

const stub = new URL('./support/stub-run-plan.ts', import.meta.url).href;
const work = mkdtempSync(join(tmpdir(), 'mewm-plan-worker-test-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Run the stub runPlan (behaviour = its first candidate) in a worker process; collect progress and pids. */
function runStub(behaviour: string, opts: PlanWorkerOptions & { signal?: AbortSignal; onProgress?: (e: PlanProgress) => void } = {}) {
  const events: PlanProgress[] = [];
  const pids: number[] = [];
  const request: PlanRequestInput = {
    inputs: { kind: 'files', ct: [join(work, 'ct.nii.gz')], lesion: { kind: 'mask', path: join(work, 'mask.nii.gz') } },
    options: { disease: 'crlm', policy: 'user', candidates: [behaviour], samples: 1, seed: 1, clinical: {}, pseudonym: 'CASE-TEST' },
    outDir: join(work, 'plans', behaviour),
  };
  const result = runPlanInWorker(request, {
    onProgress: (e) => {
      events.push(e);
      opts.onProgress?.(e);
    },
    signal: opts.signal ?? new AbortController().signal,
  }, { plannerModule: stub, onSpawn: (pid) => pids.push(pid), ...(opts.cancelGraceMs ? { cancelGraceMs: opts.cancelGraceMs } : {}) });
  return { result, events, pids };
}

describe('plan worker process', () => {
  it('runs runPlan in another process, forwards its progress events in order, and has ended when it resolves', async () => {
    const { result, events, pids } = runStub('ok');
    const summary = await result;
    expect(pids).toHaveLength(1);
    expect(pids[0]).not.toBe(process.pid);
    expect(summary.topCandidate).toBe(`pid ${pids[0]}`);
    expect(events.map((e) => (e.phase === 'simulate' ? e.sample : 0))).toEqual([1, 2, 3]);
    expect(isAlive(pids[0]!)).toBe(false);
  });

  it('cancel reaches the worker: a cooperative plan stops at its next checkpoint, well before its end', async () => {
    const controller = new AbortController();
    const { result, events, pids } = runStub('slow', { signal: controller.signal, onProgress: () => controller.abort() });
    await expect(result).rejects.toBeInstanceOf(JobCancelledError);
    expect(events.length).toBeGreaterThan(0);
    expect(events.length).toBeLessThan(200);
    expect(isAlive(pids[0]!)).toBe(false);
  });

  it('a worker that does not stop when cancelled is killed after the grace period', async () => {
    const controller = new AbortController();
    const { result, events, pids } = runStub('stubborn', { signal: controller.signal, cancelGraceMs: 300, onProgress: () => controller.abort() });
    await expect(result).rejects.toBeInstanceOf(JobCancelledError);
    expect(events.map((e) => e.phase)).toEqual(['policy']);
    expect(isAlive(pids[0]!)).toBe(false);
  });

  it('a worker that exits without an outcome (exit code 7) rejects with PlanWorkerCrashError naming the exit code', async () => {
    const { result, events } = runStub('crash');
    const e = await result.catch((x: unknown) => x);
    expect(e).toBeInstanceOf(PlanWorkerCrashError);
    expect((e as Error).message).toMatch(/stopped unexpectedly \(exit code 7\)/);
    expect(events).toHaveLength(1);
    // The stub's partial folder stays for the caller to remove (plan-jobs-run.ts removePlanOutputs).
    expect(readdirSync(join(work, 'plans'))).toContain('.crash.partial-stub');
  });

  it('errors cross the boundary as class name and code only; input errors keep their message for people', async () => {
    const leaky = await runStub('leaky').result.then(() => new Error('resolved'), (x: unknown) => x as Error & { code?: string });
    expect(leaky).toMatchObject({ name: 'Error', code: 'ENOENT', message: 'the planner failed (Error)' });
    // eslint-disable-next-line @typescript-eslint/no-misused-spread -- the error's own properties are what would be serialised across the process boundary
    expect(JSON.stringify({ ...leaky, message: leaky.message, stack: leaky.stack })).not.toMatch(/Doe|\/data\/cases/);
    const input = await runStub('input').result.catch((x: unknown) => x);
    expect(input).toMatchObject({ name: 'PlannerInputError', code: 'INPUT', message: 'samples: must be 1..64' });
    expect(toPlanInputError(input)).toBeInstanceOf(InvalidInputError);
  });

  it('bad input: a job cancelled before it starts spawns nothing; a planner module that cannot load fails by class name', async () => {
    const controller = new AbortController();
    controller.abort();
    const early = runStub('ok', { signal: controller.signal });
    await expect(early.result).rejects.toBeInstanceOf(JobCancelledError);
    expect(early.pids).toEqual([]);
    const missing = runPlanInWorker(
      { inputs: { kind: 'files', ct: ['ct'], lesion: { kind: 'mask', path: 'mask' } }, options: { disease: 'crlm', policy: 'user', candidates: ['ok'] }, outDir: join(work, 'x') },
      { onProgress: () => undefined, signal: new AbortController().signal },
      { plannerModule: pathToFileURL(join(work, 'no-such-planner.ts')).href },
    );
    const e = await missing.catch((x: unknown) => x as Error & { code?: string });
    expect(e).toMatchObject({ code: 'ERR_MODULE_NOT_FOUND', message: expect.stringMatching(/^the planner failed/) });
    expect(existsSync(join(work, 'x'))).toBe(false);
  });
});
