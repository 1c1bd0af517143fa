/**
 * Ranking: highest expected RMST first; ties broken by lower mean log-risk, then by name
 * (code-point order), so the order is total and deterministic.
 */
import type { CandidateScore } from './score-candidates.ts';

export interface RankedCandidate extends CandidateScore {
  /** 1 = best. */
  rank: number;
}

export function rankCandidates(scores: readonly CandidateScore[]): RankedCandidate[] {
  return [...scores]
    .sort((a, b) =>
      b.aggregate.rmstMonths.mean - a.aggregate.rmstMonths.mean ||
      a.aggregate.logRisk.mean - b.aggregate.logRisk.mean ||
      (a.candidate.name < b.candidate.name ? -1 : a.candidate.name > b.candidate.name ? 1 : 0))
    .map((s, i) => ({ ...s, rank: i + 1 }));
}
