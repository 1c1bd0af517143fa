/**
 * Exact Euclidean distance transform in millimetres on anisotropic voxels (separable lower-envelope
 * method of Felzenszwalb & Huttenlocher, 2012). Morphology with mm-sized balls is then a threshold
 * on a distance: dilation by r = {d(x, X) ≤ r}, erosion by r = {d(x, not X) > r}.
 */
import type { Vec3 } from '../geometry.ts';

/**
 * Squared distance in mm² from every voxel to the nearest voxel where `(mask[v] !== 0) === feature`.
 * Voxels outside the grid do not count as features. Infinity when the grid holds no feature voxel.
 * @param spacingMm voxel size in mm along i, j, k
 */
export function squaredDistanceMm(mask: Uint8Array, dims: Vec3, spacingMm: Vec3, feature: boolean): Float64Array {
  const n = dims[0] * dims[1] * dims[2];
  const d = new Float64Array(n);
  for (let v = 0; v < n; v++) d[v] = (mask[v] !== 0) === feature ? 0 : Infinity;
  const strides: Vec3 = [1, dims[0], dims[0] * dims[1]];
  const maxLen = Math.max(dims[0], dims[1], dims[2]);
  const f = new Float64Array(maxLen);
  const out = new Float64Array(maxLen);
  const vIdx = new Int32Array(maxLen);
  const z = new Float64Array(maxLen + 1);
  for (let axis = 0; axis < 3; axis++) {
    const len = dims[axis]!;
    const stride = strides[axis]!;
    const s = spacingMm[axis]!;
    const others = [0, 1, 2].filter((a) => a !== axis) as [number, number];
    const n0 = dims[others[0]]!, n1 = dims[others[1]]!;
    const s0 = strides[others[0]]!, s1 = strides[others[1]]!;
    for (let b = 0; b < n1; b++) {
      for (let a = 0; a < n0; a++) {
        const start = a * s0 + b * s1;
        for (let t = 0; t < len; t++) f[t] = d[start + t * stride]!;
        lowerEnvelope(f, len, s, out, vIdx, z);
        for (let t = 0; t < len; t++) d[start + t * stride] = out[t]!;
      }
    }
  }
  return d;
}

/** out[q] = min_p ((s (q − p))² + f[p]) over finite f[p]; Infinity when every f[p] is infinite. */
function lowerEnvelope(f: Float64Array, n: number, s: number, out: Float64Array, v: Int32Array, z: Float64Array): void {
  const s2 = s * s;
  let k = -1;
  for (let q = 0; q < n; q++) {
    const fq = f[q]!;
    if (fq === Infinity) continue;
    if (k < 0) {
      k = 0;
      v[0] = q;
      z[0] = -Infinity;
      z[1] = Infinity;
      continue;
    }
    let x: number;
    for (;;) {
      const p = v[k]!;
      // Intersection (in index units) of the parabolas rooted at p and q.
      x = (fq + s2 * q * q - (f[p]! + s2 * p * p)) / (2 * s2 * (q - p));
      if (x <= z[k]! && k > 0) k--;
      else break;
    }
    if (x <= z[k]!) {
      // k === 0 and q dominates p everywhere.
      v[0] = q;
      z[0] = -Infinity;
      z[1] = Infinity;
      continue;
    }
    k++;
    v[k] = q;
    z[k] = x;
    z[k + 1] = Infinity;
  }
  if (k < 0) {
    for (let q = 0; q < n; q++) out[q] = Infinity;
    return;
  }
  let j = 0;
  for (let q = 0; q < n; q++) {
    while (z[j + 1]! < q) j++;
    const p = v[j]!;
    const dq = (q - p) * s;
    out[q] = dq * dq + f[p]!;
  }
}
