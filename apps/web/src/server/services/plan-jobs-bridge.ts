/**
 * Loads @mewm/planner into the server process at run time, once, for the quick calls of requests
 * (check a plan request's options, preview the guideline's candidates, export a plan as DICOM, draw its PDF again with a reader's measurements); plan jobs run the planner's
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

export type PlannerBridge = Pick<typeof import('@mewm/planner'), 'checkPlanRequest' | 'previewCandidates' | 'exportPlanDicom' | 'renderPlanFolderPdf'>;

const holder = globalThis as unknown as { mewmPlannerBridge?: Promise<PlannerBridge> };

export function loadPlannerBridge(): Promise<PlannerBridge> {
  holder.mewmPlannerBridge ??= (import('@mewm/planner') as Promise<PlannerBridge>).catch((e: unknown) => {
    holder.mewmPlannerBridge = undefined;
    throw e;
  });
  return holder.mewmPlannerBridge;
}

/** Run `f` with the planner loaded; its input errors become InvalidInputError (BAD_REQUEST). */
export async function withBridge<T>(f: (bridge: PlannerBridge) => T | Promise<T>): Promise<T> {
  const bridge = await loadPlannerBridge();
  try {
    return await f(bridge);
  } catch (e) {
    throw toPlanInputError(e);
  }
}

/** A planner/survival/dicom input error from the planner or the worker → InvalidInputError (BAD_REQUEST); else unchanged. */
export function toPlanInputError(e: unknown): unknown {
  if (!(e instanceof Error) || e instanceof InvalidInputError) return e;
  return isPlanInputError(e) ? new InvalidInputError(e.message) : e;
}
