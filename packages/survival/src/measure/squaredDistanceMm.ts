/**
 * Exact squared Euclidean distance (mm²) from every voxel to the nearest voxel of a mask (0 inside),
 * on an anisotropic grid: separable lower envelope of parabolas per axis (Felzenszwalb &
 * Huttenlocher, Theory of Computing 2012;8:415-28).
 */
import type { Vec3 } from '@mewm/dicom';

const FAR = 1e20;

function cross(f: Float64Array, w2: number, q: number, p: number): number {
  return (f[q]! + w2 * q * q - (f[p]! + w2 * p * p)) / (2 * w2 * (q - p));
}

function envelope1d(f: Float64Array, n: number, w2: number, out: Float64Array, v: Int32Array, z: Float64Array): void {
  let k = 0;
  v[0] = 0;
  z[0] = -Infinity;
  z[1] = Infinity;
  for (let q = 1; q < n; q++) {
    let s = cross(f, w2, q, v[k]!);
    while (s <= z[k]!) {
      k--;
      s = cross(f, w2, q, v[k]!);
    }
    k++;
    v[k] = q;
    z[k] = s;
    z[k + 1] = Infinity;
  }
  k = 0;
  for (let q = 0; q < n; q++) {
    while (z[k + 1]! < q) k++;
    const p = v[k]!;
    out[q] = w2 * (q - p) * (q - p) + f[p]!;
  }
}

/** Squared mm distance to the nearest voxel for which `inside(mask[v])` holds (default: non-zero voxels). */
export function squaredDistanceMm(mask: Uint8Array, dims: Vec3, spacingMm: Vec3, inside: (m: number) => boolean = (m) => m !== 0): Float64Array {
  const n = dims[0] * dims[1] * dims[2];
  const d = new Float64Array(n);
  for (let x = 0; x < n; x++) d[x] = inside(mask[x]!) ? 0 : FAR;
  const maxN = Math.max(...dims);
  const f = new Float64Array(maxN), out = new Float64Array(maxN), z = new Float64Array(maxN + 1);
  const v = new Int32Array(maxN);
  const stride: Vec3 = [1, dims[0], dims[0] * dims[1]];
  for (let axis = 0; axis < 3; axis++) {
    const len = dims[axis]!;
    const st = stride[axis]!;
    const w2 = spacingMm[axis]! ** 2;
    const o1 = (axis + 1) % 3, o2 = (axis + 2) % 3;
    for (let b = 0; b < dims[o2]!; b++) {
      for (let a = 0; a < dims[o1]!; a++) {
        const base = a * stride[o1]! + b * stride[o2]!;
        for (let q = 0; q < len; q++) f[q] = d[base + q * st]!;
        envelope1d(f, len, w2, out, v, z);
        for (let q = 0; q < len; q++) d[base + q * st] = out[q]!;
      }
    }
  }
  return d;
}
