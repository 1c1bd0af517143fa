/**
 * Loads @mewm/planner into the server process at run time, once, for the quick calls of requests
 * (check a plan request's options, preview the guideline's candidates); plan jobs run the planner's
 * runPlan in a worker process instead (plan-jobs-worker.ts). Not bundled by Next (serverExternalPackages):
 * Node loads the planner built to JavaScript (dist/), with the world model and risk model it imports;
 * under vitest the packages' source condition loads its TypeScript sources.
 *
 * Errors thrown by the planner may come from another module instance, so they are recognised by their
 * `code` (toPlanInputError), never by `instanceof`.
 */
import 'server-only';
import { InvalidInputError } from '../errors.ts';
import { isPlanInputError } from './plan-jobs-worker-protocol.ts';

export type PlannerBridge = Pick<typeof import('@mewm/planner'), 'checkPlanRequest' | 'previewCandidates'>;

const holder = globalThis as unknown as { mewmPlannerBridge?: Promise<PlannerBridge> };

export function loadPlannerBridge(): Promise<PlannerBridge> {
  holder.mewmPlannerBridge ??= (import('@mewm/planner') as Promise<PlannerBridge>).catch((e: unknown) => {
    holder.mewmPlannerBridge = undefined;
    throw e;
  });
  return holder.mewmPlannerBridge;
}

/** A planner/survival/dicom input error from the planner or the worker → InvalidInputError (BAD_REQUEST); else unchanged. */
export function toPlanInputError(e: unknown): unknown {
  if (!(e instanceof Error) || e instanceof InvalidInputError) return e;
  return isPlanInputError(e) ? new InvalidInputError(e.message) : e;
}
