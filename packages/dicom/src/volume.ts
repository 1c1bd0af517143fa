/**
 * The Volume contract shared by every package (see DESIGN.md, "Core contracts").
 *
 * A Volume is a 3D scalar grid, x (i) fastest, with its voxel → RAS+ affine.
 * CT volumes hold Hounsfield units. Label maps (masks) are Uint8Array on the same grid.
 */
import { z } from 'zod';
import { VolumeShapeError } from './errors.ts';
import { affineSpacingMm, type Mat4, type Vec3 } from './geometry.ts';

export type VoxelData = Float32Array | Int16Array;

const vec4 = z.tuple([z.number(), z.number(), z.number(), z.number()]);
export const mat4Schema = z.tuple([vec4, vec4, vec4, vec4]);
export const dims3Schema = z.tuple([z.number().int().positive(), z.number().int().positive(), z.number().int().positive()]);
export const spacing3Schema = z.tuple([z.number().positive(), z.number().positive(), z.number().positive()]);

/** Non-pixel facts about where a volume came from. No patient identifiers, ever. */
export const volumeMetaSchema = z.object({
  /** 'dicom' | 'nifti' | 'derived' (computed by the project, e.g. a simulation). */
  source: z.enum(['dicom', 'nifti', 'derived']),
  /** Voxel values are calibrated Hounsfield units (DICOM CT with rescale, or declared by the user). */
  unit: z.enum(['HU', 'unknown', 'label']),
  modality: z.string().optional(),
  /** Transfer syntax UID of the source files (DICOM only). */
  transferSyntaxUid: z.string().optional(),
  /** Number of source slices (DICOM only). */
  sliceCount: z.number().int().optional(),
  /** Pseudonymous series key (hash of the replaced Series Instance UID), never the original UID. */
  seriesKey: z.string().optional(),
  seriesDescription: z.string().optional(),
  /** Free-form notes on documented handling (e.g. "gantry tilt 0°"). */
  notes: z.array(z.string()).default([]),
});
export type VolumeMeta = z.infer<typeof volumeMetaSchema>;

/** The geometry shared by a volume and its masks. */
export interface VolumeGrid {
  dims: Vec3;
  spacingMm: Vec3;
  affineRas: Mat4;
}

export interface Volume extends VolumeGrid {
  data: VoxelData;
  meta: VolumeMeta;
}

/** A label map on a volume's grid: 0 = background, 1..255 = labels. */
export interface LabelVolume extends VolumeGrid {
  data: Uint8Array;
  /** Names of the labels present, e.g. { 1: 'lesion' }. */
  labels: Record<number, string>;
}

export function voxelCount(dims: Vec3): number {
  return dims[0] * dims[1] * dims[2];
}

/** Linear index of voxel (i, j, k), i fastest. */
export function voxelIndex(dims: Vec3, i: number, j: number, k: number): number {
  return i + dims[0] * (j + dims[1] * k);
}

/** Throws VolumeShapeError unless data length, dims, spacing and affine agree. */
export function assertGrid(grid: VolumeGrid & { data: ArrayLike<number> }, what = 'volume'): void {
  const { dims, spacingMm, data } = grid;
  if (dims.length !== 3 || dims.some((d) => !Number.isInteger(d) || d < 1)) {
    throw new VolumeShapeError(`${what}: dims must be three positive integers, got [${dims.join(', ')}]`);
  }
  if (spacingMm.some((s) => !(s > 0) || !Number.isFinite(s))) {
    throw new VolumeShapeError(`${what}: spacingMm must be positive and finite, got [${spacingMm.join(', ')}]`);
  }
  const n = voxelCount(dims);
  if (data.length !== n) {
    throw new VolumeShapeError(`${what}: data has ${data.length} voxels but dims [${dims.join(', ')}] need ${n}`);
  }
  const fromAffine = affineSpacingMm(grid.affineRas);
  for (let a = 0; a < 3; a++) {
    if (Math.abs(fromAffine[a]! - spacingMm[a]!) > 1e-3 * Math.max(1, spacingMm[a]!)) {
      throw new VolumeShapeError(
        `${what}: spacingMm[${a}] = ${spacingMm[a]} disagrees with the affine's column length ${fromAffine[a]}`,
      );
    }
  }
}

/** Do two grids describe the same voxels (same dims, affine within tolMm)? */
export function sameGrid(a: VolumeGrid, b: VolumeGrid, tolMm = 1e-3): boolean {
  if (a.dims.some((d, i) => d !== b.dims[i])) return false;
  for (let r = 0; r < 3; r++) {
    for (let c = 0; c < 4; c++) {
      if (Math.abs(a.affineRas[r]![c]! - b.affineRas[r]![c]!) > tolMm) return false;
    }
  }
  return true;
}
