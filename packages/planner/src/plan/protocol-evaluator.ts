/**
 * The search policy's ProtocolEvaluator: each protocol simulated with K' samples (seeds
 * seed..seed+K'−1, the same seeds as the final scoring, so the final scoring reuses them from the
 * cache) and scored; returns the expected RMST (months; larger is better). The simulated volumes are
 * kept in the cache (within its volume budget) so that a searched candidate's NIfTI need not be
 * simulated again. `cost` counts what the search spent, reported apart from the final scoring.
 */
import type { PlanInput, ProtocolEvaluator } from './contracts.ts';
import { checkSampling } from './score-candidates.ts';
import { simulateSamples, type EngineContext } from './simulate-samples.ts';

/** Default K' (samples per evaluated protocol). */
export const DEFAULT_SEARCH_SAMPLES = 2;

export interface EvaluatorCost {
  /** Protocols evaluated (one per protocol per call). */
  evaluations: number;
  /** Samples simulated for the search (cache misses). */
  simulated: number;
  /** Samples the search found in the cache. */
  cacheHits: number;
  ms: number;
}

export interface ProtocolEvaluatorHandle {
  evaluate: ProtocolEvaluator;
  readonly cost: EvaluatorCost;
}

export function createProtocolEvaluator(
  input: PlanInput, context: EngineContext,
  opts: { samples?: number; seed: number },
): ProtocolEvaluatorHandle {
  const samples = opts.samples ?? DEFAULT_SEARCH_SAMPLES;
  checkSampling(samples, opts.seed, 'searchSamples');
  const seeds = Array.from({ length: samples }, (_, k) => opts.seed + k);
  const cost: EvaluatorCost = { evaluations: 0, simulated: 0, cacheHits: 0, ms: 0 };
  const evaluate: ProtocolEvaluator = async (protocols) => {
    const t0 = performance.now();
    const before = { simulated: context.stats.simulated, cacheHits: context.stats.cacheHits };
    const out: number[] = [];
    try {
      for (const protocol of protocols) {
        const records = await simulateSamples(input, protocol, seeds, context, { needVolumes: false, retainVolumes: true });
        out.push(records.reduce((a, r) => a + r.rmstMonths, 0) / records.length);
        cost.evaluations++;
      }
    } finally {
      cost.simulated += context.stats.simulated - before.simulated;
      cost.cacheHits += context.stats.cacheHits - before.cacheHits;
      cost.ms += performance.now() - t0;
    }
    return out;
  };
  return { evaluate, cost };
}
