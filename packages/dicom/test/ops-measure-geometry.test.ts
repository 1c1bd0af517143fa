/**
 * measureGeometry on small grids with known answers: lengths in mm on an anisotropic, rotated grid,
 * the bidimensional angle, a spherical ROI's voxels and statistics counted by hand, and the refusals
 * (a point outside the field of view, a segment without length).
 */
import { describe, expect, it } from 'vitest';
import { errorCodeOf } from '@mewm/contracts';
import { measureGeometry, type Mat4, type Volume } from '../src/index.ts';

/** 10 × 10 × 5 voxels of 1 × 1 × 3 mm; voxel value = 10·i + j − k. */
function grid(affineRas: Mat4 = [[1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 3, 0], [0, 0, 0, 1]]): Volume {
  const dims: [number, number, number] = [10, 10, 5];
  const data = new Int16Array(500);
  for (let k = 0; k < 5; k++) for (let j = 0; j < 10; j++) for (let i = 0; i < 10; i++) data[i + 10 * (j + 10 * k)] = 10 * i + j - k;
  return { dims, spacingMm: [1, 1, 3], affineRas, data, meta: { source: 'derived', unit: 'HU', notes: [] } };
}

describe('measureGeometry', () => {
  it('measures lengths in mm, and the bidimensional product and angle whichever axis comes first', () => {
    const v = grid();
    expect(measureGeometry(v, { kind: 'length', plane: 'coronal', points: [[1, 2, 0], [4, 2, 12]] })).toEqual({ kind: 'length', lengthMm: Math.hypot(3, 12) });
    const bi = measureGeometry(v, { kind: 'bidimensional', plane: 'axial', long: [[2, 5, 3], [4, 5, 3]], short: [[1, 1, 3], [7, 7, 3]] });
    if (bi.kind !== 'bidimensional') throw new Error('kind');
    expect(bi.longMm).toBeCloseTo(Math.hypot(6, 6), 12);
    expect(bi.shortMm).toBe(2);
    expect(bi.productMm2).toBeCloseTo(2 * Math.hypot(6, 6), 12);
    expect(bi.angleDeg).toBeCloseTo(45, 9);
  });

  it('counts the ROI sphere\'s voxels by their centres: on 3 mm slices a 3 mm sphere holds 7 + 2 voxels', () => {
    const v = grid();
    const r = measureGeometry(v, { kind: 'roi', plane: 'axial', centre: [5, 5, 6], edge: [5, 8, 6] });
    if (r.kind !== 'roi') throw new Error('kind');
    // slice k = 2 (S = 6): the 29 in-plane voxels within 3 mm; slices k = 1, 3 (S = 3, 9): the centre voxel only
    let n = 0;
    let sum = 0;
    const values: number[] = [];
    for (let k = 0; k < 5; k++) for (let j = 0; j < 10; j++) for (let i = 0; i < 10; i++) {
      if (Math.hypot(i - 5, j - 5, 3 * k - 6) <= 3) { n++; sum += 10 * i + j - k; values.push(10 * i + j - k); }
    }
    expect(n).toBe(29 + 2);
    expect(r.voxels).toBe(n);
    expect(r.volumeMl).toBeCloseTo((n * 3) / 1000, 12);
    expect(r.meanHu).toBeCloseTo(sum / n, 12);
    const mean = sum / n;
    expect(r.sdHu).toBeCloseTo(Math.sqrt(values.reduce((s, x) => s + (x - mean) ** 2, 0) / n), 12);
    expect([r.minHu, r.maxHu]).toEqual([Math.min(...values), Math.max(...values)]);
  });

  it('follows the affine: on a grid turned 90° about S the same RAS line reads the turned voxels', () => {
    // i runs along A, j along −R
    const turned = grid([[0, -1, 0, 9], [1, 0, 0, 0], [0, 0, 3, 0], [0, 0, 0, 1]]);
    const r = measureGeometry(turned, { kind: 'roi', plane: 'axial', centre: [9, 4, 0], edge: [9.4, 4, 0] });
    // RAS (9, 4, 0) is voxel i = 4, j = 0, k = 0: value 40
    expect(r).toMatchObject({ kind: 'roi', voxels: 1, meanHu: 40, sdHu: 0 });
  });

  it('refuses a point outside the field of view and a segment without length', () => {
    const v = grid();
    const outside = () => measureGeometry(v, { kind: 'length', plane: 'axial', points: [[0, 0, 0], [10.2, 0, 0]] });
    expect(outside).toThrow(/point 2 \(10\.2, 0\.0, 0\.0 mm RAS\) lies outside the volume/);
    try { outside(); } catch (e) { expect(errorCodeOf(e)).toBe('INPUT'); }
    // within half a voxel of the edge voxel is inside
    expect(measureGeometry(v, { kind: 'length', plane: 'axial', points: [[-0.5, 0, 0], [9.5, 0, 0]] })).toEqual({ kind: 'length', lengthMm: 10 });
    expect(() => measureGeometry(v, { kind: 'bidimensional', plane: 'axial', long: [[1, 1, 0], [5, 1, 0]], short: [[2, 2, 0], [2, 2, 0]] })).toThrow(/short axis has no length/);
    expect(() => measureGeometry(v, { kind: 'roi', plane: 'axial', centre: [3, 3, 3], edge: [3, 3, 3] })).toThrow(/radius has no length/);
  });
});
