/**
 * segmentVessels, vesselDiameterMm and nearestVesselToPoint: a synthetic liver with tubes of known
 * diameter (what is kept, what is dropped, the measured diameter), CRLM-CT-1006 (portal-venous: vessels
 * inside the liver, none in the metastasis, a non-trivial volume), TotalSegmentator's unenhanced example
 * (nothing to find: a warning, almost no voxels), and the bad-input block.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  InputError, MaskGridError, applyAffine, ingestCt, nearestVesselToPoint, readNifti, segmentLesion, segmentLiver, segmentVessels, vesselDiameterMm,
  type LabelVolume, type Mat4, type Vec3, type Volume,
} from '../src/index.ts';
import { sharedData } from '../../../test/support/shared-data.ts';

const DIMS: Vec3 = [120, 120, 40];
const SP: Vec3 = [0.8, 0.8, 2.5];
const AFFINE: Mat4 = [[-SP[0], 0, 0, 0], [0, -SP[1], 0, 0], [0, 0, SP[2], 0], [0, 0, 0, 1]];

/** Seeded Gaussian noise (mulberry32 + Box–Muller). */
function noise(seed: number): () => number {
  let s = seed >>> 0;
  const u = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return () => Math.sqrt(-2 * Math.log(u() + 1e-12)) * Math.cos(2 * Math.PI * u());
}

/**
 * A block of liver (110 HU, σ 12 HU) holding tubes along z (160 HU) of diameters 2, 6 and 10 mm
 * (voxel centres within the radius), and a liver mask covering it all.
 */
function tubes(): { ct: Volume; liver: LabelVolume; tube: Uint8Array[]; centresMm: Array<[number, number]> } {
  const n = DIMS[0] * DIMS[1] * DIMS[2];
  const data = new Float32Array(n);
  const liver = new Uint8Array(n);
  const centresMm: Array<[number, number]> = [[24, 48], [48, 48], [72, 48]];
  const radii = [1, 3, 5];
  const tube = radii.map(() => new Uint8Array(n));
  const g = noise(3);
  let v = 0;
  for (let k = 0; k < DIMS[2]; k++) for (let j = 0; j < DIMS[1]; j++) for (let i = 0; i < DIMS[0]; i++, v++) {
    const x = i * SP[0], y = j * SP[1];
    liver[v] = 1;
    let hu = 110;
    centresMm.forEach(([cx, cy], t) => {
      if (Math.hypot(x - cx, y - cy) <= radii[t]!) { hu = 160; tube[t]![v] = 1; }
    });
    data[v] = hu + 12 * g();
  }
  const grid = { dims: DIMS, spacingMm: SP, affineRas: AFFINE };
  return { ct: { ...grid, data, meta: { source: 'derived', unit: 'HU', notes: [] } }, liver: { ...grid, data: liver, labels: { 1: 'liver' } }, tube, centresMm };
}

function recall(found: Uint8Array, truth: Uint8Array): number {
  let tp = 0, t = 0;
  for (let v = 0; v < truth.length; v++) if (truth[v] !== 0) { t++; if (found[v] !== 0) tp++; }
  return tp / t;
}

describe('segmentVessels on a synthetic liver with tubes of 2, 6 and 10 mm', () => {
  const p = tubes();
  const r = segmentVessels(p.ct, p.liver);

  it('keeps the 6 and 10 mm tubes and drops the 2 mm one (under the 3 mm minimum)', () => {
    expect(recall(r.mask.data, p.tube[1]!)).toBeGreaterThan(0.85);
    expect(recall(r.mask.data, p.tube[2]!)).toBeGreaterThan(0.9);
    expect(recall(r.mask.data, p.tube[0]!)).toBeLessThan(0.05);
    let falseVoxels = 0, all = 0;
    for (let v = 0; v < r.mask.data.length; v++) if (r.mask.data[v] !== 0) { all++; if (!p.tube[1]![v] && !p.tube[2]![v]) falseVoxels++; }
    expect(falseVoxels / all).toBeLessThan(0.1);
    expect(r.stats.parenchymaHu).toBeCloseTo(110, -1);
    expect(r.stats.vesselHu).toBeGreaterThan(145);
  });

  it('measures each tube\'s diameter on its axis within a voxel or so', () => {
    const diam = vesselDiameterMm(r.mask);
    for (const [t, expected] of [[1, 6], [2, 10]] as const) {
      const [cx, cy] = p.centresMm[t]!;
      const v = Math.round(cx / SP[0]) + DIMS[0] * (Math.round(cy / SP[1]) + DIMS[1] * 20);
      expect(Math.abs(diam[v]! - expected)).toBeLessThan(1.6);
    }
  });

  it('finds the nearest vessel of at least 3 mm (or 8 mm) from a point, with its diameter', () => {
    const diam = vesselDiameterMm(r.mask);
    const at = (xMm: number, yMm: number): Vec3 => applyAffine(AFFINE, [xMm / SP[0], yMm / SP[1], 20]);
    const near = nearestVesselToPoint(r.mask, at(36, 48), { diameterMm: diam });
    expect(near.found).toBe(true);
    if (!near.found) return;
    // Between the 6 mm tube (edge at 45 mm) and the 2 mm one: the 6 mm tube, about 9 mm away.
    expect(near.distanceMm).toBeGreaterThan(7.5);
    expect(near.distanceMm).toBeLessThan(10.5);
    expect(near.diameterMm).toBeGreaterThan(3);
    const wide = nearestVesselToPoint(r.mask, at(36, 48), { diameterMm: diam, minDiameterMm: 8 });
    expect(wide.found && wide.distanceMm > 25).toBe(true);
    expect(nearestVesselToPoint(r.mask, at(36, 48), { diameterMm: diam, minDiameterMm: 50 })).toEqual({ found: false });
  });
});

describe('segmentVessels beside a lesion with an enhancing rim', () => {
  it('leaves out a 4 mm rim wrapping a hypodense lesion and keeps the 6 mm vessel passing it', () => {
    const n = DIMS[0] * DIMS[1] * DIMS[2];
    const data = new Float32Array(n);
    const rim = new Uint8Array(n), tube = new Uint8Array(n);
    const g = noise(5);
    let v = 0;
    for (let k = 0; k < DIMS[2]; k++) for (let j = 0; j < DIMS[1]; j++) for (let i = 0; i < DIMS[0]; i++, v++) {
      const x = i * SP[0], y = j * SP[1], z = k * SP[2];
      const r = Math.hypot(x - 40, y - 48, z - 50);
      let hu = 110;
      if (r <= 12) hu = 50; // hypodense lesion, 24 mm across …
      if (r > 12 && r <= 16) { hu = 160; rim[v] = 1; } // … with a 4 mm enhancing rim
      if (Math.hypot(x - 70, y - 48) <= 3) { hu = 160; tube[v] = 1; } // a 6 mm vessel 14 mm from the rim
      data[v] = hu + 12 * g();
    }
    const grid = { dims: DIMS, spacingMm: SP, affineRas: AFFINE };
    const liver: LabelVolume = { ...grid, data: new Uint8Array(n).fill(1), labels: { 1: 'liver' } };
    const r = segmentVessels({ ...grid, data, meta: { source: 'derived', unit: 'HU', notes: [] } }, liver);
    expect(recall(r.mask.data, rim)).toBe(0);
    expect(recall(r.mask.data, tube)).toBeGreaterThan(0.85);
    expect(r.warnings.join(' ')).toMatch(/enhancing lesion rims\) were left out/);
  });
});

describe('segmentVessels on CRLM-CT-1006 (portal-venous)', () => {
  let ct: Volume;
  let liver: LabelVolume;
  beforeAll(async () => {
    ct = (await ingestCt([sharedData('crlm-ct', 'CRLM-CT-1006')])).volume;
    liver = segmentLiver(ct).mask;
  });

  it('finds vessels inside the liver and none in the metastasis', () => {
    const { mask, stats, warnings } = segmentVessels(ct, liver);
    const lesion = segmentLesion(ct, [92.8, -31.6, -304]).mask;
    let outside = 0, inLesion = 0;
    for (let v = 0; v < mask.data.length; v++) {
      if (mask.data[v] === 0) continue;
      if (liver.data[v] === 0) outside++;
      if (lesion.data[v] !== 0) inLesion++;
    }
    expect(outside).toBe(0);
    expect(inLesion).toBe(0);
    expect(stats.volumeMl).toBeGreaterThan(10); // measured 28.7 mL
    expect(stats.liverFraction).toBeGreaterThan(0.005); // measured 1.8 %
    expect(stats.liverFraction).toBeLessThan(0.06);
    expect(stats.vesselHu - stats.parenchymaHu).toBeGreaterThan(30); // enhanced vessels
    expect(stats.maxDiameterMm).toBeGreaterThan(6);
    expect(warnings).toEqual([]);
  });
});

describe('segmentVessels on the unenhanced TotalSegmentator example', () => {
  it('warns that without contrast there is nothing to find, and finds almost nothing', () => {
    const ct = readNifti(readFileSync(join(sharedData('totalsegmentator-example'), 'example_ct_sm.nii.gz'))).volume;
    const { stats, warnings } = segmentVessels(ct, segmentLiver(ct).mask);
    expect(warnings.join(' ')).toMatch(/not enhanced/);
    expect(stats.liverFraction).toBeLessThan(0.01); // measured 0.3 %
  });
});

describe('segmentVessels and nearestVesselToPoint: bad input', () => {
  const p = tubes();

  it('rejects a liver mask on another grid', () => {
    const shifted: LabelVolume = { ...p.liver, affineRas: AFFINE.map((r, i) => (i === 0 ? [r[0], r[1], r[2], r[3] + 5] : [...r])) as Mat4 };
    expect(() => segmentVessels(p.ct, shifted)).toThrow(MaskGridError);
  });

  it('rejects an empty liver mask and invalid options, naming them', () => {
    expect(() => segmentVessels(p.ct, { ...p.liver, data: new Uint8Array(p.liver.data.length) })).toThrow(/liver mask is empty/);
    expect(() => segmentVessels(p.ct, p.liver, { minDiameterMm: 0 })).toThrow(InputError);
    expect(() => segmentVessels(p.ct, p.liver, { minDiameterMm: 0 })).toThrow(/minDiameterMm/);
  });

  it('refuses a liver box over the memory bound, saying what to do', () => {
    expect(() => segmentVessels(p.ct, p.liver, { maxBoxVoxels: 100_000 })).toThrow(/over maxBoxVoxels = 100000; resample/);
  });

  it('nearestVesselToPoint rejects a bad point or a diameter map of another size', () => {
    const mask = segmentVessels(p.ct, p.liver).mask;
    expect(() => nearestVesselToPoint(mask, [0, Number.NaN, 0])).toThrow(InputError);
    expect(() => nearestVesselToPoint(mask, [0, 0, 0], { diameterMm: new Float32Array(3) })).toThrow(/does not match/);
  });
});
