/**
 * Separable Gaussian smoothing with the width given in millimetres, so that it means the same on
 * 0.7 mm and 5 mm voxels. Axes whose spacing is much coarser than sigma are left alone.
 */
import type { Vec3 } from '../geometry.ts';
import { forEachLineBlock } from './max-filter.ts';

/**
 * Smooth a 3D grid (i fastest) with a Gaussian of standard deviation `sigmaMm` along each axis.
 * An axis is skipped when sigma is under half its spacing (the kernel would be nearly a delta).
 * Edges replicate the border voxel. Returns a new array; the input is not modified.
 * @param spacingMm voxel size in mm along i, j, k
 */
export function gaussianSmoothMm(data: Float32Array, dims: Vec3, spacingMm: Vec3, sigmaMm: number): Float32Array {
  let cur: Float32Array = Float32Array.from(data);
  if (!(sigmaMm > 0)) return cur;
  for (let axis = 0; axis < 3; axis++) {
    const sigmaVox = sigmaMm / spacingMm[axis]!;
    if (sigmaVox < 0.5 || dims[axis]! < 2) continue;
    const w = gaussianKernel(sigmaVox);
    const r = (w.length - 1) / 2;
    const src = cur;
    const out = new Float32Array(src.length);
    forEachLineBlock(dims, axis, (s0, d0, stride, n, width) => {
      for (let t = 0; t < n; t++) {
        const o = d0 + t * stride;
        for (let d = -r; d <= r; d++) {
          const q = t + d < 0 ? 0 : t + d >= n ? n - 1 : t + d;
          const wd = w[d + r]!;
          const base = s0 + q * stride;
          for (let x = 0; x < width; x++) out[o + x]! += wd * src[base + x]!;
        }
      }
    });
    cur = out;
  }
  return cur;
}

/** Normalised Gaussian weights for offsets −r..r, r = ceil(3 sigma). */
export function gaussianKernel(sigmaVox: number): Float64Array {
  const r = Math.max(1, Math.ceil(3 * sigmaVox));
  const w = new Float64Array(2 * r + 1);
  let sum = 0;
  for (let d = -r; d <= r; d++) {
    const x = Math.exp(-(d * d) / (2 * sigmaVox * sigmaVox));
    w[d + r] = x;
    sum += x;
  }
  for (let t = 0; t < w.length; t++) w[t]! /= sum;
  return w;
}
