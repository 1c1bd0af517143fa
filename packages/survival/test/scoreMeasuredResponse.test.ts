/**
 * scoreMeasuredResponse: the risk models score what measureResponse measured on a follow-up image
 * (hand-built scenes, test/support/measureScene.ts), with the committed cohort models: after TACE
 * (risk-hcc-tace) the measured diameter change orders grown > unchanged > necrotic; after resection
 * (risk-crlm) the residual term reads the measured residual viable fraction; identity, research-use
 * label and timings; it agrees with the shared core; bad input.
 */
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorCodeOf, RESEARCH_USE_LABEL } from '@mewm/contracts';
import { loadRiskModel, measureResponse, scoreMeasuredResponse, scorePatientFeatures, type ResponseMeasurement, type RiskModel } from '../src/index.ts';
import { repoRoot } from '../../../test/support/shared-data.ts';
import { drawCt, lesionMask, SCENES, type Scene } from './support/measureScene.ts';

const pre = drawCt(SCENES.baseline, 1);
const mask = lesionMask();
const measure = (scene: Scene): ResponseMeasurement => measureResponse(pre, drawCt(scene, 2), mask);
let hcc: RiskModel;
let crlm: RiskModel;

beforeAll(async () => {
  hcc = await loadRiskModel(resolve(repoRoot, 'models', 'risk-hcc-tace.json'));
  crlm = await loadRiskModel(resolve(repoRoot, 'models', 'risk-crlm.json'));
});
afterAll(async () => {
  await hcc.dispose();
  await crlm.dispose();
});

describe('scoreMeasuredResponse', () => {
  it('after TACE: grown > unchanged > necrotic in log-risk, from the measured diameter change; identity, label, timings', async () => {
    const s = Object.fromEntries(await Promise.all((['grown', 'baseline', 'necrotic'] as const).map(async (k) => [k, await scoreMeasuredResponse(hcc, measure(SCENES[k]), { modality: 'ctace' })] as const)));
    expect(s.grown!.logRisk).toBeGreaterThan(s.baseline!.logRisk);
    expect(s.baseline!.logRisk).toBeGreaterThan(s.necrotic!.logRisk);
    expect(s.grown!.rmst).toBeLessThan(s.necrotic!.rmst);
    const n = s.necrotic!;
    expect(n.encoded.values[n.encoded.names.indexOf('diameterSumChange')]).toBeCloseTo(n.measurement.patient.diameterSumChange, 12);
    expect(n.model).toEqual({ name: 'risk-hcc-tace', version: '1.1.0', sha256: hcc.sha256 });
    expect(n.researchUse).toBe(RESEARCH_USE_LABEL);
    expect(n.survival.map((p) => p.time)).toEqual([6, 12, 24, 36]);
    expect(n.timingsMs.measure).toBe(n.measurement.timingsMs.total);
    expect(n.timingsMs.score).toBeGreaterThanOrEqual(n.timingsMs.onnx);
    const core = await scorePatientFeatures(hcc, n.measurement.patient, { modality: 'ctace' });
    expect(core.logRisk).toBe(n.logRisk);
  });

  it('after resection: the residual term is the measured residual viable fraction (0 for a cavity, 1 for unchanged tumour)', async () => {
    const resected = await scoreMeasuredResponse(crlm, measure(SCENES.resected), { modality: 'resection' });
    const unchanged = await scoreMeasuredResponse(crlm, measure(SCENES.baseline), { modality: 'resection' });
    const necrotic = await scoreMeasuredResponse(crlm, measure(SCENES.necrotic), { modality: 'resection' });
    const residual = (s: typeof resected) => s.encoded.values[s.encoded.names.indexOf('residualAfterCurative')]!;
    expect(residual(resected)).toBe(0);
    expect(residual(unchanged)).toBeGreaterThan(0.97);
    // A viable rim left: 18 of 30 mm of viable diameter, so a partial residual.
    expect(residual(necrotic)).toBeGreaterThan(0.45);
    expect(residual(necrotic)).toBeLessThan(0.75);
    expect(resected.logRisk).toBeLessThan(necrotic.logRisk);
    expect(necrotic.logRisk).toBeLessThan(unchanged.logRisk);
    expect(resected.encoded.derivations.residualAfterCurative).toMatch(/residual viable fraction/);
  });

  it('bad input: a measurement without a patient result, an unknown modality, bad clinical values', async () => {
    const m = measure(SCENES.baseline);
    await expect(scoreMeasuredResponse(hcc, { ...m, patient: null } as unknown as ResponseMeasurement, { modality: 'ctace' })).rejects.toSatisfy((e) => errorCodeOf(e) === 'SURVIVAL_INPUT');
    await expect(scoreMeasuredResponse(hcc, m, { modality: 'thermalAblation' })).rejects.toThrow(/modality.*must be one of/);
    await expect(scoreMeasuredResponse(hcc, m, { modality: 'ctace', clinical: { ecog: 7 } })).rejects.toSatisfy((e) => errorCodeOf(e) === 'SURVIVAL_INPUT');
  });
});
