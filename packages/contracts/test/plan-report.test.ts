/**
 * The PlanReport schema reads the reports already stored: fixtures/plan-report-v1.json was written by
 * `mewm plan` before schema version 2 (CRLM-CT-1006, 3 user candidates × 2 samples, white-noise
 * renderer). New reports carry version 2; an unknown version is refused.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PLAN_REPORT_READABLE_VERSIONS, PLAN_REPORT_SCHEMA_VERSION, canonicalReportForComparison, planReportSchema } from '../src/index.ts';

const v1 = JSON.parse(readFileSync(new URL('./fixtures/plan-report-v1.json', import.meta.url), 'utf8')) as Record<string, unknown>;

describe('PlanReport schema versions', () => {
  it('writes version 2 and reads versions 1 and 2', () => {
    expect(PLAN_REPORT_SCHEMA_VERSION).toBe(2);
    expect(PLAN_REPORT_READABLE_VERSIONS).toEqual([1, 2]);
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
    expect(planReportSchema.safeParse({ ...v1, schemaVersion: 3 }).success).toBe(false);
    expect(planReportSchema.safeParse({ ...v1, extra: true }).success).toBe(false);
  });
});
