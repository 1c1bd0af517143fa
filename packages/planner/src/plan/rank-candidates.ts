/**
 * Ranking: candidates the anatomy allows first (a candidate with a sample marked not feasible — an
 * ablation that cannot reach its margin, a resection leaving too little liver — ranks after every
 * feasible one, and the report says why); then highest expected RMST; ties broken by lower mean log-risk, then by name
 * (code-point order), so the order is total and deterministic. Candidates the models cannot tell
 * apart (tie-groups.ts: the same log-risk and RMST on every sample) share a `tieGroup`; their
 * relative order comes from the name only.
 */
import type { CandidateScore } from './score-candidates.ts';
import { tieGroups } from './tie-groups.ts';

export interface RankedCandidate extends CandidateScore {
  /** 1 = best. */
  rank: number;
  /** Equivalence group (≥ 1) shared with the candidates it ties with; null when it ties with none. */
  tieGroup: number | null;
}

/** Whether any of the candidate's samples is not feasible on the patient's anatomy. */
export function infeasible(s: CandidateScore): boolean {
  return s.samples.some((x) => x.anatomy?.feasible === false);
}

export function rankCandidates(scores: readonly CandidateScore[]): RankedCandidate[] {
  const sorted = [...scores]
    .sort((a, b) =>
      Number(infeasible(a)) - Number(infeasible(b)) ||
      b.aggregate.rmstMonths.mean - a.aggregate.rmstMonths.mean ||
      a.aggregate.logRisk.mean - b.aggregate.logRisk.mean ||
      (a.candidate.name < b.candidate.name ? -1 : a.candidate.name > b.candidate.name ? 1 : 0));
  const groups = tieGroups(sorted);
  return sorted.map((s, i) => ({ ...s, rank: i + 1, tieGroup: groups[i]! }));
}
