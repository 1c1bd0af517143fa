/**
 * The same series uploaded several times at once (issue 20, item 5): five concurrent uploads of the real
 * CRLM-CT-1006 zip into one case store it once; every upload answers with that one series (four say it
 * already existed), and the data directory holds one volume. Another case stores its own copy. An upload
 * to a case deleted while it is ingested answers NOT_FOUND and leaves no files.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sharedData } from '../../../test/support/shared-data.ts';
import { ingestReceivedUpload, type OnIngestProgress } from '../src/server/services/ingest-upload.ts';
import { receiveUpload } from '../src/server/upload/receive-upload.ts';
import { chunksOf, createWebTestContext, type WebTestContext } from './support/web-test-context.ts';

let t: WebTestContext;
let zip: Uint8Array;
beforeAll(() => {
  t = createWebTestContext();
  const dir = sharedData('crlm-ct', 'CRLM-CT-1006');
  const entries: Record<string, Uint8Array> = {};
  for (const name of readdirSync(dir).filter((f) => f.endsWith('.dcm'))) entries[`CRLM/${name}`] = new Uint8Array(readFileSync(join(dir, name)));
  zip = zipSync(entries, { level: 0 });
});
afterAll(async () => t.close());

async function upload(caseId: string, onProgress?: OnIngestProgress) {
  const received = await receiveUpload(t.ctx.dataDir, chunksOf(zip), { name: 'ct.zip', maxBytes: t.ctx.maxUploadBytes });
  return ingestReceivedUpload(t.ctx, { caseId, tempPath: received.tempPath, uploadSha256: received.sha256 }, onProgress);
}

describe('the same series uploaded five times at once', () => {
  it('is stored once; every upload returns that series', async () => {
    const c = await t.caller.cases.create({ disease: 'crlm' });
    const outcomes = await Promise.all(Array.from({ length: 5 }, () => upload(c.id)));
    const ids = new Set(outcomes.map((o) => o.series.id));
    expect(ids.size).toBe(1);
    expect(outcomes.filter((o) => o.existing)).toHaveLength(4);
    expect(await t.ctx.db.series.count({ where: { caseId: c.id } })).toBe(1);
    const seriesDir = dirname(t.ctx.dataDir.seriesFile(c.id, outcomes[0]!.series.id));
    // one NIfTI and one folder of its de-identified DICOM
    expect(readdirSync(seriesDir).filter((f) => !f.startsWith('.')).sort()).toEqual([`${outcomes[0]!.series.id}.dicom`, `${outcomes[0]!.series.id}.nii.gz`]);
    // Another case is another de-identification (its own salt): its own series.
    const other = await t.caller.cases.create({ disease: 'crlm' });
    const again = await upload(other.id);
    expect(again.existing).toBe(false);
    expect(again.series.id).not.toBe(outcomes[0]!.series.id);
  }, 300_000);
});

describe('an upload to a case deleted while it is ingested', () => {
  it('answers NOT_FOUND (not a server error) and leaves no files and no series', async () => {
    const c = await t.caller.cases.create({ disease: 'crlm' });
    const deletions: Promise<unknown>[] = []; // the case is deleted at the ingest's first progress report
    const outcome = upload(c.id, () => { if (deletions.length === 0) deletions.push(t.caller.cases.delete({ caseId: c.id })); });
    await expect(outcome).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await Promise.all(deletions);
    expect(deletions).toHaveLength(1);
    expect(existsSync(t.ctx.dataDir.caseDir(c.id))).toBe(false);
    expect(await t.ctx.db.series.count({ where: { caseId: c.id } })).toBe(0);
  }, 300_000);
});
