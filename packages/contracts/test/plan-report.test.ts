/**
 * The PlanReport schema reads the reports already stored: fixtures/plan-report-v1.json was written by
 * `mewm plan` before schema version 2 (CRLM-CT-1006, 3 user candidates × 2 samples, white-noise
 * renderer). Version 2 has the same fields; version 3 adds each interval's `kind` and each
 * candidate's `tieGroup`, required from version 3 on. An unknown version is refused.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  PLAN_REPORT_READABLE_VERSIONS, PLAN_REPORT_SCHEMA_VERSION, canonicalReportForComparison, curveOverlapNotes, curveStyle, intervalKindLabel,
  overlappingCurves, planReportSchema, tieGroupNote, type PlanReport,
} from '../src/index.ts';

const v1 = JSON.parse(readFileSync(new URL('./fixtures/plan-report-v1.json', import.meta.url), 'utf8')) as Record<string, unknown>;

describe('PlanReport schema versions', () => {
  it('writes version 3 and reads versions 1, 2 and 3', () => {
    expect(PLAN_REPORT_SCHEMA_VERSION).toBe(3);
    expect(PLAN_REPORT_READABLE_VERSIONS).toEqual([1, 2, 3]);
  });

  /** The v1 fixture as a version 3 report: interval kinds and tie groups added (sorafenib and bsc tied, for the test). */
  const v3 = (): PlanReport => {
    const r = structuredClone(v1) as unknown as PlanReport;
    r.schemaVersion = 3;
    for (const c of r.candidates) {
      c.tieGroup = c.name === 'ctace-epirubicin-lipiodol' ? null : 1;
      c.aggregate.logRisk.kind = 'range';
      c.aggregate.rmstMonths.kind = 'range';
    }
    return r;
  };

  it('version 3: every interval has a kind and every candidate a tie group (a number shared by ≥ 2, or null); versions 1 and 2 need neither', () => {
    expect(planReportSchema.parse(v3())).toEqual(v3());
    expect(planReportSchema.safeParse({ ...v1, schemaVersion: 2 }).success).toBe(true);
    const noKind = v3();
    delete noKind.candidates[0]!.aggregate.rmstMonths.kind;
    expect(planReportSchema.safeParse(noKind).error?.issues[0]?.path).toEqual(['candidates', 0, 'aggregate', 'rmstMonths', 'kind']);
    const noTie = v3();
    delete noTie.candidates[1]!.tieGroup;
    expect(planReportSchema.safeParse(noTie).error?.issues[0]?.path).toEqual(['candidates', 1, 'tieGroup']);
    const lonely = v3();
    lonely.candidates[0]!.tieGroup = 2;
    expect(planReportSchema.safeParse(lonely).error?.issues[0]?.message).toMatch(/tie group 2 has one candidate/);
    const badKind = v3() as unknown as { candidates: Array<{ aggregate: { logRisk: { kind: string } } }> };
    badKind.candidates[0]!.aggregate.logRisk.kind = 'bootstrap';
    expect(planReportSchema.safeParse(badKind).success).toBe(false);
  });

  it('parses a report stored with schema version 1 unchanged', () => {
    expect(v1.schemaVersion).toBe(1);
    const parsed = planReportSchema.parse(v1);
    expect(parsed).toEqual(v1);
    expect(parsed.candidates.map((c) => c.name).sort()).toEqual(['best-supportive-care', 'ctace-epirubicin-lipiodol', 'sorafenib']);
    expect(parsed.candidates.map((c) => c.rank)).toEqual([1, 2, 3]);
    expect(canonicalReportForComparison(parsed)).not.toHaveProperty('timings');
  });

  it('bad input: an unknown version, or a v1 report with a field it never had, is refused', () => {
    expect(planReportSchema.safeParse({ ...v1, schemaVersion: 4 }).success).toBe(false);
    expect(planReportSchema.safeParse({ ...v1, extra: true }).success).toBe(false);
  });
});

describe('PlanReport display helpers', () => {
  it('names the interval kind and the tie group', () => {
    expect(intervalKindLabel('range', 2)).toBe('range of 2 samples');
    expect(intervalKindLabel('range', 1)).toBe('range of 1 sample');
    expect(intervalKindLabel('t95', 20)).toBe('95% t-interval');
    expect(intervalKindLabel(undefined, 4)).toBe('95% t-interval');
    expect(tieGroupNote(2)).toBe('tie group 2: not distinguishable by these models');
    expect(tieGroupNote(null)).toBeNull();
  });

  it('finds curves drawn on top of each other and gives every curve its own dash, marker and a width that nests them', () => {
    const a = [{ months: 0, s: 1 }, { months: 60, s: 0.4 }];
    const b = [{ months: 0, s: 1 }, { months: 60, s: 0.2 }];
    expect(overlappingCurves([a, b, a.map((p) => ({ ...p, s: p.s + 5e-4 })), b, [{ months: 0, s: 1 }]])).toEqual([[0, 2], [1, 3]]);
    expect(overlappingCurves([a, b])).toEqual([]);
    expect(curveOverlapNotes([a, a], ['#1 x', '#2 y'])).toEqual(['curves overlap: #1 x = #2 y (the same predicted survival, drawn on top of each other)']);
    const styles = [0, 1, 2].map((i) => curveStyle(i, 3));
    expect(new Set(styles.map((s) => s.dash.join(','))).size).toBe(3);
    expect(new Set(styles.map((s) => s.marker)).size).toBe(3);
    expect(styles.map((s) => s.lineWidth)).toEqual([2.8, 2, 1.2]);
  });
});
