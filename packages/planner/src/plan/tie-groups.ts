/**
 * Tie groups: candidates the models cannot tell apart. Two candidates tie when, for every
 * common-random-number sample k (the same seed for every candidate), the risk model gave them the
 * same log-risk and the same RMST (exact equality of the numbers). The survival curve, RMST and
 * P(best) are functions of the log-risks, so no statistic of these samples can order tied
 * candidates; their ranks follow only the ranking's last tie-break (the name). Protocols with the
 * same model-read key (world model `modelReadKey`) always tie (they simulate bit-identically); other
 * protocols tie when their simulated outcomes differ only in what the risk model does not read.
 *
 * Groups are numbered 1, 2, ... in the order given (the ranking: group 1 holds the best-ranked tied
 * candidate); a candidate that ties with no other has no group (null).
 */
export const TIE_DEFINITION = 'candidates tie when every common-random-number sample (same seed) has the same log-risk and the same RMST under the risk model (exact equality); tied candidates are one equivalence group, not distinguishable by these models';

export interface TieSamples {
  samples: readonly { logRisk: number; rmstMonths: number }[];
}

const signature = (c: TieSamples) => JSON.stringify(c.samples.map((s) => [s.logRisk, s.rmstMonths]));

/** One entry per candidate, in the given order: its group number (≥ 1) or null. */
export function tieGroups(candidates: readonly TieSamples[]): Array<number | null> {
  const counts = new Map<string, number>();
  const sigs = candidates.map(signature);
  for (const s of sigs) counts.set(s, (counts.get(s) ?? 0) + 1);
  const numbers = new Map<string, number>();
  return sigs.map((s) => {
    if (counts.get(s)! < 2) return null;
    if (!numbers.has(s)) numbers.set(s, numbers.size + 1);
    return numbers.get(s)!;
  });
}
