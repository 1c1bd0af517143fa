/**
 * THE coarse condition map of the renderer's self-supervised training and of its evaluation.
 * The Python training code (models/renderer/) must reproduce it exactly:
 *
 *   coarse = where(region, gaussian_filter(real, sigma=(3/sz, 3/sy, 3/sx), mode='nearest', truncate=3.0), real)
 *
 * on the model grid, numpy C-order [z, y, x], `real` the real CT in HU (float), sz/sy/sx the model grid
 * spacing in mm. That is: real HU outside the region; inside it a separable Gaussian blur of the real
 * HU with σ = 3 mm on every axis (scipy.ndimage semantics: border voxel repeats, kernel radius
 * int(3·σ_vox + 0.5), normalised weights). The blur is of the whole real crop (context voxels within
 * the kernel radius of the region's edge contribute), evaluated inside the region only.
 */
import type { Vec3 } from '@mewm/dicom';
import { ModelInputError } from '../errors.ts';
import { gaussianFilterMm } from './gaussian-filter.ts';

/** σ of the coarse map's blur, mm, on every axis. */
export const COARSE_SIGMA_MM = 3;
/** scipy.ndimage truncate of every Gaussian in the evaluation. */
export const GAUSSIAN_TRUNCATE = 3.0;

export interface CoarseFromRealInput {
  /** Real CT HU on the model grid, x fastest. */
  realHu: ArrayLike<number>;
  /** Non-zero inside the region. */
  regionMask: Uint8Array;
  /** Grid [nx, ny, nz] and spacing [sx, sy, sz] mm. */
  shape: Vec3;
  spacingMm: Vec3;
  /** Gaussian σ in mm (default COARSE_SIGMA_MM, the evaluation's coarse map). */
  sigmaMm?: number;
}

/** The coarse expected-HU map (Float32Array, x fastest). */
export function coarseFromReal(input: CoarseFromRealInput): Float32Array {
  const n = input.shape[0] * input.shape[1] * input.shape[2];
  if (input.realHu.length !== n || input.regionMask.length !== n) {
    throw new ModelInputError(
      `coarseFromReal: realHu (${input.realHu.length}) and regionMask (${input.regionMask.length}) must both have ${n} voxels (shape [${input.shape.join(', ')}])`,
    );
  }
  const blurred = gaussianFilterMm(input.realHu, input.shape, input.spacingMm, input.sigmaMm ?? COARSE_SIGMA_MM, GAUSSIAN_TRUNCATE);
  const out = new Float32Array(n);
  for (let v = 0; v < n; v++) out[v] = input.regionMask[v] !== 0 ? blurred[v]! : input.realHu[v]!;
  return out;
}
