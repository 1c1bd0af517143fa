import { describe, expect, it } from 'vitest';
import { measureMask } from '../src/ops/measure-mask.ts';
import { InputError, VolumeShapeError } from '../src/errors.ts';
import type { Mat4, Vec3 } from '../src/geometry.ts';
import type { LabelVolume } from '../src/volume.ts';

function grid(dims: Vec3, affineRas: Mat4, fill: (x: number, y: number, z: number) => number): LabelVolume {
  const data = new Uint8Array(dims[0] * dims[1] * dims[2]);
  let v = 0;
  for (let k = 0; k < dims[2]; k++)
    for (let j = 0; j < dims[1]; j++)
      for (let i = 0; i < dims[0]; i++, v++) {
        const x = affineRas[0][0] * i + affineRas[0][1] * j + affineRas[0][2] * k + affineRas[0][3];
        const y = affineRas[1][0] * i + affineRas[1][1] * j + affineRas[1][2] * k + affineRas[1][3];
        const z = affineRas[2][0] * i + affineRas[2][1] * j + affineRas[2][2] * k + affineRas[2][3];
        data[v] = fill(x, y, z);
      }
  const spacingMm: Vec3 = [0, 1, 2].map((c) => Math.hypot(affineRas[0][c]!, affineRas[1][c]!, affineRas[2][c]!)) as Vec3;
  return { dims, spacingMm, affineRas, data, labels: { 1: 'lesion' } };
}

describe('measureMask on synthetic shapes', () => {
  it('measures a sphere of radius 20 mm on an anisotropic LPS-like grid within 2% of 4/3·π·r³', () => {
    // 0.8 × 0.8 × 2 mm voxels, i toward Left, j toward Posterior (negative RAS columns), centre at (10, -20, 30).
    const affine: Mat4 = [
      [-0.8, 0, 0, 10 + 0.8 * 40],
      [0, -0.8, 0, -20 + 0.8 * 40],
      [0, 0, 2, 30 - 2 * 20],
      [0, 0, 0, 1],
    ];
    const r = 20;
    const m = grid([80, 80, 40], affine, (x, y, z) => ((x - 10) ** 2 + (y + 20) ** 2 + (z - 30) ** 2 <= r * r ? 1 : 0));
    const res = measureMask(m);
    const expectedMl = ((4 / 3) * Math.PI * r ** 3) / 1000;
    expect(Math.abs(res.volumeMl - expectedMl) / expectedMl).toBeLessThan(0.02);
    expect(res.volumeMl).toBeCloseTo((res.voxelCount * 0.8 * 0.8 * 2) / 1000, 9);
    // Centroid at the sphere centre (symmetric sampling), to within a fraction of a voxel.
    expect(res.centroidRas[0]).toBeCloseTo(10, 1);
    expect(res.centroidRas[1]).toBeCloseTo(-20, 1);
    expect(res.centroidRas[2]).toBeCloseTo(30, 1);
    // The central axial slice (z = 30) has voxel centres at exactly ±20 mm along x: 40 mm.
    expect(res.longestAxialDiameterMm).toBeCloseTo(40, 6);
    // bbox: i from 40 - 25 = 15 to 65, k from 10 to 30.
    expect(res.bboxIjk.min).toEqual([15, 15, 10]);
    expect(res.bboxIjk.max).toEqual([65, 65, 30]);
  });

  it('finds the long axis of an axial ellipse (60 mm × 30 mm), also when rotated by 30°', () => {
    const affine: Mat4 = [
      [0.5, 0, 0, -50],
      [0, 0.5, 0, -50],
      [0, 0, 3, 0],
      [0, 0, 0, 1],
    ];
    const ell = m0(0);
    expect(measureMask(ell).longestAxialDiameterMm).toBeCloseTo(60, 6);
    const rot = m0(Math.PI / 6);
    const d = measureMask(rot).longestAxialDiameterMm;
    expect(d).toBeLessThanOrEqual(60 + 1e-9);
    expect(d).toBeGreaterThan(60 - 0.5 * Math.SQRT2);
    function m0(theta: number) {
      const c = Math.cos(theta), s = Math.sin(theta);
      return grid([201, 201, 3], affine, (x, y, z) => {
        if (z !== 3) return 0; // only the middle slice
        const u = c * x + s * y, w = -s * x + c * y;
        return (u / 30) ** 2 + (w / 15) ** 2 <= 1 ? 1 : 0;
      });
    }
  });

  it('measures in the plane normal to Superior when the volume is stored coronally (slice axis j)', () => {
    // i → R (1 mm), j → S (1 mm), k → P (4 mm, the stored slice axis): axial planes are constant j.
    const affine: Mat4 = [
      [1, 0, 0, -30],
      [0, 0, -4, 20],
      [0, 1, 0, -30],
      [0, 0, 0, 1],
    ];
    // A 21 mm (x) × 40 mm (y) box in one axial plane z = 0: centres span x ∈ [-10, 10], y ∈ [-20, 20].
    const m = grid([61, 61, 11], affine, (x, y, z) => (z === 0 && Math.abs(x) <= 10 && Math.abs(y) <= 20 ? 1 : 0));
    const res = measureMask(m);
    expect(res.voxelCount).toBe(21 * 11);
    expect(res.longestAxialDiameterMm).toBeCloseTo(Math.hypot(20, 40), 6);
  });

  it('counts only the requested label', () => {
    const affine: Mat4 = [
      [2, 0, 0, 0],
      [0, 2, 0, 0],
      [0, 0, 2, 0],
      [0, 0, 0, 1],
    ];
    const m = grid([10, 10, 10], affine, (x) => (x < 4 ? 1 : x < 10 ? 2 : 0));
    expect(measureMask(m, 1).voxelCount).toBe(2 * 100);
    expect(measureMask(m, 2).voxelCount).toBe(3 * 100);
    expect(measureMask(m).voxelCount).toBe(5 * 100);
    expect(measureMask(m, 2).volumeMl).toBeCloseTo((300 * 8) / 1000, 12);
    expect(measureMask(m, 1).longestAxialDiameterMm).toBeCloseTo(Math.hypot(2, 18), 9);
  });
});

describe('measureMask bad input', () => {
  const affine: Mat4 = [
    [1, 0, 0, 0],
    [0, 1, 0, 0],
    [0, 0, 1, 0],
    [0, 0, 0, 1],
  ];
  it('rejects an empty mask with InputError', () => {
    const m = grid([4, 4, 4], affine, () => 0);
    expect(() => measureMask(m)).toThrow(InputError);
    expect(() => measureMask(m)).toThrow(/no voxels/);
  });
  it('rejects a label outside 1..255', () => {
    const m = grid([4, 4, 4], affine, () => 1);
    expect(() => measureMask(m, 0)).toThrow(/1\.\.255/);
    expect(() => measureMask(m, 1.5)).toThrow(InputError);
  });
  it('rejects data whose length does not match dims', () => {
    const m = grid([4, 4, 4], affine, () => 1);
    expect(() => measureMask({ ...m, data: new Uint8Array(10) })).toThrow(VolumeShapeError);
  });
});
