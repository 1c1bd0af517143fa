/**
 * glcmError: how far the texture's grey-level co-occurrence (Haralick) features are from the real CT's.
 *
 * Recipe (model grid, HU): quantise to L = 32 levels over [−100, 250] HU,
 * level = clamp(floor((hu + 100) · 32 / 350), 0, 31); on every axial slice (constant z) count the
 * pairs (p, p + d) with both voxels in the region, for the 4 in-plane offsets d (dx, dy) = (1, 0),
 * (1, 1), (0, 1), (−1, 1) (0°, 45°, 90°, 135°, distance 1); symmetric (each pair counted both ways);
 * pooled over all slices and directions into one matrix P, normalised to Σ P = 1. Features, as
 * skimage.feature.graycoprops defines them:
 *   contrast Σ P(i,j)(i−j)², dissimilarity Σ P|i−j|, homogeneity Σ P/(1+(i−j)²), energy √Σ P²,
 *   correlation Σ P(i−μi)(j−μj)/(σi σj) (1 when σi or σj < 1e-15), entropy −Σ_{P>0} P ln P.
 * glcmError = mean over the six features of |f_gen − f_real| / max(|f_real|, 1e-6).
 */
import type { Vec3 } from '@mewm/dicom';
import { ModelInputError } from '../errors.ts';

export interface GlcmOptions {
  levels: number;
  /** HU range mapped onto the levels. */
  huRange: readonly [number, number];
}

export const GLCM_DEFAULTS: GlcmOptions = { levels: 32, huRange: [-100, 250] };

/** In-plane offsets (dx, dy): 0°, 45°, 90°, 135° at distance 1. */
export const GLCM_OFFSETS: ReadonlyArray<readonly [number, number]> = [[1, 0], [1, 1], [0, 1], [-1, 1]];

export const GLCM_FEATURES = ['contrast', 'dissimilarity', 'homogeneity', 'energy', 'correlation', 'entropy'] as const;
export type GlcmFeature = (typeof GLCM_FEATURES)[number];

export function quantiseHu(hu: number, opts: GlcmOptions = GLCM_DEFAULTS): number {
  const [lo, hi] = opts.huRange;
  const q = Math.floor(((hu - lo) * opts.levels) / (hi - lo));
  return q < 0 ? 0 : q >= opts.levels ? opts.levels - 1 : q;
}

/** Pooled, symmetric co-occurrence counts (levels × levels, row-major) on axial slices within the region. */
export function glcmCounts(hu: ArrayLike<number>, region: Uint8Array, shape: Vec3, opts: GlcmOptions = GLCM_DEFAULTS): Float64Array {
  const [nx, ny, nz] = shape;
  if (hu.length !== nx * ny * nz || region.length !== hu.length) {
    throw new ModelInputError(`glcmCounts: hu (${hu.length}) and region (${region.length}) must have ${nx * ny * nz} voxels`);
  }
  if (!(Number.isInteger(opts.levels) && opts.levels >= 2 && opts.levels <= 256)) throw new ModelInputError(`glcm levels must be an integer in [2, 256], got ${opts.levels}`);
  if (!(opts.huRange[1] > opts.huRange[0])) throw new ModelInputError(`glcm huRange must be [lo, hi] with hi > lo, got [${opts.huRange.join(', ')}]`);
  const L = opts.levels;
  const counts = new Float64Array(L * L);
  const level = new Int32Array(hu.length);
  for (let v = 0; v < hu.length; v++) level[v] = region[v] ? quantiseHu(hu[v]!, opts) : -1;
  for (let k = 0; k < nz; k++) for (let j = 0; j < ny; j++) for (let i = 0; i < nx; i++) {
    const a = level[i + nx * (j + ny * k)]!;
    if (a < 0) continue;
    for (const [dx, dy] of GLCM_OFFSETS) {
      const ii = i + dx, jj = j + dy;
      if (ii < 0 || jj < 0 || ii >= nx || jj >= ny) continue;
      const b = level[ii + nx * (jj + ny * k)]!;
      if (b < 0) continue;
      counts[a * L + b]! += 1;
      counts[b * L + a]! += 1;
    }
  }
  return counts;
}

/** The six features of a co-occurrence matrix (normalised here; ModelInputError when it is empty). */
export function glcmFeatures(counts: Float64Array, levels: number): Record<GlcmFeature, number> {
  if (counts.length !== levels * levels) throw new ModelInputError(`glcmFeatures: counts must have ${levels}² values, got ${counts.length}`);
  let total = 0;
  for (const c of counts) total += c;
  if (!(total > 0)) throw new ModelInputError('glcmFeatures: no co-occurring voxel pairs in the region (it needs two in-plane neighbours)');
  let contrast = 0, dissimilarity = 0, homogeneity = 0, asm = 0, entropy = 0, mi = 0, mj = 0;
  for (let i = 0; i < levels; i++) for (let j = 0; j < levels; j++) {
    const p = counts[i * levels + j]! / total;
    if (p === 0) continue;
    const d = i - j;
    contrast += p * d * d;
    dissimilarity += p * Math.abs(d);
    homogeneity += p / (1 + d * d);
    asm += p * p;
    entropy -= p * Math.log(p);
    mi += p * i;
    mj += p * j;
  }
  let vi = 0, vj = 0, cov = 0;
  for (let i = 0; i < levels; i++) for (let j = 0; j < levels; j++) {
    const p = counts[i * levels + j]! / total;
    if (p === 0) continue;
    vi += p * (i - mi) ** 2;
    vj += p * (j - mj) ** 2;
    cov += p * (i - mi) * (j - mj);
  }
  const si = Math.sqrt(vi), sj = Math.sqrt(vj);
  const correlation = si < 1e-15 || sj < 1e-15 ? 1 : cov / (si * sj);
  return { contrast, dissimilarity, homogeneity, energy: Math.sqrt(asm), correlation, entropy };
}

export const GLCM_EPSILON = 1e-6;

/** Mean relative error of the six features of `generated` vs `real` within the region. */
export function glcmError(generated: ArrayLike<number>, real: ArrayLike<number>, region: Uint8Array, shape: Vec3, opts: GlcmOptions = GLCM_DEFAULTS): number {
  const g = glcmFeatures(glcmCounts(generated, region, shape, opts), opts.levels);
  const r = glcmFeatures(glcmCounts(real, region, shape, opts), opts.levels);
  let s = 0;
  for (const f of GLCM_FEATURES) s += Math.abs(g[f] - r[f]) / Math.max(Math.abs(r[f]), GLCM_EPSILON);
  return s / GLCM_FEATURES.length;
}
