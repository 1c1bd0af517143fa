/**
 * The messages between the web server and its plan worker process (plan-jobs-worker.ts ↔
 * plan-jobs-worker-main.ts), sent as JSON over Node's IPC channel. Plain data only: the plan request
 * (paths, options), planner progress events and a run summary (all @mewm/contracts) go across; volumes never do (the worker reads and writes
 * them itself). Errors cross as a class name, a code and — only for input errors, whose messages are
 * written for people and name a field — the message; any other message might hold a path, so it stays
 * in the worker. At run time it imports only @mewm/contracts: both sides load it (the worker through tsx).
 */
import { isInputError, type PlanArgumentNames, type PlanProgress, type PlanRequestInput, type PlanRunSummary } from '@mewm/contracts';

/** How the web app's messages name the plan request's fields (the job options' names). */
export const WEB_PLAN_ARGUMENT_NAMES: PlanArgumentNames = {
  outDir: 'outDir', clinical: 'clinical', lesionMask: 'lesionMask', lesionPoint: 'lesionMask', liverMask: 'liverMask', policy: 'policy',
};

/** An error as it crosses the process boundary: no stack, no message unless it is an input error. */
export interface WorkerErrorInfo {
  name: string;
  code?: string;
  message?: string;
}

export type ToWorkerMessage =
  /**
   * The request goes to runPlan unchanged (a new plan option needs no change here). `plannerModule`: a
   * file URL of a module exporting runPlan in place of @mewm/planner (tests).
   */
  | { type: 'run'; request: PlanRequestInput; plannerModule?: string }
  | { type: 'cancel' };

export type FromWorkerMessage =
  | { type: 'progress'; event: PlanProgress }
  | { type: 'done'; summary: PlanRunSummary }
  | { type: 'failed'; error: WorkerErrorInfo }
  | { type: 'cancelled' };

/** A typed input error of any package, recognised by its stable code (class identity differs across loaders and processes). */
export function isPlanInputError(e: unknown): e is Error {
  return isInputError(e);
}

const NAME = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;
const CODE = /^[A-Z][A-Z0-9_]{0,39}$/;

/** What of `e` may cross the boundary (and be logged): its class name, its code, an input error's message. */
export function toWorkerErrorInfo(e: unknown): WorkerErrorInfo {
  const { name, code, message } = (typeof e === 'object' && e !== null ? e : {}) as { name?: unknown; code?: unknown; message?: unknown };
  const info: WorkerErrorInfo = { name: typeof name === 'string' && NAME.test(name) ? name : 'Error' };
  if (typeof code === 'string' && CODE.test(code)) info.code = code;
  if (isPlanInputError(e) && typeof message === 'string') info.message = message;
  return info;
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
