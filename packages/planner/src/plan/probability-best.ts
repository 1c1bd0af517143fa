/**
 * P(best): the probability that a candidate has the highest expected RMST, by a paired, seeded
 * bootstrap over samples. Sample k of every candidate used the same seed (common random numbers),
 * so a replicate draws K sample indices with replacement ONCE and applies them to every candidate,
 * keeping the pairing; the candidate with the highest mean RMST over the drawn indices wins the
 * replicate (a tie shares the win equally). P(best) = wins / B, so the values sum to 1.
 * Deterministic: the indices come from createRng(seed).fork('p-best').
 */
import { createRng } from '@mewm/world-model';

export const P_BEST_REPLICATES = 2000;

/** @param rmst rmst[c][k]: candidate c, sample k (every candidate has the same K). */
export function probabilityBest(rmst: readonly (readonly number[])[], opts: { seed: number; replicates?: number }): number[] {
  const n = rmst.length;
  if (n === 0) return [];
  const k = rmst[0]!.length;
  if (k === 0 || rmst.some((r) => r.length !== k)) throw new RangeError('probabilityBest: every candidate needs the same, non-zero number of samples');
  const replicates = opts.replicates ?? P_BEST_REPLICATES;
  const wins = new Array<number>(n).fill(0);
  const rng = createRng(opts.seed).fork('p-best');
  const idx = new Array<number>(k);
  const means = new Array<number>(n);
  for (let b = 0; b < replicates; b++) {
    for (let j = 0; j < k; j++) idx[j] = rng.int(k);
    let best = -Infinity;
    for (let c = 0; c < n; c++) {
      let s = 0;
      for (let j = 0; j < k; j++) s += rmst[c]![idx[j]!]!;
      means[c] = s / k;
      if (means[c]! > best) best = means[c]!;
    }
    const winners = means.filter((m) => m === best).length;
    for (let c = 0; c < n; c++) if (means[c] === best) wins[c]! += 1 / winners;
  }
  return wins.map((w) => w / replicates);
}

export const P_BEST_METHOD = 'paired bootstrap over sample indices (the same resampled seeds for every candidate, common random numbers), seeded RNG; P(best) = share of replicates in which the candidate has the highest mean RMST (ties share the win)';
