/**
 * The region of interest of a seeded segmentation: an axis-aligned voxel box around the seed,
 * cut out of the CT so that every later step works on a few hundred thousand voxels, not millions.
 */
import { SegmentationError } from '../errors.ts';
import { applyAffine, invertAffine, type Vec3 } from '../geometry.ts';
import type { Volume } from '../volume.ts';

/** A voxel box inside a parent grid: `origin` is its first voxel (i, j, k), `dims` its size. */
export interface VoxelBox {
  origin: Vec3;
  dims: Vec3;
}

/**
 * The voxel (i, j, k) nearest to a RAS+ point (mm), through the inverse of `ct.affineRas`.
 * @throws SegmentationError when the point lies outside the volume (more than half a voxel past an edge)
 */
export function seedToVoxel(ct: Volume, seedRas: Vec3): Vec3 {
  const ijk = applyAffine(invertAffine(ct.affineRas), seedRas);
  for (let a = 0; a < 3; a++) {
    const c = ijk[a]!;
    const n = ct.dims[a]!;
    if (!(c >= -0.5 && c <= n - 0.5)) {
      throw new SegmentationError(
        `seed (RAS ${seedRas.map((x) => x.toFixed(1)).join(', ')} mm) lies outside the CT volume: ` +
          `voxel index ${'ijk'[a]} = ${c.toFixed(1)}, allowed 0..${n - 1}; click inside the image`,
      );
    }
  }
  return [
    Math.min(ct.dims[0] - 1, Math.max(0, Math.round(ijk[0]))),
    Math.min(ct.dims[1] - 1, Math.max(0, Math.round(ijk[1]))),
    Math.min(ct.dims[2] - 1, Math.max(0, Math.round(ijk[2]))),
  ];
}

/**
 * The box of voxels within `radiusMm` (+ `marginVoxels`) of `center` along each axis, clipped to `dims`.
 * Spacing is per voxel axis in mm.
 */
export function boxAround(center: Vec3, radiusMm: number, spacingMm: Vec3, dims: Vec3, marginVoxels = 1): VoxelBox {
  const origin: Vec3 = [0, 0, 0];
  const size: Vec3 = [0, 0, 0];
  for (let a = 0; a < 3; a++) {
    const h = Math.ceil(radiusMm / spacingMm[a]!) + marginVoxels;
    const lo = Math.max(0, center[a]! - h);
    const hi = Math.min(dims[a]! - 1, center[a]! + h);
    origin[a] = lo;
    size[a] = hi - lo + 1;
  }
  return { origin, dims: size };
}

/** The smallest box holding every non-zero voxel of `mask`, grown by `marginVoxels` per axis and clipped to `dims`; undefined when empty. */
export function boundingBox(mask: Uint8Array, dims: Vec3, marginVoxels: Vec3): VoxelBox | undefined {
  const [nx, ny, nz] = dims;
  const min: Vec3 = [nx, ny, nz];
  const max: Vec3 = [-1, -1, -1];
  let v = 0;
  for (let k = 0; k < nz; k++) {
    for (let j = 0; j < ny; j++) {
      for (let i = 0; i < nx; i++, v++) {
        if (mask[v] === 0) continue;
        if (i < min[0]) min[0] = i;
        if (i > max[0]) max[0] = i;
        if (j < min[1]) min[1] = j;
        if (j > max[1]) max[1] = j;
        if (k < min[2]) min[2] = k;
        if (k > max[2]) max[2] = k;
      }
    }
  }
  if (max[0] < 0) return undefined;
  const origin: Vec3 = [0, 0, 0];
  const size: Vec3 = [0, 0, 0];
  for (let a = 0; a < 3; a++) {
    const lo = Math.max(0, min[a]! - marginVoxels[a]!);
    const hi = Math.min(dims[a]! - 1, max[a]! + marginVoxels[a]!);
    origin[a] = lo;
    size[a] = hi - lo + 1;
  }
  return { origin, dims: size };
}

/** Copy the voxels of `box` out of a grid of `dims` (i fastest) into a new Float32Array. */
export function cropToBox(data: ArrayLike<number>, dims: Vec3, box: VoxelBox): Float32Array {
  const [bx, by, bz] = box.dims;
  const [ox, oy, oz] = box.origin;
  const out = new Float32Array(bx * by * bz);
  let o = 0;
  for (let k = 0; k < bz; k++) {
    for (let j = 0; j < by; j++) {
      const base = ox + dims[0] * (oy + j + dims[1] * (oz + k));
      for (let i = 0; i < bx; i++) out[o++] = data[base + i]!;
    }
  }
  return out;
}

/** Copy a Uint8Array box of `box.dims` back into a grid of `dims` at `box.origin` (writes `value` where non-zero). */
export function pasteMask(target: Uint8Array, dims: Vec3, box: VoxelBox, mask: Uint8Array, value: number): void {
  const [bx, by, bz] = box.dims;
  const [ox, oy, oz] = box.origin;
  let o = 0;
  for (let k = 0; k < bz; k++) {
    for (let j = 0; j < by; j++) {
      const base = ox + dims[0] * (oy + j + dims[1] * (oz + k));
      for (let i = 0; i < bx; i++, o++) if (mask[o] !== 0) target[base + i] = value;
    }
  }
}
