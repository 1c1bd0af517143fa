/**
 * The target-lesion table (RECIST 1.1 / mRECIST) comes from the critic's own measurement: a real plan
 * on the embedded phantom (runPlan, white-noise renderer) writes per-lesion rows whose target sums are
 * the sample's diameter sums and whose categories are the rules' categories of those numbers; the
 * table's strings are the display helper's, in report.json and in the plan's PDF. With two lesions, the smaller one first in memory, the
 * measured lesion k is the report's lesion k (numbered largest first), and a record whose lesions are
 * numbered otherwise stops the report.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatPercentChange, planReportSchema, targetLesionCells, targetLesionRows, type PlanReport } from '@mewm/contracts';
import { applyAffine, type LabelVolume } from '@mewm/dicom';
import { mrecistTargetResponse, recistResponse, type RiskModel } from '@mewm/survival';
import { createWhiteNoiseRenderer, resolveProtocol } from '@mewm/world-model';
import { createScoringContext, makeAbdominalPhantom, runPlan, scoreCandidates, type CandidateScore, type PlanInput } from '../src/index.ts';
import { buildPlanReport } from '../src/plan/build-plan-report.ts';
import { summariseLesions } from '../src/plan/lesion-summary.ts';
import { openRiskModel } from '../src/plan/open-risk-model.ts';
import { rankCandidates } from '../src/plan/rank-candidates.ts';
import { lesionInsideLiver } from '../src/phantom/phantom-anatomy.ts';
import { PDF_TARGET_COLUMNS } from '../src/report/pdf-target-lesions.ts';
import { hasTool } from '../../../test/support/external-tool.ts';

const work = mkdtempSync(join(tmpdir(), 'mewm-target-lesions-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

describe('a real plan on the phantom: the target-lesion table', () => {
  let report: PlanReport;
  beforeAll(async () => {
    await runPlan({ inputs: { kind: 'phantom' }, outDir: join(work, 'plan'), options: { disease: 'hcc', candidates: ['ctace-epirubicin-lipiodol', 'rfa'], samples: 2, seed: 3, renderer: 'white-noise' } });
    report = planReportSchema.parse(JSON.parse(readFileSync(join(work, 'plan', 'report.json'), 'utf8')));
  }, 300_000);

  it('every sample has its lesions, numbered as report.lesions, with the report\'s baseline volume and diameter', () => {
    for (const c of report.candidates) for (const s of c.samples) {
      const lesions = s.measured!.lesions!;
      expect(lesions.map((l) => l.lesion)).toEqual(report.lesions.map((l) => l.label));
      lesions.forEach((l, k) => {
        expect(l.baselineVolumeMl).toBeCloseTo(report.lesions[k]!.volumeMl, 9);
        expect(l.baselineDiameterMm).toBeCloseTo(report.lesions[k]!.longestAxialDiameterMm, 9);
      });
    }
  });

  it('the target rows add up to the sample\'s diameter sums (RECIST 1.1 and mRECIST), whose changes they give', () => {
    for (const c of report.candidates) for (const s of c.samples) {
      const m = s.measured!;
      const targets = m.lesions!.filter((l) => l.target);
      expect(targets.length).toBeGreaterThan(0);
      const base = sum(targets.map((l) => l.baselineDiameterMm)), viable = sum(targets.map((l) => l.viableDiameterMm)), overall = sum(targets.map((l) => l.followUpDiameterMm));
      expect(base).toBeCloseTo(m.recist!.sumBaselineDiameterMm, 9);
      expect(overall).toBeCloseTo(m.recist!.sumFollowUpDiameterMm, 9);
      expect(viable).toBeCloseTo(m.sumViableDiameterMm, 9);
      expect((viable - base) / base).toBeCloseTo(m.diameterSumChange!, 9);
      expect((overall - base) / base).toBeCloseTo(m.recist!.diameterSumChange!, 9);
      // the simulated follow-up differs from baseline: the table is not a copy of the baseline
      expect(m.lesions!.some((l) => l.viableDiameterMm !== l.baselineDiameterMm)).toBe(true);
    }
  });

  it('the categories are the rules\' categories of these numbers (per lesion mRECIST; RECIST 1.1 of the sums; the overall mRECIST)', () => {
    for (const c of report.candidates) for (const s of c.samples) {
      const m = s.measured!;
      for (const l of m.lesions!) expect(l.mrecist).toBe(mrecistTargetResponse(l.baselineDiameterMm, l.viableDiameterMm, l.viableVolumeMl > 0));
      expect(m.recist!.category).toBe(recistResponse(m.recist!.sumBaselineDiameterMm, m.recist!.sumFollowUpDiameterMm, m.newLesionCount));
      // one target lesion and no non-target: the overall mRECIST is that lesion's unless new lesions made it PD
      if (m.lesions!.length === 1) expect(s.mrecist).toBe(m.newLesionCount > 0 ? 'PD' : m.lesions![0]!.mrecist);
    }
    // the two treatments give different simulated outcomes somewhere in the table
    const cells = targetLesionRows(report).map((r) => `${r.cells.recistChange} ${r.cells.mrecistChange}`);
    expect(new Set(cells).size).toBeGreaterThan(1);
  });

  it('the display rows show these numbers: one sum row per sample whose changes are the measured ones', () => {
    const rows = targetLesionRows(report);
    const samples = report.candidates.flatMap((c) => c.samples.map((s) => ({ c, s })));
    expect(rows).toHaveLength(samples.length * (report.lesions.length + 1));
    for (const { c, s } of samples) {
      const sumRow = rows.find((r) => r.candidateName === c.name && r.sampleIndex === s.index && r.lesion === null)!;
      expect(sumRow.cells.mrecistChange).toBe(formatPercentChange(s.measured!.diameterSumChange));
      expect(sumRow.cells.recistChange).toBe(formatPercentChange(s.measured!.recist!.diameterSumChange));
      expect(sumRow.cells.mrecist).toBe(s.mrecist);
    }
  });

  it.skipIf(!hasTool('pdftotext'))('the plan\'s PDF shows each row with the display helper\'s strings', () => {
    const lines = execFileSync('pdftotext', ['-layout', join(work, 'plan', 'report.pdf'), '-'], { encoding: 'utf8' }).split('\n');
    const rows = targetLesionRows(report);
    const escape = (x: string) => x.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    let from = 0;
    for (const row of rows) {
      const re = new RegExp(`^\\s*${targetLesionCells(row, PDF_TARGET_COLUMNS).filter((c) => c !== '').map(escape).join('\\s+')}\\s*$`);
      const at = lines.findIndex((l, i) => i >= from && re.test(l));
      expect(at, `${row.candidateName} ${row.cells.sample} ${row.cells.lesion}`).toBeGreaterThanOrEqual(0);
      from = at + 1;
    }
  });
});

describe('lesion numbers: the measured lesion k is the report\'s lesion k (largest first)', () => {
  let risk: RiskModel;
  let input: PlanInput;
  let scores: CandidateScore[];
  const SECOND = { centreRas: [60, 10, -30] as [number, number, number], radiusMm: 8 };

  beforeAll(async () => {
    const p = makeAbdominalPhantom();
    expect(lesionInsideLiver(SECOND)).toBe(true);
    // A second, smaller lesion below the phantom's own: first in memory order (k runs toward superior).
    const mask = Uint8Array.from(p.lesionMask.data);
    const ct = Int16Array.from(p.ct.data as Int16Array);
    const lesionHu = Math.round(sum([...p.ct.data].filter((_, v) => p.lesionMask.data[v])) / p.lesionMask.data.reduce((a, b) => a + b, 0));
    const [nx, ny, nz] = p.ct.dims;
    for (let k = 0, v = 0; k < nz; k++) for (let j = 0; j < ny; j++) for (let i = 0; i < nx; i++, v++) {
      const x = applyAffine(p.ct.affineRas, [i, j, k]);
      if (Math.hypot(x[0] - SECOND.centreRas[0], x[1] - SECOND.centreRas[1], x[2] - SECOND.centreRas[2]) <= SECOND.radiusMm) { mask[v] = 1; ct[v] = lesionHu; }
    }
    const lesionMask: LabelVolume = { ...p.lesionMask, data: mask };
    input = {
      ct: { ...p.ct, data: ct }, lesionMask, liverMask: p.liverMask, clinical: {}, disease: 'hcc',
      inputHashes: { ct: 'c'.repeat(64), lesionMask: 'd'.repeat(64) }, casePseudonym: 'phantom-two-lesions', lesionSource: { kind: 'phantom' },
    };
    risk = await openRiskModel(undefined);
    scores = await scoreCandidates(input, [{ name: 'ctace-epirubicin-lipiodol', protocol: resolveProtocol('ctace-epirubicin-lipiodol'), source: 'user', rationale: 'test' }], {
      context: createScoringContext({ renderer: createWhiteNoiseRenderer(), riskModel: risk }), samples: 1, seed: 11,
    });
  }, 300_000);
  afterAll(async () => { await risk?.dispose(); });

  it('the smaller lesion, first in memory, is lesion 2 in the report and in the measurement', () => {
    const lesions = summariseLesions(input);
    expect(lesions).toHaveLength(2);
    expect(lesions[0]!.volumeMl).toBeGreaterThan(lesions[1]!.volumeMl);
    expect(lesions[1]!.centroidRas[2]).toBeLessThan(lesions[0]!.centroidRas[2]); // lesion 2 is the inferior one, first in memory
    const record = scores[0]!.samples[0]!;
    expect(record.lesions.map((l) => l.lesion)).toEqual([1, 2]);
    record.lesions.forEach((l, k) => {
      expect(l.baselineVolumeMl).toBeCloseTo(lesions[k]!.volumeMl, 9);
      expect(l.baselineDiameterMm).toBeCloseTo(lesions[k]!.longestAxialDiameterMm, 9);
    });
    // both are measurable (≥ 10 mm): both targets; their sums are the record's
    expect(record.lesions.map((l) => l.target)).toEqual([true, true]);
    expect(sum(record.lesions.map((l) => l.baselineDiameterMm))).toBeCloseTo(record.sumBaselineDiameterMm, 9);
    expect(sum(record.lesions.map((l) => l.viableDiameterMm))).toBeCloseTo(record.sumViableDiameterMm, 9);
    expect(sum(record.lesions.map((l) => l.followUpDiameterMm))).toBeCloseTo(record.recist.sumFollowUpDiameterMm, 9);
  });

  it('a record whose lesions are numbered otherwise than the report\'s is refused when the report is built', () => {
    const ranked = rankCandidates(scores);
    const args = {
      input, lesions: summariseLesions(input), models: {} as never, policy: { name: 'user', summary: {}, searchCost: null }, bclcStage: null,
      settings: { policy: 'user', samples: 1, seed: 11, steps: null, searchSamples: null, beam: null, pBestReplicates: 10 },
      scoring: { simulated: 1, cacheHits: 0, resimulatedForVolumes: 0 }, timings: {},
    };
    const swapped = ranked.map((c) => ({ ...c, samples: c.samples.map((s) => ({ ...s, lesions: s.lesions.map((l) => ({ ...l, lesion: 3 - l.lesion })) })) }));
    expect(() => buildPlanReport({ ...args, ranked: swapped })).toThrow(/not numbered as the report's/);
    const dropped = ranked.map((c) => ({ ...c, samples: c.samples.map((s) => ({ ...s, lesions: s.lesions.slice(0, 1) })) }));
    expect(() => buildPlanReport({ ...args, ranked: dropped })).toThrow(/1 measured lesions, 2 in the report/);
  });
});
