/**
 * segmentLesion: synthetic lesions of known geometry (noise σ 15 HU, 0.8 × 0.8 × 2.5 mm voxels, an
 * LPS-derived affine) and the real CRLM-CT-1006 metastasis, loaded with the project's DICOM loader.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { InputError, SegmentationError } from '../src/errors.ts';
import { applyAffine, invertAffine, type Vec3 } from '../src/geometry.ts';
import { segmentLesion } from '../src/segment/index.ts';
import type { Volume } from '../src/volume.ts';
import { sharedData } from '../../../test/support/shared-data.ts';
import { makePhantom, norm, rasAtOffset } from './segment-phantom.ts';

// The real loader must exist: import it up front and fail loudly (not skip) if it does not.
const loader = await import('../src/dicom/index.ts').catch((e: unknown) => {
  throw new Error(`segment tests need the DICOM loader at src/dicom/index.ts: ${String(e)}`);
});

const SPACING: Vec3 = [0.8, 0.8, 2.5];
const DIMS: Vec3 = [150, 150, 40];
const sphereMl = (r: number) => ((4 / 3) * Math.PI * r ** 3) / 1000;

function phantom(paint: (p: Vec3) => number | undefined) {
  return makePhantom({ dims: DIMS, spacingMm: SPACING, backgroundHu: 100, noiseSigmaHu: 15, seed: 7, paint });
}

describe('segmentLesion on synthetic hypodense lesions', () => {
  it.each([10, 20])('a 50 HU sphere of radius %i mm in 100 HU liver: volume within 5 percent of 4/3·π·r³', (r) => {
    const { ct, centerRas } = phantom((p) => (norm(p) <= r ? 50 : undefined));
    for (const off of [[0, 0, 0], [0.3 * r, -0.2 * r, 0.2 * r]] as Vec3[]) {
      const { mask, stats, warnings } = segmentLesion(ct, rasAtOffset(centerRas, off));
      expect(Math.abs(stats.volumeMl / sphereMl(r) - 1)).toBeLessThan(0.05);
      // Centre-to-centre axial diameter of a voxelised disc of radius r is 2r minus under 2 voxels;
      // noise may move the outline by about a voxel either way.
      expect(Math.abs(stats.longestAxialDiameterMm - 2 * r)).toBeLessThan(2 * SPACING[0]);
      expect(norm([stats.centroidRas[0] - centerRas[0], stats.centroidRas[1] - centerRas[1], stats.centroidRas[2] - centerRas[2]])).toBeLessThan(1);
      expect(stats.surroundingHu).toBeGreaterThan(90);
      expect(stats.surroundingHu).toBeLessThan(110);
      expect(stats.huThresholds[1]).toBeGreaterThan(60);
      expect(stats.huThresholds[1]).toBeLessThan(90);
      expect(mask.labels).toEqual({ 1: 'lesion' });
      expect(mask.dims).toEqual(ct.dims);
      expect(warnings).toEqual([]);
    }
  });

  it('a target-like lesion (20 HU centre, 60 HU body, 3 mm 140 HU rim, r 20 mm) is found whole from the centre and from the body', () => {
    const { ct, centerRas } = phantom((p) => {
      const d = norm(p);
      return d <= 6 ? 20 : d <= 17 ? 60 : d <= 20 ? 140 : undefined;
    });
    const results = [[0, 0, 0], [11, 0, 0], [0, -10, 5]].map((off) => segmentLesion(ct, rasAtOffset(centerRas, off as Vec3)));
    for (const { stats } of results) {
      expect(Math.abs(stats.volumeMl / sphereMl(20) - 1)).toBeLessThan(0.1);
      expect(stats.rimIncluded).toBe(true);
    }
    // The same mask whichever click.
    expect(results[1]!.stats.voxelCount).toBe(results[0]!.stats.voxelCount);
  });

  it('a lesion touching a bright 180 HU tube (a vessel, 6 mm wide along z) leaves the tube out', () => {
    const tube = (p: Vec3) => Math.hypot(p[0] - 18, p[1]) <= 3;
    const { ct, centerRas, offsetMm } = phantom((p) => (tube(p) ? 180 : norm(p) <= 15 ? 50 : undefined));
    const { mask, stats } = segmentLesion(ct, centerRas);
    expect(Math.abs(stats.volumeMl / sphereMl(15) - 1)).toBeLessThan(0.05);
    expect(stats.rimIncluded).toBe(false);
    let tubeVoxels = 0, tubeInMask = 0, v = 0;
    for (let k = 0; k < DIMS[2]; k++) for (let j = 0; j < DIMS[1]; j++) for (let i = 0; i < DIMS[0]; i++, v++) {
      if (!tube(offsetMm(i, j, k))) continue;
      tubeVoxels++;
      if (mask.data[v]) tubeInMask++;
    }
    expect(tubeVoxels).toBeGreaterThan(1000);
    expect(tubeInMask / tubeVoxels).toBeLessThan(0.01);
  });

  it('a click in plain liver (no lesion) is refused as a leak, saying what to do', () => {
    const { ct, centerRas } = phantom(() => undefined);
    expect(() => segmentLesion(ct, centerRas)).toThrow(SegmentationError);
    expect(() => segmentLesion(ct, centerRas)).toThrow(/leaks to the ROI limit.*Click nearer/);
  });
});

describe('segmentLesion on the real CRLM-CT-1006 metastasis', () => {
  let ct: Volume;
  // Found by viewing axial slices (W200/L90 and W400/L50 PNGs) and printing 6×6-voxel mean HU grids
  // with pydicom: a lobulated target-like hypodense lesion in the right lobe on slices k = 12..17
  // (of 51, z −316..−291 mm), about 30 mm across, voxel (122, 247, 14) near its centre:
  // RAS = affine · (122, 247, 14) with affine diag(−0.8047, −0.8047, 5), origin (191, 167.2, −376.44).
  const seedRas: Vec3 = [92.8, -31.6, -306.4];
  // A second click elsewhere in the same lesion: voxel (112, 250, 14), about 8 mm lateral.
  const secondRas: Vec3 = [100.9, -34.0, -306.4];

  beforeAll(async () => {
    const dir = sharedData('crlm-ct', 'CRLM-CT-1006');
    const files = readdirSync(dir).filter((f) => f.endsWith('.dcm'));
    const instances = files.map((f) => loader.parseDicom(new Uint8Array(readFileSync(join(dir, f))), f));
    const groups = loader.groupSeries(instances);
    expect(groups).toHaveLength(1);
    ct = (await loader.assembleVolume(groups[0]!)).volume;
    expect(ct.dims).toEqual([512, 512, 51]);
  });

  it('the seed lies where it was found (voxel 122, 247, 14)', () => {
    const ijk = applyAffine(invertAffine(ct.affineRas), seedRas);
    expect(ijk[0]).toBeCloseTo(122, 0);
    expect(ijk[1]).toBeCloseTo(247, 0);
    expect(ijk[2]).toBeCloseTo(14, 0);
  });

  it('gives a plausible ~3 cm metastasis, darker than the liver around it', () => {
    const { mask, stats } = segmentLesion(ct, seedRas);
    // A 25–33 mm lobulated lesion: a 25 mm sphere is 8.2 mL, a 33 mm one 18.8 mL; lobulation and the
    // gradual, less hypodense rim make the mask smaller than the enclosing sphere. 6–25 mL.
    expect(stats.volumeMl).toBeGreaterThan(6);
    expect(stats.volumeMl).toBeLessThan(25);
    expect(stats.longestAxialDiameterMm).toBeGreaterThan(20);
    expect(stats.longestAxialDiameterMm).toBeLessThan(50);
    // Inside the liver: liver parenchyma next to the lesion (box i 114..125, j 276..287, k 14,
    // checked by hand: mean ≈ 129 HU) is clearly brighter than the mask's mean.
    let liver = 0;
    for (let j = 276; j < 288; j++) for (let i = 114; i < 126; i++) liver += ct.data[i + 512 * (j + 512 * 14)]!;
    liver /= 144;
    expect(liver).toBeGreaterThan(110);
    expect(stats.lesionMeanHu).toBeLessThan(liver - 25);
    expect(stats.lesionMeanHu).toBeLessThan(stats.surroundingHu - 20);
    // Axial extent: the slices where the lesion was seen (12..17), not beyond the liver.
    expect(stats.bboxIjk.min[2]).toBeGreaterThanOrEqual(11);
    expect(stats.bboxIjk.max[2]).toBeLessThanOrEqual(18);
    expect(mask.data[122 + 512 * (247 + 512 * 14)]).toBe(1);
  });

  it('a second click elsewhere in the lesion gives the same mask (Dice ≥ 0.8)', () => {
    const a = segmentLesion(ct, seedRas).mask.data;
    const b = segmentLesion(ct, secondRas).mask.data;
    let both = 0, na = 0, nb = 0;
    for (let v = 0; v < a.length; v++) {
      na += a[v]!;
      nb += b[v]!;
      both += a[v]! & b[v]!;
    }
    expect((2 * both) / (na + nb)).toBeGreaterThanOrEqual(0.8);
  });

  it('refuses clicks in air, in bone and in plain liver', () => {
    const at = (ijk: Vec3) => applyAffine(ct.affineRas, ijk);
    const hu = (ijk: Vec3) => ct.data[ijk[0] + 512 * (ijk[1] + 512 * ijk[2])]!;
    const air: Vec3 = [256, 40, 25]; // in the field of view, in front of the abdomen
    const bone: Vec3 = [276, 351, 25]; // vertebral body (7×7 mean ≈ 770 HU by pydicom)
    expect(hu(air)).toBeLessThan(-500);
    expect(hu(bone)).toBeGreaterThan(300);
    expect(() => segmentLesion(ct, at(air))).toThrow(/air, lung or fat/);
    expect(() => segmentLesion(ct, at(bone))).toThrow(/bone/);
    expect(() => segmentLesion(ct, at([120, 282, 14]))).toThrow(SegmentationError);
  });
});

describe('segmentLesion: bad input', () => {
  const { ct, centerRas } = phantom((p) => (norm(p) <= 10 ? 50 : p[2] > 30 ? -900 : p[0] > 40 ? 900 : undefined));

  it('refuses a seed outside the volume with SegmentationError naming the axis and range', () => {
    expect(() => segmentLesion(ct, [centerRas[0], centerRas[1], centerRas[2] + 500])).toThrow(SegmentationError);
    expect(() => segmentLesion(ct, [centerRas[0], centerRas[1], centerRas[2] + 500])).toThrow(/voxel index k .* allowed 0\.\.39/);
  });

  it('refuses NaN and infinite coordinates and malformed points with InputError', () => {
    expect(() => segmentLesion(ct, [Number.NaN, 0, 0])).toThrow(InputError);
    expect(() => segmentLesion(ct, [0, Infinity, 0])).toThrow(InputError);
    expect(() => segmentLesion(ct, [1, 2] as unknown as Vec3)).toThrow(InputError);
  });

  it('refuses a seed in air and a seed in bone with SegmentationError', () => {
    expect(() => segmentLesion(ct, rasAtOffset(centerRas, [0, 0, 40]))).toThrow(SegmentationError);
    expect(() => segmentLesion(ct, rasAtOffset(centerRas, [50, 0, 0]))).toThrow(/bone/);
  });

  it('refuses invalid options, naming the option and its range', () => {
    expect(() => segmentLesion(ct, centerRas, { maxRadiusMm: -1 })).toThrow(/maxRadiusMm/);
    expect(() => segmentLesion(ct, centerRas, { maxRadiusMm: Number.NaN })).toThrow(InputError);
    expect(() => segmentLesion(ct, centerRas, { seedHuRange: [300, -100] })).toThrow(/seedHuRange/);
    expect(() => segmentLesion(ct, centerRas, { bogus: 1 } as never)).toThrow(InputError);
  });

  it('refuses a CT whose data does not match its dims', () => {
    expect(() => segmentLesion({ ...ct, data: new Float32Array(10) }, centerRas)).toThrow(/data has 10 voxels/);
  });
});
