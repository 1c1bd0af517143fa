/**
 * The spatial dynamics on the real reference lesion (CRLM-CT-1006, ~3 cm colorectal liver
 * metastasis, 0.8 × 0.8 × 5 mm CT), segmented from a click as the CLI does with --point.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { ingestCt, segmentLesion, type LabelVolume, type Volume } from '@mewm/dicom';
import { appearanceValue, squaredDistanceMm, synthesiseTissueState } from '../src/dynamics/index.ts';
import { createRng } from '../src/random.ts';
import { TISSUE_STATE } from '@mewm/contracts';
import { sharedData } from '../../../test/support/shared-data.ts';
import { outcome, stateCounts } from './dynamics-phantom.ts';

let ct: Volume;
let lesions: LabelVolume;
let lesion: Uint8Array;
let v0 = 0;

beforeAll(async () => {
  ({ volume: ct } = await ingestCt([sharedData('crlm-ct', 'CRLM-CT-1006')]));
  lesions = segmentLesion(ct, [92.8, -31.6, -304]).mask;
  lesion = lesions.data.map((l) => (l ? 1 : 0));
  for (const l of lesion) v0 += l;
});

function run(o: Parameters<typeof outcome>[0], seed = 1) {
  return synthesiseTissueState({ ct, lesions, outcomes: new Map([[1, outcome(o)]]), rng: createRng(seed) });
}

describe('synthesiseTissueState on CRLM-CT-1006', () => {
  it('has the reference lesion (about 8.7 mL)', () => {
    const ml = (v0 * ct.spacingMm[0] * ct.spacingMm[1] * ct.spacingMm[2]) / 1000;
    expect(ml).toBeGreaterThan(7.5);
    expect(ml).toBeLessThan(10);
  });

  it('cTACE with Lipiodol: volumes follow the outcome, > 300 HU voxels only inside the lesion, rim residual at the edge', () => {
    const r = run({ viableFraction: 0.25, totalVolumeFactor: 0.85, residualPattern: 'rim', lipiodolFraction: 0.6, lipiodolHu: 650 });
    const c = stateCounts(r.states.data);
    const necrotic = c[TISSUE_STATE.necrosis]! + c[TISSUE_STATE.lipiodol]!;
    expect(Math.abs(c[TISSUE_STATE.viable]! / v0 - 0.25)).toBeLessThan(0.01);
    expect(Math.abs((c[TISSUE_STATE.viable]! + necrotic) / v0 - 0.85)).toBeLessThan(0.01);
    expect(Math.abs(c[TISSUE_STATE.lipiodol]! / necrotic - 0.6)).toBeLessThan(0.01);
    let hotInside = 0;
    for (let v = 0; v < lesion.length; v++) {
      if (r.states.data[v] === 0 || r.expectedHu[v]! <= 300) continue;
      expect(lesion[v]).toBe(1);
      hotInside++;
    }
    expect(hotInside).toBe(c[TISSUE_STATE.lipiodol]);
    // Residual rim: viable voxels lie within a few mm of the lesion edge.
    const depth = squaredDistanceMm(lesions.data.map((l) => (l ? 0 : 1)), ct.dims, ct.spacingMm);
    let sum = 0, n = 0;
    for (let v = 0; v < depth.length; v++) if (r.states.data[v] === TISSUE_STATE.viable) { sum += Math.sqrt(depth[v]!); n++; }
    expect(sum / n).toBeLessThan(2.5);
    // The parenchyma is measured around the lesion; the metastasis is hypodense to it.
    const { parenchymaHu, viableHu } = r.perLesion[0]!;
    expect(parenchymaHu).toBeGreaterThan(60);
    expect(parenchymaHu).toBeLessThan(180);
    expect(viableHu).toBeLessThan(parenchymaHu - 10);
  });

  it('TACE without Lipiodol adds no voxel above 300 HU', () => {
    const r = run({ viableFraction: 0.25, totalVolumeFactor: 0.85, residualPattern: 'rim', lipiodolFraction: 0 });
    for (let v = 0; v < lesion.length; v++) if (r.states.data[v]) expect(r.expectedHu[v]!).toBeLessThanOrEqual(300);
  });

  it('MWA covers the lesion plus margin (clipped to soft tissue without a liver mask)', () => {
    const r = run({ response: 'CR', viableFraction: 0, residualPattern: 'none', ablationMarginMm: 5 });
    const voxelMm3 = ct.spacingMm[0] * ct.spacingMm[1] * ct.spacingMm[2];
    const eqR = (n: number) => Math.cbrt((3 * n * voxelMm3) / (4 * Math.PI));
    const zone = stateCounts(r.states.data)[TISSUE_STATE.ablationZone]!;
    for (let v = 0; v < lesion.length; v++) if (lesion[v]) expect(r.states.data[v]).toBe(TISSUE_STATE.ablationZone);
    expect(eqR(zone) - eqR(v0)).toBeGreaterThan(3.5);
    expect(eqR(zone) - eqR(v0)).toBeLessThan(5.5);
    for (let v = 0; v < lesion.length; v++) {
      if (r.states.data[v] !== TISSUE_STATE.ablationZone || lesion[v]) continue;
      expect(ct.data[v]!).toBeGreaterThanOrEqual(appearanceValue('spatial.softTissue.minHu'));
    }
  });

  it('untreated growth doubles the volume, staying in soft tissue', () => {
    const r = run({ response: 'PD', viableFraction: 2, totalVolumeFactor: 2, residualPattern: 'diffuse' });
    const c = stateCounts(r.states.data);
    expect(Math.abs((c[TISSUE_STATE.viable]! + c[TISSUE_STATE.growth]!) / v0 - 2)).toBeLessThan(0.02);
    for (let v = 0; v < lesion.length; v++) {
      if (r.states.data[v] !== TISSUE_STATE.growth) continue;
      expect(ct.data[v]!).toBeGreaterThanOrEqual(-100);
      expect(ct.data[v]!).toBeLessThanOrEqual(250);
    }
  });
});
