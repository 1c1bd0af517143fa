/**
 * The working box of the ablation geometry: a sub-grid of the CT around the lesion, padded in mm,
 * plus a one-voxel ring on every side. Ring voxels beyond the CT's edge are never zone, lesion or
 * vessel, so the CT's edge counts as "outside the ablation zone" (a conservative margin) and every
 * distance transform has a non-zone voxel to measure to. Box-local arrays are x fastest.
 */
import type { Vec3 } from '@mewm/dicom';

export interface AblationBox {
  /** Full-grid voxel index of the box's first voxel (may be −1: the ring outside the grid). */
  origin: Vec3;
  dims: Vec3;
  gridDims: Vec3;
  spacingMm: Vec3;
}

/** Box holding voxels [minIjk − pad, maxIjk + pad] (pad in mm per axis, clipped to the grid) plus the ring. */
export function boxAround(gridDims: Vec3, spacingMm: Vec3, minIjk: Vec3, maxIjk: Vec3, padMm: number): AblationBox {
  const origin: Vec3 = [0, 0, 0];
  const dims: Vec3 = [0, 0, 0];
  for (let a = 0; a < 3; a++) {
    const pad = Math.ceil(padMm / spacingMm[a]!);
    const lo = Math.max(0, minIjk[a]! - pad) - 1;
    const hi = Math.min(gridDims[a]! - 1, maxIjk[a]! + pad) + 1;
    origin[a] = lo;
    dims[a] = hi - lo + 1;
  }
  return { origin, dims, gridDims, spacingMm };
}

export function boxVoxelCount(box: AblationBox): number {
  return box.dims[0] * box.dims[1] * box.dims[2];
}

/** Full-grid linear index of box voxel `v`, or −1 when it lies in the ring outside the grid. */
export function gridIndexOf(box: AblationBox, v: number): number {
  const [bx, by] = box.dims;
  const i = (v % bx) + box.origin[0];
  const j = (Math.floor(v / bx) % by) + box.origin[1];
  const k = Math.floor(v / (bx * by)) + box.origin[2];
  const [nx, ny, nz] = box.gridDims;
  if (i < 0 || j < 0 || k < 0 || i >= nx || j >= ny || k >= nz) return -1;
  return i + nx * (j + ny * k);
}

/** Box-local 0/1 copy of a full-grid label map: 1 where `test(label)` (default: label ≠ 0). */
export function cropToBox(box: AblationBox, data: Uint8Array, test: (label: number) => boolean = (l) => l !== 0): Uint8Array {
  const out = new Uint8Array(boxVoxelCount(box));
  for (let v = 0; v < out.length; v++) {
    const g = gridIndexOf(box, v);
    if (g >= 0 && test(data[g]!)) out[v] = 1;
  }
  return out;
}

/** Box-local voxel position in mm from the box origin (voxel axes; the affine's rotation does not change distances). */
export function boxPositionMm(box: AblationBox, v: number): Vec3 {
  const [bx, by] = box.dims;
  return [(v % bx) * box.spacingMm[0], (Math.floor(v / bx) % by) * box.spacingMm[1], Math.floor(v / (bx * by)) * box.spacingMm[2]];
}
