import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cropOrPad, gridWithSpacing, measureMask, resampleToGrid, resampleToSpacing } from '../src/ops/index.ts';
import { readNifti, readNiftiLabels } from '../src/nifti/index.ts';
import { InputError, VolumeShapeError } from '../src/errors.ts';
import { affineMaxAbsDiff, applyAffine, multiply4, type Mat4, type Vec3 } from '../src/geometry.ts';
import type { Volume, VolumeGrid } from '../src/volume.ts';
import { sharedData } from '../../../test/support/shared-data.ts';
import { hasTool, runPythonJson } from '../../../test/support/external-tool.ts';

const ctPath = sharedData('totalsegmentator-example', 'example_ct_sm.nii.gz');
const ct = readNifti(readFileSync(ctPath)).volume; // 122×101×30, 3 mm, Int16Array
const liver = readNiftiLabels(readFileSync(sharedData('totalsegmentator-example', 'example_ct_sm_liver.nii.gz')));
const idx = (d: Vec3, i: number, j: number, k: number) => i + d[0] * (j + d[1] * k);

function translate(m: Mat4, t: Vec3): Mat4 {
  return multiply4([[1, 0, 0, t[0]], [0, 1, 0, t[1]], [0, 0, 1, t[2]], [0, 0, 0, 1]], m);
}

describe('resampleToGrid', () => {
  it('is the identity on the same grid (nearest keeps Int16Array, linear gives equal Float32 values)', () => {
    const near = resampleToGrid(ct, ct, 'nearest');
    expect(near.data).toBeInstanceOf(Int16Array);
    expect(near.data).toEqual(ct.data);
    const lin = resampleToGrid(ct, ct, 'linear');
    expect(lin.data).toBeInstanceOf(Float32Array);
    expect(Array.from(lin.data)).toEqual(Array.from(ct.data));
  });

  it('shifts by whole voxels exactly and fills what falls outside', () => {
    // Target origin one voxel further along i (+3 mm in x) and two along k.
    const target: VolumeGrid = { ...ct, affineRas: translate(ct.affineRas, [3, 0, 6]) };
    const out = resampleToGrid(ct, target, 'nearest', -1024);
    const d = ct.dims;
    for (const [i, j, k] of [[0, 0, 0], [50, 40, 10], [120, 100, 27], [7, 3, 20]] as Vec3[]) {
      expect(out.data[idx(d, i, j, k)]).toBe(ct.data[idx(d, i + 1, j, k + 2)]);
    }
    expect(out.data[idx(d, 121, 50, 5)]).toBe(-1024);
    expect(out.data[idx(d, 5, 50, 28)]).toBe(-1024);
  });

  it('interpolates halfway between voxel centres on a half-voxel shift', () => {
    const target: VolumeGrid = { ...ct, affineRas: translate(ct.affineRas, [0, 1.5, 0]) };
    const out = resampleToGrid(ct, target, 'linear');
    const d = ct.dims;
    for (const [i, j, k] of [[60, 50, 15], [10, 0, 0], [121, 99, 29]] as Vec3[]) {
      const expected = (ct.data[idx(d, i, j, k)]! + ct.data[idx(d, i, j + 1, k)]!) / 2;
      expect(out.data[idx(d, i, j, k)]).toBeCloseTo(expected, 4);
    }
    expect(out.data[idx(d, 60, 100, 15)]).toBe(0); // beyond the last row centre: fill
  });

  it('mirrors the data exactly for a grid with a flipped axis (any affine works)', () => {
    const m = ct.affineRas;
    const last = applyAffine(m, [ct.dims[0] - 1, 0, 0]);
    const flipped: Mat4 = [
      [-m[0][0], m[0][1], m[0][2], last[0]],
      [-m[1][0], m[1][1], m[1][2], last[1]],
      [-m[2][0], m[2][1], m[2][2], last[2]],
      [0, 0, 0, 1],
    ];
    const out = resampleToGrid(liver, { ...liver, affineRas: flipped }, 'nearest');
    expect(out.data).toBeInstanceOf(Uint8Array);
    expect(out.labels).toEqual(liver.labels);
    const d = ct.dims;
    let mismatches = 0;
    for (let k = 0; k < d[2]; k++) for (let j = 0; j < d[1]; j++) for (let i = 0; i < d[0]; i++) {
      if (out.data[idx(d, i, j, k)] !== liver.data[idx(d, d[0] - 1 - i, j, k)]) mismatches++;
    }
    expect(mismatches).toBe(0);
  });

  it('reproduces a linear function of world position exactly on an oblique grid', () => {
    const dims: Vec3 = [20, 18, 16];
    const affine: Mat4 = [[2, 0, 0, -20], [0, 2, 0, -18], [0, 0, 2.5, -20], [0, 0, 0, 1]];
    const data = new Float32Array(20 * 18 * 16);
    for (let k = 0; k < 16; k++) for (let j = 0; j < 18; j++) for (let i = 0; i < 20; i++) {
      const [x, y, z] = applyAffine(affine, [i, j, k]);
      data[idx(dims, i, j, k)] = 2 * x - 3 * y + 0.5 * z + 7;
    }
    const src: Volume = { dims, spacingMm: [2, 2, 2.5], affineRas: affine, data, meta: { source: 'derived', unit: 'unknown', notes: [] } };
    const c = Math.cos(0.5), s = Math.sin(0.5);
    const target: VolumeGrid = { dims: [10, 10, 8], spacingMm: [1.3, 1.3, 1.7], affineRas: [[1.3 * c, -1.3 * s, 0, -6], [1.3 * s, 1.3 * c, 0, -7], [0, 0, 1.7, -5], [0, 0, 0, 1]] };
    const out = resampleToGrid(src, target, 'linear', -999);
    let checked = 0;
    for (let k = 0; k < 8; k++) for (let j = 0; j < 10; j++) for (let i = 0; i < 10; i++) {
      const [x, y, z] = applyAffine(target.affineRas, [i, j, k]);
      const v = out.data[idx(target.dims, i, j, k)]!;
      expect(Math.abs(v - (2 * x - 3 * y + 0.5 * z + 7))).toBeLessThan(1e-3);
      checked++;
    }
    expect(checked).toBe(800);
  });

  it.skipIf(!hasTool('nibabel', 'scipy'))('agrees with scipy.ndimage.map_coordinates (order 1) on a rotated grid', () => {
    const c = Math.cos(0.35), s = Math.sin(0.35);
    const m = ct.affineRas;
    const target: VolumeGrid = {
      dims: [90, 80, 20],
      spacingMm: [3.3, 3.3, 4],
      affineRas: [[3.3 * c, -3.3 * s, 0, m[0][3] + 40], [3.3 * s, 3.3 * c, 0, m[1][3] + 10], [0, 0, 4, m[2][3] + 5], [0, 0, 0, 1]],
    };
    const ours = resampleToGrid(ct, target, 'linear', -2000);
    const ref = runPythonJson<{ values: number[]; inside: number[] }>(
      `
import sys, json, numpy as np, nibabel as nib
from scipy.ndimage import map_coordinates
img = nib.load(sys.argv[1]); data = np.asanyarray(img.dataobj).astype(np.float64)
T = np.array(json.loads(sys.argv[2])); dims = json.loads(sys.argv[3])
M = np.linalg.inv(img.affine) @ T
i, j, k = np.meshgrid(*[np.arange(n) for n in dims], indexing="ij")
pts = np.stack([i.ravel(order="F"), j.ravel(order="F"), k.ravel(order="F"), np.ones(i.size)])
src = (M @ pts)[:3]
inside = np.all((src >= -1e-6) & (src <= (np.array(data.shape)[:, None] - 1 + 1e-6)), axis=0)
vals = map_coordinates(data, src, order=1, mode="nearest")
print(json.dumps({"values": vals.tolist(), "inside": inside.astype(int).tolist()}))
`,
      [ctPath, JSON.stringify(target.affineRas), JSON.stringify(target.dims)],
    );
    let maxDiff = 0, nIn = 0;
    ref.inside.forEach((ins, v) => {
      if (ins) {
        nIn++;
        maxDiff = Math.max(maxDiff, Math.abs(ours.data[v]! - ref.values[v]!));
      } else expect(ours.data[v]).toBe(-2000);
    });
    expect(nIn).toBeGreaterThan(50_000);
    expect(maxDiff).toBeLessThan(1e-2);
  });
});

describe('resampleToSpacing', () => {
  it('halves the spacing over the same field of view: first-voxel faces coincide, dims double', () => {
    const fine = resampleToSpacing(ct, [1.5, 1.5, 1.5], 'linear');
    expect(fine.dims).toEqual([244, 202, 60]);
    expect(fine.spacingMm).toEqual([1.5, 1.5, 1.5]);
    // Old first-voxel outer corner = origin − 1.5 mm; new = new origin − 0.75 mm.
    for (let r = 0; r < 3; r++) expect(fine.affineRas[r]![3] - 0.75).toBeCloseTo(ct.affineRas[r]![3] - 1.5, 9);
    // Interior points: the new voxel centre between old centres (offset 0.75 mm = 1/4 voxel).
    const d = ct.dims;
    const v = (i: number, j: number, k: number) => ct.data[idx(d, i, j, k)]!;
    // New i = 121 ↔ old i = 60.25, new j = 100 ↔ old 49.75, new k = 30 ↔ old 14.75: trilinear of 8 neighbours.
    expect(fine.data[idx(fine.dims, 121, 100, 30)]!).toBeCloseTo(trilinear(v, 60.25, 49.75, 14.75), 3);
    expect(fine.data[idx(fine.dims, 10, 11, 12)]!).toBeCloseTo(trilinear(v, 4.75, 5.25, 5.75), 3);
  });

  it('keeps the liver volume (nearest) within 1% at 1.5 mm and 2% at 4 mm', () => {
    const ref = measureMask(liver).volumeMl;
    const fine = resampleToSpacing(liver, [1.5, 1.5, 1.5], 'nearest');
    expect(fine.data).toBeInstanceOf(Uint8Array);
    expect(Math.abs(measureMask(fine).volumeMl - ref) / ref).toBeLessThan(0.01);
    const coarse = resampleToSpacing(liver, [4, 4, 4], 'nearest');
    expect(coarse.dims).toEqual([92, 76, 23]); // round(366/4), round(303/4), round(90/4)
    expect(Math.abs(measureMask(coarse).volumeMl - ref) / ref).toBeLessThan(0.02);
  });

  it('keeps orientation for a flipped, rotated grid', () => {
    const g = gridWithSpacing({ dims: [10, 10, 10], spacingMm: [2, 2, 2], affineRas: [[0, -2, 0, 5], [2, 0, 0, 6], [0, 0, -2, 7], [0, 0, 0, 1]] }, [1, 1, 4]);
    expect(g.dims).toEqual([20, 20, 5]);
    expect(g.affineRas[0].slice(0, 3).map((x) => x + 0)).toEqual([0, -1, 0]);
    expect(g.affineRas[2].slice(0, 3).map((x) => x + 0)).toEqual([0, 0, -4]);
    // Same centre: old centre = origin + 4.5 × columns; new centre = new origin + (dims − 1)/2 × new columns.
    const oldC = applyAffine([[0, -2, 0, 5], [2, 0, 0, 6], [0, 0, -2, 7], [0, 0, 0, 1]], [4.5, 4.5, 4.5]);
    const newC = applyAffine(g.affineRas, [9.5, 9.5, 2]);
    oldC.forEach((x, a) => expect(newC[a]).toBeCloseTo(x, 9));
  });
});

function trilinear(v: (i: number, j: number, k: number) => number, x: number, y: number, z: number): number {
  const i = Math.floor(x), j = Math.floor(y), k = Math.floor(z);
  const fx = x - i, fy = y - j, fz = z - k;
  let s = 0;
  for (const [a, wa] of [[0, 1 - fx], [1, fx]] as const)
    for (const [b, wb] of [[0, 1 - fy], [1, fy]] as const)
      for (const [c, wc] of [[0, 1 - fz], [1, fz]] as const) s += wa * wb * wc * v(i + a, j + b, k + c);
  return s;
}

describe('cropOrPad', () => {
  it('crops inside the volume keeping world positions', () => {
    const box = { min: [10, 20, 5] as Vec3, max: [50, 60, 25] as Vec3 };
    const out = cropOrPad(ct, box);
    expect(out.dims).toEqual([40, 40, 20]);
    expect(out.data).toBeInstanceOf(Int16Array);
    expect(out.data[idx(out.dims, 3, 4, 5)]).toBe(ct.data[idx(ct.dims, 13, 24, 10)]);
    const w0 = applyAffine(out.affineRas, [3, 4, 5]);
    const w1 = applyAffine(ct.affineRas, [13, 24, 10]);
    w0.forEach((x, a) => expect(x).toBeCloseTo(w1[a]!, 9));
    // The crop resampled back onto the full grid matches the source inside the box.
    const back = resampleToGrid(out, ct, 'nearest', -3000);
    expect(back.data[idx(ct.dims, 13, 24, 10)]).toBe(ct.data[idx(ct.dims, 13, 24, 10)]);
    expect(back.data[idx(ct.dims, 9, 24, 10)]).toBe(-3000);
  });

  it('pads with the fill value where the box lies outside, and an unchanged box is the identity', () => {
    const out = cropOrPad(liver, { min: [-2, -3, -1], max: [124, 104, 31] }, 0);
    expect(out.dims).toEqual([126, 107, 32]);
    expect(measureMask(out).voxelCount).toBe(measureMask(liver).voxelCount);
    expect(out.data[idx(out.dims, 0, 0, 0)]).toBe(0);
    expect(affineMaxAbsDiff(out.affineRas, translate(liver.affineRas, [-6, -9, -3]))).toBeLessThan(1e-9);
    const same = cropOrPad(ct, { min: [0, 0, 0], max: ct.dims }, 0);
    expect(same.data).toEqual(ct.data);
    const filled = cropOrPad(ct, { min: [200, 0, 0], max: [202, 2, 2] }, -1024);
    expect(Array.from(filled.data)).toEqual(new Array(8).fill(-1024));
  });
});

describe('ops bad input', () => {
  it('resampleToGrid rejects linear on labels, bad fills and singular targets', () => {
    expect(() => resampleToGrid(liver as never, ct, 'linear')).toThrow(InputError);
    expect(() => resampleToGrid(liver, liver, 'nearest', 300)).toThrow(/0\.\.255/);
    expect(() => resampleToGrid(ct, ct, 'nearest', 0.5)).toThrow(/Int16Array/);
    const singular: Mat4 = [[0, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 1]];
    expect(() => resampleToGrid(ct, { ...ct, affineRas: singular }, 'linear')).toThrow(VolumeShapeError);
    expect(() => resampleToGrid({ ...ct, data: new Int16Array(5) }, ct, 'linear')).toThrow(/data has 5 voxels/);
  });
  it('resampleToSpacing rejects non-positive spacing', () => {
    expect(() => resampleToSpacing(ct, [0, 1, 1], 'linear')).toThrow(/positive finite/);
    expect(() => resampleToSpacing(ct, [1, Number.NaN, 1], 'linear')).toThrow(InputError);
  });
  it('cropOrPad rejects empty or fractional boxes and fills that do not fit', () => {
    expect(() => cropOrPad(ct, { min: [5, 0, 0], max: [5, 10, 10] })).toThrow(/max > min/);
    expect(() => cropOrPad(ct, { min: [0.5, 0, 0], max: [5, 10, 10] })).toThrow(InputError);
    expect(() => cropOrPad(liver, { min: [0, 0, 0], max: [5, 10, 10] }, -1)).toThrow(/0\.\.255/);
  });
});
