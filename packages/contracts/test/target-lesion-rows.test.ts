/**
 * The target-lesion table (RECIST 1.1 / mRECIST) from one place (plan-report-display.ts): rows per
 * candidate (by rank) × sample × lesion (by number) closed by the sample's sum row, with the changes
 * and categories formatted one way for the PDF and the web app; older reports (no per-lesion
 * measurements) still parse and give no rows.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  formatDiameterMm, formatPercentChange, formatResponseCategory, planReportSchema, TARGET_LESION_COLUMNS, TARGET_SUM_LABEL, targetLesionCells,
  targetLesionRows, type PlanReport,
} from '../src/index.ts';

const v1 = JSON.parse(readFileSync(new URL('./fixtures/plan-report-v1.json', import.meta.url), 'utf8')) as PlanReport;

/** The stored version-1 report with two measured lesions per sample (lesion 2 non-target) and the RECIST result. */
function withLesions(): PlanReport {
  const r = structuredClone(v1);
  r.candidates.forEach((c, ci) => c.samples.forEach((s, si) => {
    const viable = 20 - 5 * ci - si, overall = 28 - ci;
    s.measured = {
      diameterSumChange: (viable - 30) / 30, sumViableDiameterMm: viable, newLesionCount: 0, liradsTr: 'LR-TR Viable', residualAfterCurative: null,
      labelMap: { viableVolumeMl: 3, diameterSumChange: -0.3 },
      // given out of order: the table sorts by lesion number
      lesions: [
        { lesion: 2, target: false, baselineDiameterMm: 8, baselineVolumeMl: 0.21, followUpDiameterMm: 8, viableDiameterMm: 8.4, viableVolumeMl: 0.2, mrecist: 'SD' },
        { lesion: 1, target: true, baselineDiameterMm: 30, baselineVolumeMl: 8.7286, followUpDiameterMm: overall, viableDiameterMm: viable, viableVolumeMl: 2.345, mrecist: viable <= 21 ? 'PR' : 'SD' },
      ],
      recist: { sumBaselineDiameterMm: 30, sumFollowUpDiameterMm: overall, diameterSumChange: (overall - 30) / 30, category: 'SD' },
    };
  }));
  return planReportSchema.parse(r);
}

describe('formatting', () => {
  it('diameters to 0.1 mm, changes in percent with a sign (ASCII), categories with NE for not evaluable', () => {
    expect([31.24, 0, 9.96].map(formatDiameterMm)).toEqual(['31.2', '0.0', '10.0']);
    expect(formatDiameterMm(Number.NaN)).toBe('-');
    expect([-0.31415, 0.05, 0, -0.00004, 0.00004, -1].map(formatPercentChange)).toEqual(['-31.4%', '+5.0%', '0.0%', '0.0%', '0.0%', '-100.0%']);
    expect(formatPercentChange(null)).toBe('-');
    expect(formatPercentChange(Number.NaN)).toBe('-');
    expect(['CR', 'PD', 'notEvaluable'].map(formatResponseCategory)).toEqual(['CR', 'PD', 'NE']);
  });
});

describe('targetLesionRows', () => {
  it('gives per candidate × sample the lesions by number, then the sum row, with the changes from the report\'s numbers', () => {
    const report = withLesions();
    const rows = targetLesionRows(report);
    const samples = report.candidates.reduce((a, c) => a + c.samples.length, 0);
    expect(rows).toHaveLength(samples * 3);
    // rank order, then sample index, then lesion 1, 2, sum
    expect(rows.slice(0, 3).map((r) => [r.candidateRank, r.sampleIndex, r.lesion])).toEqual([[1, 0, 1], [1, 0, 2], [1, 0, null]]);
    expect(rows.map((r) => r.candidateRank)).toEqual([...rows.map((r) => r.candidateRank)].sort((a, b) => a - b));
    const first = report.candidates.find((c) => c.rank === 1)!;
    const [l1, l2, sum] = rows;
    expect(targetLesionCells(l1!)).toEqual([`#1 ${first.name}`, '1', '1', 'yes', '30.0', '8.7', '28.0', '-6.7%', '', '20.0', '2.3', '-33.3%', 'PR']);
    expect(targetLesionCells(l2!)).toEqual([`#1 ${first.name}`, '1', '2', 'no', '8.0', '0.21', '8.0', '0.0%', '', '8.4', '0.20', '+5.0%', 'SD']);
    expect(sum!.cells).toMatchObject({ lesion: TARGET_SUM_LABEL, target: '', baselineDiameterMm: '30.0', followUpDiameterMm: '28.0', recistChange: '-6.7%', recist: 'SD', viableDiameterMm: '20.0', mrecistChange: '-33.3%', mrecist: first.samples[0]!.mrecist });
    // people see samples numbered from 1
    expect(rows.filter((r) => r.candidateRank === 1).map((r) => r.cells.sample)).toEqual(['1', '1', '1', '2', '2', '2']);
  });

  it('the sum row is the sum of the target rows (the measurement\'s sums, formatted the same way)', () => {
    for (const c of withLesions().candidates) for (const s of c.samples) {
      const targets = s.measured!.lesions!.filter((l) => l.target);
      expect(targets.reduce((a, l) => a + l.baselineDiameterMm, 0)).toBeCloseTo(s.measured!.recist!.sumBaselineDiameterMm, 9);
      expect(targets.reduce((a, l) => a + l.viableDiameterMm, 0)).toBeCloseTo(s.measured!.sumViableDiameterMm, 9);
    }
  });

  it('cells follow the column order; a subset of columns (the PDF leaves out the candidate) keeps that order', () => {
    const row = targetLesionRows(withLesions())[0]!;
    expect(targetLesionCells(row)).toHaveLength(TARGET_LESION_COLUMNS.length);
    const pdf = TARGET_LESION_COLUMNS.filter((c) => c.key !== 'candidate');
    expect(targetLesionCells(row, pdf)).toEqual(targetLesionCells(row).slice(1));
  });

  it('a not-evaluable RECIST result (no target lesion) shows NE and no change', () => {
    const r = withLesions();
    const s = r.candidates[0]!.samples[0]!;
    s.measured!.lesions = s.measured!.lesions!.map((l) => ({ ...l, target: false }));
    s.measured!.recist = { sumBaselineDiameterMm: 0, sumFollowUpDiameterMm: 0, diameterSumChange: null, category: 'notEvaluable' };
    s.measured!.diameterSumChange = null;
    const sum = targetLesionRows(planReportSchema.parse(r)).find((x) => x.lesion === null)!;
    expect(sum.cells).toMatchObject({ recist: 'NE', recistChange: '-', mrecistChange: '-', baselineDiameterMm: '0.0' });
  });

  it('reports written before the table (no per-lesion measurements) still parse and give no rows', () => {
    expect(targetLesionRows(planReportSchema.parse(v1))).toEqual([]);
  });
});

describe('targetLesionRows: bad input', () => {
  it('the schema refuses a lesion number below 1, a negative diameter and an unknown category', () => {
    const r = withLesions();
    const lesion = r.candidates[0]!.samples[0]!.measured!.lesions![0]!;
    for (const bad of [{ lesion: 0 }, { baselineDiameterMm: -1 }, { mrecist: 'NE' }, { extra: 1 }]) {
      const copy = structuredClone(r);
      copy.candidates[0]!.samples[0]!.measured!.lesions![0] = { ...lesion, ...bad } as typeof lesion;
      expect(planReportSchema.safeParse(copy).success, JSON.stringify(bad)).toBe(false);
    }
    const copy = structuredClone(r);
    copy.candidates[0]!.samples[0]!.measured!.recist!.category = 'XX' as 'SD';
    expect(planReportSchema.safeParse(copy).success).toBe(false);
  });
});
