/**
 * Imaging features on synthetic spheres with known answers: volume and diameter of a sphere,
 * mRECIST transitions (CR, PR, SD, PD at and around the 30 % / 20 % thresholds), new lesions,
 * growth attribution, multiple lesions, and bad input.
 */
import { describe, expect, it } from 'vitest';
import type { LabelVolume, Vec3 } from '@mewm/dicom';
import { extractImagingFeatures, MEWM_TISSUE_STATE_ENCODING, SurvivalInputError } from '../src/index.ts';
import { ct, grid, labels, paintSphere, type Grid } from './support/phantom.ts';

// World-model label values (MEWM_TISSUE_STATE_ENCODING).
const VIABLE = 1, NECROSIS = 2, LIPIODOL = 3, ABLATION = 4, CAVITY = 5, GROWTH = 7, REGRESSED = 8;

const g = grid([96, 64, 64], [0.5, 0.5, 0.5]);
const centre: Vec3 = [16, 16, 16];

function baselineSphere(gr: Grid = g, c: Vec3 = centre, r = 10): LabelVolume {
  const lesions = labels(gr);
  paintSphere(lesions, c, r, 1);
  return lesions;
}

function features(lesions: LabelVolume, states: LabelVolume, options = {}) {
  const gr = { dims: lesions.dims, spacingMm: lesions.spacingMm, affineRas: lesions.affineRas };
  return extractImagingFeatures({ baseline: { ct: ct(gr), lesions }, followUp: { ct: ct(gr), states } }, options);
}

/** States: the lesion with `fill`, then a viable sphere of radius rViable at the centre. */
function shrunk(lesions: LabelVolume, rViable: number, fill = NECROSIS): LabelVolume {
  const states = labels(g);
  lesions.data.forEach((v, k) => v && (states.data[k] = fill));
  if (rViable > 0) paintSphere(states, centre, rViable, VIABLE);
  return states;
}

describe('extractImagingFeatures on spheres with known answers', () => {
  const lesions = baselineSphere();
  const voxels = lesions.data.reduce((a, v) => a + v, 0);

  it('measures a 10 mm radius sphere: volume 4.19 mL within 1 %, longest axial diameter exactly 20 mm', () => {
    const states = labels(g);
    lesions.data.forEach((v, k) => v && (states.data[k] = VIABLE));
    const f = features(lesions, states);
    const sphereMl = (4 / 3) * Math.PI * 10 ** 3 / 1000;
    expect(f.lesions).toHaveLength(1);
    expect(f.patient.baselineVolumeMl).toBeCloseTo(voxels * 0.125 / 1000, 12);
    expect(Math.abs(f.patient.baselineVolumeMl / sphereMl - 1)).toBeLessThan(0.01);
    expect(f.lesions[0]!.baselineDiameterMm).toBeCloseTo(20, 9);
    expect(f.patient.viableVolumeMl).toBeCloseTo(f.patient.baselineVolumeMl, 12);
    expect(f.patient.sumViableDiameterMm).toBeCloseTo(20, 9);
    expect(f.patient.mrecist).toBe('SD');
    expect(f.patient.necrosisFraction).toBe(0);
    expect(f.patient.lesionCount).toBe(1);
    expect(f.patient.targetLesionCount).toBe(1);
    expect(f.patient.newLesionCount).toBe(0);
    expect(f.voxelVolumeMl).toBeCloseTo(0.000125, 15);
  });

  it('state 0 (unchanged) inside the lesion is viable tumour: an untouched follow-up is SD with the full volume', () => {
    const f = features(lesions, labels(g));
    expect(f.patient.viableVolumeMl).toBeCloseTo(f.patient.baselineVolumeMl, 12);
    expect(f.patient.mrecist).toBe('SD');
  });

  it('complete necrosis is CR, necrosis fraction 1; Lipiodol coverage counts Lipiodol voxels over baseline voxels', () => {
    const states = shrunk(lesions, 0);
    let lip = 0;
    states.data.forEach((v, k) => {
      if (v && k % 4 === 0) {
        states.data[k] = LIPIODOL;
        lip++;
      }
    });
    const f = features(lesions, states);
    expect(f.patient.mrecist).toBe('CR');
    expect(f.patient.targetResponse).toBe('CR');
    expect(f.patient.responder).toBe(true);
    expect(f.patient.viableVolumeMl).toBe(0);
    expect(f.patient.sumViableDiameterMm).toBe(0);
    expect(f.patient.necrosisFraction).toBe(1);
    expect(f.patient.lipiodolCoverage).toBeCloseTo(lip / voxels, 12);
    expect(f.lesions[0]!.lipiodolCoverage).toBeCloseTo(lip / voxels, 12);
  });

  it('ablation zone inside the lesion is necrotic tumour; outside it (margin) is treated liver, not tumour', () => {
    const states = labels(g);
    paintSphere(states, centre, 13, ABLATION);
    const f = features(lesions, states);
    expect(f.patient.mrecist).toBe('CR');
    expect(f.patient.necroticVolumeMl).toBeCloseTo(f.patient.baselineVolumeMl, 12);
    expect(f.patient.unattributedNecroticVolumeMl).toBe(0);
  });

  it('resection cavity and regressed tumour are no tumour: CR with necrosis fraction 0', () => {
    const states = labels(g);
    paintSphere(states, centre, 12, CAVITY);
    paintSphere(states, centre, 5, REGRESSED);
    const f = features(lesions, states);
    expect(f.patient.mrecist).toBe('CR');
    expect(f.patient.viableVolumeMl).toBe(0);
    expect(f.patient.necrosisFraction).toBe(0);
  });

  it('a single viable voxel left is not CR (enhancing tumour remains although it measures 0 mm)', () => {
    const states = shrunk(lesions, 0);
    const v = 32 + 96 * (32 + 64 * 32);
    states.data[v] = VIABLE;
    const f = features(lesions, states);
    expect(f.patient.sumViableDiameterMm).toBe(0);
    expect(f.patient.targetResponse).toBe('PR');
    expect(f.patient.viableVolumeMl).toBeCloseTo(0.000125, 15);
  });

  it.each([
    // viable radius → diameter, change, category
    [6, 12, -0.4, 'PR'],
    [7, 14, -0.3, 'PR'], // exactly -30 %: PR
    [7.5, 15, -0.25, 'SD'],
    [10, 20, 0, 'SD'],
  ])('viable core of radius %s mm: sum %s mm, change %s → %s', (r, diam, change, category) => {
    const f = features(lesions, shrunk(lesions, r));
    expect(f.patient.sumViableDiameterMm).toBeCloseTo(diam, 9);
    expect(f.patient.diameterSumChange).toBeCloseTo(change, 9);
    expect(f.patient.mrecist).toBe(category);
    expect(f.patient.responder).toBe(category === 'PR');
    const core = paintSphere(labels(g), centre, r, 1);
    expect(f.patient.viableVolumeMl).toBeCloseTo(core * 0.000125, 12);
    expect(f.patient.necrosisFraction).toBeCloseTo((voxels - core) / voxels, 12);
  });

  it.each([
    [11.5, 23, 'SD'],
    [12, 24, 'PD'], // exactly +20 %: PD
    [14, 28, 'PD'],
  ])('growth to radius %s mm (viable + growth labels): sum %s mm → %s; growth belongs to the lesion', (r, diam, category) => {
    const states = labels(g);
    paintSphere(states, centre, r, GROWTH);
    paintSphere(states, centre, 10, VIABLE);
    const f = features(lesions, states);
    expect(f.patient.sumViableDiameterMm).toBeCloseTo(diam, 9);
    expect(f.patient.mrecist).toBe(category);
    expect(f.patient.newLesionCount).toBe(0);
    const total = paintSphere(labels(g), centre, r, 1);
    expect(f.lesions[0]!.growthVolumeMl).toBeCloseTo((total - voxels) * 0.000125, 12);
  });

  it('PD against the nadir: a 25 % rise over a previous smaller sum is PD although it is a PR against baseline', () => {
    const f = features(lesions, shrunk(lesions, 6), { nadirSumViableDiameterMm: 9 });
    expect(f.patient.sumViableDiameterMm).toBeCloseTo(12, 9);
    expect(f.patient.mrecist).toBe('PD');
  });

  it('a separate viable nodule >= 10 mm is a new lesion (PD even with a PR of the target); < 10 mm is equivocal', () => {
    const big = shrunk(lesions, 6);
    paintSphere(big, [36, 16, 16], 6, VIABLE);
    const f = features(lesions, big);
    expect(f.newLesions).toHaveLength(1);
    expect(f.newLesions[0]!.diameterMm).toBeCloseTo(12, 9);
    expect(f.newLesions[0]!.confirmed).toBe(true);
    expect(f.patient.targetResponse).toBe('PR');
    expect(f.patient.newLesionCount).toBe(1);
    expect(f.patient.mrecist).toBe('PD');
    expect(f.patient.lesionCount).toBe(1);
    const target = paintSphere(labels(g), centre, 6, 1);
    const nodule = paintSphere(labels(g), [36, 16, 16], 6, 1);
    expect(f.patient.viableVolumeMl).toBeCloseTo((target + nodule) * 0.000125, 12);
    expect(f.lesions[0]!.viableVolumeMl).toBeCloseTo(target * 0.000125, 12);

    const small = shrunk(lesions, 6);
    paintSphere(small, [36, 16, 16], 3, VIABLE);
    const s = features(lesions, small);
    expect(s.patient.newLesionCount).toBe(0);
    expect(s.patient.equivocalNewLesionCount).toBe(1);
    expect(s.patient.mrecist).toBe('PR');
  });

  it('viable growth touching a fully necrotic lesion belongs to that lesion; its viable diameter is the longest chord inside the rim, never across the necrosis', () => {
    const states = labels(g);
    paintSphere(states, centre, 12, GROWTH);
    paintSphere(states, centre, 10, NECROSIS);
    const f = features(lesions, states);
    expect(f.newLesions).toHaveLength(0);
    expect(f.lesions[0]!.growthVolumeMl).toBeGreaterThan(0);
    // A 2 mm rim (radius 10-12 mm): the longest chord inside it is 2·sqrt(12² - 10²) = 13.3 mm, not the 24 mm across the necrotic centre.
    expect(f.lesions[0]!.viableDiameterMm).toBeCloseTo(2 * Math.sqrt(12 ** 2 - 10 ** 2), 0);
    expect(f.lesions[0]!.viableDiameterMm).toBeLessThan(20);
    expect(f.patient.mrecist).toBe('PR');
  });
});

describe('extractImagingFeatures with several lesions', () => {
  const lesions = labels(g);
  paintSphere(lesions, [16, 16, 16], 10, 1); // lesion 1: 20 mm
  paintSphere(lesions, [36, 16, 16], 4, 1); // lesion 2: 8 mm, not measurable
  paintSphere(lesions, [16, 16, 26], 0.1, 0);

  it('numbers components largest first, keeps non-measurable lesions as non-target, sums targets only', () => {
    const states = labels(g);
    paintSphere(states, [16, 16, 16], 10, NECROSIS);
    paintSphere(states, [16, 16, 16], 6, VIABLE);
    const f = features(lesions, states);
    expect(f.patient.lesionCount).toBe(2);
    expect(f.lesions.map((l) => l.target)).toEqual([true, false]);
    expect(f.lesions[1]!.baselineDiameterMm).toBeCloseTo(8, 9);
    expect(f.patient.sumBaselineDiameterMm).toBeCloseTo(20, 9);
    expect(f.patient.largestBaselineDiameterMm).toBeCloseTo(20, 9);
    // Lesion 2 untouched (state 0): enhancement persists in the non-target lesion → PR, not CR.
    expect(f.patient.targetResponse).toBe('PR');
    expect(f.patient.nonTargetResponse).toBe('nonCRnonPD');
    expect(f.patient.mrecist).toBe('PR');
  });

  it('target CR with persisting non-target enhancement is PR; both gone is CR', () => {
    const states = labels(g);
    paintSphere(states, [16, 16, 16], 10, NECROSIS);
    expect(features(lesions, states).patient.mrecist).toBe('PR');
    paintSphere(states, [36, 16, 16], 4, NECROSIS);
    expect(features(lesions, states).patient.mrecist).toBe('CR');
  });

  it('maxTargetLesions and label-per-lesion mode', () => {
    const two = labels(g);
    paintSphere(two, [16, 16, 16], 10, 3);
    paintSphere(two, [40, 16, 16], 7, 9);
    const f = features(two, labels(g), { lesionLabelling: 'labels', maxTargetLesions: 1 });
    expect(f.lesions.map((l) => [l.lesion, l.target])).toEqual([[3, true], [9, false]]);
    expect(f.patient.targetLesionCount).toBe(1);
    const both = features(two, labels(g), { lesionLabelling: 'labels' });
    expect(both.patient.sumBaselineDiameterMm).toBeCloseTo(34, 9);
  });

  it('mRECIST target lesions: at most 2 (2 per organ, the liver), numbered largest first; the third is non-target', () => {
    const three = labels(g);
    paintSphere(three, [8, 8, 8], 6, 1); // first in memory, smallest (about 12 mm)
    paintSphere(three, [36, 16, 16], 9, 1); // largest (about 18 mm)
    paintSphere(three, [12, 22, 22], 7.5, 1); // about 15 mm, last in memory
    const states = labels(g);
    paintSphere(states, [36, 16, 16], 9, NECROSIS); // the largest is fully necrotic: its viable diameter is 0
    const f = features(three, states);
    expect(f.lesions.map((l) => [l.lesion, l.target])).toEqual([[1, true], [2, true], [3, false]]);
    const d = f.lesions.map((l) => l.baselineDiameterMm);
    expect(d[0]).toBeGreaterThan(17);
    expect(d[1]).toBeGreaterThan(14);
    expect(d[1]).toBeLessThan(16);
    expect(d[2]).toBeLessThan(13);
    expect(f.patient.targetLesionCount).toBe(2);
    // Targets 18 + 15 mm → viable 0 + 15 mm: −55 % (PR); the non-target lesion persists (non-CR/non-PD).
    expect(f.patient.mrecist).toBe('PR');
    expect(() => features(three, states, { maxTargetLesions: 6 })).toThrow(/maxTargetLesions.*5/);
  });

  it('measures in mm on an anisotropic 0.8 x 0.8 x 5 mm grid (a 15 mm radius sphere: the longest chord between voxel centres, just under 30 mm)', () => {
    const an = grid([64, 64, 16], [0.8, 0.8, 5]);
    const l = labels(an);
    paintSphere(l, [24, 24, 40], 15, 1);
    const f = extractImagingFeatures({ baseline: { ct: ct(an), lesions: l }, followUp: { ct: ct(an), states: labels(an) } });
    // Brute force over the voxel centres of the central slice (k = 8, z = 40 mm): the longest chord.
    const pts: [number, number][] = [];
    for (let j = 0; j < 64; j++) for (let i = 0; i < 64; i++) if (l.data[i + 64 * (j + 64 * 8)]) pts.push([i * 0.8, j * 0.8]);
    let best = 0;
    for (const a of pts) for (const b of pts) best = Math.max(best, Math.hypot(a[0] - b[0], a[1] - b[1]));
    expect(f.lesions[0]!.baselineDiameterMm).toBeCloseTo(best, 9);
    expect(best).toBeGreaterThan(29);
    expect(best).toBeLessThanOrEqual(30);
    expect(f.patient.baselineVolumeMl).toBeCloseTo(l.data.reduce((a, v) => a + v, 0) * 3.2 / 1000, 12);
  });
});

describe('extractImagingFeatures bad input', () => {
  const lesions = baselineSphere();
  const ok = { ct: ct(g), lesions };

  it('refuses an empty lesion mask, mismatched grids and non-label data', () => {
    expect(() => features(labels(g), labels(g))).toThrow(/baseline\.lesions: has no lesion voxel/);
    const other = grid([96, 64, 64], [0.5, 0.5, 0.6]);
    expect(() => extractImagingFeatures({ baseline: ok, followUp: { ct: ct(other), states: labels(other) } })).toThrow(SurvivalInputError);
    expect(() => extractImagingFeatures({ baseline: ok, followUp: { ct: ct(g), states: { ...labels(g), data: new Uint8Array(5) } } })).toThrow(/followUp\.states/);
    expect(() => extractImagingFeatures({ baseline: ok, followUp: { ct: ct(g), states: { ...labels(g), data: new Int16Array(96 * 64 * 64) as unknown as Uint8Array } } })).toThrow(/Uint8Array/);
    expect(() => extractImagingFeatures(null as never)).toThrow(/input/);
  });

  it('refuses a state label the encoding does not list, naming the label value only', () => {
    const states = labels(g);
    states.data[1000] = 42;
    expect(() => features(lesions, states)).toThrow(/followUp\.states: label 42 is not listed/);
    const noZero = { source: 'x', labels: { '1': 'viable' as const } };
    expect(() => features(lesions, labels(g), { encoding: noZero })).toThrow(/label 0 is not listed/);
  });

  it('refuses an invalid encoding or options', () => {
    expect(() => features(lesions, labels(g), { encoding: { source: 'x', labels: { '256': 'viable' } } })).toThrow(/options\.encoding\.labels/);
    expect(() => features(lesions, labels(g), { encoding: { source: 'x', labels: { '0': 'alive' } } })).toThrow(SurvivalInputError);
    expect(() => features(lesions, labels(g), { maxTargetLesions: 0 })).toThrow(/maxTargetLesions/);
    expect(() => features(lesions, labels(g), { lesionLabelling: 'blobs' })).toThrow(/lesionLabelling/);
    expect(() => features(lesions, labels(g), { nadirSumViableDiameterMm: 30 })).toThrow(/nadirSumMm/);
    expect(() => features(lesions, labels(g), { nadirSumViableDiameterMm: -1 })).toThrow(/nadirSumMm/);
  });

  it('the default encoding lists every world-model label 0..8', () => {
    expect(Object.keys(MEWM_TISSUE_STATE_ENCODING.labels).map(Number)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
  });
});
