/**
 * The critic reads the image (issue 15): the planner scores every simulated sample from the response
 * MEASURED on the simulated CT (measureResponse), never from the dynamics model's label map. On the real
 * CRLM-CT-1006 CT (lesion from its point) the same dynamics draws (same seeds, bit-identical label
 * maps) are rendered three ways: the white-noise renderer (the real simulated follow-up), a renderer
 * that writes −1000 HU (air) over the whole rendered region, and one that returns the pre-treatment CT
 * unchanged. Only the image differs, and so must the score, in the right direction: an emptied lesion
 * (nothing viable) < the simulated response < no change at all. Before, replacing every simulated CT by
 * −1000 HU gave bit-identical log-risks.
 * HCC: cTACE scored with risk-hcc-tace (its fitted term: the measured mRECIST viable diameter-sum
 * change). CRLM: MWA scored with risk-crlm (the measured residual tumour after curative treatment).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestCt, segmentLesion, type LabelVolume, type Volume } from '@mewm/dicom';
import type { RiskModel } from '@mewm/survival';
import { createWhiteNoiseRenderer, resolveProtocol, type RegionRenderer } from '@mewm/world-model';
import { createScoringContext, scoreCandidates, type Candidate, type CandidateScore, type PlanInput } from '../src/index.ts';
import { openRiskModel } from '../src/plan/open-risk-model.ts';
import { sharedData } from '../../../test/support/shared-data.ts';

let ct: Volume;
let lesionMask: LabelVolume;
const models: RiskModel[] = [];
let renders = 0;

const counted = (r: RegionRenderer): RegionRenderer => ({ ...r, render: (i, o) => { renders++; return r.render(i, o); } });
const whiteNoise = counted(createWhiteNoiseRenderer());
/** Air (−1000 HU) over the whole rendered region: the lesion and its surroundings emptied. */
const blank: RegionRenderer = counted({
  ...createWhiteNoiseRenderer(), name: 'test-blank-1000hu',
  async render(input) { return { hu: Float32Array.from(input.contextHu, (h, v) => (input.regionMask[v] ? -1000 : h)), timingsMs: {} }; },
});
/** The pre-treatment CT itself (the real CT around and inside the region): nothing changed. */
const unchanged: RegionRenderer = counted({
  ...createWhiteNoiseRenderer(), name: 'test-unchanged',
  async render(input) { return { hu: Float32Array.from(input.contextHu), timingsMs: {} }; },
});

beforeAll(async () => {
  ct = (await ingestCt([sharedData('crlm-ct', 'CRLM-CT-1006')])).volume;
  lesionMask = segmentLesion(ct, [92.8, -31.6, -304]).mask;
});
afterAll(async () => { for (const m of models) await m.dispose(); });

const inputFor = (disease: PlanInput['disease']): PlanInput => ({
  ct, lesionMask, clinical: {}, disease, inputHashes: { ct: 'c'.repeat(64), lesionMask: 'd'.repeat(64) }, casePseudonym: 'crlm-1006', lesionSource: { kind: 'mask' },
});
const candidate = (preset: string): Candidate => ({ name: preset, protocol: resolveProtocol(preset), source: 'user', rationale: 'test' });
async function model(id: string): Promise<RiskModel> {
  const m = await openRiskModel(id);
  models.push(m);
  return m;
}
async function score(disease: PlanInput['disease'], riskModel: RiskModel, renderer: RegionRenderer, preset: string): Promise<CandidateScore> {
  const [s] = await scoreCandidates(inputFor(disease), [candidate(preset)], { context: createScoringContext({ renderer, riskModel }), samples: 2, seed: 5 });
  return s!;
}

describe('HCC, cTACE scored with risk-hcc-tace: the measured viable diameter-sum change', () => {
  let real: CandidateScore, air: CandidateScore, same: CandidateScore;
  beforeAll(async () => {
    const risk = await model('risk-hcc-tace');
    real = await score('hcc', risk, whiteNoise, 'ctace-epirubicin-lipiodol');
    air = await score('hcc', risk, blank, 'ctace-epirubicin-lipiodol');
    same = await score('hcc', risk, unchanged, 'ctace-epirubicin-lipiodol');
  });

  it('the dynamics draws are identical (same label maps); only the simulated CT differs', () => {
    for (const k of [0, 1]) {
      expect(air.samples[k]!.statesSha256).toBe(real.samples[k]!.statesSha256);
      expect(same.samples[k]!.statesSha256).toBe(real.samples[k]!.statesSha256);
      expect(air.samples[k]!.labelMap).toEqual(real.samples[k]!.labelMap);
      expect(air.samples[k]!.volumeSha256).not.toBe(real.samples[k]!.volumeSha256);
    }
  });

  it('measures each image: −1000 HU → no viable tumour (CR, change −1); the unchanged CT → stable disease (change ≈ 0)', () => {
    for (const s of air.samples) expect(s).toMatchObject({ mrecist: 'CR', viableVolumeMl: 0, diameterSumChange: -1 });
    for (const s of same.samples) {
      expect(s.mrecist).toBe('SD');
      expect(Math.abs(s.diameterSumChange!)).toBeLessThan(0.1);
    }
    for (const s of real.samples) {
      expect(s.riskModality).toBe('ctace');
      expect(s.diameterSumChange!).toBeGreaterThan(-1);
      expect(s.diameterSumChange!).toBeLessThan(0);
    }
  });

  it('the log-risk follows the image: emptied < simulated cTACE response < unchanged, on every sample', () => {
    for (const k of [0, 1]) {
      expect(air.samples[k]!.logRisk).toBeLessThan(real.samples[k]!.logRisk);
      expect(real.samples[k]!.logRisk).toBeLessThan(same.samples[k]!.logRisk);
      expect(air.samples[k]!.rmstMonths).toBeGreaterThan(same.samples[k]!.rmstMonths);
    }
  });
});

describe('CRLM, MWA scored with risk-crlm: the measured residual tumour after curative treatment', () => {
  let real: CandidateScore, same: CandidateScore;
  beforeAll(async () => {
    const risk = await model('risk-crlm');
    real = await score('crlm', risk, whiteNoise, 'mwa');
    same = await score('crlm', risk, unchanged, 'mwa');
  });

  it('scores with the thermal-ablation term; an image with the lesion left as it was scores worse than the simulated ablation', () => {
    for (const k of [0, 1]) {
      const a = real.samples[k]!, b = same.samples[k]!;
      expect(a.riskModality).toBe('thermalAblation');
      expect(b.statesSha256).toBe(a.statesSha256);
      expect(a.mrecist).toBe('CR'); // the simulated ablation zone covers the lesion (as measured in the measure README)
      expect(b.mrecist).toBe('SD');
      expect(b.residualAfterCurative!).toBeGreaterThan(a.residualAfterCurative!);
      expect(b.logRisk).toBeGreaterThan(a.logRisk);
      expect(b.rmstMonths).toBeLessThan(a.rmstMonths);
    }
  });
});

describe('a treatment without a term in the disease\'s risk model', () => {
  it('is refused before anything is simulated, naming the disease and the protocol (TACE for CRLM; MWA with an HCC-only model)', async () => {
    const before = renders;
    await expect(score('crlm', await model('risk-crlm'), whiteNoise, 'ctace-epirubicin-lipiodol')).rejects.toMatchObject({
      code: 'NO_RISK_TERM', disease: 'crlm', message: expect.stringMatching(/cTACE.*colorectal liver metastases \(crlm\) risk model has no treatment term for 'tace'/),
    });
    await expect(score('crlm', await model('risk-cox-hcc'), whiteNoise, 'mwa')).rejects.toMatchObject({
      code: 'NO_RISK_TERM', message: expect.stringMatching(/\(crlm\) is scored with the 'thermalAblation' term, which risk model risk-cox-hcc does not have/),
    });
    expect(renders).toBe(before);
  });
});
