/**
 * planResection on synthetic livers (0.8 × 0.8 × 5 mm grid, like CRLM-CT-1006) and on the real
 * TotalSegmentator liver mask: the resected region reaches the capsule, volumes in mL, the future liver
 * remnant against the cited minimum per liver condition, disconnected liver counted as resected.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { det3, readNiftiLabels, type LabelVolume, type Mat4, type Vec3 } from '@mewm/dicom';
import { LIVER_CONDITIONS, ResectionInputError, defaultLiverCondition, minimumRemnantFraction, parameterValue, planResection } from '../src/index.ts';
import { squaredDistanceMm } from '../src/dynamics/index.ts';
import { sharedData } from '../../../test/support/shared-data.ts';
import { SPACING, makePhantom } from './dynamics-phantom.ts';

const voxelMl = (SPACING[0] * SPACING[1] * SPACING[2]) / 1000;
const count = (a: ArrayLike<number>) => { let c = 0; for (let v = 0; v < a.length; v++) if (a[v]) c++; return c; };

/** Some resected voxel shares a face with a voxel outside the liver inside the grid (the resection reaches the capsule). */
function reachesCapsule(resected: Uint8Array, liver: Uint8Array, lesions: Uint8Array, dims: Vec3): boolean {
  const [nx, ny, nz] = dims;
  for (let v = 0; v < resected.length; v++) {
    if (!resected[v]) continue;
    const ijk = [v % nx, Math.floor(v / nx) % ny, Math.floor(v / (nx * ny))];
    for (const [a, d] of [[0, -1], [0, 1], [1, -1], [1, 1], [2, -1], [2, 1]] as const) {
      const q = [...ijk];
      q[a] = q[a]! + d;
      if (q[a] < 0 || q[a] >= [nx, ny, nz][a]!) continue;
      const w = q[0]! + nx * (q[1]! + ny * q[2]!);
      if (!liver[w] && !lesions[w]) return true;
    }
  }
  return false;
}

describe('planResection: a lesion near the capsule (wedge)', () => {
  // Liver ellipsoid 40 × 40 × 50 mm semi-axes (≈ 335 mL) centred in 120 × 120 × 24 voxels; an 8 mm lesion
  // whose centre lies 14 mm inside the surface along +x: with a 10 mm margin it reaches the capsule.
  const p = makePhantom([{ centre: [59.5 + 26 / 0.8, 59.5, 11.5], radiusMm: 8 }]);
  const plan = planResection({ liverMask: p.liver, lesionMasks: p.lesions, marginMm: 10, liverCondition: 'normal' });

  it('removes tumour + 10 mm margin up to the surface and leaves > 90 % of the functional liver', () => {
    expect(plan.depthToSurfaceMm[1]).toBe(0);
    expect(plan.corridorMl).toBe(0);
    expect(reachesCapsule(plan.resectedMask.data, p.liver.data, p.lesions.data, p.liver.dims)).toBe(true);
    expect(plan.liverMl).toBeCloseTo(count(p.liver.data) * voxelMl, 6);
    expect(plan.futureLiverRemnantFraction).toBeGreaterThan(0.9);
    expect(plan.resectedMl).toBeGreaterThan(10);
    expect(plan.resectedMl).toBeLessThan(24.5); // a whole 18 mm ball would be 24.4 mL; part of it lies outside the liver
    expect(plan.feasible).toBe(true);
    expect(plan.reason).toBeUndefined();
    expect(plan.phlfRisk.level).toBe('not-raised-by-volume');
    expect(plan.removedLesionLabels).toEqual([1]);
  });

  it('measures the margin in mm on the 0.8 × 0.8 × 5 mm grid: every liver voxel within 10 mm goes, beyond it only cut-off slivers', () => {
    const d2 = squaredDistanceMm(p.lesions.data, p.liver.dims, SPACING);
    let beyond = 0;
    for (let v = 0; v < d2.length; v++) {
      const inLiver = p.liver.data[v] !== 0 || p.lesions.data[v] !== 0;
      if (inLiver && d2[v]! <= 100) expect(plan.resectedMask.data[v], `voxel ${v}`).toBe(1);
      if (d2[v]! > 100 + 1e-9 && plan.resectedMask.data[v]) beyond++;
    }
    // Liver left beyond the margin without a face-connected path to the remnant (thin rims of the voxelised capsule).
    expect(beyond * voxelMl).toBeCloseTo(plan.devascularisedMl, 9);
    expect(plan.devascularisedMl).toBeLessThan(0.05 * plan.resectedMl);
  });
});

describe('planResection: a deep lesion', () => {
  // 6 mm lesion at 22 mm depth along +x: the 10 mm margin region stops 6 mm short of the capsule.
  const p = makePhantom([{ centre: [59.5 + 18 / 0.8, 59.5, 11.5], radiusMm: 6 }]);
  const plan = planResection({ liverMask: p.liver, lesionMasks: p.lesions, marginMm: 10, liverCondition: 'normal' });

  it('adds the parenchyma between the margin and the capsule along the shortest route (a contour defect, not an inner hole)', () => {
    expect(plan.depthToSurfaceMm[1]).toBeGreaterThan(4);
    expect(plan.depthToSurfaceMm[1]).toBeLessThan(8);
    expect(plan.corridorMl).toBeGreaterThan(0);
    expect(reachesCapsule(plan.resectedMask.data, p.liver.data, p.lesions.data, p.liver.dims)).toBe(true);
    // The corridor runs along +x (the nearest surface): no resected voxel on the lesion's far side beyond the margin.
    const [nx, ny] = p.liver.dims;
    for (let v = 0; v < plan.resectedMask.data.length; v++) {
      if (!plan.resectedMask.data[v]) continue;
      expect((v % nx) * SPACING[0]).toBeGreaterThan((59.5 + 18 / 0.8) * SPACING[0] - 16.5);
      expect(Math.abs((Math.floor(v / nx) % ny) - 59.5) * SPACING[1]).toBeLessThan(20);
    }
    expect(plan.futureLiverRemnantFraction).toBeGreaterThan(0.85);
    expect(plan.feasible).toBe(true);
  });
});

describe('planResection: a large central lesion and the liver condition', () => {
  const p = makePhantom([{ centre: [59.5, 59.5, 11.5], radiusMm: 28 }]);
  const plans = {
    normal: planResection({ liverMask: p.liver, lesionMasks: p.lesions, marginMm: 10, liverCondition: 'normal' }),
    chemotherapy: planResection({ liverMask: p.liver, lesionMasks: p.lesions, marginMm: 10, liverCondition: 'chemotherapy' }),
    cirrhosis: planResection({ liverMask: p.liver, lesionMasks: p.lesions, marginMm: 10, liverCondition: 'cirrhosis' }),
  };

  it('gives the same geometry for every condition but a different minimum remnant (20 / 30 / 40 %)', () => {
    expect(plans.normal.minimumRemnantFraction).toBe(0.2);
    expect(plans.chemotherapy.minimumRemnantFraction).toBe(0.3);
    expect(plans.cirrhosis.minimumRemnantFraction).toBe(0.4);
    expect(plans.cirrhosis.futureLiverRemnantMl).toBe(plans.normal.futureLiverRemnantMl);
    expect(plans.normal.functionalLiverMl).toBeCloseTo(plans.normal.liverMl - count(p.lesions.data) * voxelMl, 6);
  });

  it('flags the resection infeasible where the remnant falls below the minimum, naming the numbers', () => {
    const f = plans.normal.futureLiverRemnantFraction;
    expect(f).toBeGreaterThan(0.2);
    expect(f).toBeLessThan(0.4);
    expect(plans.normal.feasible).toBe(true);
    expect(plans.cirrhosis.feasible).toBe(false);
    expect(plans.cirrhosis.phlfRisk.level).toBe('high');
    const pct = Math.round(f * 100);
    const ml = Math.round(plans.cirrhosis.futureLiverRemnantMl);
    expect(plans.cirrhosis.reason).toBe(
      `future liver remnant ${pct} % of functional liver (${ml} mL) is below the 40 % minimum in cirrhosis (Entezari et al., RadioGraphics 2022)`,
    );
  });

  it('is infeasible even in a normal liver when a 20 mm margin takes almost the whole liver', () => {
    const plan = planResection({ liverMask: p.liver, lesionMasks: p.lesions, marginMm: 20, liverCondition: 'normal' });
    expect(plan.futureLiverRemnantFraction).toBeLessThan(0.2);
    expect(plan.feasible).toBe(false);
    expect(plan.reason).toMatch(/is below the 20 % minimum in a normal liver/);
  });
});

describe('planResection: liver cut off from the remnant', () => {
  it('counts the lobe beyond a resected bridge as resected (devascularised)', () => {
    // Two balls (30 mm and 20 mm) joined by a 6 mm-radius bridge along x; a 4 mm lesion in the bridge.
    const dims: Vec3 = [150, 80, 20];
    const s: Vec3 = [0.8, 0.8, 5];
    const liver = new Uint8Array(dims[0] * dims[1] * dims[2]);
    const lesions = new Uint8Array(liver.length);
    const big: Vec3 = [40, 40, 10], small: Vec3 = [115, 40, 10];
    const d = (i: number, j: number, k: number, c: Vec3) => Math.hypot((i - c[0]) * s[0], (j - c[1]) * s[1], (k - c[2]) * s[2]);
    let smallBall = 0;
    for (let k = 0, v = 0; k < dims[2]; k++) for (let j = 0; j < dims[1]; j++) for (let i = 0; i < dims[0]; i++, v++) {
      const inBridge = i > big[0] && i < small[0] && Math.hypot((j - 40) * s[1], (k - 10) * s[2]) <= 6;
      if (d(i, j, k, big) <= 30 || d(i, j, k, small) <= 20 || inBridge) liver[v] = 1;
      if (d(i, j, k, small) <= 20) smallBall++;
      if (d(i, j, k, [80, 40, 10]) <= 4) lesions[v] = 1;
    }
    const affineRas: Mat4 = [[s[0], 0, 0, 0], [0, s[1], 0, 0], [0, 0, s[2], 0], [0, 0, 0, 1]];
    const grid = { dims, spacingMm: s, affineRas };
    const plan = planResection({
      liverMask: { ...grid, data: liver, labels: { 1: 'liver' } }, lesionMasks: { ...grid, data: lesions, labels: { 1: 'lesion' } },
      marginMm: 5, liverCondition: 'normal',
    });
    expect(plan.devascularisedMl).toBeGreaterThan(smallBall * voxelMl);
    expect(plan.resectedMl).toBeGreaterThan(plan.devascularisedMl);
    const smallBallMl = smallBall * voxelMl;
    expect(plan.futureLiverRemnantMl).toBeLessThan(plan.functionalLiverMl - smallBallMl);
  });
});

describe('planResection: the real TotalSegmentator liver', () => {
  it('measures the liver as voxels × voxel volume and resects a synthetic lesion placed inside', () => {
    const liverMask = readNiftiLabels(readFileSync(sharedData('totalsegmentator-example', 'example_ct_sm_liver.nii.gz')));
    const [nx, ny, nz] = liverMask.dims;
    const s = liverMask.spacingMm;
    const liverVoxels = count(liverMask.data);
    const ml = Math.abs(det3(liverMask.affineRas)) / 1000;
    // The liver voxel deepest inside the mask (the scan's first and last 8 slices excluded: the liver is cut
    // there, and a cut is not a capsule): a 10 mm lesion there.
    const depth = squaredDistanceMm(liverMask.data.map((x) => (x ? 0 : 1)), liverMask.dims, s);
    let centre = -1;
    for (let v = 0; v < depth.length; v++) {
      const k = Math.floor(v / (nx * ny));
      if (liverMask.data[v] && k >= 8 && k < nz - 8 && (centre < 0 || depth[v]! > depth[centre]!)) centre = v;
    }
    const c = [centre % nx, Math.floor(centre / nx) % ny, Math.floor(centre / (nx * ny))];
    const lesions: LabelVolume = { ...liverMask, data: new Uint8Array(liverMask.data.length), labels: { 1: 'lesion' } };
    for (let k = 0, v = 0; k < nz; k++) for (let j = 0; j < ny; j++) for (let i = 0; i < nx; i++, v++) {
      if (liverMask.data[v] && Math.hypot((i - c[0]!) * s[0], (j - c[1]!) * s[1], (k - c[2]!) * s[2]) <= 10) lesions.data[v] = 1;
    }
    const t0 = performance.now();
    const plan = planResection({ liverMask, lesionMasks: lesions, marginMm: 10, liverCondition: 'chemotherapy' });
    const ms = performance.now() - t0;
    expect(plan.liverMl).toBeCloseTo(liverVoxels * ml, 6);
    expect(plan.functionalLiverMl).toBeCloseTo((liverVoxels - count(lesions.data)) * ml, 6);
    expect(plan.resectedMl - plan.corridorMl - plan.devascularisedMl).toBeGreaterThan(((4 / 3) * Math.PI * 20 ** 3) / 1000 * 0.8); // tumour + margin ≈ a 20 mm ball
    expect(reachesCapsule(plan.resectedMask.data, liverMask.data, lesions.data, liverMask.dims)).toBe(true);
    expect(plan.futureLiverRemnantFraction).toBeGreaterThan(0.3);
    expect(plan.futureLiverRemnantFraction).toBeLessThan(1);
    console.info(`TotalSegmentator liver ${plan.liverMl.toFixed(0)} mL, resected ${plan.resectedMl.toFixed(1)} mL (corridor ${plan.corridorMl.toFixed(1)}, devascularised ${plan.devascularisedMl.toFixed(1)}), depth ${plan.depthToSurfaceMm[1]!.toFixed(1)} mm, FLR ${(100 * plan.futureLiverRemnantFraction).toFixed(1)} %, ${ms.toFixed(0)} ms`);
  });
});

describe('liver condition', () => {
  it('reads each minimum remnant from the cited parameter table', () => {
    for (const c of LIVER_CONDITIONS) {
      const m = minimumRemnantFraction(c);
      expect(m.fraction).toBe(parameterValue(`resection.minimumRemnant.${c}`));
      expect(m.citation).toMatch(/Entezari P.*RadioGraphics 2022/);
    }
  });

  it('defaults to cirrhosis for HCC and to chemotherapy for CRLM, saying it is an assumption', () => {
    expect(defaultLiverCondition('hcc')).toMatchObject({ condition: 'cirrhosis', assumption: expect.stringMatching(/assumed cirrhotic/) as unknown });
    expect(defaultLiverCondition('crlm')).toMatchObject({ condition: 'chemotherapy', assumption: expect.stringMatching(/assumed after chemotherapy/) as unknown });
  });
});

describe('planResection: bad input', () => {
  const p = makePhantom([{ centre: [59.5, 59.5, 11.5], radiusMm: 8 }]);
  const ok = { liverMask: p.liver, lesionMasks: p.lesions, marginMm: 10, liverCondition: 'normal' as const };

  it('refuses masks on different grids', () => {
    const other = makePhantom([{ centre: [50, 50, 10], radiusMm: 8 }], { dims: [100, 100, 20] });
    expect(() => planResection({ ...ok, lesionMasks: other.lesions })).toThrow(ResectionInputError);
    expect(() => planResection({ ...ok, lesionMasks: other.lesions })).toThrow(/lesionMasks: not on the liver mask's grid/);
  });

  it('refuses an empty liver mask', () => {
    expect(() => planResection({ ...ok, liverMask: { ...p.liver, data: new Uint8Array(p.liver.data.length) } })).toThrow(/lies outside the liver|liver mask is empty/);
  });

  it('refuses a targeted lesion outside the liver, and an unknown target label', () => {
    const outside = makePhantom([{ centre: [59.5, 59.5, 11.5], radiusMm: 8 }, { centre: [8, 8, 3], radiusMm: 4 }]);
    expect(() => planResection({ ...ok, lesionMasks: outside.lesions })).toThrow(/lesion 2 lies outside the liver/);
    expect(() => planResection({ ...ok, targetLabels: [3] })).toThrow(/targetLabels: lesion 3 is not in lesionMasks/);
  });

  it('refuses a liver that fills the grid (no capsule to resect to)', () => {
    const full = { ...p.liver, data: new Uint8Array(p.liver.data.length).fill(1) };
    expect(() => planResection({ ...ok, liverMask: full })).toThrow(/no capsule/);
  });

  it('refuses a margin out of range, an unknown liver condition and an empty lesion mask', () => {
    expect(() => planResection({ ...ok, marginMm: -1 })).toThrow(/marginMm/);
    expect(() => planResection({ ...ok, marginMm: 31 })).toThrow(/marginMm/);
    // @ts-expect-error an unknown condition
    expect(() => planResection({ ...ok, liverCondition: 'fatty' })).toThrow(/liverCondition/);
    expect(() => planResection({ ...ok, lesionMasks: { ...p.lesions, data: new Uint8Array(p.lesions.data.length) } })).toThrow(/nothing to resect/);
  });
});
