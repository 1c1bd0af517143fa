/**
 * Runs one plan (the planner's runPlan) in a worker process, off the web server's event loop: the
 * planner's plan worker (packages/planner/dist/worker/plan-worker.js, built JavaScript: no TypeScript
 * loader), forked with an IPC channel, one process per job. The planner's progress events come back as messages; cancellation is a message that aborts
 * runPlan's signal in the worker (it stops at its next progress event or sample), and the process is killed when it has not ended `cancelGraceMs` later. A worker
 * that exits without an outcome (crash, native abort, out of memory, kill) rejects with
 * PlanWorkerCrashError, never leaving the job running. The promise settles only when the process has
 * ended, so one job never overlaps the next one's ONNX Runtime threads.
 *
 * A child process rather than a worker thread: onnxruntime-node's native binding is not robust in
 * worker threads (reported crashes when threads load it or are terminated), a native crash in a thread
 * would take the whole server down, and a killed process cannot leave the server in a bad state.
 */
import 'server-only';
import { fork } from 'node:child_process';
import { join } from 'node:path';
import type { FromPlanWorkerMessage, PlanProgress, PlanRequestInput, PlanRunSummary, ToPlanWorkerMessage } from '@mewm/contracts';
import { findRepoRoot } from '../repo-root.ts';
import { JobCancelledError } from './job-runner.ts';
import { PlanWorkerCrashError, PlanWorkerError, WEB_PLAN_ARGUMENT_NAMES } from './plan-jobs-worker-protocol.ts';

/** How long a cancelled worker may take to stop by itself before it is killed (ms). */
export const CANCEL_GRACE_MS = 5_000;
/** How long a worker may take to exit after reporting its outcome before it is killed (ms). */
const EXIT_GRACE_MS = 10_000;

export interface PlanWorkerOptions {
  cancelGraceMs?: number;
  /** A file URL of a module exporting `runPlan` in place of @mewm/planner's (tests). */
  plannerModule?: string;
  /** Called with the worker's process id once it is started (tests, diagnostics). */
  onSpawn?: (pid: number) => void;
}

export interface RunInWorkerHooks {
  onProgress: (e: PlanProgress) => void;
  /** Aborted when the job is cancelled. */
  signal: AbortSignal;
}

/**
 * The worker's entry file and Node flags, found from the repository root (not from a bundled module's
 * URL): the built planner; under vitest, its TypeScript source through tsx with the packages'
 * source condition, so tests run what is in the tree without a build.
 */
export function planWorkerEntry(): { path: string; execArgv: string[] } {
  const planner = join(findRepoRoot(), 'packages', 'planner');
  if (process.env.VITEST) return { path: join(planner, 'src', 'worker', 'plan-worker.ts'), execArgv: ['--conditions=mewm-source', '--import', 'tsx'] };
  return { path: join(planner, 'dist', 'worker', 'plan-worker.js'), execArgv: [] };
}

type Outcome = { ok: true; summary: PlanRunSummary } | { ok: false; error: Error };

export function runPlanInWorker(request: PlanRequestInput, hooks: RunInWorkerHooks, opts: PlanWorkerOptions = {}): Promise<PlanRunSummary> {
  if (hooks.signal.aborted) return Promise.reject(new JobCancelledError());
  return new Promise((resolve, reject) => {
    // execArgv: set, so the server's or the test runner's loader flags are not inherited.
    // turbopackIgnore: the entry is a file of the repository run by Node, not a module for Next to bundle.
    const entry = planWorkerEntry();
    const child = fork(/* turbopackIgnore: true */ entry.path, [], { execArgv: entry.execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'], serialization: 'json' });
    let outcome: Outcome | undefined;
    let killTimer: NodeJS.Timeout | undefined;
    let settled = false;

    const killAfter = (ms: number) => {
      killTimer ??= setTimeout(() => child.kill('SIGKILL'), ms);
    };
    const send = (m: ToPlanWorkerMessage) => {
      // With a callback, a failed send (the worker just exited) is not an 'error' event; 'close' tells.
      if (child.connected) child.send(m, () => undefined);
    };
    const onAbort = () => {
      send({ type: 'cancel' });
      killAfter(opts.cancelGraceMs ?? CANCEL_GRACE_MS);
    };
    const settle = (o: Outcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(killTimer);
      hooks.signal.removeEventListener('abort', onAbort);
      if (o.ok) resolve(o.summary);
      else reject(o.error);
    };

    child.on('message', (m: FromPlanWorkerMessage) => {
      if (outcome) return;
      if (m.type === 'progress') {
        hooks.onProgress(m.event);
        return;
      }
      if (m.type === 'done') outcome = { ok: true, summary: m.summary };
      else if (m.type === 'cancelled') outcome = { ok: false, error: new JobCancelledError() };
      else if (m.type === 'failed') outcome = { ok: false, error: new PlanWorkerError(m.error) };
      else return;
      killAfter(EXIT_GRACE_MS);
    });
    child.on('error', (e) => {
      // Spawning failed (no 'close' follows when there is no process), or a kill/send failed.
      if (child.pid === undefined) settle({ ok: false, error: new PlanWorkerCrashError(`could not start: ${e.name}`) });
    });
    child.on('close', (code, signal) => {
      if (outcome) {
        settle(outcome);
        return;
      }
      if (hooks.signal.aborted) {
        settle({ ok: false, error: new JobCancelledError() });
        return;
      }
      settle({ ok: false, error: new PlanWorkerCrashError(signal ? `signal ${signal}` : `exit code ${code}`) });
    });
    child.on('spawn', () => {
      if (child.pid !== undefined) opts.onSpawn?.(child.pid);
    });

    hooks.signal.addEventListener('abort', onAbort, { once: true });
    send({ type: 'run', request, argumentNames: WEB_PLAN_ARGUMENT_NAMES, ...(opts.plannerModule ? { plannerModule: opts.plannerModule } : {}) });
  });
}
