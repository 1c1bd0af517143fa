/**
 * The 3D minimal ablative margin of a lesion inside an ablation zone, in mm, on any (anisotropic) grid.
 *
 * Covered lesion (every lesion voxel in the zone): the smallest distance from a lesion voxel centre to
 * the centre of a voxel outside the zone (exact Euclidean distance transform in mm), i.e. the
 * thinnest layer of ablated tissue around the tumour. It is a centre-to-centre distance: on a
 * 0.8 × 0.8 × 5 mm grid it can differ from the surface-to-surface distance by up to one voxel along
 * the direction where the minimum lies.
 * Uncovered lesion: minus the largest distance from an uncovered lesion voxel to the nearest zone voxel
 * (how far tumour sticks out of the zone), so 0 separates "just covered" from "not covered".
 */
import { assertGrid, sameGrid, type LabelVolume, type Vec3 } from '@mewm/dicom';
import { squaredDistanceMm } from '../../../dynamics/distance-transform-mm.ts';
import { AblationInputError } from './ablation-input-error.ts';

export interface MarginMeasurement {
  /** Minimal ablative margin, mm (negative: part of the lesion lies outside the zone). */
  marginMm: number;
  /** Lesion voxels outside the zone. */
  uncoveredVoxels: number;
  lesionVoxels: number;
}

/** Margin of `lesion` in `zone`, both 0/1 arrays on the same grid (box-local or full). */
export function measureMinimalMargin(lesion: Uint8Array, zone: Uint8Array, dims: Vec3, spacingMm: Vec3): MarginMeasurement {
  let lesionVoxels = 0;
  let uncoveredVoxels = 0;
  for (let v = 0; v < lesion.length; v++) {
    if (!lesion[v]) continue;
    lesionVoxels++;
    if (!zone[v]) uncoveredVoxels++;
  }
  if (lesionVoxels === 0) throw new AblationInputError('lesionMask', 'the lesion mask has no voxels; nothing to measure');
  if (uncoveredVoxels > 0) {
    const toZone = squaredDistanceMm(zone, dims, spacingMm);
    let worst = 0;
    for (let v = 0; v < lesion.length; v++) if (lesion[v] && !zone[v]) worst = Math.max(worst, toZone[v]!);
    return { marginMm: worst === Infinity ? -Infinity : -Math.sqrt(worst), uncoveredVoxels, lesionVoxels };
  }
  const outside = new Uint8Array(zone.length);
  for (let v = 0; v < zone.length; v++) outside[v] = zone[v] ? 0 : 1;
  const toOutside = squaredDistanceMm(outside, dims, spacingMm);
  let best = Infinity;
  for (let v = 0; v < lesion.length; v++) if (lesion[v]) best = Math.min(best, toOutside[v]!);
  return { marginMm: Math.sqrt(best), uncoveredVoxels: 0, lesionVoxels };
}

/**
 * Minimal ablative margin (mm) of a lesion mask inside a zone mask on the same CT grid. A zone that
 * fills the whole grid has no outside; the grid's edge then does not count, and the margin is +Infinity.
 * @throws AblationInputError when the grids differ or the lesion mask is empty.
 */
export function minimalAblativeMarginMm(lesionMask: LabelVolume, zoneMask: LabelVolume): MarginMeasurement {
  assertGrid(lesionMask, 'lesionMask');
  assertGrid(zoneMask, 'zoneMask');
  if (!sameGrid(lesionMask, zoneMask)) throw new AblationInputError('zoneMask', 'zoneMask is not on the lesion mask\'s grid (dims or affine differ)');
  return measureMinimalMargin(lesionMask.data, zoneMask.data, lesionMask.dims, lesionMask.spacingMm);
}
