/**
 * Exact-count selection: the `count` candidates with the highest score. Volumes of the simulated
 * states are set by voxel counts, so every spatial rule reduces to a score per voxel plus this.
 * Linear time (quickselect for the threshold), no full sort.
 */

/**
 * The `count` candidates with the highest `score(candidate)`; among equal scores the earlier
 * candidates win, so the result is deterministic. `count` is rounded and clamped to 0..candidates.length.
 * Returned in candidate order.
 */
export function selectTop(candidates: ArrayLike<number>, score: (index: number) => number, count: number): Int32Array {
  const n = candidates.length;
  const take = Math.max(0, Math.min(n, Math.round(count)));
  const out = new Int32Array(take);
  if (take === 0) return out;
  if (take === n) {
    for (let c = 0; c < n; c++) out[c] = candidates[c]!;
    return out;
  }
  const key = new Float64Array(n);
  for (let c = 0; c < n; c++) key[c] = score(candidates[c]!);
  const threshold = kthLargest(Float64Array.from(key), take);
  let above = 0;
  for (let c = 0; c < n; c++) if (key[c]! > threshold) above++;
  let tiesLeft = take - above;
  let o = 0;
  for (let c = 0; c < n && o < take; c++) {
    const k = key[c]!;
    if (k > threshold) out[o++] = candidates[c]!;
    else if (k === threshold && tiesLeft > 0) {
      out[o++] = candidates[c]!;
      tiesLeft--;
    }
  }
  return out;
}

/** The k-th largest value (1-based) of `a`; reorders `a`. Hoare quickselect with a median-of-three pivot. */
function kthLargest(a: Float64Array, k: number): number {
  let lo = 0;
  let hi = a.length - 1;
  const target = k - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const pivot = median3(a[lo]!, a[mid]!, a[hi]!);
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i]! > pivot) i++;
      while (a[j]! < pivot) j--;
      if (i <= j) {
        const t = a[i]!;
        a[i] = a[j]!;
        a[j] = t;
        i++;
        j--;
      }
    }
    if (target <= j) hi = j;
    else if (target >= i) lo = i;
    else return a[target]!;
  }
  return a[target]!;
}

function median3(x: number, y: number, z: number): number {
  return Math.max(Math.min(x, y), Math.min(Math.max(x, y), z));
}
