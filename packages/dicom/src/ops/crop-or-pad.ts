/**
 * Crop and/or pad a volume to a voxel-index box, keeping world positions of the voxels it keeps.
 */
import { InputError } from '../errors.ts';
import { applyAffine, type Mat4, type Vec3 } from '../geometry.ts';
import { assertGrid, type LabelVolume, type Volume } from '../volume.ts';

export interface IndexBox {
  /** First voxel index kept, inclusive; may be negative (padding before). */
  min: Vec3;
  /** One past the last voxel index, exclusive; may exceed dims (padding after). */
  max: Vec3;
}

/**
 * Extract the voxels min ≤ (i, j, k) < max of `image`; voxels outside the image get `fill`
 * (default 0). Output voxel (0, 0, 0) is input voxel `min`, so the new affine's translation is
 * affineRas · (min, 1): world coordinates of every kept voxel are unchanged.
 * @throws InputError when box bounds are not integers or max ≤ min on an axis, or fill does not fit the array type
 */
export function cropOrPad(image: LabelVolume, box: IndexBox, fill?: number): LabelVolume;
export function cropOrPad(image: Volume, box: IndexBox, fill?: number): Volume;
export function cropOrPad(image: Volume | LabelVolume, box: IndexBox, fill = 0): Volume | LabelVolume {
  assertGrid(image, 'cropOrPad image');
  const { min, max } = box;
  for (let a = 0; a < 3; a++) {
    if (!Number.isInteger(min[a]) || !Number.isInteger(max[a]) || max[a]! <= min[a]!) {
      throw new InputError(`cropOrPad: box must have integer bounds with max > min on every axis; axis ${a} has [${min[a]}, ${max[a]})`);
    }
  }
  const src = image.data;
  if (src instanceof Uint8Array && !(Number.isInteger(fill) && fill >= 0 && fill <= 255)) {
    throw new InputError(`cropOrPad: fill for a Uint8Array must be an integer 0..255; got ${fill}`);
  }
  if (src instanceof Int16Array && !(Number.isInteger(fill) && fill >= -32768 && fill <= 32767)) {
    throw new InputError(`cropOrPad: fill for an Int16Array must be an integer -32768..32767; got ${fill}`);
  }
  const dims: Vec3 = [max[0] - min[0], max[1] - min[1], max[2] - min[2]];
  const n = dims[0] * dims[1] * dims[2];
  const out = src instanceof Uint8Array ? new Uint8Array(n) : src instanceof Int16Array ? new Int16Array(n) : new Float32Array(n);
  if (fill !== 0) out.fill(fill);
  const [sx, sy, sz] = image.dims;
  // Overlap along i in output coordinates.
  const i0 = Math.max(0, -min[0]), i1 = Math.min(dims[0], sx - min[0]);
  if (i1 > i0) {
    for (let k = 0; k < dims[2]; k++) {
      const kk = k + min[2];
      if (kk < 0 || kk >= sz) continue;
      for (let j = 0; j < dims[1]; j++) {
        const jj = j + min[1];
        if (jj < 0 || jj >= sy) continue;
        const from = i0 + min[0] + sx * (jj + sy * kk);
        out.set(src.subarray(from, from + (i1 - i0)), i0 + dims[0] * (j + dims[1] * k));
      }
    }
  }
  const m = image.affineRas;
  const origin = applyAffine(m, min);
  const affineRas: Mat4 = [
    [m[0][0], m[0][1], m[0][2], origin[0]],
    [m[1][0], m[1][1], m[1][2], origin[1]],
    [m[2][0], m[2][1], m[2][2], origin[2]],
    [0, 0, 0, 1],
  ];
  const grid = { dims, spacingMm: [...image.spacingMm] as Vec3, affineRas };
  if ('labels' in image) return { ...grid, data: out as Uint8Array, labels: { ...image.labels } };
  return {
    ...grid,
    data: out as Float32Array | Int16Array,
    meta: { ...image.meta, notes: [...image.meta.notes, `cropped/padded to voxels [${min.join(', ')}] .. [${max.join(', ')})`] },
  };
}
