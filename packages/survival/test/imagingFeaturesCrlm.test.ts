/**
 * Imaging features and end-to-end scoring on the real reference lesion: CRLM-CT-1006 (TCIA
 * Colorectal-Liver-Metastases, CC BY 4.0), segmented from the click the CLI uses
 * (RAS 92.8, -31.6, -304; about 8.7 mL and 33 mm axial diameter).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestCt, measureMask, segmentLesion, type LabelVolume, type Volume } from '@mewm/dicom';
import { createRiskModel, extractImagingFeatures, scoreSimulatedSample, type RiskModel } from '../src/index.ts';
import { repoRoot, sharedData } from '../../../test/support/shared-data.ts';

let ct: Volume;
let lesions: LabelVolume;
let model: RiskModel;
const NECROSIS = 2, LIPIODOL = 3, VIABLE = 1;

beforeAll(async () => {
  ct = (await ingestCt([sharedData('crlm-ct', 'CRLM-CT-1006')])).volume;
  lesions = segmentLesion(ct, [92.8, -31.6, -304]).mask;
  const card = JSON.parse(readFileSync(resolve(repoRoot, 'models', 'risk-cox-hcc.json'), 'utf8'));
  model = await createRiskModel(new Uint8Array(readFileSync(resolve(repoRoot, 'models', 'risk-cox-hcc.onnx'))), card);
});
afterAll(async () => model?.dispose());

function blankStates(): LabelVolume {
  return { dims: ct.dims, spacingMm: ct.spacingMm, affineRas: ct.affineRas, data: new Uint8Array(ct.data.length), labels: {} };
}

/** Voxel centres of the lesion within `radiusMm` of its centroid (RAS mm). */
function nearCentroid(radiusMm: number): Uint8Array {
  const c = measureMask(lesions).centroidRas;
  const [nx, ny] = ct.dims;
  const a = ct.affineRas;
  const out = new Uint8Array(lesions.data.length);
  lesions.data.forEach((v, idx) => {
    if (!v) return;
    const i = idx % nx, j = Math.floor(idx / nx) % ny, k = Math.floor(idx / (nx * ny));
    const x = a[0][0] * i + a[0][1] * j + a[0][2] * k + a[0][3] - c[0];
    const y = a[1][0] * i + a[1][1] * j + a[1][2] * k + a[1][3] - c[1];
    const z = a[2][0] * i + a[2][1] * j + a[2][2] * k + a[2][3] - c[2];
    if (x * x + y * y + z * z <= radiusMm * radiusMm) out[idx] = 1;
  });
  return out;
}

describe('imaging features on CRLM-CT-1006', () => {
  it('baseline: one lesion of about 8.7 mL and 33 mm, the same numbers as @mewm/dicom measureMask on the full grid', () => {
    const f = extractImagingFeatures({ baseline: { ct, lesions }, followUp: { ct, states: blankStates() } });
    const m = measureMask(lesions);
    expect(f.patient.lesionCount).toBe(1);
    expect(f.patient.baselineVolumeMl).toBeCloseTo(m.volumeMl, 12);
    expect(f.lesions[0]!.baselineDiameterMm).toBeCloseTo(m.longestAxialDiameterMm, 12);
    expect(f.patient.baselineVolumeMl).toBeGreaterThan(7.5);
    expect(f.patient.baselineVolumeMl).toBeLessThan(10);
    expect(f.lesions[0]!.baselineDiameterMm).toBeGreaterThan(28);
    expect(f.lesions[0]!.baselineDiameterMm).toBeLessThan(38);
    expect(f.patient.mrecist).toBe('SD');
  });

  it('a viable core within 8 mm of the centroid, the rest necrotic with Lipiodol in part: counts, diameter and PR match independent measurements', () => {
    const core = nearCentroid(8);
    const states = blankStates();
    let lip = 0, nec = 0, coreN = 0;
    lesions.data.forEach((v, k) => {
      if (!v) return;
      if (core[k]) {
        states.data[k] = VIABLE;
        coreN++;
      } else if (k % 3 === 0) {
        states.data[k] = LIPIODOL;
        lip++;
      } else {
        states.data[k] = NECROSIS;
        nec++;
      }
    });
    const f = extractImagingFeatures({ baseline: { ct, lesions }, followUp: { ct, states } });
    const voxelMl = measureMask(lesions).volumeMl / (coreN + lip + nec);
    const coreMeasured = measureMask({ ...states, data: core }, 1);
    expect(f.patient.viableVolumeMl).toBeCloseTo(coreN * voxelMl, 12);
    expect(f.lesions[0]!.viableDiameterMm).toBeCloseTo(coreMeasured.longestAxialDiameterMm, 12);
    expect(f.lesions[0]!.viableDiameterMm).toBeLessThanOrEqual(16);
    expect(f.patient.necrosisFraction).toBeCloseTo((lip + nec) / (coreN + lip + nec), 12);
    expect(f.patient.lipiodolCoverage).toBeCloseTo(lip / (coreN + lip + nec), 12);
    expect(f.patient.mrecist).toBe('PR');
    expect(f.patient.responder).toBe(true);
  });

  it('scores the sample end to end: a responder has lower log-risk and longer RMST than the same patient without response', async () => {
    const responding = blankStates();
    const core = nearCentroid(6);
    lesions.data.forEach((v, k) => v && (responding.data[k] = core[k] ? VIABLE : NECROSIS));
    const stable = blankStates();
    const clinical = { ageYears: 64, afpNgPerMl: 8, macrovascularInvasion: false, cirrhosis: true, ecog: 0, childPughClass: 'A' as const };
    const a = await scoreSimulatedSample(model, { baseline: { ct, lesions }, followUp: { ct, states: responding } }, { clinical, modality: 'ctace' });
    const b = await scoreSimulatedSample(model, { baseline: { ct, lesions }, followUp: { ct, states: stable } }, { clinical, modality: 'ctace' });
    expect(a.imaging.patient.mrecist).toBe('PR');
    expect(b.imaging.patient.mrecist).toBe('SD');
    expect(a.logRisk - b.logRisk).toBeCloseTo(Math.log(0.39), 5);
    expect(a.rmst).toBeGreaterThan(b.rmst);
    expect(a.survival.map((s) => s.time)).toEqual([6, 12, 24, 36, 60]);
    expect(a.encoded.imputed).toEqual([]);
    expect(a.encoded.unusedClinical).toEqual(['childPughClass', 'ecog']);
    expect(a.timingsMs.total).toBeGreaterThan(0);
    expect(a.researchUse).toBe('research use only, not for clinical use');
    expect(a.model.sha256).toBe(model.card.onnx.sha256);
  });
});
