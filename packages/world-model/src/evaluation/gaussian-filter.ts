/**
 * Separable Gaussian filter with scipy.ndimage.gaussian_filter semantics, so that Python code can
 * reproduce it exactly: per axis a correlation with normalised weights
 * w[d] ∝ exp(−d² / (2σ²)), d = −r … r, r = int(truncate · σ + 0.5), edges in mode 'nearest'
 * (the border voxel repeats). An axis with σ ≤ 1e-15 is left alone (as scipy does).
 *
 * Arrays are x fastest (like Volume.data); `sigmaVox` is [σx, σy, σz] in voxels. In numpy terms
 * (C-order [z, y, x]) this is gaussian_filter(a, sigma=(σz, σy, σx), mode='nearest', truncate=truncate).
 * Intermediate passes are float64; the result is float32.
 */
import type { Vec3 } from '@mewm/dicom';
import { ModelInputError } from '../errors.ts';

/** scipy's kernel radius for σ (voxels) and truncate. */
export function gaussianRadius(sigmaVox: number, truncate: number): number {
  return Math.trunc(truncate * sigmaVox + 0.5);
}

/** Normalised weights for offsets −r … r (scipy.ndimage._gaussian_kernel1d, order 0). */
export function gaussianWeights(sigmaVox: number, truncate: number): Float64Array {
  const r = gaussianRadius(sigmaVox, truncate);
  const w = new Float64Array(2 * r + 1);
  let sum = 0;
  for (let d = -r; d <= r; d++) {
    const v = Math.exp((-0.5 / (sigmaVox * sigmaVox)) * d * d);
    w[d + r] = v;
    sum += v;
  }
  for (let t = 0; t < w.length; t++) w[t]! /= sum;
  return w;
}

/** gaussian_filter(data, σ per axis in voxels, mode='nearest', truncate) on an x-fastest grid. */
export function gaussianFilterNearest(data: ArrayLike<number>, dims: Vec3, sigmaVox: Vec3, truncate = 3.0): Float32Array {
  const n = dims[0] * dims[1] * dims[2];
  if (data.length !== n) throw new ModelInputError(`gaussianFilterNearest: data has ${data.length} voxels, dims [${dims.join(', ')}] need ${n}`);
  if (!sigmaVox.every((s) => Number.isFinite(s) && s >= 0)) {
    throw new ModelInputError(`gaussianFilterNearest: sigmaVox must be three finite numbers ≥ 0, got [${sigmaVox.join(', ')}]`);
  }
  if (!(Number.isFinite(truncate) && truncate > 0)) throw new ModelInputError(`gaussianFilterNearest: truncate must be > 0, got ${truncate}`);
  let cur: Float64Array = Float64Array.from(data);
  const strides: Vec3 = [1, dims[0], dims[0] * dims[1]];
  for (let axis = 0; axis < 3; axis++) {
    const sigma = sigmaVox[axis]!;
    if (sigma <= 1e-15) continue;
    cur = filterAxis(cur, dims, axis, strides[axis]!, gaussianWeights(sigma, truncate));
  }
  return Float32Array.from(cur);
}

/**
 * One axis of the filter. Each output voxel is acc = Σ_{d = 0 … 2r} w[d] · line[t + d], summed in that
 * order from 0 in float64 (`line`: the axis line with its border voxel repeated r times at each end).
 * Along x that is done voxel by voxel; along y and z a whole x-row at a time per tap, which gives
 * every voxel the same sum in the same order.
 */
function filterAxis(src: Float64Array, dims: Vec3, axis: number, stride: number, w: Float64Array): Float64Array {
  const out = new Float64Array(src.length);
  const len = dims[axis]!;
  const r = (w.length - 1) / 2;
  if (stride !== 1) {
    const row = dims[0]; // axis is y or z: x is contiguous and not the axis
    const outer = src.length / (stride * len);
    const acc = new Float64Array(row);
    for (let hi = 0; hi < outer; hi++) {
      for (let mid = 0; mid < stride; mid += row) {
        for (let t = 0; t < len; t++) {
          const base = mid + stride * (t + len * hi);
          acc.fill(0);
          for (let d = 0; d < w.length; d++) {
            const wd = w[d]!;
            const from = mid + stride * (Math.min(len - 1, Math.max(0, t + d - r)) + len * hi);
            for (let i = 0; i < row; i++) acc[i] = acc[i]! + wd * src[from + i]!;
          }
          out.set(acc, base);
        }
      }
    }
    return out;
  }
  const line = new Float64Array(len + 2 * r);
  for (let base = 0; base < src.length; base += len) {
    for (let t = 0; t < len; t++) line[t + r] = src[base + t]!;
    const first = line[r]!, last = line[r + len - 1]!;
    for (let t = 0; t < r; t++) {
      line[t] = first;
      line[r + len + t] = last;
    }
    for (let t = 0; t < len; t++) {
      let acc = 0;
      for (let d = 0; d < w.length; d++) acc += w[d]! * line[t + d]!;
      out[base + t] = acc;
    }
  }
  return out;
}

/** gaussianFilterNearest with σ given in mm on every axis (σ_vox = σ_mm / spacing of that axis). */
export function gaussianFilterMm(data: ArrayLike<number>, dims: Vec3, spacingMm: Vec3, sigmaMm: number, truncate = 3.0): Float32Array {
  if (!(Number.isFinite(sigmaMm) && sigmaMm >= 0)) throw new ModelInputError(`gaussianFilterMm: sigmaMm must be ≥ 0, got ${sigmaMm}`);
  if (!spacingMm.every((s) => Number.isFinite(s) && s > 0)) {
    throw new ModelInputError(`gaussianFilterMm: spacingMm must be three positive numbers, got [${spacingMm.join(', ')}]`);
  }
  const sigmaVox: Vec3 = [sigmaMm / spacingMm[0], sigmaMm / spacingMm[1], sigmaMm / spacingMm[2]];
  return gaussianFilterNearest(data, dims, sigmaVox, truncate);
}
