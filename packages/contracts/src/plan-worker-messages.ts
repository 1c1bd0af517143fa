/**
 * The messages between a caller and a plan worker process (the planner's worker/plan-worker.ts), sent
 * as JSON over Node's IPC channel. Plain data only: the plan request (paths, options), progress events
 * and the run summary go across; volumes never do (the worker reads and writes them itself).
 *
 * Errors cross as a class name, a code and — only for input errors, whose messages are written for
 * people and name a field — the message; any other message might hold a path, so it stays in the worker.
 */
import { isInputError } from './errors.ts';
import type { PlanProgress } from './plan-progress.ts';
import type { PlanArgumentNames, PlanRequestInput } from './plan-request.ts';
import type { PlanRunSummary } from './plan-result.ts';

/** An error as it crosses the boundary: no stack, no message unless it is an input error. */
export interface WorkerErrorInfo {
  name: string;
  code?: string;
  message?: string;
}

export type ToPlanWorkerMessage =
  /**
   * The request goes to runPlan unchanged (a new plan option needs no change here); `argumentNames`:
   * how the caller names the fields in messages. `plannerModule`: a file URL of a module exporting
   * runPlan in place of the planner's (tests).
   */
  | { type: 'run'; request: PlanRequestInput; argumentNames?: Partial<PlanArgumentNames>; plannerModule?: string }
  /** Abort the plan: it stops at its next progress event or sample and leaves no files. */
  | { type: 'cancel' };

export type FromPlanWorkerMessage =
  | { type: 'progress'; event: PlanProgress }
  | { type: 'done'; summary: PlanRunSummary }
  | { type: 'failed'; error: WorkerErrorInfo }
  | { type: 'cancelled' };

/** The name of the error a cancelled plan ends with, on both sides of the boundary. */
export const PLAN_CANCELLED_ERROR_NAME = 'JobCancelledError';

const NAME = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;
const CODE = /^[A-Z][A-Z0-9_]{0,39}$/;

/** What of `e` may cross the boundary (and be logged): its class name, its code, an input error's message. */
export function toWorkerErrorInfo(e: unknown): WorkerErrorInfo {
  const { name, code, message } = (typeof e === 'object' && e !== null ? e : {}) as { name?: unknown; code?: unknown; message?: unknown };
  const info: WorkerErrorInfo = { name: typeof name === 'string' && NAME.test(name) ? name : 'Error' };
  if (typeof code === 'string' && CODE.test(code)) info.code = code;
  if (isInputError(e) && typeof message === 'string') info.message = message;
  return info;
}
