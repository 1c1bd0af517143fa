/**
 * A working box: a sub-grid of the CT (voxel-index origin + size) in which one lesion's response is
 * computed, so the cost scales with the lesion and its margins, not with the whole CT.
 */
import type { Vec3 } from '@mewm/dicom';

export interface WorkBox {
  /** Voxel index in the full grid of the box's first voxel. */
  origin: Vec3;
  /** Box size in voxels [nx, ny, nz]. */
  dims: Vec3;
}

/**
 * Inclusive voxel bbox and voxel count of every label 1..255 present in `labels` (x fastest).
 * Skips empty stretches four bytes at a time: most of a CT's label map is background.
 */
export function labelBoxes(labels: Uint8Array, dims: Vec3): Map<number, { min: Vec3; max: Vec3; count: number }> {
  const boxes = new Map<number, { min: Vec3; max: Vec3; count: number }>();
  const visit = (v: number) => {
    const l = labels[v]!;
    if (l === 0) return;
    const i = v % dims[0];
    const j = Math.floor(v / dims[0]) % dims[1];
    const k = Math.floor(v / (dims[0] * dims[1]));
    const b = boxes.get(l);
    if (!b) {
      boxes.set(l, { min: [i, j, k], max: [i, j, k], count: 1 });
      return;
    }
    b.count++;
    if (i < b.min[0]) b.min[0] = i;
    if (i > b.max[0]) b.max[0] = i;
    if (j < b.min[1]) b.min[1] = j;
    if (j > b.max[1]) b.max[1] = j;
    if (k < b.min[2]) b.min[2] = k;
    if (k > b.max[2]) b.max[2] = k;
  };
  const aligned = labels.byteOffset % 4 === 0;
  const words = aligned ? new Uint32Array(labels.buffer, labels.byteOffset, labels.length >>> 2) : new Uint32Array(0);
  for (let w = 0; w < words.length; w++) {
    if (words[w] === 0) continue;
    for (let b = 0; b < 4; b++) visit(w * 4 + b);
  }
  for (let v = words.length * 4; v < labels.length; v++) visit(v);
  return boxes;
}

/** The bbox grown by `marginMm` on every side (in voxels per axis, at least one), clamped to the grid. */
export function expandBox(bbox: { min: Vec3; max: Vec3 }, marginMm: number, spacingMm: Vec3, gridDims: Vec3): WorkBox {
  const origin: Vec3 = [0, 0, 0];
  const dims: Vec3 = [0, 0, 0];
  for (let a = 0; a < 3; a++) {
    const pad = Math.max(1, Math.ceil(marginMm / spacingMm[a]!));
    const lo = Math.max(0, bbox.min[a]! - pad);
    const hi = Math.min(gridDims[a]! - 1, bbox.max[a]! + pad);
    origin[a] = lo;
    dims[a] = hi - lo + 1;
  }
  return { origin, dims };
}

/** Copy the box's part of a full-grid array into a new array of the box's size, made by `make` (values converted as `TypedArray.set` does). */
export function cropArray<T extends Uint8Array | Float32Array | Int16Array>(
  full: Uint8Array | Float32Array | Int16Array, gridDims: Vec3, box: WorkBox, make: (n: number) => T,
): T {
  const [bx, by, bz] = box.dims;
  const out = make(bx * by * bz);
  let o = 0;
  for (let k = 0; k < bz; k++) {
    for (let j = 0; j < by; j++) {
      const start = box.origin[0] + gridDims[0] * (box.origin[1] + j + gridDims[1] * (box.origin[2] + k));
      out.set(full.subarray(start, start + bx), o);
      o += bx;
    }
  }
  return out;
}

/** Full-grid linear index of the box-local linear index `local`. */
export function toGridIndex(local: number, box: WorkBox, gridDims: Vec3): number {
  const [bx, by] = box.dims;
  const i = local % bx;
  const j = Math.floor(local / bx) % by;
  const k = Math.floor(local / (bx * by));
  return box.origin[0] + i + gridDims[0] * (box.origin[1] + j + gridDims[1] * (box.origin[2] + k));
}
