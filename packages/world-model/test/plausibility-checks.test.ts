/**
 * checkFollowUpPlausibility on hand-made follow-ups of the dynamics phantom: each check passes on a
 * consistent follow-up and fails on the defect it is for (a planted gas voxel, a bright spot, Lipiodol
 * outside the tumour, growth the outcome did not draw, change outside the liver, a resection that
 * leaves the capsule intact).
 */
import { describe, expect, it } from 'vitest';
import { TISSUE_STATE } from '@mewm/contracts';
import type { LabelVolume, Volume } from '@mewm/dicom';
import { checkFollowUpPlausibility, type FollowUpPlausibilityInput, type PlausibilityCheckId } from '../src/plausibility/index.ts';
import { DynamicsInputError } from '../src/errors.ts';
import { makePhantom, outcome, SPACING } from './dynamics-phantom.ts';

const phantom = makePhantom([{ centre: [60, 60, 12], radiusMm: 10 }]);
const { ct, lesions, liver } = phantom;
const [nx, ny] = ct.dims;
const at = (i: number, j: number, k: number) => i + nx * (j + ny * k);
const voxelMl = (SPACING[0] * SPACING[1] * SPACING[2]) / 1000;
const lesionVoxels = lesions.data.reduce((a, v) => a + (v ? 1 : 0), 0);
const baseline = [{ label: 1, volumeMl: lesionVoxels * voxelMl, longestAxialDiameterMm: 20 }];

/** A follow-up whose states mark the lesion `state` and whose image is the CT with `hu` there. */
function followUp(state: number, hu: number): { volume: Volume; states: LabelVolume } {
  const states = new Uint8Array(ct.data.length);
  const data = Int16Array.from(ct.data as Int16Array);
  for (let v = 0; v < states.length; v++) if (lesions.data[v]) { states[v] = state; data[v] = hu; }
  return { volume: { ...ct, data }, states: { ...lesions, data: states, labels: {} } };
}

function run(f: { volume: Volume; states: LabelVolume }, o = outcome({}), extra: Partial<FollowUpPlausibilityInput> = {}) {
  return checkFollowUpPlausibility({
    ct, lesions, baseline, liverMask: liver, sample: { ...f, outcomes: [{ lesion: 1, outcome: o }] }, followUpDays: 90, ...extra,
  });
}
const failed = (checks: ReturnType<typeof run>) => checks.filter((c) => !c.passed).map((c) => c.id);
const byId = (checks: ReturnType<typeof run>, id: PlausibilityCheckId) => checks.find((c) => c.id === id);

describe('checkFollowUpPlausibility', () => {
  it('passes a follow-up that shows what the outcome drew, inside the liver', () => {
    const checks = run(followUp(TISSUE_STATE.necrosis, 20), outcome({ totalVolumeFactor: 1 }));
    expect(failed(checks)).toEqual([]);
    expect(checks.map((c) => c.id)).toEqual(['tumourVolumeMatchesModel', 'changesInsideLiver', 'noNewAir', 'noBrightOutsideLipiodol']);
  });

  it('finds tumour the outcome model did not draw', () => {
    const checks = run(followUp(TISSUE_STATE.viable, 60), outcome({ totalVolumeFactor: 0.5 }));
    expect(failed(checks)).toEqual(['tumourVolumeMatchesModel']);
    expect(byId(checks, 'tumourVolumeMatchesModel')!.measured).toBeCloseTo(baseline[0]!.volumeMl * 0.5, 1);
  });

  it('finds growth faster than the shortest doubling time', () => {
    const f = followUp(TISSUE_STATE.viable, 60);
    // paint growth to 8× the lesion within 30 days: a doubling time of 10 days
    let added = 0;
    for (let v = 0; v < f.states.data.length && added < lesionVoxels * 7; v++) {
      if (liver.data[v] && !lesions.data[v]) { f.states.data[v] = TISSUE_STATE.growth; added++; }
    }
    const checks = run(f, outcome({ totalVolumeFactor: 8, viableFraction: 8, response: 'PD' }), { followUpDays: 30 });
    expect(failed(checks)).toEqual(['growthWithinDoublingTime']);
    expect(byId(checks, 'growthWithinDoublingTime')!.measured).toBeCloseTo(10, 0);
  });

  it('finds change outside the liver, new gas and bright spots', () => {
    const f = followUp(TISSUE_STATE.necrosis, 20);
    f.states.data[at(2, 2, 2)] = TISSUE_STATE.growth; // fat corner, far from the liver
    f.volume.data[at(60, 60, 12)] = -800; // gas in the lesion's centre
    f.volume.data[at(62, 60, 12)] = 600; // a bright spot without Lipiodol
    const checks = run(f, outcome({ totalVolumeFactor: 1 }));
    expect(failed(checks).sort()).toEqual(['changesInsideLiver', 'noBrightOutsideLipiodol', 'noNewAir']);
    expect(byId(checks, 'noNewAir')!.detail).toContain('1 voxel');
  });

  it('checks Lipiodol: inside the tumour and within its HU range', () => {
    const ok = run(followUp(TISSUE_STATE.lipiodol, 500), outcome({ lipiodolFraction: 1, lipiodolHu: 500 }));
    expect(failed(ok)).toEqual([]);
    const outside = followUp(TISSUE_STATE.lipiodol, 500);
    outside.states.data[at(40, 60, 12)] = TISSUE_STATE.lipiodol; // liver, 16 mm from the lesion
    outside.volume.data[at(40, 60, 12)] = 500;
    expect(failed(run(outside, outcome({ lipiodolFraction: 1 })))).toEqual(['lipiodolInsideTumour']);
    const leopard = followUp(TISSUE_STATE.lipiodol, 500);
    for (let v = 0; v < leopard.states.data.length; v += 7) if (leopard.states.data[v]) leopard.volume.data[v] = -30; // dark holes
    const c = run(leopard, outcome({ lipiodolFraction: 1 }));
    expect(failed(c)).toEqual(['lipiodolHuInRange']);
    expect(byId(c, 'lipiodolHuInRange')!.measured).toBeGreaterThan(0.1);
  });

  it('asks a resection to reach the liver surface', () => {
    const inside = run(followUp(TISSUE_STATE.resectionCavity, 10), outcome({ resectionMarginMm: 10 }));
    expect(failed(inside)).toEqual(['resectionReachesCapsule']);
    expect(byId(inside, 'resectionReachesCapsule')!.detail).toContain('no contour defect');
    const f = followUp(TISSUE_STATE.resectionCavity, 10);
    for (let i = 60; i < nx; i++) for (let dj = -3; dj <= 3; dj++) { const v = at(i, 60 + dj, 12); if (liver.data[v]) f.states.data[v] = TISSUE_STATE.resectionCavity; }
    expect(failed(run(f, outcome({ resectionMarginMm: 10 })))).toEqual([]);
  });

  it('without a liver mask, holds change to soft tissue of the CT', () => {
    const f = followUp(TISSUE_STATE.necrosis, 20);
    const checks = checkFollowUpPlausibility({ ct, lesions, baseline, sample: { ...f, outcomes: [{ lesion: 1, outcome: outcome({}) }] }, followUpDays: 90 });
    expect(failed(checks)).toEqual([]);
    expect(byId(checks, 'changesInsideLiver')!.detail).toContain('no liver mask');
  });

  describe('bad input', () => {
    it('refuses volumes on another grid', () => {
      const f = followUp(TISSUE_STATE.necrosis, 20);
      const shifted = { ...f.states, affineRas: f.states.affineRas.map((r) => [...r]) as typeof f.states.affineRas };
      shifted.affineRas[0][3] = shifted.affineRas[0][3] + 5;
      expect(() => run({ volume: f.volume, states: shifted })).toThrow(DynamicsInputError);
      expect(() => run({ volume: f.volume, states: shifted })).toThrow(/sample.states is not on the CT grid/);
    });
  });
});
