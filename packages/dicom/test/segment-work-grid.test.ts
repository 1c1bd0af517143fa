/**
 * The work grid of segmentLiver: factors and the memory bound, block averages placed at their
 * blocks' centres (the affine), and a work-grid mask brought back to the CT grid where it was.
 */
import { describe, expect, it } from 'vitest';
import { applyAffine, type Mat4, type Vec3 } from '../src/geometry.ts';
import { blockAverage, chooseWorkGrid, upsampleMask } from '../src/segment/work-grid.ts';
import { parenchymaPeak } from '../src/segment/parenchyma-peak.ts';

const AFFINE: Mat4 = [[-0.8, 0, 0, 100], [0, -0.8, 0, 50], [0, 0, 5, -300], [0, 0, 0, 1]];

describe('chooseWorkGrid and blockAverage', () => {
  it('picks factors of about the target spacing, never finer than the CT, and respects the voxel bound', () => {
    const g = chooseWorkGrid([512, 512, 51], [0.8, 0.8, 5], AFFINE, 2.5, 6e6);
    expect(g.factors).toEqual([3, 3, 1]);
    expect(g.dims).toEqual([170, 170, 51]);
    expect(g.spacingMm[0]).toBeCloseTo(2.4, 6);
    const tight = chooseWorkGrid([512, 512, 51], [0.8, 0.8, 5], AFFINE, 2.5, 3e5);
    expect(tight.dims[0] * tight.dims[1] * tight.dims[2]).toBeLessThanOrEqual(3e5);
  });

  it('places each block average at the centre of its block', () => {
    const dims: Vec3 = [12, 9, 4];
    const data = new Float32Array(12 * 9 * 4);
    // Value = RAS x of the voxel centre: the block mean must equal the x of the work voxel's centre.
    for (let k = 0, v = 0; k < 4; k++) for (let j = 0; j < 9; j++) for (let i = 0; i < 12; i++, v++) data[v] = applyAffine(AFFINE, [i, j, k])[0];
    const g = chooseWorkGrid(dims, [0.8, 0.8, 5], AFFINE, 2.5, 1e6);
    const avg = blockAverage(data, dims, g);
    for (let v = 0; v < avg.length; v++) {
      const I = v % g.dims[0], J = Math.floor(v / g.dims[0]) % g.dims[1], K = Math.floor(v / (g.dims[0] * g.dims[1]));
      expect(avg[v]).toBeCloseTo(applyAffine(g.affineRas, [I, J, K])[0], 4);
    }
  });

  it('brings a work-grid box back to the CT voxels it covers', () => {
    const dims: Vec3 = [30, 30, 3];
    const g = chooseWorkGrid(dims, [0.8, 0.8, 5], AFFINE, 2.5, 1e6);
    const work = new Uint8Array(g.dims[0] * g.dims[1] * g.dims[2]);
    for (let K = 0; K < g.dims[2]; K++) for (let J = 3; J <= 6; J++) for (let I = 3; I <= 6; I++) work[I + g.dims[0] * (J + g.dims[1] * K)] = 1;
    const full = upsampleMask(work, g, dims, { origin: [0, 0, 0], dims });
    // Work voxels 3..6 cover CT voxels 9..20; trilinear 0.5 puts the edge half a work voxel out: 8..21.
    const row = Array.from({ length: 30 }, (_, i) => full[i + 30 * 15]);
    expect(row.indexOf(1)).toBeGreaterThanOrEqual(8);
    expect(row.indexOf(1)).toBeLessThanOrEqual(9);
    expect(row.lastIndexOf(1)).toBeGreaterThanOrEqual(20);
    expect(row.lastIndexOf(1)).toBeLessThanOrEqual(21);
  });
});

describe('parenchymaPeak', () => {
  it('finds the mode of the larger homogeneous tissue and its width', () => {
    const dims: Vec3 = [40, 40, 10];
    const n = 40 * 40 * 10;
    const values = new Float32Array(n);
    let s = 1;
    const rnd = () => ((s = (s * 16807) % 2147483647) / 2147483647) - 0.5;
    // Two thirds "liver" at 110 ± ~6 HU, one third "muscle" at 50 HU.
    for (let v = 0; v < n; v++) values[v] = (v % 40 < 27 ? 110 : 50) + 20 * rnd();
    const p = parenchymaPeak(values, new Uint8Array(n).fill(1), dims, [2, 2, 5], [30, 200], 1e9);
    expect(Math.abs(p.modeHu - 110)).toBeLessThanOrEqual(4);
    expect(p.sigmaHu).toBeGreaterThan(2);
    expect(p.sigmaHu).toBeLessThan(15);
  });
});
