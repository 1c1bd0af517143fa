/**
 * The plan worker process (started by plan-jobs-worker.ts through plan-jobs-worker-entry.mjs): receives
 * one `run` message with a plan request, runs the planner's runPlan — the planner, world model and
 * risk model with ONNX Runtime, all off the web server's event loop — forwards every progress event,
 * and reports `done`, `cancelled` or `failed`, then exits. One process per job, so memory is returned
 * to the system when the plan ends and a crash cannot take the server down.
 *
 * Cancellation: a `cancel` message aborts runPlan's signal, and runPlan stops at its next progress
 * event or written sample (it yields there, so the message can arrive), removing its partial folder;
 * the server kills the process after a grace period if that is not soon enough. When the server goes
 * away (IPC disconnect), the worker exits and the next start-up removes the partial folder. Nothing
 * here prints error messages: only class names, since messages may hold paths. Research use only.
 */
import type { RunPlanOptions, RunPlanResult } from '@mewm/planner';
import { toWorkerErrorInfo, WEB_PLAN_ARGUMENT_NAMES, type FromWorkerMessage, type ToWorkerMessage } from './plan-jobs-worker-protocol.ts';

class WorkerCancelledError extends Error {
  constructor() {
    super('the job was cancelled');
    this.name = 'JobCancelledError';
  }
}

type RunPlan = (request: unknown, opts: RunPlanOptions) => Promise<Pick<RunPlanResult, 'summary'>>;

const cancel = new AbortController();
let started = false;

function send(m: FromWorkerMessage): Promise<void> {
  return new Promise((resolve) => {
    if (!process.send || !process.connected) return resolve();
    process.send(m, undefined, {}, () => resolve());
  });
}

async function endWith(m: FromWorkerMessage, exitCode: number): Promise<never> {
  await send(m);
  process.exit(exitCode);
}

async function run(m: Extract<ToWorkerMessage, { type: 'run' }>): Promise<void> {
  try {
    const planner = (m.plannerModule ? await import(m.plannerModule) : await import('@mewm/planner')) as { runPlan: RunPlan };
    cancel.signal.throwIfAborted();
    const { summary } = await planner.runPlan(m.request, {
      onProgress: (event) => void send({ type: 'progress', event }),
      signal: cancel.signal,
      argumentNames: WEB_PLAN_ARGUMENT_NAMES,
    });
    await endWith({ type: 'done', summary }, 0);
  } catch (e) {
    if (cancel.signal.aborted && (e as { name?: unknown })?.name === 'JobCancelledError') await endWith({ type: 'cancelled' }, 0);
    await endWith({ type: 'failed', error: toWorkerErrorInfo(e) }, 0);
  }
}

process.on('message', (m: ToWorkerMessage) => {
  if (m.type === 'cancel') cancel.abort(new WorkerCancelledError());
  else if (m.type === 'run' && !started) {
    started = true;
    void run(m);
  }
});
// The server went away: stop (its next start-up marks the job failed and removes the partial folder).
process.on('disconnect', () => process.exit(0));
for (const event of ['uncaughtException', 'unhandledRejection'] as const) {
  process.on(event, (e: unknown) => {
    const info = toWorkerErrorInfo(e);
    console.error(`[mewm] plan worker: ${event}: ${info.name}${info.code ? ` (${info.code})` : ''}`);
    void endWith({ type: 'failed', error: info }, 1);
  });
}
