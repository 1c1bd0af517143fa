/**
 * The seam between @mewm/world-model and @mewm/survival, checked where both are visible (the
 * planner): survival's default tissue-state encoding restates world-model's TISSUE_STATE, and
 * survival's features of real simulated samples (CRLM-CT-1006) agree with world-model's own
 * response summary, then score end to end with the default risk model.
 */
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestCt, segmentLesion, type LabelVolume, type Volume } from '@mewm/dicom';
import { extractImagingFeatures, loadRiskModel, MEWM_TISSUE_STATE_ENCODING, scoreSimulatedSample, type RiskModel } from '@mewm/survival';
import { TISSUE_STATE } from '@mewm/contracts';
import { createWhiteNoiseRenderer, resolveProtocol, simulateTreatment } from '@mewm/world-model';
import { repoRoot, sharedData } from '../../../test/support/shared-data.ts';

let ct: Volume;
let lesionMask: LabelVolume;
let model: RiskModel;
beforeAll(async () => {
  ct = (await ingestCt([sharedData('crlm-ct', 'CRLM-CT-1006')])).volume;
  lesionMask = segmentLesion(ct, [92.8, -31.6, -304]).mask;
  model = await loadRiskModel(resolve(repoRoot, 'models', 'risk-cox-hcc.json'));
});
afterAll(async () => model?.dispose());

describe('survival features of world-model samples', () => {
  it('the default encoding lists exactly the TISSUE_STATE values, with the intended category each', () => {
    const expected: Record<keyof typeof TISSUE_STATE, string> = {
      unchanged: 'unchanged', viable: 'viable', necrosis: 'necrosis', lipiodol: 'lipiodol', ablationZone: 'treatmentEffect',
      resectionCavity: 'noTumour', radiationChange: 'treatmentEffect', growth: 'viable', regressed: 'noTumour',
    };
    const fromWorldModel = Object.fromEntries(Object.entries(TISSUE_STATE).map(([name, value]) => [String(value), expected[name as keyof typeof TISSUE_STATE]]));
    expect(MEWM_TISSUE_STATE_ENCODING.labels).toEqual(fromWorldModel);
  });

  it.each(['ctace-epirubicin-lipiodol', 'mwa', 'sorafenib', 'best-supportive-care'])('%s: viable volume, baseline and viable diameters (one viable-chord helper), necrosis and Lipiodol equal the world model\'s summary', async (preset) => {
    const sim = await simulateTreatment({ ct, lesionMask, protocol: resolveProtocol(preset) }, { samples: 3, seed: 11, renderer: createWhiteNoiseRenderer() });
    for (const s of sim.samples) {
      const f = extractImagingFeatures({ baseline: { ct, lesions: lesionMask }, followUp: { ct: s.volume, states: s.states } });
      expect(f.patient.viableVolumeMl).toBeCloseTo(s.summary.viableVolumeMl, 9);
      expect(f.patient.baselineVolumeMl).toBeCloseTo(s.summary.baselineVolumeMl, 9);
      expect(f.patient.sumBaselineDiameterMm).toBeCloseTo(s.summary.sumBaselineDiameterMm, 9);
      // Both measure the viable diameter on the viable part only (the longest chord inside viable voxels, never
      // across necrosis) with the one helper, @mewm/dicom longestViableDiameterMm.
      expect(f.patient.sumViableDiameterMm).toBeCloseTo(s.summary.sumViableDiameterMm, 6);
      expect(f.patient.necrosisFraction).toBeCloseTo(s.summary.necrosisFraction, 9);
      expect(f.patient.lipiodolCoverage).toBeCloseTo(s.summary.lipiodolCoverage, 9);
      expect(f.newLesions).toHaveLength(0);
    }
  });

  it('scores a simulated cTACE sample end to end: S(t) decreasing in t, RMST within (0, 60] months', async () => {
    const sim = await simulateTreatment({ ct, lesionMask, protocol: resolveProtocol('ctace-epirubicin-lipiodol') }, { samples: 1, seed: 3, renderer: createWhiteNoiseRenderer() });
    const s = sim.samples[0]!;
    const score = await scoreSimulatedSample(model, { baseline: { ct, lesions: lesionMask }, followUp: { ct: s.volume, states: s.states } }, { modality: 'ctace', clinical: { ageYears: 60 } });
    const surv = score.survival.map((x) => x.survival);
    for (let k = 1; k < surv.length; k++) expect(surv[k]!).toBeLessThanOrEqual(surv[k - 1]!);
    expect(score.rmst).toBeGreaterThan(0);
    expect(score.rmst).toBeLessThanOrEqual(60);
    expect(score.encoded.imputed.map((i) => i.name)).toEqual(['afpHigh', 'vascularInvasion', 'cirrhosis']);
    expect(score.imaging.patient.mrecist).toBe(extractImagingFeatures({ baseline: { ct, lesions: lesionMask }, followUp: { ct: s.volume, states: s.states } }).patient.mrecist);
  });
});
