/**
 * Building blocks of the seeded segmentation, checked against brute force on small random grids:
 * the mm distance transform, cuboid max filter, hole filling and the minimax flood.
 */
import { describe, expect, it } from 'vitest';
import type { Vec3 } from '../src/geometry.ts';
import { closeMm, erodeMm } from '../src/segment/binary-morphology.ts';
import { squaredDistanceMm } from '../src/segment/distance-transform.ts';
import { fillHoles3d, fillHolesAxial } from '../src/segment/fill-holes.ts';
import { gaussianKernel, gaussianSmoothMm } from '../src/segment/gaussian-smooth.ts';
import { maxFilter } from '../src/segment/max-filter.ts';
import { minimaxFlood, UNREACHED } from '../src/segment/minimax-flood.ts';
import { mulberry32 } from './segment-phantom.ts';

const dims: Vec3 = [9, 7, 5];
const sp: Vec3 = [0.7, 0.9, 2.5];
const n = dims[0] * dims[1] * dims[2];
const coords = (v: number): Vec3 => [v % dims[0], Math.floor(v / dims[0]) % dims[1], Math.floor(v / (dims[0] * dims[1]))];

describe('squaredDistanceMm', () => {
  it('equals the brute-force anisotropic squared distance to the nearest feature voxel', () => {
    const rnd = mulberry32(3);
    const mask = Uint8Array.from({ length: n }, () => (rnd() < 0.05 ? 1 : 0));
    mask[17] = 1;
    const d = squaredDistanceMm(mask, dims, sp, true);
    for (let v = 0; v < n; v++) {
      const p = coords(v);
      let best = Infinity;
      for (let u = 0; u < n; u++) {
        if (!mask[u]) continue;
        const q = coords(u);
        best = Math.min(best, ((p[0] - q[0]) * sp[0]) ** 2 + ((p[1] - q[1]) * sp[1]) ** 2 + ((p[2] - q[2]) * sp[2]) ** 2);
      }
      expect(d[v]).toBeCloseTo(best, 9);
    }
  });

  it('is Infinity everywhere when there is no feature voxel', () => {
    expect(squaredDistanceMm(new Uint8Array(n), dims, sp, true).every((x) => x === Infinity)).toBe(true);
  });
});

describe('erodeMm / closeMm at the ends of the scan (openEnds)', () => {
  // A slab filling the whole grid along k (an organ cut by the first and last slice), 20 mm wide.
  const dims: Vec3 = [30, 30, 6];
  const sp: Vec3 = [1, 1, 5];
  const slab = new Uint8Array(30 * 30 * 6);
  for (let k = 0; k < 6; k++) for (let j = 5; j < 25; j++) for (let i = 5; i < 25; i++) slab[i + 30 * (j + 30 * k)] = 1;
  const slice = (m: Uint8Array, k: number) => m.subarray(k * 900, (k + 1) * 900).reduce((a, b) => a + b, 0);

  it('erodes the first and last slice away by default (the grid edge is background)', () => {
    const e = erodeMm(slab, dims, sp, 6); // the end slices lie 5 mm from the edge beyond them
    expect(slice(e, 0)).toBe(0);
    expect(slice(e, 5)).toBe(0);
    expect(slice(e, 1)).toBe(8 * 8);
  });

  it('keeps them with openEnds, and closing then leaves the slab as it is', () => {
    const e = erodeMm(slab, dims, sp, 6, true);
    expect(slice(e, 0)).toBe(8 * 8);
    expect(slice(e, 5)).toBe(8 * 8);
    expect(Array.from(closeMm(slab, dims, sp, 3, true))).toEqual(Array.from(slab));
    expect(slice(closeMm(slab, dims, sp, 6), 0)).toBe(0);
  });
});

describe('maxFilter and gaussianSmoothMm', () => {
  it('maxFilter equals the brute-force maximum over the cuboid window', () => {
    const rnd = mulberry32(5);
    const x = Float32Array.from({ length: n }, () => Math.round(rnd() * 200 - 100));
    const h: Vec3 = [2, 1, 1];
    const out = maxFilter(x, dims, h);
    for (let v = 0; v < n; v++) {
      const p = coords(v);
      let m = -Infinity;
      for (let u = 0; u < n; u++) {
        const q = coords(u);
        if (Math.abs(p[0] - q[0]) <= h[0] && Math.abs(p[1] - q[1]) <= h[1] && Math.abs(p[2] - q[2]) <= h[2]) m = Math.max(m, x[u]!);
      }
      expect(out[v]).toBe(m);
    }
  });

  it('gaussianSmoothMm keeps a constant image constant and skips axes coarser than 2 sigma', () => {
    const c = new Float32Array(n).fill(42);
    expect(Array.from(gaussianSmoothMm(c, dims, sp, 1)).every((x) => Math.abs(x - 42) < 1e-4)).toBe(true);
    const impulse = new Float32Array(n);
    const centre = 4 + dims[0] * (3 + dims[1] * 2);
    impulse[centre] = 1;
    const s = gaussianSmoothMm(impulse, dims, sp, 1);
    expect(s[centre + dims[0] * dims[1]]).toBe(0); // k axis (2.5 mm > 2 × 1 mm) untouched
    const w = gaussianKernel(1 / 0.7);
    const wy = gaussianKernel(1 / 0.9);
    expect(s[centre]).toBeCloseTo(w[(w.length - 1) / 2]! * wy[(wy.length - 1) / 2]!, 6);
  });
});

describe('fillHoles3d / fillHolesAxial', () => {
  it('fills an enclosed cavity in 3D and an open-ended tube only slice-wise', () => {
    const d: Vec3 = [7, 7, 7];
    const shell = new Uint8Array(343);
    const tube = new Uint8Array(343);
    for (let k = 0; k < 7; k++) for (let j = 0; j < 7; j++) for (let i = 0; i < 7; i++) {
      const edge = Math.max(Math.abs(i - 3), Math.abs(j - 3));
      const v = i + 7 * (j + 7 * k);
      if (Math.max(edge, Math.abs(k - 3)) === 2) shell[v] = 1;
      if (edge === 2) tube[v] = 1;
    }
    const centre = 3 + 7 * (3 + 7 * 3);
    expect(fillHoles3d(shell, d)[centre]).toBe(1);
    expect(fillHoles3d(tube, d)[centre]).toBe(0); // open at both ends: no 3D hole
    expect(fillHolesAxial(tube, d)[centre]).toBe(1); // but a hole in every axial slice
    expect(fillHolesAxial(tube, d)[0]).toBe(0);
  });
});

describe('minimaxFlood', () => {
  it('gives each voxel the lowest max-HU over paths from the seed (1D check)', () => {
    const d: Vec3 = [7, 1, 1];
    const values = Float32Array.from([50, 10, 80, 20, 60, 30, 200]);
    const limit = { centerVox: [1, 0, 0] as Vec3, radiusMm: 100, spacingMm: [1, 1, 1] as Vec3, boxOrigin: [0, 0, 0] as Vec3, volumeDims: d };
    const blocked = Uint8Array.from([0, 0, 0, 0, 0, 0, 1]);
    const f = minimaxFlood(values, d, [1], blocked, limit);
    expect(Array.from(f.level)).toEqual([50, 10, 80, 80, 80, 80, UNREACHED]);
    expect(f.leakLevel).toBe(Infinity);
  });
});
