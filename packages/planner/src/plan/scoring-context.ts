/**
 * What the scoring engine and the search policy's evaluator share for one plan: the opened renderer
 * and risk model, their identities, the simulation cache and the counters.
 */
import type { RiskModel } from '@mewm/survival';
import type { RegionRenderer } from '@mewm/world-model';
import { PlannerInputError } from '../errors.ts';
import { modelIdentity } from './model-identity.ts';
import { createSimulationCache, type SimulationCache } from './simulation-cache.ts';
import { emptyEngineStats, type EngineContext } from './simulate-samples.ts';

export const MAX_STEPS = 1000;

export interface ScoringContextOptions {
  renderer: RegionRenderer;
  riskModel: RiskModel;
  /** Default: a fresh in-memory cache. */
  cache?: SimulationCache;
  /** Renderer sampling steps (diffusion renderers); default the renderer's own. */
  steps?: number;
}

export function createScoringContext(opts: ScoringContextOptions): EngineContext {
  if (opts.steps !== undefined && (!Number.isInteger(opts.steps) || opts.steps < 1 || opts.steps > MAX_STEPS)) {
    throw new PlannerInputError('steps', `must be an integer 1..${MAX_STEPS}, got ${opts.steps}`);
  }
  return {
    renderer: opts.renderer,
    riskModel: opts.riskModel,
    models: modelIdentity(opts.renderer, opts.riskModel),
    cache: opts.cache ?? createSimulationCache(),
    ...(opts.steps !== undefined ? { steps: opts.steps } : {}),
    stats: emptyEngineStats(),
  };
}
