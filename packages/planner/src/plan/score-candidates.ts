/**
 * The inverse-dynamics scoring engine: every candidate simulated K times with the SAME seeds
 * seed..seed+K−1 (common random numbers: sample k of every candidate shares its outcome draws, so
 * differences between candidates come from the treatment), every sample scored by the risk model.
 * Per candidate: mean log-risk and mean RMST (to the risk model's horizon, 60 months) with the
 * samples' range (K < 10) or a 95 % t-interval clipped to [0, horizon] for RMST (interval.ts), the mean survival curve S(t) (pointwise mean of the
 * samples' curves), and P(best) by a paired seeded bootstrap (probability-best.ts, B = 2000).
 * Deterministic for the given seeds. Progress: one 'simulate' event per (candidate, sample).
 */
import { modelReadKey } from '@mewm/world-model';
import { PlannerInputError } from '../errors.ts';
import type { Candidate, PlanInput, PlanProgress } from './contracts.ts';
import { sampleInterval, type SampleInterval } from './interval.ts';
import { P_BEST_REPLICATES, probabilityBest } from './probability-best.ts';
import type { SampleRecord, SampleVolumes, SurvivalPoint } from './sample-record.ts';
import { simulateSamples, type EngineContext } from './simulate-samples.ts';

export const MAX_SAMPLES = 64;
export const MAX_SEED = 2 ** 31 - 1;

export interface ScoreCandidatesOptions {
  context: EngineContext;
  /** K, 1..64. */
  samples: number;
  /** First seed, 0..2^31−1 − K. */
  seed: number;
  onProgress?: (e: PlanProgress) => void;
  /** Receives every sample's simulated volumes (candidate order, then sample order); none kept afterwards. */
  onSampleVolumes?: (e: { candidate: number; name: string; sample: number; record: SampleRecord; volumes: SampleVolumes }) => Promise<void> | void;
  /** Bootstrap replicates for P(best); default 2000. */
  pBestReplicates?: number;
}

export interface CandidateAggregate {
  logRisk: SampleInterval;
  rmstMonths: SampleInterval;
  survivalCurve: SurvivalPoint[];
  pBest: number;
}

export interface CandidateScore {
  candidate: Candidate;
  samples: Array<SampleRecord & { index: number }>;
  aggregate: CandidateAggregate;
}

export function checkSampling(samples: number, seed: number, argument = 'samples'): void {
  if (!Number.isInteger(samples) || samples < 1 || samples > MAX_SAMPLES) {
    throw new PlannerInputError(argument, `must be an integer 1..${MAX_SAMPLES}, got ${samples}`);
  }
  if (!Number.isInteger(seed) || seed < 0 || seed + samples - 1 > MAX_SEED) {
    throw new PlannerInputError('seed', `must be an integer 0..${MAX_SEED - samples + 1} (seeds seed..seed+K−1 are used), got ${seed}`);
  }
}

/** Pointwise mean of S(t) over samples (all samples share the risk model's times). */
export function meanSurvivalCurve(samples: readonly { survival: readonly SurvivalPoint[] }[]): SurvivalPoint[] {
  const first = samples[0]!.survival;
  return first.map((p, t) => ({ months: p.months, s: samples.reduce((a, s) => a + s.survival[t]!.s, 0) / samples.length }));
}

/**
 * A candidate's aggregate over its samples: log-risk and RMST means with their intervals (RMST kept
 * inside [0, horizon], the horizon being the last time of the samples' survival curves), the mean
 * survival curve, and the P(best) computed over all candidates.
 */
export function candidateAggregate(samples: readonly SampleRecord[], pBest: number): CandidateAggregate {
  if (samples.length === 0) throw new RangeError('candidateAggregate needs at least one sample');
  const horizon = samples[0]!.survival.at(-1)?.months ?? Infinity;
  return {
    logRisk: sampleInterval(samples.map((s) => s.logRisk)),
    rmstMonths: sampleInterval(samples.map((s) => s.rmstMonths), { min: 0, max: horizon }),
    survivalCurve: meanSurvivalCurve(samples),
    pBest,
  };
}

/** @returns one score per candidate, in the order given (rank with rankCandidates). */
export async function scoreCandidates(input: PlanInput, candidates: readonly Candidate[], opts: ScoreCandidatesOptions): Promise<CandidateScore[]> {
  if (candidates.length === 0) throw new PlannerInputError('candidates', 'at least one candidate is needed');
  const names = new Set<string>();
  for (const [i, c] of candidates.entries()) {
    if (names.has(c.name)) throw new PlannerInputError(`candidates[${i}].name`, `"${c.name}" is used twice; candidate names must be unique`);
    names.add(c.name);
  }
  checkSampling(opts.samples, opts.seed);
  const seeds = Array.from({ length: opts.samples }, (_, k) => opts.seed + k);
  const perCandidate: Array<Array<SampleRecord & { index: number }>> = [];
  // Candidates the models read alike (same model-read key) simulate identically: when a later one shares
  // the key, keep this one's volumes in the cache so the later one takes them instead of simulating again.
  const readKeys = candidates.map((c) => modelReadKey(c.protocol));
  for (const [c, candidate] of candidates.entries()) {
    const records = await simulateSamples(input, candidate.protocol, seeds, opts.context, {
      needVolumes: opts.onSampleVolumes !== undefined,
      retainVolumes: opts.onSampleVolumes !== undefined && readKeys.indexOf(readKeys[c]!, c + 1) > c,
      onSample: async (k, record, volumes) => {
        if (opts.onSampleVolumes && volumes) await opts.onSampleVolumes({ candidate: c, name: candidate.name, sample: k, record, volumes });
        opts.onProgress?.({ phase: 'simulate', candidate: c + 1, candidates: candidates.length, sample: k + 1, samples: opts.samples, name: candidate.name });
      },
    });
    perCandidate.push(records.map((r, index) => ({ ...r, index })));
  }
  const pBest = probabilityBest(perCandidate.map((s) => s.map((r) => r.rmstMonths)), {
    seed: opts.seed, replicates: opts.pBestReplicates ?? P_BEST_REPLICATES,
  });
  return candidates.map((candidate, c) => {
    const samples = perCandidate[c]!;
    return { candidate, samples, aggregate: candidateAggregate(samples, pBest[c]!) };
  });
}
