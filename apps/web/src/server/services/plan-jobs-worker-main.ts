/**
 * The plan worker process (started by plan-jobs-worker.ts through plan-jobs-worker-entry.mjs, which
 * registers tsx): receives one `run` message, runs the planner bridge's runPlan — the planner, world
 * model and risk model with ONNX Runtime, all off the web server's event loop — forwards every
 * progress event, and reports `done`, `cancelled` or `failed`, then exits. One process per job, so
 * memory is returned to the system when the plan ends and a crash cannot take the server down.
 *
 * Cancellation is cooperative: a `cancel` message sets a flag that the hooks check at every progress
 * event and after every sample (where the bridge yields, so the message can arrive); the server kills
 * the process after a grace period if that is not soon enough. When the server goes away (IPC
 * disconnect), the worker exits and the next start-up removes the partial folder. Nothing here prints
 * error messages: only class names, since messages may hold paths. Research use only.
 */
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { PlannerBridge } from './plan-jobs-bridge.ts';
import { toWorkerErrorInfo, type FromWorkerMessage, type ToWorkerMessage } from './plan-jobs-worker-protocol.ts';

class WorkerCancelledError extends Error {
  constructor() {
    super('the job was cancelled');
    this.name = 'JobCancelledError';
  }
}

let cancelRequested = false;
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

function stopIfCancelled(): void {
  if (cancelRequested) throw new WorkerCancelledError();
}

async function run(m: Extract<ToWorkerMessage, { type: 'run' }>): Promise<void> {
  try {
    const url = m.bridgeModule ?? new URL('./plan-jobs-planner.ts', import.meta.url).href;
    const bridge = (await import(url)) as Pick<PlannerBridge, 'runPlan'>;
    stopIfCancelled();
    const summary = await bridge.runPlan({
      ...m.args,
      hooks: {
        onProgress: (event) => {
          stopIfCancelled();
          void send({ type: 'progress', event });
        },
        checkpoint: async () => {
          await yieldToEventLoop();
          stopIfCancelled();
        },
      },
    });
    await endWith({ type: 'done', summary }, 0);
  } catch (e) {
    if (cancelRequested && (e as { name?: unknown })?.name === 'JobCancelledError') await endWith({ type: 'cancelled' }, 0);
    await endWith({ type: 'failed', error: toWorkerErrorInfo(e) }, 0);
  }
}

process.on('message', (m: ToWorkerMessage) => {
  if (m.type === 'cancel') cancelRequested = true;
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
