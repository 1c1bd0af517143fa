/**
 * measureResponse on hand-built CT volumes with known answers (test/support/measureScene.ts: liver
 * 110 HU, a 30 mm hypodense tumour at 60 HU, white noise σ 15 HU): unchanged, necrotic centre with a
 * viable rim, grown, Lipiodol-filled, ablated with margin, resected, a new lesion; the same under a
 * known rigid shift of the post CT's grid; the shared viable-diameter helper; bad input.
 */
import { longestAxialDiameterMm, type Vec3 } from '@mewm/dicom';
import { describe, expect, it } from 'vitest';
import { errorCodeOf } from '@mewm/contracts';
import { longestViableDiameterMm, measureResponse, type ResponseMeasurement } from '../src/index.ts';
import { affineAt, DIMS, drawCt, lesionMask, SCENES, type Scene } from './support/measureScene.ts';

const pre = drawCt(SCENES.baseline, 1);
const mask = lesionMask();
const measure = (scene: Scene, origin: Vec3 = [0, 0, 0]): ResponseMeasurement => measureResponse(pre, drawCt(scene, 2, origin), mask);

describe('measureResponse on hand-built volumes', () => {
  it('unchanged: SD by every rule, viable volume and diameter equal to baseline, LR-TR viable, research references measured', () => {
    const r = measure(SCENES.baseline);
    const p = r.patient;
    expect(p.mrecist).toBe('SD');
    expect(p.recist.category).toBe('SD');
    expect(p.easl.category).toBe('SD');
    expect(p.liradsTr).toBe('LR-TR Viable');
    expect(p.viableVolumeMl / p.baselineVolumeMl).toBeGreaterThan(0.97);
    expect(p.viableVolumeMl / p.baselineVolumeMl).toBeLessThan(1.03);
    expect(Math.abs(p.sumViableDiameterMm - p.sumBaselineDiameterMm)).toBeLessThan(1);
    expect(p.necrosisFraction).toBeLessThan(0.03);
    expect(p.newLesionCount).toBe(0);
    expect(r.reference.liverPreHu).toBeCloseTo(110, -1);
    expect(r.reference.tumourPreHu).toBeCloseTo(60, -1);
    expect(r.alignment).toBe('sameGrid');
  });

  it('necrotic centre with a 3 mm viable rim: PR by the viable diameter (never across the necrosis), SD by RECIST 1.1', () => {
    const p = measure(SCENES.necrotic).patient;
    // Longest chord inside a rim of radii 12-15 mm: 2·sqrt(15² - 12²) = 18 mm, vs 30 mm across the centre.
    expect(p.sumViableDiameterMm).toBeGreaterThan(14);
    expect(p.sumViableDiameterMm).toBeLessThan(21);
    expect(p.mrecist).toBe('PR');
    expect(p.responder).toBe(true);
    expect(p.recist.category).toBe('SD');
    expect(p.necrosisFraction).toBeGreaterThan(0.4);
    expect(p.liradsTr).toBe('LR-TR Viable');
  });

  it('grown from 30 to 38 mm: PD by mRECIST, RECIST 1.1 and EASL', () => {
    const p = measure(SCENES.grown).patient;
    expect(p.mrecist).toBe('PD');
    expect(p.recist.category).toBe('PD');
    expect(p.easl.category).toBe('PD');
    expect(p.viableVolumeMl / p.baselineVolumeMl).toBeGreaterThan(1.8); // (19/15)^3 = 2.03
    expect(p.newLesionCount).toBe(0);
  });

  it('Lipiodol-filled necrotic centre: Lipiodol coverage measured, counted as necrosis, PR', () => {
    const p = measure(SCENES.lipiodol).patient;
    // Upper half of a 12 mm sphere in a 15 mm lesion: ≈ 0.5 · (12/15)^3 = 0.26 of the lesion.
    expect(p.lipiodolCoverage).toBeGreaterThan(0.18);
    expect(p.lipiodolCoverage).toBeLessThan(0.3);
    expect(p.lipiodol.coverage).toBe(p.lipiodolCoverage);
    expect(p.necrosisFraction).toBeGreaterThan(0.4);
    expect(p.mrecist).toBe('PR');
  });

  it('ablation zone covering the tumour with a 7 mm margin: CR, LR-TR nonviable, ablation zone measured; RECIST still measures the treated lesion', () => {
    const r = measure(SCENES.ablated);
    const p = r.patient;
    expect(p.mrecist).toBe('CR');
    expect(p.liradsTr).toBe('LR-TR Nonviable');
    expect(p.viableVolumeMl).toBe(0);
    // Sphere of 22 mm radius: 44.6 mL.
    expect(p.ablationZoneVolumeMl).toBeGreaterThan(35);
    expect(p.ablationZoneVolumeMl).toBeLessThan(50);
    expect(r.lesions[0]!.treatmentZone?.kind).toBe('ablationZone');
    expect(r.lesions[0]!.treatmentZone!.marginCoverage).toBeGreaterThan(0.9);
    expect(p.resectionCavityVolumeMl).toBe(0);
    expect(p.recist.category).toBe('SD');
    expect(p.newLesionCount + p.equivocalNewLesionCount).toBe(0);
  });

  it('resection cavity (fluid) over the tumour: CR by every rule, cavity measured, no necrosis counted', () => {
    const r = measure(SCENES.resected);
    const p = r.patient;
    expect(p.mrecist).toBe('CR');
    expect(p.recist.category).toBe('CR');
    expect(p.liradsTr).toBe('LR-TR Nonviable');
    expect(r.lesions[0]!.treatmentZone?.kind).toBe('resectionCavity');
    expect(p.resectionCavityVolumeMl).toBeGreaterThan(35);
    expect(p.necroticVolumeMl).toBe(0);
  });

  it('a new 16 mm lesion 33 mm away: PD by mRECIST, the baseline lesion SD on its own', () => {
    const r = measure(SCENES.newLesion);
    expect(r.patient.newLesionCount).toBe(1);
    expect(r.newLesions[0]!.diameterMm).toBeGreaterThan(13);
    expect(r.patient.mrecist).toBe('PD');
    expect(r.lesions[0]!.mrecist).toBe('SD');
  });
});

describe('measureResponse under a known rigid shift of the post CT', () => {
  // The post CT is drawn on a grid whose origin moved by a non-integer shift: the same anatomy at the same
  // world positions, other voxels. It is resampled (trilinear) onto the pre grid through the affines.
  const shift: Vec3 = [2.3, -1.7, 1.1];
  it.each(['baseline', 'necrotic', 'grown', 'ablated'] as const)('%s: same categories, viable volume within 5 % of baseline volume, diameters within 1.5 mm', (name) => {
    const a = measure(SCENES[name]);
    const b = measure(SCENES[name], shift);
    expect(b.alignment).toBe('resampledThroughAffines');
    expect(b.patient.mrecist).toBe(a.patient.mrecist);
    expect(b.patient.recist.category).toBe(a.patient.recist.category);
    expect(b.patient.liradsTr).toBe(a.patient.liradsTr);
    expect(Math.abs(b.patient.viableVolumeMl - a.patient.viableVolumeMl)).toBeLessThan(0.05 * a.patient.baselineVolumeMl);
    expect(Math.abs(b.patient.sumViableDiameterMm - a.patient.sumViableDiameterMm)).toBeLessThan(1.5);
  });
});

describe('longestViableDiameterMm (shared with extractImagingFeatures)', () => {
  const dims: Vec3 = [61, 61, 1];
  const affine = affineAt([0, 0, 0], [0.5, 0.5, 1]);
  const disc = (r: number, r0 = -1, cx = 30, cy = 30): Uint8Array => {
    const m = new Uint8Array(61 * 61);
    for (let j = 0; j < 61; j++) for (let i = 0; i < 61; i++) {
      const d = Math.hypot(i - cx, j - cy) * 0.5;
      if (d <= r && d > r0) m[i + 61 * j] = 1;
    }
    return m;
  };
  it('equals the longest axial diameter on a solid disc', () => {
    const m = disc(12);
    expect(longestViableDiameterMm(m, dims, affine)).toBeCloseTo(longestAxialDiameterMm(m, dims, affine), 9);
  });
  it('measures a rim inside the rim, not across its hole', () => {
    const m = disc(12, 9);
    const d = longestViableDiameterMm(m, dims, affine);
    // Continuous answer 2·sqrt(12² - 9²) = 15.9 mm; voxel centres on a 0.5 mm grid lose up to about a voxel per end.
    expect(Math.abs(d - 2 * Math.sqrt(12 ** 2 - 9 ** 2))).toBeLessThan(1);
    expect(longestAxialDiameterMm(m, dims, affine)).toBeCloseTo(24, 0);
  });
  it('measures two nodules on either side of necrosis as the larger nodule', () => {
    const a = disc(4, -1, 12, 30), b = disc(3, -1, 48, 30);
    const m = a.map((x, k) => x | b[k]!);
    expect(longestViableDiameterMm(m, dims, affine)).toBeCloseTo(8, 0);
  });
  it('is 0 for an empty mask or one voxel', () => {
    expect(longestViableDiameterMm(new Uint8Array(61 * 61), dims, affine)).toBe(0);
    const one = new Uint8Array(61 * 61);
    one[100] = 1;
    expect(longestViableDiameterMm(one, dims, affine)).toBe(0);
  });
});

describe('measureResponse bad input', () => {
  const code = (f: () => unknown): string | undefined => {
    try {
      f();
    } catch (e) {
      return `${errorCodeOf(e)}: ${(e as Error).message}`;
    }
    return undefined;
  };
  it('refuses an empty mask, a mask off the pre grid, a post mask off the post grid, bad options and a liverless ring, naming the argument', () => {
    const empty = { ...mask, data: new Uint8Array(mask.data.length) };
    expect(code(() => measureResponse(pre, pre, empty))).toMatch(/^SURVIVAL_INPUT: lesionMasks: .*at least one lesion/);
    const shifted = { ...mask, affineRas: affineAt([1, 0, 0]) };
    expect(code(() => measureResponse(pre, pre, shifted))).toMatch(/^SURVIVAL_INPUT: lesionMasks: is not on the grid of preCt/);
    expect(code(() => measureResponse(pre, pre, mask, { postMask: shifted }))).toMatch(/^SURVIVAL_INPUT: options.postMask/);
    expect(code(() => measureResponse(pre, pre, mask, { smoothingSigmaMm: 9 }))).toMatch(/^SURVIVAL_INPUT: options.smoothingSigmaMm/);
    expect(code(() => measureResponse(pre, pre, mask, { ringInnerMm: 20, ringOuterMm: 10 }))).toMatch(/^SURVIVAL_INPUT: options.ringOuterMm/);
    expect(code(() => measureResponse(pre, pre, mask, { bogus: 1 } as never))).toMatch(/^SURVIVAL_INPUT: options/);
    const air = { ...pre, data: new Float32Array(pre.data.length).fill(-1000) };
    expect(code(() => measureResponse(air, air, mask))).toMatch(/^SURVIVAL_INPUT: preCt: only 0 liver-like voxels/);
    expect(DIMS).toEqual(mask.dims);
  });
});
