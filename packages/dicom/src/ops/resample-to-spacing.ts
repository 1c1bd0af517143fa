/**
 * Resample a volume to a new voxel spacing, keeping its field of view and orientation.
 */
import { InputError } from '../errors.ts';
import { affineSpacingMm, type Mat4, type Vec3 } from '../geometry.ts';
import { assertGrid, type LabelVolume, type Volume, type VolumeGrid } from '../volume.ts';
import { resampleToGrid, type ResampleMode } from './resample-to-grid.ts';

/**
 * The grid with voxels of `spacingMm` covering the same field of view as `grid`, same axis directions.
 * New dims = max(1, round(dims × old spacing / new spacing)); the field of view is the box from the outer
 * face of the first voxel to the outer face of the last, and both grids are centred on the same point
 * (so the outer faces coincide exactly when the sizes divide evenly).
 * @throws InputError when a spacing is not positive and finite
 */
export function gridWithSpacing(grid: VolumeGrid, spacingMm: Vec3): VolumeGrid {
  if (spacingMm.length !== 3 || spacingMm.some((s) => !(s > 0) || !Number.isFinite(s))) {
    throw new InputError(`spacingMm must be three positive finite numbers (mm); got [${spacingMm.join(', ')}]`);
  }
  const dims = [0, 1, 2].map((a) => Math.max(1, Math.round((grid.dims[a]! * grid.spacingMm[a]!) / spacingMm[a]!))) as Vec3;
  const m = grid.affineRas;
  const colLen = affineSpacingMm(m);
  const affineRas = [0, 1, 2, 3].map(() => [0, 0, 0, 0]) as Mat4;
  affineRas[3] = [0, 0, 0, 1];
  for (let r = 0; r < 3; r++) {
    let centre = m[r]![3];
    for (let a = 0; a < 3; a++) {
      const unit = m[r]![a]! / colLen[a]!;
      affineRas[r]![a] = unit * spacingMm[a]!;
      centre += (m[r]![a]! * (grid.dims[a]! - 1)) / 2;
    }
    // Origin such that the new grid's centre equals the old one's.
    let origin = centre;
    for (let a = 0; a < 3; a++) origin -= (affineRas[r]![a]! * (dims[a]! - 1)) / 2;
    affineRas[r]![3] = origin;
  }
  return { dims, spacingMm: [...spacingMm], affineRas };
}

/**
 * Resample to `spacingMm` (mm along i, j, k) over the same field of view and orientation
 * (see `gridWithSpacing`). 'linear' for CT (Float32Array out), 'nearest' for label maps.
 */
export function resampleToSpacing(image: LabelVolume, spacingMm: Vec3, mode: 'nearest'): LabelVolume;
export function resampleToSpacing(image: Volume, spacingMm: Vec3, mode: ResampleMode): Volume;
export function resampleToSpacing(image: Volume | LabelVolume, spacingMm: Vec3, mode: ResampleMode): Volume | LabelVolume {
  assertGrid(image, 'resampleToSpacing image');
  return resampleToGrid(image, gridWithSpacing(image, spacingMm), mode);
}
