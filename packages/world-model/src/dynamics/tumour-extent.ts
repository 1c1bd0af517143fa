/**
 * The whole tumour (viable + necrotic) at follow-up: the baseline lesion eroded toward its centre
 * (shrinkage) or dilated outward in mm (growth), with exactly round(V0 · totalVolumeFactor) voxels.
 *
 * Shrinkage keeps the voxels deepest inside the lesion (largest distance to its edge, in mm), so
 * the lesion contracts concentrically. Growth adds the allowed voxels nearest to the lesion (mm
 * distance on the anisotropic grid, so growth is isotropic in mm, not in voxels); allowed voxels are
 * liver (when a liver mask is given) or soft tissue, never another lesion. When too few allowed
 * voxels lie within reach, growth is truncated and the returned count says so.
 */
import type { Vec3 } from '@mewm/dicom';
import { centroidMm, distanceSqToPointMm, maskVoxels } from './box-geometry.ts';
import { selectTop } from './select-top.ts';

export interface TumourExtentInput {
  dims: Vec3;
  spacingMm: Vec3;
  /** 1 = baseline lesion (box-local). */
  lesion: Uint8Array;
  /** 1 = tissue the tumour may grow into (box-local). */
  allowed: Uint8Array;
  /** Squared mm distance to the lesion (0 inside). */
  outsideSqMm: Float64Array;
  /** Squared mm distance of lesion voxels to the nearest non-lesion voxel. */
  insideSqMm: Float64Array;
  totalVolumeFactor: number;
  /** Farthest growth considered beyond the lesion edge, mm. */
  maxReachMm: number;
}

/** 1 = tumour at follow-up (box-local). */
export function tumourExtent(input: TumourExtentInput): Uint8Array {
  const { dims, spacingMm, lesion } = input;
  const lesionVoxels = maskVoxels(lesion);
  const v0 = lesionVoxels.length;
  const target = Math.round(v0 * input.totalVolumeFactor);
  const tumour = new Uint8Array(lesion.length);
  if (target <= v0) {
    const c = centroidMm(lesionVoxels, dims, spacingMm);
    // Deepest first; among equal depths the voxel nearer the centroid (a tiny tie-break in mm²).
    const keep = selectTop(
      lesionVoxels,
      (v) => Math.sqrt(input.insideSqMm[v]!) - 1e-4 * distanceSqToPointMm(v, c, dims, spacingMm),
      target,
    );
    for (const v of keep) tumour[v] = 1;
    return tumour;
  }
  tumour.set(lesion);
  const reachSq = input.maxReachMm ** 2;
  const candidates: number[] = [];
  for (let v = 0; v < lesion.length; v++) {
    if (!lesion[v] && input.allowed[v] && input.outsideSqMm[v]! <= reachSq) candidates.push(v);
  }
  const grow = selectTop(candidates, (v) => -input.outsideSqMm[v]!, target - v0);
  for (const v of grow) tumour[v] = 1;
  return tumour;
}
