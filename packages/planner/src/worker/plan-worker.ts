/**
 * A plan worker process: forked by a caller (the web app's job runner) with an IPC channel, it
 * receives one `run` message with a plan request, runs runPlan — the planner, world model and risk
 * model with ONNX Runtime, off the caller's event loop — forwards every progress event, reports
 * `done`, `cancelled` or `failed` (messages of @mewm/contracts' plan-worker-messages.ts), then exits.
 * One process per plan, so memory is returned to the system when it ends and a crash (a native
 * abort, out of memory) cannot take the caller down.
 *
 * Cancellation: a `cancel` message aborts runPlan's signal, and runPlan stops at its next progress
 * event or written sample (it yields there, so the message can arrive), removing its partial folder;
 * the caller kills the process after a grace period if that is not soon enough. When the caller goes
 * away (IPC disconnect), the worker exits (the caller's next start-up removes the partial folder).
 * Nothing here prints error messages: only class names and codes, since messages may hold paths.
 * Research use only, not for clinical use.
 */
import {
  PLAN_CANCELLED_ERROR_NAME, toWorkerErrorInfo, type FromPlanWorkerMessage, type ToPlanWorkerMessage,
} from '@mewm/contracts';
import type { RunPlanOptions, RunPlanResult } from '../plan/run-plan.ts';

class PlanCancelledError extends Error {
  constructor() {
    super('the plan was cancelled');
    this.name = PLAN_CANCELLED_ERROR_NAME;
  }
}

type RunPlan = (request: unknown, opts: RunPlanOptions) => Promise<Pick<RunPlanResult, 'summary'>>;

const cancel = new AbortController();
let started = false;

function send(m: FromPlanWorkerMessage): Promise<void> {
  return new Promise((resolve) => {
    if (!process.send || !process.connected) {
      resolve();
      return;
    }
    process.send(m, undefined, {}, () => resolve());
  });
}

async function endWith(m: FromPlanWorkerMessage, exitCode: number): Promise<never> {
  await send(m);
  process.exit(exitCode);
}

async function run(m: Extract<ToPlanWorkerMessage, { type: 'run' }>): Promise<void> {
  try {
    const planner = (m.plannerModule ? await import(m.plannerModule) : await import('../plan/run-plan.ts')) as { runPlan: RunPlan };
    cancel.signal.throwIfAborted();
    const { summary } = await planner.runPlan(m.request, {
      onProgress: (event) => void send({ type: 'progress', event }),
      signal: cancel.signal,
      ...(m.argumentNames ? { argumentNames: m.argumentNames } : {}),
    });
    await endWith({ type: 'done', summary }, 0);
  } catch (e) {
    if (cancel.signal.aborted && (e as { name?: unknown })?.name === PLAN_CANCELLED_ERROR_NAME) await endWith({ type: 'cancelled' }, 0);
    await endWith({ type: 'failed', error: toWorkerErrorInfo(e) }, 0);
  }
}

process.on('message', (m: ToPlanWorkerMessage) => {
  if (m.type === 'cancel') cancel.abort(new PlanCancelledError());
  else if (m.type === 'run' && !started) {
    started = true;
    void run(m);
  }
});
process.on('disconnect', () => process.exit(0));
for (const event of ['uncaughtException', 'unhandledRejection'] as const) {
  process.on(event, (e: unknown) => {
    const info = toWorkerErrorInfo(e);
    console.error(`[mewm] plan worker: ${event}: ${info.name}${info.code ? ` (${info.code})` : ''}`);
    void endWith({ type: 'failed', error: info }, 1);
  });
}
