/**
 * Robust intensity statistics of a region and of the tissue around it, on a box grid (i fastest):
 * the seed neighbourhood, the band just inside a region's outline and the shell just outside it.
 */
import type { Vec3 } from '../geometry.ts';
import { squaredDistanceMm } from './distance-transform.ts';

export function median(xs: ArrayLike<number>): number {
  const s = Float64Array.from(xs).sort();
  const m = s.length >> 1;
  return s.length === 0 ? NaN : s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** Box voxel indices within radiusMm of `center` (always including the centre voxel). */
export function ballIndices(dims: Vec3, sp: Vec3, center: Vec3, radiusMm: number): Int32Array {
  const out: number[] = [];
  const r = [0, 1, 2].map((a) => Math.floor(radiusMm / sp[a]!));
  for (let dk = -r[2]!; dk <= r[2]!; dk++) {
    for (let dj = -r[1]!; dj <= r[1]!; dj++) {
      for (let di = -r[0]!; di <= r[0]!; di++) {
        const i = center[0] + di, j = center[1] + dj, k = center[2] + dk;
        if (i < 0 || j < 0 || k < 0 || i >= dims[0] || j >= dims[1] || k >= dims[2]) continue;
        if ((di * sp[0]) ** 2 + (dj * sp[1]) ** 2 + (dk * sp[2]) ** 2 > radiusMm * radiusMm) continue;
        out.push(i + dims[0] * (j + dims[1] * k));
      }
    }
  }
  return Int32Array.from(out);
}

/**
 * Median of values between innerMm and outerMm outside the mask, counting only values within
 * `range` (soft tissue: fat and air in the shell are not the parenchyma).
 */
export function shellMedian(mask: Uint8Array, values: Float32Array, dims: Vec3, sp: Vec3, innerMm: number, outerMm: number, range: [number, number]): number {
  const d2 = squaredDistanceMm(mask, dims, sp, true);
  const lo2 = innerMm * innerMm, hi2 = outerMm * outerMm;
  const xs: number[] = [];
  for (let v = 0; v < mask.length; v++) {
    const d = d2[v]!;
    const x = values[v]!;
    if (d > lo2 && d <= hi2 && x >= range[0] && x <= range[1]) xs.push(x);
  }
  return median(xs);
}

/**
 * Median of the mask's values within bandMm of its outline: the level just inside the edge, which is
 * what a step edge's midway threshold needs (a necrotic centre far from the edge does not count).
 * Falls back to the whole region's median when the band holds fewer than `minVoxels`.
 */
export function innerBandMedian(mask: Uint8Array, values: Float32Array, dims: Vec3, sp: Vec3, bandMm: number, minVoxels = 20): number {
  const d2 = squaredDistanceMm(mask, dims, sp, false);
  const b2 = bandMm * bandMm;
  const band: number[] = [];
  const all: number[] = [];
  for (let v = 0; v < mask.length; v++) {
    if (mask[v] === 0) continue;
    all.push(values[v]!);
    if (d2[v]! <= b2) band.push(values[v]!);
  }
  return median(band.length >= minVoxels ? band : all);
}

export function countNonZero(mask: Uint8Array): number {
  let n = 0;
  for (let v = 0; v < mask.length; v++) if (mask[v] !== 0) n++;
  return n;
}
