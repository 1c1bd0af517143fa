/**
 * Growth, shrinkage, ablation, resection, SBRT and several lesions on synthetic spheres: the spatial
 * rules of each treatment, in mm on a 0.8 × 0.8 × 5 mm grid.
 */
import { describe, expect, it } from 'vitest';
import { connectedComponents, type Vec3 } from '@mewm/dicom';
import { appearanceValue, squaredDistanceMm, synthesiseTissueState } from '../src/dynamics/index.ts';
import { planResection } from '../src/index.ts';
import { createRng } from '../src/random.ts';
import { TISSUE_STATE } from '@mewm/contracts';
import { SPACING, ijkOf, makePhantom, mmBetween, outcome, stateCounts, type Phantom } from './dynamics-phantom.ts';

const voxelMm3 = SPACING[0] * SPACING[1] * SPACING[2];
const eqRadiusMm = (voxels: number) => Math.cbrt((3 * voxels * voxelMm3) / (4 * Math.PI));
const count = (mask: ArrayLike<number>) => { let n = 0; for (let v = 0; v < mask.length; v++) if (mask[v]) n++; return n; };

function run(p: Phantom, outcomes: Array<Parameters<typeof outcome>[0]>, opts: { liver?: boolean; followUpDays?: number; seed?: number } = {}) {
  return synthesiseTissueState({
    ct: p.ct, lesions: p.lesions, ...(opts.liver === false ? {} : { liver: p.liver }),
    outcomes: new Map(outcomes.map((o, i) => [i + 1, outcome(o)])), rng: createRng(opts.seed ?? 5),
    ...(opts.followUpDays !== undefined ? { followUpDays: opts.followUpDays } : {}),
  });
}

/** Extent in mm along x and z of the voxels with the given states. */
function extentMm(states: Uint8Array, dims: Vec3, values: number[]): { x: number; z: number } {
  let x0 = Infinity, x1 = -1, z0 = Infinity, z1 = -1;
  for (let v = 0; v < states.length; v++) {
    if (!values.includes(states[v]!)) continue;
    const [i, , k] = ijkOf(v, dims);
    x0 = Math.min(x0, i); x1 = Math.max(x1, i); z0 = Math.min(z0, k); z1 = Math.max(z1, k);
  }
  return { x: (x1 - x0 + 1) * SPACING[0], z: (z1 - z0 + 1) * SPACING[2] };
}

describe('synthesiseTissueState: systemic therapy and untreated growth', () => {
  const centre = makePhantom([{ centre: [60, 60, 12], radiusMm: 12 }]);
  const v0 = count(centre.lesions.data);

  it('grows an untreated lesion to totalVolumeFactor × baseline, isotropically in mm', () => {
    const r = run(centre, [{ response: 'PD', viableFraction: 1.728, totalVolumeFactor: 1.728, residualPattern: 'diffuse' }]);
    const c = stateCounts(r.states.data);
    expect((c[TISSUE_STATE.viable]! + c[TISSUE_STATE.growth]!) / v0).toBeCloseTo(1.728, 2);
    expect(c[TISSUE_STATE.viable]).toBe(v0);
    expect(c[TISSUE_STATE.necrosis]).toBe(0);
    // Radius 12 mm × 1.728^(1/3) = 14.4 mm: the extent grows in mm along x (0.8 mm voxels) and z (5 mm slices) alike.
    const before = extentMm(centre.lesions.data.map((l) => (l ? 1 : 0)), centre.ct.dims, [1]);
    const after = extentMm(r.states.data, centre.ct.dims, [TISSUE_STATE.viable, TISSUE_STATE.growth]);
    expect(after.x - before.x).toBeGreaterThan(3.2);
    expect(after.x - before.x).toBeLessThanOrEqual(6.4 + 1e-9);
    expect(after.z - before.z).toBeLessThanOrEqual(10);
    expect(r.perLesion[0]!.growthMl / r.perLesion[0]!.baselineMl).toBeCloseTo(0.728, 2);
  });

  it('never grows outside the liver mask, even next to the liver edge', () => {
    // Lesion 4 mm inside the liver surface along x.
    const p = makePhantom([{ centre: [89, 60, 12], radiusMm: 10 }], { liverRadiiMm: [38, 40, 50] });
    const r = run(p, [{ response: 'PD', viableFraction: 3, totalVolumeFactor: 3, residualPattern: 'diffuse' }]);
    let grown = 0;
    for (let v = 0; v < r.states.data.length; v++) {
      if (r.states.data[v] !== TISSUE_STATE.growth) continue;
      grown++;
      expect(p.liver.data[v]).toBe(1);
    }
    expect(grown / count(p.lesions.data)).toBeCloseTo(2, 1);
  });

  it('without a liver mask, grows only into soft tissue (−100..250 HU), never into air', () => {
    const p = makePhantom([{ centre: [60, 60, 12], radiusMm: 10 }]);
    const air = Int16Array.from(p.ct.data as Int16Array);
    for (let v = 0; v < air.length; v++) if (ijkOf(v, p.ct.dims)[0] >= 75) air[v] = -1000;
    const withAir = { ...p, ct: { ...p.ct, data: air } };
    const r = run(withAir, [{ response: 'PD', viableFraction: 3, totalVolumeFactor: 3, residualPattern: 'diffuse' }], { liver: false });
    let grown = 0;
    for (let v = 0; v < air.length; v++) {
      if (r.states.data[v] !== TISSUE_STATE.growth) continue;
      grown++;
      expect(air[v]!).toBeGreaterThanOrEqual(appearanceValue('spatial.softTissue.minHu'));
      expect(air[v]!).toBeLessThanOrEqual(appearanceValue('spatial.softTissue.maxHu'));
    }
    expect(grown).toBeGreaterThan(0);
  });

  it('shrinks concentrically toward the centre; the regressed shell is drawn as parenchyma', () => {
    const r = run(centre, [{ viableFraction: 0.5, totalVolumeFactor: 0.5, residualPattern: 'diffuse' }]);
    const c = stateCounts(r.states.data);
    expect(c[TISSUE_STATE.viable]! / v0).toBeCloseTo(0.5, 2);
    expect(c[TISSUE_STATE.regressed]! / v0).toBeCloseTo(0.5, 2);
    const depth = squaredDistanceMm(centre.lesions.data.map((l) => 1 - l), centre.ct.dims, SPACING);
    let minKept = Infinity, maxRegressed = 0;
    for (let v = 0; v < depth.length; v++) {
      if (r.states.data[v] === TISSUE_STATE.viable) minKept = Math.min(minKept, depth[v]!);
      if (r.states.data[v] === TISSUE_STATE.regressed) {
        maxRegressed = Math.max(maxRegressed, depth[v]!);
        expect(r.expectedHu[v]).toBeCloseTo(r.perLesion[0]!.parenchymaHu, 3);
      }
    }
    expect(minKept).toBeGreaterThanOrEqual(maxRegressed - 1e-9);
  });

  it('truncates growth it cannot place (beyond the reach or the liver) and reports the volume it drew', () => {
    const small = makePhantom([{ centre: [60, 60, 12], radiusMm: 6 }]);
    const r = run(small, [{ response: 'PD', viableFraction: 500, totalVolumeFactor: 500, residualPattern: 'diffuse' }]);
    const drawn = count(r.states.data);
    expect(drawn).toBeLessThan(500 * count(small.lesions.data));
    for (let v = 0; v < r.states.data.length; v++) if (r.states.data[v]) expect(small.liver.data[v]).toBe(1);
    expect(r.perLesion[0]!.totalMl).toBeCloseTo(drawn * voxelMm3 / 1000, 9);
  });

  it('lets a complete response disappear entirely (totalVolumeFactor 0)', () => {
    const r = run(centre, [{ response: 'CR', viableFraction: 0, totalVolumeFactor: 0, residualPattern: 'none' }]);
    expect(stateCounts(r.states.data)[TISSUE_STATE.regressed]).toBe(v0);
    expect(r.perLesion[0]!.totalMl).toBe(0);
  });
});

describe('synthesiseTissueState: ablation, resection and SBRT', () => {
  const p = makePhantom([{ centre: [60, 60, 12], radiusMm: 12 }]);
  const lesion = p.lesions.data.map((l) => (l ? 1 : 0));
  const v0 = count(lesion);
  const outsideMm = squaredDistanceMm(lesion, p.ct.dims, SPACING).map(Math.sqrt);

  it('ablates the lesion plus the margin: the zone contains the lesion, radius ≈ lesion + margin', () => {
    const r = run(p, [{ response: 'CR', viableFraction: 0, residualPattern: 'none', ablationMarginMm: 5 }]);
    const zone = r.states.data.map((s) => (s === TISSUE_STATE.ablationZone ? 1 : 0));
    for (let v = 0; v < lesion.length; v++) if (lesion[v]) expect(zone[v]).toBe(1);
    expect(eqRadiusMm(count(zone)) - eqRadiusMm(v0)).toBeGreaterThan(4);
    expect(eqRadiusMm(count(zone)) - eqRadiusMm(v0)).toBeLessThan(6);
    for (let v = 0; v < zone.length; v++) if (zone[v]) expect(outsideMm[v]!).toBeLessThanOrEqual(5 + 1e-9);
    expect(r.expectedHu[60 + 120 * (60 + 120 * 12)]).toBe(appearanceValue('appearance.ablation.zoneHu'));
    expect(r.perLesion[0]!.ablationMl).toBeCloseTo(count(zone) * voxelMm3 / 1000, 9);
  });

  it('clips the ablation zone to the liver', () => {
    const edge = makePhantom([{ centre: [89, 60, 12], radiusMm: 8 }], { liverRadiiMm: [36, 40, 50] });
    const r = run(edge, [{ response: 'CR', viableFraction: 0, residualPattern: 'none', ablationMarginMm: 10 }]);
    let zone = 0;
    for (let v = 0; v < r.states.data.length; v++) {
      if (r.states.data[v] !== TISSUE_STATE.ablationZone) continue;
      zone++;
      expect(edge.liver.data[v] || edge.lesions.data[v]).toBeTruthy();
    }
    expect(zone).toBeGreaterThan(count(edge.lesions.data));
  });

  it('draws the benign enhancing rim on early follow-up only', () => {
    const o = { response: 'CR' as const, viableFraction: 0, residualPattern: 'none' as const, ablationMarginMm: 6 };
    const early = run(p, [o], { followUpDays: 14 });
    const late = run(p, [o], { followUpDays: 90 });
    const rimHu = early.perLesion[0]!.parenchymaHu + appearanceValue('appearance.ablation.rimDeltaHu');
    const rimVoxels = (r: typeof early) => [...r.expectedHu].filter((h, v) => r.states.data[v] === TISSUE_STATE.ablationZone && Math.abs(h - rimHu) < 1e-3);
    expect(rimVoxels(early).length).toBeGreaterThan(0);
    expect(rimVoxels(late).length).toBe(0);
    for (let v = 0; v < early.expectedHu.length; v++) {
      if (early.states.data[v] === TISSUE_STATE.ablationZone && Math.abs(early.expectedHu[v]! - rimHu) < 1e-3) {
        expect(outsideMm[v]!).toBeGreaterThan(6 - appearanceValue('appearance.ablation.rimThicknessMm'));
      }
    }
  });

  it('keeps an incomplete ablation residual as viable tumour and Lipiodol from a prior cTACE in the zone', () => {
    const r = run(p, [{ viableFraction: 0.1, residualPattern: 'nodular', ablationMarginMm: 5, lipiodolFraction: 0.5, lipiodolHu: 500 }]);
    const c = stateCounts(r.states.data);
    expect(c[TISSUE_STATE.viable]! / v0).toBeCloseTo(0.1, 2);
    expect(c[TISSUE_STATE.lipiodol]! / (0.9 * v0)).toBeCloseTo(0.5, 2);
    for (let v = 0; v < lesion.length; v++) if (r.states.data[v] === TISSUE_STATE.lipiodol) expect(lesion[v]).toBe(1);
  });

  it('without a liver mask, turns the lesion plus the resection margin into a fluid cavity', () => {
    const r = run(p, [{ response: 'CR', viableFraction: 0, residualPattern: 'none', resectionMarginMm: 10 }], { liver: false });
    const cavity = r.states.data.map((s) => (s === TISSUE_STATE.resectionCavity ? 1 : 0));
    for (let v = 0; v < lesion.length; v++) if (lesion[v]) expect(cavity[v]).toBe(1);
    expect(eqRadiusMm(count(cavity)) - eqRadiusMm(v0)).toBeGreaterThan(8.5);
    expect(eqRadiusMm(count(cavity)) - eqRadiusMm(v0)).toBeLessThan(11);
    expect(r.expectedHu[60 + 120 * (60 + 120 * 12)]).toBe(appearanceValue('appearance.resection.cavityHu'));
    expect(r.perLesion[0]!.totalMl).toBe(0);
  });

  it('with a liver mask, removes liver up to the capsule: a bed of fat with fluid along the cut surface, a contour defect and no hole inside the liver', () => {
    const r = run(p, [{ response: 'CR', viableFraction: 0, residualPattern: 'none', resectionMarginMm: 10 }]);
    const cavity = r.states.data.map((s) => (s === TISSUE_STATE.resectionCavity ? 1 : 0));
    const plan = planResection({ liverMask: p.liver, lesionMasks: p.lesions, marginMm: 10, liverCondition: 'normal' });
    expect([...cavity]).toEqual([...plan.resectedMask.data]);
    expect(plan.corridorMl).toBeGreaterThan(0); // the 22 mm margin ball alone stops short of the surface
    const fatHu = appearanceValue('appearance.resection.bedHu');
    const fluidHu = appearanceValue('appearance.resection.cavityHu');
    const postLiver = p.liver.data.map((l, v) => (l && !cavity[v] ? 1 : 0));
    const toRemnantMm = squaredDistanceMm(postLiver, p.ct.dims, SPACING).map(Math.sqrt);
    let fat = 0, fluid = 0;
    for (let v = 0; v < cavity.length; v++) {
      if (!cavity[v]) continue;
      const hu = r.expectedHu[v]!;
      expect([fatHu, fluidHu]).toContain(hu);
      if (hu === fluidHu) { fluid++; expect(toRemnantMm[v]!).toBeLessThanOrEqual(appearanceValue('appearance.resection.cutSurfaceFluidMm') + 1e-9); }
      else fat++;
    }
    expect(fat).toBeGreaterThan(fluid);
    expect(fluid).toBeGreaterThan(0);
    // Contour defect: everything that is not liver after the resection is one region with the outside.
    const notLiver = postLiver.map((l) => 1 - l);
    const cc = connectedComponents(notLiver, p.ct.dims, 6);
    const outside = cc.labels[0]!;
    for (let v = 0; v < cavity.length; v++) if (cavity[v]) expect(cc.labels[v]).toBe(outside);
    expect(r.perLesion[0]!.cavityMl).toBeCloseTo(plan.resectedMl, 6);
  });

  it('without a liver mask the cavity is a hole inside the liver (the behaviour the liver mask replaces)', () => {
    const r = run(p, [{ response: 'CR', viableFraction: 0, residualPattern: 'none', resectionMarginMm: 10 }], { liver: false });
    const cavity = r.states.data.map((s) => (s === TISSUE_STATE.resectionCavity ? 1 : 0));
    const notLiver = p.liver.data.map((l, v) => (l && !cavity[v] ? 0 : 1));
    const cc = connectedComponents(notLiver, p.ct.dims, 6);
    const centre = 60 + 120 * (60 + 120 * 12);
    expect(cc.labels[centre]).not.toBe(cc.labels[0]);
  });

  it('draws a recurrence after resection as a nodule outside the cavity', () => {
    const r = run(p, [{ response: 'PD', viableFraction: 0.2, residualPattern: 'nodular', resectionMarginMm: 5 }]);
    const c = stateCounts(r.states.data);
    expect(c[TISSUE_STATE.growth]! / v0).toBeCloseTo(0.2, 2);
    for (let v = 0; v < lesion.length; v++) if (r.states.data[v] === TISSUE_STATE.growth) expect(outsideMm[v]!).toBeGreaterThan(5);
  });

  it('shrinks an SBRT target and surrounds it with a radiation-change shell of the given thickness', () => {
    const r = run(p, [{ viableFraction: 0.1, totalVolumeFactor: 0.7, residualPattern: 'rim', radiationShellMm: 6 }]);
    const c = stateCounts(r.states.data);
    expect(c[TISSUE_STATE.viable]! / v0).toBeCloseTo(0.1, 2);
    expect((c[TISSUE_STATE.viable]! + c[TISSUE_STATE.necrosis]!) / v0).toBeCloseTo(0.7, 2);
    let shell = 0;
    const rcHu = r.perLesion[0]!.parenchymaHu + appearanceValue('appearance.radiation.deltaHu');
    for (let v = 0; v < lesion.length; v++) {
      if (r.states.data[v] !== TISSUE_STATE.radiationChange) continue;
      expect(outsideMm[v]!).toBeLessThanOrEqual(6 + 1e-9);
      expect(r.expectedHu[v]).toBeCloseTo(rcHu, 3);
      if (!lesion[v]) shell++;
    }
    expect(eqRadiusMm(v0 + shell) - eqRadiusMm(v0)).toBeGreaterThan(5);
    expect(eqRadiusMm(v0 + shell) - eqRadiusMm(v0)).toBeLessThan(7);
    expect(r.perLesion[0]!.radiationMl).toBeGreaterThan(0);
  });
});

describe('synthesiseTissueState: several lesions', () => {
  it('applies each lesion its own outcome, and growth never enters another lesion', () => {
    const p = makePhantom([{ centre: [45, 60, 12], radiusMm: 8 }, { centre: [72, 60, 12], radiusMm: 8 }]);
    const r = run(p, [
      { response: 'PD', viableFraction: 2, totalVolumeFactor: 2, residualPattern: 'diffuse' },
      { response: 'PR', viableFraction: 0.2, residualPattern: 'rim', lipiodolFraction: 0.5, lipiodolHu: 600 },
    ]);
    const [a, b] = r.perLesion;
    expect(a!.label).toBe(1);
    expect((a!.viableMl + a!.growthMl) / a!.baselineMl).toBeCloseTo(2, 1);
    expect(b!.viableMl / b!.baselineMl).toBeCloseTo(0.2, 2);
    expect(b!.lipiodolMl / (b!.necrosisMl + b!.lipiodolMl)).toBeCloseTo(0.5, 1);
    for (let v = 0; v < p.lesions.data.length; v++) {
      if (p.lesions.data[v] === 2) expect(r.states.data[v]).not.toBe(TISSUE_STATE.growth);
    }
    expect(mmBetween([45, 60, 12], [72, 60, 12])).toBeCloseTo(21.6, 6);
  });
});
