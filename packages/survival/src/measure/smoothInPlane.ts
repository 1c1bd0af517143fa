/**
 * In-plane Gaussian smoothing of a CT crop (HU), so that per-voxel tissue classes are decided on a
 * local mean rather than on single noisy voxels. Only the two in-plane axes are smoothed: CT slices
 * are often 3-5 mm thick and smoothing across them would blur small lesions away.
 */
import type { Vec3 } from '@mewm/dicom';

function kernel(sigmaVox: number): Float64Array {
  const r = Math.max(1, Math.ceil(3 * sigmaVox));
  const k = new Float64Array(2 * r + 1);
  let sum = 0;
  for (let x = -r; x <= r; x++) sum += k[x + r] = Math.exp(-(x * x) / (2 * sigmaVox * sigmaVox));
  for (let x = 0; x < k.length; x++) k[x]! /= sum;
  return k;
}

/**
 * Smooths along axes 0 and 1 with a Gaussian of `sigmaMm` (edge voxels reuse the nearest voxel).
 * Voxels flagged in `ignore` (e.g. outside the post CT's field of view) neither contribute nor change.
 */
export function smoothInPlane(hu: Float32Array, dims: Vec3, spacingMm: Vec3, sigmaMm: number, ignore?: Uint8Array): Float32Array {
  if (!(sigmaMm > 0)) return Float32Array.from(hu);
  let cur = Float32Array.from(hu);
  const [nx, ny, nz] = dims;
  for (const axis of [0, 1] as const) {
    const k = kernel(sigmaMm / spacingMm[axis]);
    const r = (k.length - 1) >> 1;
    const len = axis === 0 ? nx : ny;
    const step = axis === 0 ? 1 : nx;
    const next = new Float32Array(cur.length);
    const lines = axis === 0 ? ny * nz : nx * nz;
    for (let line = 0; line < lines; line++) {
      const base = axis === 0 ? line * nx : (line % nx) + Math.floor(line / nx) * nx * ny;
      for (let q = 0; q < len; q++) {
        const at = base + q * step;
        if (ignore?.[at]) {
          next[at] = cur[at]!;
          continue;
        }
        let s = 0, w = 0;
        for (let t = -r; t <= r; t++) {
          const qq = Math.min(len - 1, Math.max(0, q + t));
          const v = base + qq * step;
          if (ignore?.[v]) continue;
          s += k[t + r]! * cur[v]!;
          w += k[t + r]!;
        }
        next[at] = s / w;
      }
    }
    cur = next;
  }
  return cur;
}
