// The risk model's statistics library has no published types; @mewm/survival declares them.
/// <reference path="../../../../../packages/survival/src/jstat.d.ts" />
/**
 * Loads @mewm/planner into the server process at run time, once, for the quick calls of requests
 * (check a plan request's options, preview the guideline's candidates); plan jobs run the planner's
 * runPlan in a worker process instead (plan-jobs-worker.ts). Outside Next's bundle: the planner, world
 * model and risk model run from their TypeScript sources through tsx's namespaced loader (`tsImport`,
 * which leaves the rest of the server alone), exactly as the `mewm` CLI runs them. Under vitest the
 * test runner's own loader imports it.
 *
 * Errors thrown by the planner come from another module instance, so they are recognised by their
 * `code` (toPlanInputError), never by `instanceof`.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { InvalidInputError } from '../errors.ts';
import { findRepoRoot } from '../repo-root.ts';
import { isPlanInputError } from './plan-jobs-worker-protocol.ts';

export type PlannerBridge = Pick<typeof import('@mewm/planner'), 'checkPlanRequest' | 'previewCandidates'>;

const holder = globalThis as unknown as { mewmPlannerBridge?: Promise<PlannerBridge> };

/** The planner's entry module, found from the repository root (not from a bundled module's URL). */
function plannerUrl(): string {
  return pathToFileURL(join(findRepoRoot(), 'packages', 'planner', 'src', 'index.ts')).href;
}

async function importBridge(): Promise<PlannerBridge> {
  const url = plannerUrl();
  if (process.env.VITEST) return (await import(/* @vite-ignore */ /* webpackIgnore: true */ /* turbopackIgnore: true */ url)) as PlannerBridge;
  const { tsImport } = (await import(/* webpackIgnore: true */ /* turbopackIgnore: true */ 'tsx/esm/api')) as typeof import('tsx/esm/api');
  return (await tsImport(url, pathToFileURL(join(findRepoRoot(), 'package.json')).href)) as PlannerBridge;
}

export function loadPlannerBridge(): Promise<PlannerBridge> {
  holder.mewmPlannerBridge ??= importBridge().catch((e: unknown) => {
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
