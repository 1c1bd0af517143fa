/**
 * Resample a volume or label map onto another grid through world (RAS+ mm) coordinates.
 *
 * For each target voxel centre x = target.affineRas · (i, j, k, 1), the source is sampled at the
 * continuous index inv(image.affineRas) · x. Works for any pair of affines (rotations, flips, shears).
 * The source → target index map is affine, so the inner loop steps by one constant vector per i.
 */
import { InputError } from '../errors.ts';
import { invertAffine, multiply4, type Mat4 } from '../geometry.ts';
import { assertGrid, type LabelVolume, type Volume, type VolumeGrid } from '../volume.ts';

export type ResampleMode = 'linear' | 'nearest';

/** Index positions within this distance outside [0, n − 1] still count as inside (rounding noise). */
const EDGE_EPS = 1e-4;

/**
 * Resample `image` onto `target`.
 * - 'nearest': the value of the closest source voxel centre; output keeps the input's typed array
 *   (Int16Array, Float32Array or Uint8Array). Use it for label maps.
 * - 'linear': trilinear interpolation between the 8 surrounding source voxel centres; output is a
 *   Float32Array (Volume only). Use it for CT.
 * Target voxels whose centre maps outside the source voxel centres' span get `fill` (default 0).
 * Volumes keep their meta with a note appended; label maps keep their label names.
 * @throws VolumeShapeError for inconsistent grids or a singular affine
 * @throws InputError for 'linear' on a label map, or a fill that the output array cannot hold
 */
export function resampleToGrid(image: LabelVolume, target: VolumeGrid, mode: 'nearest', fill?: number): LabelVolume;
export function resampleToGrid(image: Volume, target: VolumeGrid, mode: ResampleMode, fill?: number): Volume;
export function resampleToGrid(image: Volume | LabelVolume, target: VolumeGrid, mode: ResampleMode, fill?: number): Volume | LabelVolume;
export function resampleToGrid(image: Volume | LabelVolume, target: VolumeGrid, mode: ResampleMode, fill = 0): Volume | LabelVolume {
  assertGrid(image, 'resampleToGrid image');
  assertGrid({ ...target, data: { length: target.dims[0] * target.dims[1] * target.dims[2] } }, 'resampleToGrid target');
  if (mode !== 'linear' && mode !== 'nearest') throw new InputError(`resampleToGrid: mode must be 'linear' or 'nearest'; got ${String(mode)}`);
  const isLabel = 'labels' in image;
  if (isLabel && mode === 'linear') throw new InputError("resampleToGrid: label maps must use mode 'nearest'");
  if (!Number.isFinite(fill)) throw new InputError(`resampleToGrid: fill must be finite; got ${fill}`);
  const src = image.data;
  if (mode === 'nearest') checkFill(src, fill);
  // Target index → source index.
  const m = multiply4(invertAffine(image.affineRas), target.affineRas);
  const n = target.dims[0] * target.dims[1] * target.dims[2];
  const out =
    mode === 'linear' ? new Float32Array(n) :
    src instanceof Uint8Array ? new Uint8Array(n) :
    src instanceof Int16Array ? new Int16Array(n) :
    new Float32Array(n);
  if (mode === 'nearest') sampleNearest(src, image.dims, m, target.dims, out, fill);
  else sampleLinear(src, image.dims, m, target.dims, out as Float32Array, fill);
  const grid: VolumeGrid = { dims: [...target.dims], spacingMm: [...target.spacingMm], affineRas: target.affineRas.map((r) => [...r]) as Mat4 };
  if (isLabel) return { ...grid, data: out as Uint8Array, labels: { ...image.labels } };
  const vol = image;
  return {
    ...grid,
    data: out as Float32Array | Int16Array,
    meta: { ...vol.meta, notes: [...vol.meta.notes, `resampled (${mode}) to ${target.dims.join('×')} voxels of ${target.spacingMm.map((s) => +s.toFixed(4)).join('×')} mm`] },
  };
}

function checkFill(src: ArrayLike<number>, fill: number): void {
  if (src instanceof Uint8Array && !(Number.isInteger(fill) && fill >= 0 && fill <= 255)) {
    throw new InputError(`resampleToGrid: fill for a Uint8Array must be an integer 0..255; got ${fill}`);
  }
  if (src instanceof Int16Array && !(Number.isInteger(fill) && fill >= -32768 && fill <= 32767)) {
    throw new InputError(`resampleToGrid: fill for an Int16Array must be an integer -32768..32767; got ${fill}`);
  }
}

type Arr = Uint8Array | Int16Array | Float32Array;

function sampleNearest(src: Arr, sd: readonly number[], m: Mat4, td: readonly number[], out: Arr, fill: number): void {
  const [sx, sy, sz] = sd as [number, number, number];
  const [tx, ty, tz] = td as [number, number, number];
  const plane = sx * sy;
  let o = 0;
  for (let k = 0; k < tz; k++) {
    for (let j = 0; j < ty; j++) {
      let x = m[0][1] * j + m[0][2] * k + m[0][3];
      let y = m[1][1] * j + m[1][2] * k + m[1][3];
      let z = m[2][1] * j + m[2][2] * k + m[2][3];
      for (let i = 0; i < tx; i++, o++, x += m[0][0], y += m[1][0], z += m[2][0]) {
        const a = Math.floor(x + 0.5), b = Math.floor(y + 0.5), c = Math.floor(z + 0.5);
        out[o] = a >= 0 && b >= 0 && c >= 0 && a < sx && b < sy && c < sz ? src[a + sx * b + plane * c]! : fill;
      }
    }
  }
}

function sampleLinear(src: Arr, sd: readonly number[], m: Mat4, td: readonly number[], out: Float32Array, fill: number): void {
  const [sx, sy, sz] = sd as [number, number, number];
  const [tx, ty, tz] = td as [number, number, number];
  const plane = sx * sy;
  // Strides to the +1 neighbour along each axis (0 when the axis has a single voxel).
  const dx = sx > 1 ? 1 : 0, dy = sy > 1 ? sx : 0, dz = sz > 1 ? plane : 0;
  let o = 0;
  for (let k = 0; k < tz; k++) {
    for (let j = 0; j < ty; j++) {
      let x = m[0][1] * j + m[0][2] * k + m[0][3];
      let y = m[1][1] * j + m[1][2] * k + m[1][3];
      let z = m[2][1] * j + m[2][2] * k + m[2][3];
      for (let i = 0; i < tx; i++, o++, x += m[0][0], y += m[1][0], z += m[2][0]) {
        if (x < -EDGE_EPS || y < -EDGE_EPS || z < -EDGE_EPS || x > sx - 1 + EDGE_EPS || y > sy - 1 + EDGE_EPS || z > sz - 1 + EDGE_EPS) {
          out[o] = fill;
          continue;
        }
        // Base corner clamped so that base + 1 stays inside; weights clamped to [0, 1].
        let a = Math.floor(x), b = Math.floor(y), c = Math.floor(z);
        a = a < 0 ? 0 : a > sx - 2 ? Math.max(0, sx - 2) : a;
        b = b < 0 ? 0 : b > sy - 2 ? Math.max(0, sy - 2) : b;
        c = c < 0 ? 0 : c > sz - 2 ? Math.max(0, sz - 2) : c;
        const fx = dx ? clamp01(x - a) : 0, fy = dy ? clamp01(y - b) : 0, fz = dz ? clamp01(z - c) : 0;
        const p = a + sx * b + plane * c;
        const c00 = src[p]! + fx * (src[p + dx]! - src[p]!);
        const c10 = src[p + dy]! + fx * (src[p + dy + dx]! - src[p + dy]!);
        const c01 = src[p + dz]! + fx * (src[p + dz + dx]! - src[p + dz]!);
        const c11 = src[p + dz + dy]! + fx * (src[p + dz + dy + dx]! - src[p + dz + dy]!);
        const c0 = c00 + fy * (c10 - c00);
        const c1 = c01 + fy * (c11 - c01);
        out[o] = c0 + fz * (c1 - c0);
      }
    }
  }
}

function clamp01(v: number): number {
  return v < 0 ? 0 : v > 1 ? 1 : v;
}
