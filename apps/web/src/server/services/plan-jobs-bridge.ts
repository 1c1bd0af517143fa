/**
 * Loads the planner bridge (plan-jobs-planner.ts) into the server process at run time, once, for the
 * quick calls of requests (check a plan's options, preview the guideline's candidates, validate a
 * report); plan jobs run it in a worker process instead (plan-jobs-worker.ts). Outside Next's bundle:
 * the planner, world model and risk model run from their TypeScript sources through tsx's namespaced
 * loader (`tsImport`, which leaves the rest of the server alone), exactly as the `mewm` CLI runs
 * them. Under vitest the test runner's own loader imports it.
 *
 * Errors thrown by the bridge come from another module instance, so they are recognised by their
 * `code` and `name` (toPlanInputError), never by `instanceof`.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { InvalidInputError } from '../errors.ts';
import { findRepoRoot } from '../repo-root.ts';
import { isPlanInputError } from './plan-jobs-worker-protocol.ts';

export type PlannerBridge = typeof import('./plan-jobs-planner.ts');

const holder = globalThis as unknown as { mewmPlannerBridge?: Promise<PlannerBridge> };

function bridgeUrl(): string {
  return pathToFileURL(join(findRepoRoot(), 'apps', 'web', 'src', 'server', 'services', 'plan-jobs-planner.ts')).href;
}

async function importBridge(): Promise<PlannerBridge> {
  const url = bridgeUrl();
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

/** A planner/survival/dicom input error from the bridge or the worker → InvalidInputError (BAD_REQUEST); else unchanged. */
export function toPlanInputError(e: unknown): unknown {
  if (!(e instanceof Error) || e instanceof InvalidInputError) return e;
  return isPlanInputError(e) ? new InvalidInputError(e.message) : e;
}
