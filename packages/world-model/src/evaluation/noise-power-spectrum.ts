/**
 * npsError: how far the texture's noise power spectrum (NPS) is from the real CT's.
 *
 * Recipe (both volumes on the model grid, HU):
 *  1. residual r = v − coarse, v = the generated (or the real) volume, coarse = coarseFromReal.
 *  2. Take the region's bounding box; zero-pad it to the next power of two on each axis
 *     (N = [Nx, Ny, Nz]); r is set to 0 outside the region and has its mean over the region voxels
 *     removed inside it.
 *  3. 3D FFT F; NPS(k) = |F(k)|² · (sx·sy·sz) / n_region  [HU²·mm³], n_region = region voxel count.
 *  4. Radial average in physical frequency: f(k) = √Σ_a (k_a / (N_a·s_a))² cycles/mm (k_a signed,
 *     anisotropic spacing s_a); bin width δ = max_a 1/(N_a·s_a); bin b holds f ∈ [(b − ½)δ, (b + ½)δ),
 *     b = 0 … round(f_max/δ); the bin value is the mean NPS of its samples (empty bins are dropped).
 *  5. npsError = Σ_b |NPS_gen(b) − NPS_real(b)| / Σ_b NPS_real(b).
 * So a method that adds nothing to the coarse map (residual 0) scores exactly 1, and the real volume
 * scores 0. By Parseval, Σ_k NPS(k) / (N·s-volume) = the residual variance in the region.
 */
import type { Vec3 } from '@mewm/dicom';
import { ModelInputError } from '../errors.ts';
import { fft3d, nextPow2, signedIndex } from './fft.ts';

export interface RadialNps {
  /** Bin centre, cycles/mm. */
  frequencyPerMm: number[];
  /** Mean NPS per bin, HU²·mm³. */
  nps: number[];
  /** FFT samples per bin. */
  counts: number[];
}

export interface RegionGrid {
  shape: Vec3;
  spacingMm: Vec3;
}

/** Inclusive voxel bbox of the non-zero voxels (ModelInputError when empty). */
export function regionBbox(region: Uint8Array, shape: Vec3): { min: Vec3; max: Vec3 } {
  const min: Vec3 = [Infinity, Infinity, Infinity];
  const max: Vec3 = [-Infinity, -Infinity, -Infinity];
  let v = 0;
  for (let k = 0; k < shape[2]; k++) for (let j = 0; j < shape[1]; j++) for (let i = 0; i < shape[0]; i++, v++) {
    if (region[v] === 0) continue;
    if (i < min[0]) min[0] = i; if (i > max[0]) max[0] = i;
    if (j < min[1]) min[1] = j; if (j > max[1]) max[1] = j;
    if (k < min[2]) min[2] = k; if (k > max[2]) max[2] = k;
  }
  if (!Number.isFinite(min[0])) throw new ModelInputError('region is empty: no non-zero voxel');
  return { min, max };
}

/** The radially averaged NPS of (values − coarse) inside the region (steps 1–4 above). */
export function radialResidualNps(values: ArrayLike<number>, coarse: ArrayLike<number>, region: Uint8Array, grid: RegionGrid): RadialNps {
  const { shape, spacingMm } = grid;
  const nVox = shape[0] * shape[1] * shape[2];
  if (values.length !== nVox || coarse.length !== nVox || region.length !== nVox) {
    throw new ModelInputError(`radialResidualNps: values (${values.length}), coarse (${coarse.length}) and region (${region.length}) must have ${nVox} voxels`);
  }
  const box = regionBbox(region, shape);
  const dims: Vec3 = [0, 1, 2].map((a) => nextPow2(box.max[a]! - box.min[a]! + 1)) as Vec3;
  const n = dims[0] * dims[1] * dims[2];
  const re = new Float64Array(n), im = new Float64Array(n);
  let sum = 0, count = 0;
  for (let k = box.min[2]; k <= box.max[2]; k++) for (let j = box.min[1]; j <= box.max[1]; j++) for (let i = box.min[0]; i <= box.max[0]; i++) {
    const v = i + shape[0] * (j + shape[1] * k);
    if (region[v] === 0) continue;
    const r = values[v]! - coarse[v]!;
    re[(i - box.min[0]) + dims[0] * ((j - box.min[1]) + dims[1] * (k - box.min[2]))] = r;
    sum += r;
    count++;
  }
  const mean = sum / count;
  for (let k = box.min[2]; k <= box.max[2]; k++) for (let j = box.min[1]; j <= box.max[1]; j++) for (let i = box.min[0]; i <= box.max[0]; i++) {
    if (region[i + shape[0] * (j + shape[1] * k)] === 0) continue;
    re[(i - box.min[0]) + dims[0] * ((j - box.min[1]) + dims[1] * (k - box.min[2]))]! -= mean;
  }
  fft3d(re, im, dims);
  const scale = (spacingMm[0] * spacingMm[1] * spacingMm[2]) / count;
  const df: Vec3 = [0, 1, 2].map((a) => 1 / (dims[a]! * spacingMm[a]!)) as Vec3;
  const delta = Math.max(...df);
  const fMax = Math.hypot(...[0, 1, 2].map((a) => Math.floor(dims[a]! / 2) * df[a]!));
  const bins = Math.round(fMax / delta) + 1;
  const acc = new Float64Array(bins), cnt = new Float64Array(bins);
  let q = 0;
  for (let k = 0; k < dims[2]; k++) {
    const fz = signedIndex(k, dims[2]) * df[2];
    for (let j = 0; j < dims[1]; j++) {
      const fy = signedIndex(j, dims[1]) * df[1];
      for (let i = 0; i < dims[0]; i++, q++) {
        const fx = signedIndex(i, dims[0]) * df[0];
        const b = Math.min(bins - 1, Math.round(Math.sqrt(fx * fx + fy * fy + fz * fz) / delta));
        acc[b]! += (re[q]! * re[q]! + im[q]! * im[q]!) * scale;
        cnt[b]! += 1;
      }
    }
  }
  const out: RadialNps = { frequencyPerMm: [], nps: [], counts: [] };
  for (let b = 0; b < bins; b++) {
    if (cnt[b] === 0) continue;
    out.frequencyPerMm.push(b * delta);
    out.nps.push(acc[b]! / cnt[b]!);
    out.counts.push(cnt[b]!);
  }
  return out;
}

/** Σ_b |NPS_gen − NPS_real| / Σ_b NPS_real (0 when both are zero; Infinity when only the real one is). */
export function npsError(generated: ArrayLike<number>, real: ArrayLike<number>, coarse: ArrayLike<number>, region: Uint8Array, grid: RegionGrid): number {
  const g = radialResidualNps(generated, coarse, region, grid).nps;
  const r = radialResidualNps(real, coarse, region, grid).nps;
  let num = 0, den = 0;
  for (let b = 0; b < r.length; b++) {
    num += Math.abs(g[b]! - r[b]!);
    den += r[b]!;
  }
  if (den === 0) return num === 0 ? 0 : Infinity;
  return num / den;
}
