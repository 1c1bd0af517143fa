/**
 * Compare service: the volumes of a finished plan job read from its output folder (report.json's file
 * list), in rank order per sample; only listed NIfTI files are served.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planVolumeFile } from '../src/server/services/compare.ts';
import { createWebTestContext, type WebTestContext } from './support/web-test-context.ts';

let t: WebTestContext;
let caseId: string;
const jobId = 'job-compare-1';

beforeAll(async () => {
  t = createWebTestContext();
  caseId = (await t.caller.cases.create()).id;
  const rel = join('cases', caseId, 'plans', jobId);
  const dir = t.ctx.dataDir.resolveStored(rel);
  const files = [
    { path: 'ct.nii.gz', role: 'ct' },
    { path: 'lesion-mask.nii.gz', role: 'lesion-mask' },
    ...['2-sorafenib', '1-rfa'].flatMap((folder) => [0, 1].flatMap((k) => [
      { path: `volumes/${folder}/sample-${k}.nii.gz`, role: 'sample-volume', candidate: folder.slice(2), sample: k },
      { path: `volumes/${folder}/states-${k}.nii.gz`, role: 'sample-states', candidate: folder.slice(2), sample: k },
    ])),
  ];
  for (const f of files) {
    mkdirSync(join(dir, f.path, '..'), { recursive: true });
    writeFileSync(join(dir, f.path), 'nifti');
  }
  writeFileSync(join(dir, 'report.json'), JSON.stringify({ files: files.map((f) => ({ ...f, sha256: '0'.repeat(64) })) }));
  writeFileSync(join(dir, 'secret.txt'), 'not listed');
  await t.ctx.db.planJob.create({
    data: { id: jobId, caseId, status: 'succeeded', request: '{}', progress: '{}', resultPath: rel, finishedAt: new Date() },
    select: { id: true },
  });
  await t.ctx.db.planJob.create({ data: { id: 'job-running', caseId, status: 'running', request: '{}', progress: '{}' }, select: { id: true } });
});
afterAll(async () => t.close());

describe('compare', () => {
  it('lists the finished plan jobs of the case only', async () => {
    expect((await t.caller.compare.jobs({ caseId })).map((j) => j.id)).toEqual([jobId]);
  });

  it('gives the pre-treatment CT, the mask and each candidate\'s samples in rank order with their state maps', async () => {
    const set = await t.caller.compare.get({ caseId, jobId });
    expect(set.ctUrl).toBe(`/api/plan-jobs/${jobId}/volumes/ct.nii.gz`);
    expect(set.lesionMaskUrl).toBe(`/api/plan-jobs/${jobId}/volumes/lesion-mask.nii.gz`);
    expect(set.candidates.map((c) => [c.rank, c.name])).toEqual([[1, 'rfa'], [2, 'sorafenib']]);
    expect(set.sampleCount).toBe(2);
    expect(set.candidates[0]!.samples[1]).toEqual({
      sample: 1,
      volumeUrl: `/api/plan-jobs/${jobId}/volumes/volumes/1-rfa/sample-1.nii.gz`,
      statesUrl: `/api/plan-jobs/${jobId}/volumes/volumes/1-rfa/states-1.nii.gz`,
    });
    await expect(planVolumeFile(t.ctx, jobId, 'volumes/1-rfa/sample-1.nii.gz')).resolves.toMatch(/sample-1\.nii\.gz$/);
  });

  it('bad input: unlisted files, path traversal, another case\'s job and an unfinished job are refused', async () => {
    await expect(planVolumeFile(t.ctx, jobId, 'secret.txt')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(planVolumeFile(t.ctx, jobId, '../../../mewm.db')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const other = (await t.caller.cases.create()).id;
    await expect(t.caller.compare.get({ caseId: other, jobId })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(t.caller.compare.get({ caseId, jobId: 'job-running' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(t.caller.compare.get({ caseId, jobId: '../x' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });
});
