/**
 * `searchPolicy`: the MeWM-style TACE beam search (tace-beam-search.ts) as a Policy. Each partial
 * plan is scored by `ctx.evaluate` (the engine simulates and scores it; larger is better); the best
 * complete plans become candidates with source 'search'. The summary carries the per-depth trace.
 * The search does not judge eligibility for TACE: the guideline policy and the team do. Plans the
 * models read alike (same model-read key) are evaluated once; their rationale says so.
 */
import type { Candidate, PatientState, Policy, PolicyContext, PolicyProposal } from '../plan/contracts.ts';
import { REFERENCES } from './references.ts';
import { resolveSearchConfig, taceBeamSearch, type TaceBeamSearchOptions } from './tace-beam-search.ts';

export type SearchPolicyOptions = TaceBeamSearchOptions;

export function searchPolicy(options: SearchPolicyOptions = {}): Policy {
  const cfg = resolveSearchConfig(options); // fail on bad options when the policy is built, not mid-plan
  return {
    name: 'search',
    async propose(_state: PatientState, ctx: PolicyContext): Promise<PolicyProposal> {
      ctx.onProgress?.({
        phase: 'policy',
        policy: 'search',
        message: `beam search over ${cfg.taceBase} TACE: width ${cfg.beamWidth}, ≤ ${cfg.maxDrugs} drugs, ≤ ${cfg.maxEmbolics} embolic agents`,
      });
      const result = await taceBeamSearch(ctx.evaluate, options, ctx.onProgress);
      const n = result.best.length;
      const candidates: Candidate[] = result.best.map((p, i) => ({
        name: p.name,
        protocol: p.protocol,
        source: 'search',
        rationale:
          `beam search rank ${i + 1} of ${n} over TACE drug/embolic combinations (${REFERENCES.mewm.short}): ` +
          `search score ${Number(p.score.toPrecision(4))} (larger is better), found at depth ${p.depth}` +
          (p.sameAs ? `; read by the models exactly as ${p.sameAs} (same model-read key), whose evaluation it reuses` : '') +
          '; not a guideline recommendation',
      }));
      return {
        candidates,
        summary: {
          policy: 'search',
          method: 'beam search, drugs first then embolic agents; conflicting plans pruned by the world-model protocol rules',
          reference: REFERENCES.mewm.full,
          config: result.config,
          evaluated: result.evaluated,
          reusedSameModelReadKey: result.reused,
          evaluatorCalls: result.evaluatorCalls,
          prunedConflicts: result.prunedConflicts,
          depths: result.trace,
          best: result.best.map((p) => ({ name: p.name, score: p.score, depth: p.depth, sameAs: p.sameAs })),
        },
      };
    },
  };
}
