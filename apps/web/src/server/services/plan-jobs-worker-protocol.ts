/**
 * The web app's side of the plan worker process (the planner's worker/plan-worker.ts, messages of
 * @mewm/contracts' plan-worker-messages.ts): how its messages name the request's fields, and the
 * errors the server rebuilds from the worker's reports. Errors cross as a class name, a code and —
 * only for input errors, whose messages are written for people and name a field — the message.
 */
import 'server-only';
import { isInputError, type PlanArgumentNames, type WorkerErrorInfo } from '@mewm/contracts';

/** How the web app's messages name the plan request's fields (the job options' names). */
export const WEB_PLAN_ARGUMENT_NAMES: PlanArgumentNames = {
  outDir: 'outDir', clinical: 'clinical', lesionMask: 'lesionMask', lesionPoint: 'lesionMask', liverMask: 'liverMask', policy: 'policy', disease: 'disease',
};

/** A typed input error of any package, recognised by its stable code (class identity differs across loaders and processes). */
export function isPlanInputError(e: unknown): e is Error {
  return isInputError(e);
}

/** An error reported by the worker, rebuilt in the server with the same name and code. */
export class PlanWorkerError extends Error {
  readonly code: string | undefined;
  constructor(info: WorkerErrorInfo) {
    super(info.message ?? `the planner failed (${info.name})`);
    this.name = info.name;
    this.code = info.code;
  }
}

/** The worker process ended without reporting an outcome (a crash, a kill, a native abort). */
export class PlanWorkerCrashError extends Error {
  constructor(how: string) {
    super(`the planner process stopped unexpectedly (${how}); see the server log`);
    this.name = 'PlanWorkerCrashError';
  }
}
