/**
 * The noise power spectrum of the real CT estimated from the context around a region — never from
 * the region itself — for the `coarse+nps-noise` baseline.
 *
 * 1. High-pass the context the way the coarse map is made: h = real − G_3mm(real) (G as in
 *    coarseFromReal). Region voxels are zeroed before filtering, and every voxel whose kernel
 *    footprint (±radius per axis) touches the region is excluded, so nothing of the target leaks in.
 * 2. Keep flat soft tissue only, so that organ edges and vessels do not pass for noise: voxels whose
 *    3×3×3 neighbourhood lies in [−150, 250] HU and where the smoothed CT is flat,
 *    |∇G_3mm(real)| ≤ 2 HU/mm (central differences); then drop outliers (|h − median| > 5 × 1.4826 × MAD).
 * 3. On an FFT grid of the model grid padded to powers of two: h (mean-removed over the kept voxels,
 *    0 elsewhere) → S(k) = |FFT h|² / n_kept, smoothed by a circular 3×3×3 moving average over k.
 *    By Parseval mean_k S = the variance of h over the kept voxels.
 */
import type { Vec3 } from '@mewm/dicom';
import { COARSE_SIGMA_MM, GAUSSIAN_TRUNCATE } from './coarse-from-real.ts';
import { fft3d, nextPow2 } from './fft.ts';
import { gaussianFilterMm, gaussianRadius } from './gaussian-filter.ts';

export const CONTEXT_SOFT_TISSUE_HU: readonly [number, number] = [-150, 250];
/** Largest gradient of the 3 mm-smoothed CT (HU/mm) at a context voxel used for the NPS. */
export const CONTEXT_MAX_GRADIENT_HU_PER_MM = 2;

export interface ContextNps {
  /** FFT grid [Nx, Ny, Nz] (powers of two ≥ the model grid). */
  fftDims: Vec3;
  /** Per-frequency power S(k), x fastest on fftDims; mean_k S = residual variance (HU²). */
  power: Float64Array;
  /** Context voxels the estimate used. */
  voxels: number;
}

export function estimateContextNps(contextHu: ArrayLike<number>, regionMask: Uint8Array, shape: Vec3, spacingMm: Vec3): ContextNps {
  const [nx, ny, nz] = shape;
  const n = nx * ny * nz;
  const blanked = new Float32Array(n);
  for (let v = 0; v < n; v++) blanked[v] = regionMask[v] ? 0 : contextHu[v]!;
  const smooth = gaussianFilterMm(blanked, shape, spacingMm, COARSE_SIGMA_MM, GAUSSIAN_TRUNCATE);
  const radius = spacingMm.map((s) => gaussianRadius(COARSE_SIGMA_MM / s, GAUSSIAN_TRUNCATE)) as Vec3;
  const nearRegion = boxDilate(regionMask, shape, radius);
  const [lo, hi] = CONTEXT_SOFT_TISSUE_HU;
  const inRange = new Uint8Array(n);
  for (let v = 0; v < n; v++) inRange[v] = !regionMask[v] && blanked[v]! >= lo && blanked[v]! <= hi ? 1 : 0;
  const soft = boxErode(inRange, shape, [1, 1, 1]);
  const keep: number[] = [];
  const flat = flatVoxels(smooth, shape, spacingMm, CONTEXT_MAX_GRADIENT_HU_PER_MM);
  for (let v = 0; v < n; v++) if (soft[v] && flat[v] && !nearRegion[v]) keep.push(v);
  const h = new Float64Array(n);
  for (const v of keep) h[v] = blanked[v]! - smooth[v]!;
  const kept = rejectOutliers(keep, h);

  const fftDims: Vec3 = [nextPow2(nx), nextPow2(ny), nextPow2(nz)];
  const m = fftDims[0] * fftDims[1] * fftDims[2];
  const re = new Float64Array(m), im = new Float64Array(m);
  let mean = 0;
  for (const v of kept) mean += h[v]!;
  mean /= Math.max(1, kept.length);
  for (const v of kept) {
    const i = v % nx, j = Math.floor(v / nx) % ny, k = Math.floor(v / (nx * ny));
    re[i + fftDims[0] * (j + fftDims[1] * k)] = h[v]! - mean;
  }
  fft3d(re, im, fftDims);
  const raw = new Float64Array(m);
  for (let q = 0; q < m; q++) raw[q] = (re[q]! * re[q]! + im[q]! * im[q]!) / Math.max(1, kept.length);
  return { fftDims, power: circularBoxMean(raw, fftDims), voxels: kept.length };
}

/** 1 where the central-difference gradient magnitude of `g` is ≤ maxGrad (HU/mm); one-sided at the grid edge. */
function flatVoxels(g: Float32Array, shape: Vec3, spacingMm: Vec3, maxGrad: number): Uint8Array {
  const [nx, ny, nz] = shape;
  const out = new Uint8Array(g.length);
  const strides: Vec3 = [1, nx, nx * ny];
  let v = 0;
  for (let k = 0; k < nz; k++) for (let j = 0; j < ny; j++) for (let i = 0; i < nx; i++, v++) {
    const idx: Vec3 = [i, j, k];
    let g2 = 0;
    for (let a = 0; a < 3; a++) {
      const t = idx[a]!, len = shape[a]!;
      if (len < 2) continue;
      const lo = t > 0 ? v - strides[a]! : v, hi = t < len - 1 ? v + strides[a]! : v;
      const d = (g[hi]! - g[lo]!) / ((hi === v || lo === v ? 1 : 2) * spacingMm[a]!);
      g2 += d * d;
    }
    out[v] = g2 <= maxGrad * maxGrad ? 1 : 0;
  }
  return out;
}

function rejectOutliers(keep: number[], h: Float64Array): number[] {
  if (keep.length === 0) return keep;
  const vals = Float64Array.from(keep, (v) => h[v]!).sort();
  const med = vals[vals.length >> 1]!;
  const dev = Float64Array.from(vals, (x) => Math.abs(x - med)).sort();
  const mad = dev[dev.length >> 1]!;
  const limit = 5 * 1.4826 * mad;
  return mad > 0 ? keep.filter((v) => Math.abs(h[v]! - med) <= limit) : keep;
}

/** 1 where any voxel within ±r (per axis, box) is non-zero. */
function boxDilate(mask: Uint8Array, shape: Vec3, r: Vec3): Uint8Array {
  let cur: Uint8Array = Uint8Array.from(mask, (m) => (m ? 1 : 0));
  const strides: Vec3 = [1, shape[0], shape[0] * shape[1]];
  for (let a = 0; a < 3; a++) cur = lineMax(cur, shape, a, strides[a]!, r[a]!, true);
  return cur;
}

/** 1 where every voxel within ±r (per axis, box, clipped at the grid edge) is non-zero. */
function boxErode(mask: Uint8Array, shape: Vec3, r: Vec3): Uint8Array {
  let cur: Uint8Array = Uint8Array.from(mask, (m) => (m ? 1 : 0));
  const strides: Vec3 = [1, shape[0], shape[0] * shape[1]];
  for (let a = 0; a < 3; a++) cur = lineMax(cur, shape, a, strides[a]!, r[a]!, false);
  return cur;
}

function lineMax(src: Uint8Array, shape: Vec3, axis: number, stride: number, r: number, dilate: boolean): Uint8Array {
  const out = new Uint8Array(src.length);
  const len = shape[axis]!;
  for (let v = 0; v < src.length; v++) {
    const t = Math.floor(v / stride) % len;
    const base = v - t * stride;
    let hit = dilate ? 0 : 1;
    for (let d = Math.max(0, t - r); d <= Math.min(len - 1, t + r); d++) {
      const x = src[base + d * stride]!;
      if (dilate && x) { hit = 1; break; }
      if (!dilate && !x) { hit = 0; break; }
    }
    out[v] = hit;
  }
  return out;
}

/** Circular 3×3×3 moving average (periodic in k, as the spectrum is). */
function circularBoxMean(p: Float64Array, dims: Vec3): Float64Array {
  let cur = p;
  const strides: Vec3 = [1, dims[0], dims[0] * dims[1]];
  for (let a = 0; a < 3; a++) {
    const len = dims[a]!;
    if (len < 3) continue;
    const out = new Float64Array(cur.length);
    const s = strides[a]!;
    for (let v = 0; v < cur.length; v++) {
      const t = Math.floor(v / s) % len;
      const base = v - t * s;
      out[v] = (cur[base + ((t + len - 1) % len) * s]! + cur[v]! + cur[base + ((t + 1) % len) * s]!) / 3;
    }
    cur = out;
  }
  return cur;
}
