/**
 * histW1: the 1-Wasserstein distance between two empirical HU distributions (the values inside a
 * region), W1 = ∫ |F_a(x) − F_b(x)| dx over the two empirical CDFs — scipy.stats.wasserstein_distance
 * with unit weights. For equal sample counts this is the mean |a_(i) − b_(i)| of the sorted values.
 */
import { ModelInputError } from '../errors.ts';

export function wasserstein1(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length === 0 || b.length === 0) throw new ModelInputError(`wasserstein1: both samples must be non-empty, got ${a.length} and ${b.length} values`);
  const x = Float64Array.from(a).sort();
  const y = Float64Array.from(b).sort();
  if (x.length === y.length) {
    let s = 0;
    for (let i = 0; i < x.length; i++) s += Math.abs(x[i]! - y[i]!);
    return s / x.length;
  }
  // Integrate |F_x − F_y| over the merged breakpoints.
  let i = 0, j = 0, total = 0;
  let prev = Math.min(x[0]!, y[0]!);
  while (i < x.length || j < y.length) {
    const next = j >= y.length || (i < x.length && x[i]! <= y[j]!) ? x[i]! : y[j]!;
    total += Math.abs(i / x.length - j / y.length) * (next - prev);
    while (i < x.length && x[i] === next) i++;
    while (j < y.length && y[j] === next) j++;
    prev = next;
  }
  return total;
}

/** histW1 of the values of `generated` and `real` where `region` is non-zero. */
export function histW1(generated: ArrayLike<number>, real: ArrayLike<number>, region: Uint8Array): number {
  const a: number[] = [], b: number[] = [];
  for (let v = 0; v < region.length; v++) {
    if (region[v] === 0) continue;
    a.push(generated[v]!);
    b.push(real[v]!);
  }
  return wasserstein1(a, b);
}
