/**
 * The scoring engine on a small synthetic CT (a 24 mm lesion of 45 HU in homogeneous 100 HU liver, portal-venous-like contrast): common random
 * numbers, aggregation, P(best), ranking, the simulation cache (memory and directory), the search
 * evaluator sharing the cache, planTreatment's report, and the bad-input block.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LabelVolume, Mat4, Volume } from '@mewm/dicom';
import { loadRiskModel, RESIDUAL_AFTER_CURATIVE_EFFECT, type RiskModel } from '@mewm/survival';
import { createWhiteNoiseRenderer, resolveProtocol, type RegionRenderer } from '@mewm/world-model';
import {
  DEFAULT_RISK_MODEL_CARD, PlannerInputError, canonicalReportForComparison, createProtocolEvaluator, createScoringContext,
  candidateAggregate, createSimulationCache, sampleInterval, planReportSchema, planTreatment, probabilityBest, rankCandidates, scoreCandidates,
  tieGroups, tQuantile975, RISK_MODALITY_RULES, type Candidate, type CandidateScore, type PlanInput, type PlanProgress, type Policy,
} from '../src/index.ts';

const work = mkdtempSync(join(tmpdir(), 'mewm-plan-engine-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function phantom(): PlanInput {
  const dims: [number, number, number] = [64, 64, 20];
  const spacingMm: [number, number, number] = [1.5, 1.5, 3];
  const affineRas: Mat4 = [[-1.5, 0, 0, 48], [0, -1.5, 0, 48], [0, 0, 3, -30], [0, 0, 0, 1]];
  const n = dims[0] * dims[1] * dims[2];
  const hu = new Int16Array(n);
  const mask = new Uint8Array(n);
  let s = 12345;
  for (let k = 0; k < dims[2]; k++) for (let j = 0; j < dims[1]; j++) for (let i = 0; i < dims[0]; i++) {
    const v = i + dims[0] * (j + dims[1] * k);
    s = (s * 1103515245 + 12345) >>> 0;
    const inLesion = ((i - 32) * 1.5) ** 2 + ((j - 32) * 1.5) ** 2 + ((k - 10) * 3) ** 2 <= 12 ** 2;
    mask[v] = inLesion ? 1 : 0;
    hu[v] = (inLesion ? 45 : 100) + ((s % 21) - 10);
  }
  const ct: Volume = { dims, spacingMm, affineRas, data: hu, meta: { source: 'nifti', unit: 'HU', notes: [] } } as unknown as Volume;
  const lesionMask: LabelVolume = { dims, spacingMm, affineRas, data: mask, labels: { 1: 'lesion' } };
  return {
    ct, lesionMask, clinical: { ageYears: 62 }, disease: 'hcc',
    inputHashes: { ct: 'a'.repeat(64), lesionMask: 'b'.repeat(64) },
    casePseudonym: 'phantom-1', lesionSource: { kind: 'phantom' },
  };
}

const candidate = (preset: string, source: Candidate['source'] = 'user'): Candidate => ({ name: preset, protocol: resolveProtocol(preset), source, rationale: 'test' });
const CANDIDATES = ['ctace-epirubicin-lipiodol', 'sorafenib', 'best-supportive-care'].map((p) => candidate(p));

let input: PlanInput;
let risk: RiskModel;
let renders = 0;
let renderer: RegionRenderer;

beforeAll(async () => {
  input = phantom();
  risk = await loadRiskModel(DEFAULT_RISK_MODEL_CARD);
  const base = createWhiteNoiseRenderer();
  renderer = { ...base, render: (i, o) => { renders++; return base.render(i, o); } };
});
afterAll(async () => { await risk?.dispose(); });

describe('scoreCandidates', () => {
  let scores: CandidateScore[];
  const events: PlanProgress[] = [];

  beforeAll(async () => {
    scores = await scoreCandidates(input, CANDIDATES, { context: createScoringContext({ renderer, riskModel: risk }), samples: 3, seed: 11, onProgress: (e) => events.push(e) });
  });

  it('simulates every candidate with the same seeds and scores every sample', () => {
    for (const s of scores) {
      expect(s.samples.map((x) => x.seed)).toEqual([11, 12, 13]);
      expect(s.samples.map((x) => x.index)).toEqual([0, 1, 2]);
      for (const x of s.samples) {
        expect(Number.isFinite(x.logRisk) && x.rmstMonths > 0 && x.rmstMonths <= 60).toBe(true);
        expect(x.survival[0]).toEqual({ months: 0, s: 1 });
        expect(x.survival.at(-1)!.months).toBe(60);
      }
    }
    expect(scores.find((s) => s.candidate.name === 'sorafenib')!.samples[0]!.riskModality).toBe('sorafenib');
    expect(scores.find((s) => s.candidate.name === 'best-supportive-care')!.samples[0]!.riskModality).toBe('bestSupportiveCare');
    expect(events.filter((e) => e.phase === 'simulate')).toHaveLength(9);
    expect(events.at(-1)).toMatchObject({ phase: 'simulate', candidate: 3, candidates: 3, sample: 3, samples: 3 });
  });

  it('aggregates means with the samples\' range (K = 3 < 10), the mean survival curve and P(best) summing to 1', () => {
    for (const s of scores) {
      const rmst = s.samples.map((x) => x.rmstMonths);
      expect(s.aggregate.rmstMonths).toEqual({ ...sampleInterval(rmst), kind: 'range', lo: Math.min(...rmst), hi: Math.max(...rmst) });
      expect(s.aggregate.logRisk.kind).toBe('range');
      expect(s.aggregate.rmstMonths.lo).toBeLessThanOrEqual(s.aggregate.rmstMonths.mean);
      expect(s.aggregate.rmstMonths.hi).toBeGreaterThanOrEqual(s.aggregate.rmstMonths.mean);
      expect(s.aggregate.survivalCurve[2]!.s).toBeCloseTo(s.samples.reduce((a, x) => a + x.survival[2]!.s, 0) / 3, 12);
    }
    expect(scores.reduce((a, s) => a + s.aggregate.pBest, 0)).toBeCloseTo(1, 12);
  });

  it('is deterministic for the same seeds (fresh cache, fresh context)', async () => {
    const again = await scoreCandidates(input, CANDIDATES, { context: createScoringContext({ renderer, riskModel: risk }), samples: 3, seed: 11 });
    expect(again).toEqual(scores);
  });

  it('ranks by expected RMST, then mean log-risk, then name', () => {
    const ranked = rankCandidates(scores);
    expect(ranked.map((r) => r.rank)).toEqual([1, 2, 3]);
    for (let i = 1; i < ranked.length; i++) expect(ranked[i - 1]!.aggregate.rmstMonths.mean).toBeGreaterThanOrEqual(ranked[i]!.aggregate.rmstMonths.mean);
    const tie = (name: string, rmst: number, logRisk: number): CandidateScore => ({
      candidate: { ...CANDIDATES[0]!, name }, samples: [],
      aggregate: { rmstMonths: { mean: rmst, lo: rmst, hi: rmst, kind: 'range' }, logRisk: { mean: logRisk, lo: logRisk, hi: logRisk, kind: 'range' }, survivalCurve: [], pBest: 0 },
    });
    expect(rankCandidates([tie('b', 20, 0.1), tie('a', 20, 0.1), tie('c', 20, -0.2), tie('d', 30, 1)]).map((r) => r.candidate.name)).toEqual(['d', 'c', 'a', 'b']);
  });
});

describe('curative-intent treatment is scored on its simulated outcome (residualAfterCurative)', () => {
  // Same patient, same seeds (CRN): MWA sized to lesion + 5 mm margin vs MWA with a 12 mm zone on the 24 mm lesion.
  const complete = candidate('mwa');
  const undersized: Candidate = {
    name: 'mwa-undersized',
    protocol: resolveProtocol({ components: [{ modality: 'ablation', technique: 'mwa', marginMm: 0, zoneDiameterMm: 12 }] }),
    source: 'user', rationale: 'test',
  };
  let scores: CandidateScore[];
  beforeAll(async () => {
    scores = await scoreCandidates(input, [complete, undersized, candidate('ctace-epirubicin-lipiodol+mwa'), CANDIDATES[0]!],
      { context: createScoringContext({ renderer, riskModel: risk }), samples: 3, seed: 11 });
  });

  it('an ablation sample with more residual tumour MEASURED on its image scores a higher log-risk; the undersized zone never scores better', () => {
    const samples = [scores[0]!, scores[1]!].flatMap((c) => c.samples);
    for (const s of samples) {
      expect(s.riskModality).toBe('resection');
      // The residual term reads the measured image: none when the measured mRECIST is CR, some otherwise.
      expect(s.residualAfterCurative! > 0).toBe(s.mrecist !== 'CR');
      expect(s.residualAfterCurative! > 0).toBe(s.viableVolumeMl > 0 || s.newLesionCount > 0);
      // The measured residual viable fraction (viable / baseline mRECIST diameter sum, capped at 1), not a yes/no.
      expect(s.residualAfterCurative!).toBeLessThanOrEqual(1);
    }
    // Same patient, same modality term: the log-risks differ by the residual term only.
    const logHr = Math.log(RESIDUAL_AFTER_CURATIVE_EFFECT.hazardRatio);
    const a = samples[0]!;
    for (const b of samples) {
      expect(b.logRisk - a.logRisk).toBeCloseTo((b.residualAfterCurative! - a.residualAfterCurative!) * logHr, 5);
      expect(b.imputed).toEqual(a.imputed);
    }
    expect(a.imputed.map((m) => m.name)).not.toContain('residualAfterCurative');
    // The undersized zone (12 mm on a 24 mm lesion) always leaves measurable viable tumour, at least as much as the full zone on the same seed.
    scores[1]!.samples.forEach((u, k) => {
      expect(u.mrecist).not.toBe('CR');
      expect(u.residualAfterCurative!).toBeGreaterThanOrEqual(scores[0]!.samples[k]!.residualAfterCurative!);
      expect(u.rmstMonths).toBeLessThanOrEqual(scores[0]!.samples[k]!.rmstMonths);
    });
  });

  it('a combination decided by ablation (cTACE + MWA) is curative-intent; non-curative modalities keep residualAfterCurative = 0', () => {
    const combo = scores[2]!;
    for (const s of combo.samples) {
      expect(s.riskModality).toBe('resection');
      expect(s.residualAfterCurative! > 0).toBe(s.mrecist !== 'CR');
    }
    const tace = scores[3]!;
    for (const s of tace.samples) {
      expect(s.riskModality).toBe('ctace');
      expect(s.residualAfterCurative).toBe(0);
    }
    expect(RISK_MODALITY_RULES.hcc.ablation).toMatchObject({ modality: 'resection', curative: true, assumed: true });
    expect(RISK_MODALITY_RULES.crlm.ablation).toMatchObject({ modality: 'thermalAblation', curative: true, assumed: false });
    for (const d of ['hcc', 'crlm'] as const) {
      expect(RISK_MODALITY_RULES[d].resection).toMatchObject({ modality: 'resection', curative: true });
      expect(Object.entries(RISK_MODALITY_RULES[d]).filter(([, r]) => r.curative).map(([k]) => k)).toEqual(['resection', 'ablation']);
    }
  });
});

describe('simulation cache', () => {
  it('returns identical numbers on a hit without simulating (memory, then a directory cache in a new process-like cache)', async () => {
    const dir = join(work, 'cache');
    const cache = createSimulationCache({ dir });
    const two = CANDIDATES.slice(0, 2);
    const first = await scoreCandidates(input, two, { context: createScoringContext({ renderer, riskModel: risk, cache }), samples: 2, seed: 3 });
    const before = renders;
    const ctx = createScoringContext({ renderer, riskModel: risk, cache });
    const hit = await scoreCandidates(input, two, { context: ctx, samples: 2, seed: 3 });
    expect(renders).toBe(before);
    expect(ctx.stats).toMatchObject({ simulated: 0, cacheHits: 4 });
    expect(hit).toEqual(first);

    const fromDisk = createSimulationCache({ dir });
    const ctx2 = createScoringContext({ renderer, riskModel: risk, cache: fromDisk });
    const diskHit = await scoreCandidates(input, two, { context: ctx2, samples: 2, seed: 3 });
    expect(renders).toBe(before);
    expect(fromDisk.stats.directoryHits).toBe(4);
    expect(diskHit).toEqual(first);
  });

  it('simulates protocols the models read alike once (same model-read key: cTACE with another drug) and ranks them as one tie group', async () => {
    const ctx = createScoringContext({ renderer, riskModel: risk });
    const before = renders;
    const scores = await scoreCandidates(input, [candidate('ctace-epirubicin-lipiodol'), candidate('ctace-oxaliplatin-lipiodol'), candidate('sorafenib')], { context: ctx, samples: 2, seed: 21 });
    expect(ctx.stats).toMatchObject({ simulated: 4, cacheHits: 2 });
    expect(renders - before).toBe(4);
    const [epi, oxa] = scores;
    expect(oxa!.samples.map((x) => [x.logRisk, x.rmstMonths, x.volumeSha256])).toEqual(epi!.samples.map((x) => [x.logRisk, x.rmstMonths, x.volumeSha256]));
    const ranked = rankCandidates(scores);
    const group = (name: string) => ranked.find((r) => r.candidate.name === name)!.tieGroup;
    expect(group('ctace-epirubicin-lipiodol')).toBe(group('ctace-oxaliplatin-lipiodol'));
    expect(group('ctace-epirubicin-lipiodol')).toBeGreaterThanOrEqual(1);
    expect(group('sorafenib')).toBeNull();
    // the two tied candidates are adjacent in the ranking, by name
    const ranks = ['ctace-epirubicin-lipiodol', 'ctace-oxaliplatin-lipiodol'].map((n) => ranked.find((r) => r.candidate.name === n)!.rank);
    expect(ranks[1]! - ranks[0]!).toBe(1);
  });

  it('shares the search evaluator\'s samples with the final scoring (same seeds), and re-simulates only for volumes it dropped', async () => {
    const ctx = createScoringContext({ renderer, riskModel: risk });
    const evaluator = createProtocolEvaluator(input, ctx, { samples: 2, seed: 5 });
    const [rmst] = await evaluator.evaluate([CANDIDATES[0]!.protocol]);
    expect(evaluator.cost).toMatchObject({ evaluations: 1, simulated: 2, cacheHits: 0 });
    const scores = await scoreCandidates(input, [CANDIDATES[0]!], { context: ctx, samples: 3, seed: 5, onSampleVolumes: () => {} });
    expect(ctx.stats).toMatchObject({ simulated: 3, cacheHits: 2, resimulatedForVolumes: 0 });
    expect(rmst).toBeCloseTo((scores[0]!.samples[0]!.rmstMonths + scores[0]!.samples[1]!.rmstMonths) / 2, 12);
  });
});

describe('statistics helpers', () => {
  it('intervals: below 10 samples the samples\' range (K = 2 stays inside [0, 60] where a t-interval would not); from 10 a t-interval clipped to the bounds', () => {
    // the values a new user saw with 2 samples: mean 17.6, t-interval (−66.9–102.0) with t(0.975, 1) = 12.7
    const two = sampleInterval([10.95, 24.25], { min: 0, max: 60 });
    expect(two).toMatchObject({ lo: 10.95, hi: 24.25, kind: 'range' });
    expect(two.mean).toBeCloseTo(17.6, 12);
    expect(two.mean - (12.7062 * (Math.abs(24.25 - 10.95) / Math.SQRT2)) / Math.SQRT2).toBeCloseTo(-66.9, 1); // the t-interval it replaces
    expect(sampleInterval([7])).toEqual({ mean: 7, lo: 7, hi: 7, kind: 'range' });
    const ten = [10, 12, 14, 16, 10, 12, 14, 16, 10, 12];
    const iv = sampleInterval(ten);
    const mean = 12.6, sd = Math.sqrt(ten.reduce((a, v) => a + (v - mean) ** 2, 0) / 9);
    expect(iv.kind).toBe('t95');
    expect(iv.mean).toBeCloseTo(mean, 12);
    expect(iv.hi - iv.mean).toBeCloseTo((2.2622 * sd) / Math.sqrt(10), 10);
    // clipped: RMST near the horizon never exceeds it, near 0 never goes negative
    const high = sampleInterval([60, 60, 60, 60, 60, 60, 60, 60, 60, 20], { min: 0, max: 60 });
    expect(high.kind).toBe('t95');
    expect(high.hi).toBe(60);
    expect(high.lo).toBeGreaterThan(0);
    const low = sampleInterval([0, 0, 0, 0, 0, 0, 0, 0, 0, 30], { min: 0, max: 60 });
    expect(low.lo).toBe(0);
    expect(tQuantile975(60)).toBeCloseTo(2.0003, 3);
    expect(() => sampleInterval([])).toThrow(RangeError);
    expect(() => sampleInterval([1, Number.NaN])).toThrow(RangeError);
  });

  it('two samples with different viable volumes whose risk differs give a non-zero-width interval (nothing collapses it)', () => {
    const survival = (s60: number) => [{ months: 0, s: 1 }, { months: 30, s: (1 + s60) / 2 }, { months: 60, s: s60 }];
    const base = {
      mrecist: 'SD' as const, baselineVolumeMl: 30, necrosisFraction: 0.2, lipiodolCoverage: 0, riskModality: 'ctace', imputed: [], volumeSha256: 'a'.repeat(64), statesSha256: 'b'.repeat(64),
      diameterSumChange: 0, sumBaselineDiameterMm: 38, sumViableDiameterMm: 38, newLesionCount: 0, liradsTr: 'LR-TR Viable', labelMap: { viableVolumeMl: 20, diameterSumChange: 0 },
      lesions: [{ lesion: 1, target: true, baselineDiameterMm: 38, baselineVolumeMl: 30, followUpDiameterMm: 38, viableDiameterMm: 38, viableVolumeMl: 20, mrecist: 'SD' as const }],
      recist: { sumBaselineDiameterMm: 38, sumFollowUpDiameterMm: 38, diameterSumChange: 0, category: 'SD' as const },
    };
    // CRLM-CT-1006's two samples: 20.7 mL (PD) vs 1.56 mL (SD) viable tumour, scored with different risks
    const pd = { ...base, seed: 1, mrecist: 'PD' as const, viableVolumeMl: 20.7, logRisk: 0.9, rmstMonths: 31.2, survival: survival(0.2) };
    const sd = { ...base, seed: 2, viableVolumeMl: 1.56, logRisk: 0.4, rmstMonths: 42.5, survival: survival(0.4) };
    const agg = candidateAggregate([pd, sd], 1);
    expect(agg.rmstMonths).toMatchObject({ lo: 31.2, hi: 42.5, kind: 'range' });
    expect(agg.logRisk).toMatchObject({ lo: 0.4, hi: 0.9, kind: 'range' });
    expect(agg.rmstMonths.hi - agg.rmstMonths.lo).toBeGreaterThan(0);
    expect(agg.logRisk.hi - agg.logRisk.lo).toBeGreaterThan(0);
    // only samples the risk model scores alike give a zero-width interval
    expect(candidateAggregate([pd, { ...sd, logRisk: pd.logRisk, rmstMonths: pd.rmstMonths }], 1).rmstMonths).toMatchObject({ lo: 31.2, hi: 31.2 });
  });

  it('tie groups: candidates with the same log-risk and RMST on every sample share a group; the rest have none', () => {
    const c = (...v: Array<[number, number]>) => ({ samples: v.map(([logRisk, rmstMonths]) => ({ logRisk, rmstMonths })) });
    expect(tieGroups([c([1, 20], [2, 10]), c([0, 30], [0, 30]), c([1, 20], [2, 10]), c([1, 20], [2, 11]), c([0, 30], [0, 30]), c([1, 20], [2, 10])]))
      .toEqual([1, 2, 1, null, 2, 1]);
    // equal means but different samples are not a tie
    expect(tieGroups([c([1, 20], [3, 10]), c([3, 10], [1, 20])])).toEqual([null, null]);
  });

  it('P(best): a candidate better on every paired sample always wins; ties share; deterministic', () => {
    expect(probabilityBest([[10, 11], [9, 10]], { seed: 1 })).toEqual([1, 0]);
    expect(probabilityBest([[5, 5], [5, 5]], { seed: 1 })).toEqual([0.5, 0.5]);
    const a = probabilityBest([[10, 20, 15], [14, 13, 16], [1, 2, 3]], { seed: 9 });
    expect(probabilityBest([[10, 20, 15], [14, 13, 16], [1, 2, 3]], { seed: 9 })).toEqual(a);
    expect(a[2]).toBe(0);
    expect(a[0]! + a[1]!).toBeCloseTo(1, 12);
  });
});

describe('planTreatment', () => {
  const policy: Policy = {
    name: 'test',
    async propose(_state, ctx) {
      const [score] = await ctx.evaluate([resolveProtocol('ctace-oxaliplatin-lipiodol')]);
      return {
        candidates: [candidate('ctace-oxaliplatin-lipiodol', 'search'), candidate('best-supportive-care', 'guideline')],
        summary: { policy: 'guideline', stage: 'B', probe: score },
      };
    },
  };

  it('builds a schema-valid report, reproducible except createdAt and timings', async () => {
    const run = () => planTreatment(input, { policy, renderer, riskModel: risk, samples: 2, seed: 1 });
    const a = await run();
    const b = await run();
    expect(planReportSchema.safeParse(a.report).success).toBe(true);
    expect(a.report.bclcStage).toBe('B');
    expect(a.report.policy.searchCost).toMatchObject({ evaluations: 1, simulated: 2 });
    expect(a.report.scoring).toMatchObject({ simulated: 2, cacheHits: 2 });
    expect(a.report.candidates.map((c) => c.rank)).toEqual([1, 2]);
    expect(a.report.lesions[0]!.volumeMl).toBeGreaterThan(5);
    expect(canonicalReportForComparison(b.report)).toEqual(canonicalReportForComparison(a.report));
    expect(JSON.stringify(a.report)).not.toMatch(/"data"\s*:\s*\[/);
  });
});

describe('bad input', () => {
  const ctx = () => createScoringContext({ renderer, riskModel: risk });
  it.each([
    [{ samples: 0, seed: 1 }, /samples: must be an integer 1\.\.64, got 0/],
    [{ samples: 65, seed: 1 }, /samples: must be an integer 1\.\.64/],
    [{ samples: 2, seed: -1 }, /seed: must be an integer/],
    [{ samples: 1.5, seed: 1 }, /samples/],
  ])('rejects K or seed out of range (%o)', async (o, message) => {
    await expect(scoreCandidates(input, CANDIDATES, { context: ctx(), ...o })).rejects.toThrow(message);
    await expect(scoreCandidates(input, CANDIDATES, { context: ctx(), ...o })).rejects.toBeInstanceOf(PlannerInputError);
  });
  it('rejects no candidates and duplicate names', async () => {
    await expect(scoreCandidates(input, [], { context: ctx(), samples: 1, seed: 1 })).rejects.toThrow(/at least one candidate/);
    await expect(scoreCandidates(input, [CANDIDATES[0]!, CANDIDATES[0]!], { context: ctx(), samples: 1, seed: 1 })).rejects.toThrow(/used twice/);
  });
  it('rejects steps out of range', () => {
    expect(() => createScoringContext({ renderer, riskModel: risk, steps: 0 })).toThrow(/steps: must be an integer 1\.\.1000/);
  });
});
