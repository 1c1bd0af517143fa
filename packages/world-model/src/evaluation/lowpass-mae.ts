/**
 * lowpassMaeHu: mean |G(gen) − G(real)| over the region voxels, G a Gaussian low-pass with σ = 4 mm on
 * every axis (scipy.ndimage.gaussian_filter semantics, mode 'nearest', truncate 3.0) applied to the
 * whole model-grid volumes. It measures whether a method keeps the coarse intensity right, ignoring
 * texture finer than ~4 mm.
 */
import type { Vec3 } from '@mewm/dicom';
import { ModelInputError } from '../errors.ts';
import { GAUSSIAN_TRUNCATE } from './coarse-from-real.ts';
import { gaussianFilterMm } from './gaussian-filter.ts';

export const LOWPASS_SIGMA_MM = 4;

export function lowpassMaeHu(generated: ArrayLike<number>, real: ArrayLike<number>, region: Uint8Array, grid: { shape: Vec3; spacingMm: Vec3 }): number {
  const g = gaussianFilterMm(generated, grid.shape, grid.spacingMm, LOWPASS_SIGMA_MM, GAUSSIAN_TRUNCATE);
  const r = gaussianFilterMm(real, grid.shape, grid.spacingMm, LOWPASS_SIGMA_MM, GAUSSIAN_TRUNCATE);
  let s = 0, n = 0;
  for (let v = 0; v < region.length; v++) {
    if (region[v] === 0) continue;
    s += Math.abs(g[v]! - r[v]!);
    n++;
  }
  if (n === 0) throw new ModelInputError('lowpassMaeHu: region is empty');
  return s / n;
}
