/**
 * JSON-in-string database columns are validated on read (readJsonColumn + column-schemas.ts): a good column
 * round-trips through the services unchanged, a corrupt one fails with DB_COLUMN naming the column and never
 * its content. On the real CRLM-CT-1006 series uploaded as a zip into a temporary database.
 */
import { errorCodeOf, errorKindOf } from '@mewm/contracts';
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import type { z } from 'zod';
import {
  caseClinicalColumn, planJobProgressColumn, planJobRequestColumn, seriesAffineRasColumn, seriesDimsColumn, seriesWarningsColumn,
} from '../src/server/db/column-schemas.ts';
import { JsonColumnError, readJsonColumn } from '../src/server/db/json-column.ts';
import { listAudit } from '../src/server/services/audit.ts';
import { getClinical } from '../src/server/services/clinical.ts';
import type { PlanJobRequest } from '../src/server/services/plan-jobs-request.ts';
import { queuedProgress, type PlanJobProgress } from '../src/server/services/plan-jobs-view.ts';
import { listSeries } from '../src/server/services/series.ts';
import { ingestCrlm1006 } from './support/crlm-plan-fixture.ts';
import { createWebTestContext, type WebTestContext } from './support/web-test-context.ts';

/** What a test expects of a corrupt column's error: its code, the column's name, and none of the content. */
async function expectCorrupt(read: Promise<unknown>, column: string, secret: string): Promise<void> {
  const e: unknown = await read.then(() => undefined, (err: unknown) => err);
  expect(e).toBeInstanceOf(JsonColumnError);
  expect(errorCodeOf(e)).toBe('DB_COLUMN');
  expect(errorKindOf(e)).toBe('internal');
  expect((e as JsonColumnError).column).toBe(column);
  expect((e as Error).message).toContain(column);
  expect((e as Error).message).not.toContain(secret);
}

describe('readJsonColumn', () => {
  it('returns the parsed value of a good column', () => {
    expect(readJsonColumn(seriesDimsColumn, '[512,512,89]', 'Series.dims')).toEqual([512, 512, 89]);
    expect(readJsonColumn(seriesWarningsColumn, '[]', 'Series.warnings')).toEqual([]);
  });

  it('rejects text that is not JSON, naming the column and not echoing the text', async () => {
    await expectCorrupt(Promise.resolve().then(() => readJsonColumn(seriesDimsColumn, '[512, DOE^JANE', 'Series.dims')), 'Series.dims', 'DOE');
  });

  it('rejects JSON of the wrong shape (wrong type, missing or extra tuple items), naming the column', async () => {
    await expectCorrupt(Promise.resolve().then(() => readJsonColumn(seriesDimsColumn, '[512,"DOE^JANE",89]', 'Series.dims')), 'Series.dims', 'DOE');
    expect(() => readJsonColumn(seriesDimsColumn, '[512,512]', 'Series.dims')).toThrow(/Series\.dims/);
    expect(() => readJsonColumn(seriesDimsColumn, '[512,512,89,1]', 'Series.dims')).toThrow(/Series\.dims/);
    expect(() => readJsonColumn(seriesDimsColumn, '{"nx":512}', 'Series.dims')).toThrow(JsonColumnError);
  });
});

describe('the plan job columns (read by the plan-jobs services)', () => {
  it('have the shapes the plan-jobs services store', () => {
    expectTypeOf<z.output<typeof planJobRequestColumn>>().toExtend<PlanJobRequest>();
    expectTypeOf<z.output<typeof planJobProgressColumn>>().toExtend<PlanJobProgress>();
    expectTypeOf<z.output<typeof caseClinicalColumn>>().toExtend<Record<string, unknown>>();
  });

  it('round-trip a queued progress and reject one with an unknown phase', () => {
    const progress = queuedProgress({ samples: 4 });
    expect(readJsonColumn(planJobProgressColumn, JSON.stringify(progress), 'PlanJob.progress')).toEqual(progress);
    expect(() => readJsonColumn(planJobProgressColumn, JSON.stringify({ ...progress, phase: 'paused' }), 'PlanJob.progress')).toThrow(/PlanJob\.progress/);
  });

  it('round-trips an affine and rejects a 3x4 one', () => {
    const affine = [[-0.7, 0, 0, 180], [0, -0.7, 0, 200], [0, 0, 2.5, -300], [0, 0, 0, 1]];
    expect(readJsonColumn(seriesAffineRasColumn, JSON.stringify(affine), 'Series.affineRas')).toEqual(affine);
    expect(() => readJsonColumn(seriesAffineRasColumn, JSON.stringify(affine.slice(0, 3)), 'Series.affineRas')).toThrow(JsonColumnError);
  });
});

describe('JSON columns through the services, on a real ingested CT', () => {
  let t: WebTestContext;
  let caseId: string;
  let seriesId: string;

  beforeAll(async () => {
    t = createWebTestContext();
    caseId = (await t.caller.cases.create()).id;
    seriesId = await ingestCrlm1006(t, caseId);
  });
  afterAll(async () => t.close());

  it('reads every Series column back as it was written', async () => {
    const raw = await t.ctx.db.series.findUniqueOrThrow({ where: { id: seriesId } });
    const [view] = await listSeries(t.ctx, caseId);
    expect(view!.dims).toEqual(JSON.parse(raw.dims));
    expect(view!.dims[2]).toBeGreaterThan(1);
    expect(view!.spacingMm).toEqual(JSON.parse(raw.spacingMm));
    expect(view!.siblings).toEqual(JSON.parse(raw.siblings));
    expect(view!.siblings.series.length).toBeGreaterThanOrEqual(1);
    expect(view!.warnings).toEqual(JSON.parse(raw.warnings));
    expect(view!.deidentifiedFiles).toBe((JSON.parse(raw.deidSummary!) as { files: number }).files);
    expect(view!.deidentifiedFiles).toBeGreaterThan(1);
  });

  it('round-trips Case.clinical and AuditEvent.details', async () => {
    await t.caller.clinical.save({ caseId, covariates: { ageYears: 64, albuminGPerL: 38, bilirubinUmolPerL: 12, ecog: 1 } });
    const clinical = await getClinical(t.ctx, caseId);
    expect(clinical.entered).toBe(true);
    expect(clinical.covariates).toMatchObject({ ageYears: 64, albuminGPerL: 38, bilirubinUmolPerL: 12, ecog: 1, albiGrade: 2, cirrhosis: null });
    const audit = await listAudit(t.ctx, caseId);
    expect(audit.find((a) => a.kind === 'upload')?.details).toMatchObject({ seriesId, format: 'dicom' });
  });

  it('fails with DB_COLUMN naming Series.dims when the stored dims are corrupt', async () => {
    const good = (await t.ctx.db.series.findUniqueOrThrow({ where: { id: seriesId }, select: { dims: true } })).dims;
    await t.ctx.db.series.update({ where: { id: seriesId }, data: { dims: '["DOE^JANE",512,89]' } });
    try {
      await expectCorrupt(listSeries(t.ctx, caseId), 'Series.dims', 'DOE');
    } finally {
      await t.ctx.db.series.update({ where: { id: seriesId }, data: { dims: good } });
    }
    expect((await listSeries(t.ctx, caseId))[0]!.dims).toEqual(JSON.parse(good));
  });

  it('fails with DB_COLUMN naming Case.clinical (not a user input error) when the stored covariates are corrupt', async () => {
    await t.ctx.db.case.update({ where: { id: caseId }, data: { clinical: '{"ageYears":"DOE^JANE"}' } });
    await expectCorrupt(getClinical(t.ctx, caseId), 'Case.clinical', 'DOE');
    await t.ctx.db.case.update({ where: { id: caseId }, data: { clinical: '{"ageYears":64' } });
    await expectCorrupt(getClinical(t.ctx, caseId), 'Case.clinical', 'ageYears":64');
  });

  it('fails with DB_COLUMN naming AuditEvent.details when a stored audit row is corrupt', async () => {
    await t.ctx.db.auditEvent.create({ data: { kind: 'upload', caseId, details: '{"seriesId":{"name":"DOE^JANE"}}' } });
    await expectCorrupt(listAudit(t.ctx, caseId), 'AuditEvent.details', 'DOE');
  });
});
