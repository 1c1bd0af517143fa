/**
 * planTreatment: the whole plan for one patient, as a graph of the steps above.
 *   lesion summary → PatientState → policy.propose (the search policy evaluates protocols through a
 *   ProtocolEvaluator on the shared cache) → scoreCandidates (K samples each, same seeds) →
 *   rankCandidates → (caller's finalise step: e.g. the NIfTI bundle) → buildPlanReport.
 * The renderer and the risk model are opened and disposed by the caller.
 */
import type { RiskModel } from '@mewm/survival';
import type { RegionRenderer } from '@mewm/world-model';
import { PlannerInputError } from '../errors.ts';
import type { PlanReport } from '@mewm/contracts';
import { buildPlanReport } from './build-plan-report.ts';
import type { PatientState, PlanInput, PlanProgress, Policy } from './contracts.ts';
import { summariseLesions } from './lesion-summary.ts';
import { summariseModels } from './model-summaries.ts';
import { P_BEST_REPLICATES } from './probability-best.ts';
import { createProtocolEvaluator, DEFAULT_SEARCH_SAMPLES } from './protocol-evaluator.ts';
import { rankCandidates, type RankedCandidate } from './rank-candidates.ts';
import { checkSampling, scoreCandidates, type ScoreCandidatesOptions } from './score-candidates.ts';
import { createScoringContext } from './scoring-context.ts';
import type { SimulationCache } from './simulation-cache.ts';

export interface PlanTreatmentOptions {
  policy: Policy;
  renderer: RegionRenderer;
  riskModel: RiskModel;
  samples: number;
  seed: number;
  steps?: number;
  /** K' for the search policy's evaluations; default 2. */
  searchSamples?: number;
  cache?: SimulationCache;
  onProgress?: (e: PlanProgress) => void;
  onSampleVolumes?: ScoreCandidatesOptions['onSampleVolumes'];
  /** After ranking, before the report is built: e.g. write the NIfTI bundle; returns its files. */
  finalise?: (ranked: readonly RankedCandidate[]) => Promise<PlanReport['files']>;
  pBestReplicates?: number;
  createdAt?: Date;
}

export interface PlanResult {
  report: PlanReport;
  ranked: RankedCandidate[];
}

const BCLC = new Set(['0', 'A', 'B', 'C', 'D']);

/** The summaries to look in: the policy's own, and each combined policy's (`summary.policies`). */
function summariesOf(summary: Record<string, unknown>): Record<string, unknown>[] {
  const nested = summary.policies !== null && typeof summary.policies === 'object' ? Object.values(summary.policies as Record<string, unknown>) : [];
  return [summary, ...nested].filter((s): s is Record<string, unknown> => s !== null && typeof s === 'object' && !Array.isArray(s));
}

/** The BCLC stage the policy determined (`bclcStage`, or `stage` of the guideline policy), if any. */
function bclcOf(summary: Record<string, unknown>): PlanReport['bclcStage'] {
  for (const s of summariesOf(summary)) {
    const stage = s.bclcStage ?? (s.policy === 'guideline' ? s.stage : undefined);
    if (typeof stage === 'string' && BCLC.has(stage)) return stage as PlanReport['bclcStage'];
  }
  return null;
}

/** The search policy's configuration (beam width, drugs, embolics, ...), if it ran. */
function beamOf(summary: Record<string, unknown>): Record<string, unknown> | null {
  for (const s of summariesOf(summary)) {
    if (s.policy === 'search' && s.config !== null && typeof s.config === 'object' && !Array.isArray(s.config)) return s.config as Record<string, unknown>;
  }
  return null;
}

export async function planTreatment(input: PlanInput, opts: PlanTreatmentOptions): Promise<PlanResult> {
  const t0 = performance.now();
  checkSampling(opts.samples, opts.seed);
  const searchSamples = opts.searchSamples ?? DEFAULT_SEARCH_SAMPLES;
  const context = createScoringContext({
    renderer: opts.renderer, riskModel: opts.riskModel, ...(opts.cache ? { cache: opts.cache } : {}), ...(opts.steps !== undefined ? { steps: opts.steps } : {}),
  });
  const evaluator = createProtocolEvaluator(input, context, { samples: searchSamples, seed: opts.seed });

  const lesions = summariseLesions(input);
  const state: PatientState = {
    lesions: lesions.map((l) => ({ label: l.label, volumeMl: l.volumeMl, longestAxialDiameterMm: l.longestAxialDiameterMm })),
    clinical: input.clinical,
  };
  const tPolicy = performance.now();
  opts.onProgress?.({ phase: 'policy', policy: opts.policy.name, message: `proposing candidates (${opts.policy.name})` });
  const proposal = await opts.policy.propose(state, { evaluate: evaluator.evaluate, ...(opts.onProgress ? { onProgress: opts.onProgress } : {}) });
  const policyMs = performance.now() - tPolicy;
  if (proposal.candidates.length === 0) throw new PlannerInputError('policy', `${opts.policy.name} proposed no candidates`);
  const summary = JSON.parse(JSON.stringify(proposal.summary ?? {})) as Record<string, unknown>;

  const tScore = performance.now();
  const before = { ...context.stats };
  const scores = await scoreCandidates(input, proposal.candidates, {
    context, samples: opts.samples, seed: opts.seed,
    ...(opts.onProgress ? { onProgress: opts.onProgress } : {}),
    ...(opts.onSampleVolumes ? { onSampleVolumes: opts.onSampleVolumes } : {}),
    ...(opts.pBestReplicates !== undefined ? { pBestReplicates: opts.pBestReplicates } : {}),
  });
  const scoringMs = performance.now() - tScore;
  const ranked = rankCandidates(scores);

  const tFinal = performance.now();
  opts.onProgress?.({ phase: 'report', message: 'writing outputs' });
  const files = opts.finalise ? await opts.finalise(ranked) : [];
  const finaliseMs = performance.now() - tFinal;

  const searched = evaluator.cost.evaluations > 0;
  const beam = beamOf(summary);
  const report = buildPlanReport({
    input, ranked, lesions,
    models: summariseModels(context.models, opts.renderer, opts.riskModel, input.disease),
    settings: {
      // the DDIM steps the renderer took (its default unless given); null for a renderer without diffusion
      policy: opts.policy.name, samples: opts.samples, seed: opts.seed, steps: opts.renderer.defaultSteps === undefined ? null : opts.steps ?? opts.renderer.defaultSteps,
      searchSamples: searched ? searchSamples : null, beam: searched ? beam : null,
      pBestReplicates: opts.pBestReplicates ?? P_BEST_REPLICATES,
    },
    policy: {
      name: opts.policy.name, summary,
      searchCost: searched ? { evaluations: evaluator.cost.evaluations, simulated: evaluator.cost.simulated, cacheHits: evaluator.cost.cacheHits } : null,
    },
    bclcStage: bclcOf(summary),
    scoring: {
      simulated: context.stats.simulated - before.simulated,
      cacheHits: context.stats.cacheHits - before.cacheHits,
      resimulatedForVolumes: context.stats.resimulatedForVolumes - before.resimulatedForVolumes,
    },
    timings: {
      policyMs, searchMs: evaluator.cost.ms, scoringMs,
      simulateMs: context.stats.simulateMs - before.simulateMs, riskScoringMs: context.stats.scoreMs - before.scoreMs,
      finaliseMs, planTotalMs: performance.now() - t0,
    },
    files,
    ...(opts.createdAt ? { createdAt: opts.createdAt } : {}),
  });
  return { report, ranked };
}
