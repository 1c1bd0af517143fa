/**
 * The tRPC routers through createCaller, against a temporary SQLite database migrated by our migrator,
 * with the real CRLM-CT-1006 DICOM series (identifiers planted into copies) uploaded as a zip.
 */
import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { gunzipSync, zipSync } from 'fflate';
import dicomParser from 'dicom-parser';
import { TRPCError } from '@trpc/server';
import { dicomSourceReferenceSchema } from '@mewm/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PLANTED, containsString, plantIdentifiers } from '../../../packages/dicom/test/deid-fixtures.ts';
import { sharedData } from '../../../test/support/shared-data.ts';
import { ingestProgressRegistry, type IngestProgressView } from '../src/server/services/ingest-progress.ts';
import { ingestReceivedUpload, type OnIngestProgress } from '../src/server/services/ingest-upload.ts';
import { CASE_LABEL_PATTERN } from '../src/server/services/pseudonym.ts';
import { receiveUpload } from '../src/server/upload/receive-upload.ts';
import { chunksOf, createWebTestContext, type WebTestContext } from './support/web-test-context.ts';

let t: WebTestContext;
let zip: Uint8Array;
const secrets: string[] = [...Object.values(PLANTED)];
let expectedSpacingMm: [number, number, number];

beforeAll(() => {
  t = createWebTestContext();
  const dir = sharedData('crlm-ct', 'CRLM-CT-1006');
  const names = readdirSync(dir).filter((f) => f.endsWith('.dcm')).sort();
  const entries: Record<string, Uint8Array> = {};
  const z: number[] = [];
  let pixelSpacing: number[] = [];
  for (const name of names) {
    const original = new Uint8Array(readFileSync(join(dir, name)));
    const ds = dicomParser.parseDicom(original);
    for (const tag of ['x0020000d', 'x0020000e', 'x00080018']) {
      const v = ds.string(tag);
      if (v) secrets.push(v);
    }
    z.push(Number((ds.string('x00200032') ?? '').split('\\')[2]));
    pixelSpacing = (ds.string('x00280030') ?? '').split('\\').map(Number);
    entries[`CRLM/${name}`] = plantIdentifiers(original);
  }
  z.sort((a, b) => a - b);
  expectedSpacingMm = [pixelSpacing[1]!, pixelSpacing[0]!, (z[z.length - 1]! - z[0]!) / (z.length - 1)];
  zip = zipSync(entries, { level: 0 });
});
afterAll(async () => t.close());

async function upload(caseId: string, bytes: Uint8Array, name: string, onProgress?: OnIngestProgress) {
  const received = await receiveUpload(t.ctx.dataDir, chunksOf(bytes), { name, maxBytes: t.ctx.maxUploadBytes });
  return ingestReceivedUpload(t.ctx, { caseId, tempPath: received.tempPath, uploadSha256: received.sha256 }, onProgress);
}

function allFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((f) => join(dir, f))
    .filter((f) => statSync(f).isFile());
}

describe('cases router', () => {
  it('creates cases with pseudonymous labels, lists them newest first, and never returns the de-identification secret', async () => {
    const a = await t.caller.cases.create();
    const b = await t.caller.cases.create();
    expect(a.label).toMatch(CASE_LABEL_PATTERN);
    expect(b.label).not.toBe(a.label);
    const list = await t.caller.cases.list();
    expect(list.map((c) => c.id)).toEqual(expect.arrayContaining([a.id, b.id]));
    expect(JSON.stringify(list)).not.toMatch(/deidSalt|dateShift/);
    expect(Object.keys(a).sort()).toEqual(['createdAt', 'disease', 'id', 'label', 'note', 'seriesCount']);
    expect(a.disease).toBeNull(); // chosen later: never assumed
    expect((await t.caller.cases.create({ disease: 'crlm' })).disease).toBe('crlm');
  });

  it('bad input: a malformed id is BAD_REQUEST, an unknown case NOT_FOUND', async () => {
    await expect(t.caller.cases.get({ caseId: '../etc' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(t.caller.cases.delete({ caseId: '00000000-0000-4000-8000-000000000000' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('uploads: the real CRLM-CT-1006 series as a zip', () => {
  let caseId: string;
  let seriesId: string;

  it('ingests the series, stores a NIfTI with its sha256, and reports dims and spacing', async () => {
    caseId = (await t.caller.cases.create()).id;
    const progress: IngestProgressView[] = [];
    const out = await upload(caseId, zip, 'CRLM-CT-1006.zip', (p) => progress.push({ ...p }));
    // the ingest's progress: every file de-identified and parsed, every slice placed, then the NIfTI stored
    const stages = progress.map((p) => p.stage).filter((st, i, all) => st !== all[i - 1]);
    expect(stages).toEqual(['parse', 'assemble', 'store']);
    for (const stage of ['parse', 'assemble'] as const) {
      const counts = progress.filter((p) => p.stage === stage);
      expect(counts.map((p) => p.done)).toEqual(counts.map((_, i) => i + 1));
      expect(counts.every((p) => p.total === 51)).toBe(true);
    }
    expect(progress.filter((p) => p.stage === 'store').map((p) => p.done)).toEqual([0, 1]);
    seriesId = out.series.id;
    expect(out.found).toHaveLength(1);
    expect(out.stagingId).toBeNull();
    const [series] = await t.caller.uploads.listSeries({ caseId });
    expect(series).toMatchObject({ id: seriesId, sourceFormat: 'dicom', modality: 'CT', imageCount: 51, dims: [512, 512, 51], deidentifiedFiles: 51 });
    // the de-identified UIDs DICOM outputs will reference: stored, none of them an original
    const stored = await t.ctx.db.series.findUniqueOrThrow({ where: { id: seriesId }, select: { dicomReference: true } });
    const reference = dicomSourceReferenceSchema.parse(JSON.parse(stored.dicomReference!));
    const uids = [reference.studyInstanceUid, reference.seriesInstanceUid, reference.frameOfReferenceUid!, ...reference.slices.map((s) => s.sopInstanceUid)];
    expect(reference.slices).toHaveLength(51);
    expect(uids.every((u) => /^2\.25\.\d+$/.test(u) && !secrets.includes(u))).toBe(true);
    series!.spacingMm.forEach((s, i) => expect(s).toBeCloseTo(expectedSpacingMm[i]!, 4));
    const row = await t.ctx.db.series.findUniqueOrThrow({ where: { id: seriesId }, select: { filePath: true, sha256: true } });
    const nifti = readFileSync(t.ctx.dataDir.resolveStored(row.filePath));
    const { createHash } = await import('node:crypto');
    expect(createHash('sha256').update(nifti).digest('hex')).toBe(row.sha256);
    expect((await t.caller.cases.get({ caseId })).seriesCount).toBe(1);
    const audit = await t.caller.cases.audit({ caseId });
    expect(audit.map((a) => a.kind)).toEqual(['upload']);
    expect(audit[0]!.details).toMatchObject({ format: 'dicom', deidentifiedFiles: 51, seriesId });
  });

  it('leaves no patient identifier in the database or anywhere in the data directory, and no temporary upload', async () => {
    expect(secrets.filter((s) => s.length >= 6 && containsString(zip, s)).length).toBeGreaterThan(10);
    const stored = [t.databasePath, `${t.databasePath}-wal`, ...allFiles(t.ctx.dataDir.root)].filter((f) => {
      try { return statSync(f).isFile(); } catch { return false; }
    });
    for (const file of stored) {
      const bytes = new Uint8Array(readFileSync(file));
      const plain = file.endsWith('.gz') ? gunzipSync(bytes) : bytes;
      expect(secrets.filter((s) => s.length >= 6 && containsString(plain, s)), file).toEqual([]);
    }
    expect(allFiles(t.ctx.dataDir.root).filter((f) => f.includes(join('data', 'tmp')))).toEqual([]);
  });

  it('deleting the case removes its rows and files and audits the delete', async () => {
    await t.caller.cases.delete({ caseId });
    await expect(t.caller.uploads.listSeries({ caseId })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await t.ctx.db.series.count({ where: { caseId } })).toBe(0);
    expect(allFiles(t.ctx.dataDir.root).filter((f) => f.includes(caseId))).toEqual([]);
    expect((await t.caller.cases.audit({ caseId })).map((a) => a.kind)).toEqual(['upload', 'delete']);
  });
});

describe('uploads: ingest progress by id', () => {
  it('reads back what the upload route published under a progress id; unknown is null, malformed BAD_REQUEST', async () => {
    const id = randomUUID();
    expect(await t.caller.uploads.ingestProgress({ progressId: id })).toBeNull();
    ingestProgressRegistry().report(id, { stage: 'assemble', done: 30, total: 51 });
    expect(await t.caller.uploads.ingestProgress({ progressId: id })).toEqual({ stage: 'assemble', done: 30, total: 51 });
    ingestProgressRegistry().report(id, { stage: 'done', done: 1, total: 1 });
    expect(await t.caller.uploads.ingestProgress({ progressId: id })).toEqual({ stage: 'done', done: 1, total: 1 });
    await expect(t.caller.uploads.ingestProgress({ progressId: 'not-a-uuid' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });
});

describe('uploads: bad input', () => {
  it('a file that is not a CT is a typed error and leaves no row and no file', async () => {
    const caseId = (await t.caller.cases.create()).id;
    const err = await upload(caseId, new TextEncoder().encode('not a dicom file at all'.repeat(20)), 'notes.txt').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).name).toBe('InputError');
    expect(await t.ctx.db.series.count({ where: { caseId } })).toBe(0);
    expect(allFiles(t.ctx.dataDir.root).filter((f) => f.includes(caseId) || f.includes(join('data', 'tmp')))).toEqual([]);
  });

  it('an upload over the limit is refused while streaming and nothing is kept', async () => {
    const err = await receiveUpload(t.ctx.dataDir, chunksOf(new Uint8Array(3 << 20), 1 << 20), { name: 'big.zip', maxBytes: 2 << 20 }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'UPLOAD_TOO_LARGE' });
    expect(allFiles(t.ctx.dataDir.root).filter((f) => f.includes(join('data', 'tmp')))).toEqual([]);
  });

  it('picking a series of an unknown staged upload is NOT_FOUND; a malformed series key BAD_REQUEST', async () => {
    const caseId = (await t.caller.cases.create()).id;
    const stagingId = '00000000-0000-4000-8000-000000000001';
    await expect(t.caller.uploads.pickSeries({ caseId, stagingId, seriesKey: '0123456789abcdef' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const bad = await t.caller.uploads.pickSeries({ caseId, stagingId, seriesKey: 'XYZ' }).catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(TRPCError);
    expect(bad).toMatchObject({ code: 'BAD_REQUEST' });
  });
});

describe('uploads: a zip with two series (CRLM-CT-1006 and CRLM-CT-1004) and the series picker', () => {
  it('ingests the larger CT series, keeps the other series staged de-identified, ingests it when picked, then removes the staged upload', async () => {
    const entries: Record<string, Uint8Array> = {};
    const uids: string[] = [];
    for (const id of ['CRLM-CT-1006', 'CRLM-CT-1004']) {
      const dir = sharedData('crlm-ct', id);
      for (const name of readdirSync(dir).filter((f) => f.endsWith('.dcm'))) {
        const original = new Uint8Array(readFileSync(join(dir, name)));
        const ds = dicomParser.parseDicom(original);
        for (const tag of ['x0020000d', 'x0020000e', 'x00080018']) uids.push(ds.string(tag) ?? '');
        entries[`${id}/${name}`] = plantIdentifiers(original);
      }
    }
    const caseId = (await t.caller.cases.create()).id;
    const first = await upload(caseId, zipSync(entries, { level: 0 }), 'two.zip');
    expect(first.found.map((s) => s.imageCount).sort()).toEqual([41, 51]);
    expect(first.series.dims).toEqual([512, 512, 51]);
    expect(first.stagingId).not.toBeNull();
    const stagingDir = t.ctx.dataDir.stagingDir(caseId, first.stagingId!);
    // what is staged is de-identified: numbered files, none with a planted identifier or an original UID
    expect(readdirSync(stagingDir).sort()).toEqual(['deidentification.json', 'dicom']);
    const staged = allFiles(join(stagingDir, 'dicom'));
    expect(staged).toHaveLength(92);
    expect(staged.every((f) => /\/\d{6}\.dcm$/.test(f))).toBe(true);
    const planted = [...Object.values(PLANTED), ...uids].filter((v) => v.length >= 6);
    for (const f of staged) expect(planted.filter((v) => containsString(new Uint8Array(readFileSync(f)), v)), f).toEqual([]);
    expect(allFiles(t.ctx.dataDir.root).filter((f) => f.includes(join('data', 'tmp')))).toEqual([]); // the original upload is gone
    expect((await t.caller.uploads.listSeries({ caseId }))[0]!.siblings.stagingId).toBe(first.stagingId);
    const other = first.found.find((s) => s.key !== first.series.seriesKey)!;
    const progressId = randomUUID();
    const picked = await t.caller.uploads.pickSeries({ caseId, stagingId: first.stagingId!, seriesKey: other.key, progressId });
    // read as staged (not de-identified a second time): the key the upload reported, and the upload's de-identification record
    expect(picked.series).toMatchObject({ seriesKey: other.key, dims: [512, 512, 41], deidentifiedFiles: 92 });
    expect(await t.caller.uploads.ingestProgress({ progressId })).toEqual({ stage: 'done', done: 1, total: 1 });
    const listed = await t.caller.uploads.listSeries({ caseId });
    expect(listed.map((s) => s.dims[2])).toEqual([51, 41]);
    // once picked, the staged upload (the series not chosen) is gone and the picker offers nothing
    expect(allFiles(t.ctx.dataDir.caseDir(caseId)).filter((f) => f.includes(join(caseId, 'staging')))).toEqual([]);
    expect(listed.map((s) => s.siblings.stagingId)).toEqual([null, null]);
    expect(listed[0]!.siblings.series.map((s) => s.imageCount).sort()).toEqual([41, 51]);
    await expect(t.caller.uploads.pickSeries({ caseId, stagingId: first.stagingId!, seriesKey: other.key })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(t.caller.uploads.pickSeries({ caseId, stagingId: first.stagingId!, seriesKey: first.series.seriesKey! }))
      .rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await t.caller.cases.delete({ caseId });
    expect(allFiles(t.ctx.dataDir.root).filter((f) => f.includes(caseId))).toEqual([]);
  });
});

describe('uploads: a staged upload is read only as what we de-identified', () => {
  it('refuses to pick a series from a staged folder whose files lack our de-identification marker', async () => {
    const entries: Record<string, Uint8Array> = {};
    for (const id of ['CRLM-CT-1006', 'CRLM-CT-1004']) {
      const dir = sharedData('crlm-ct', id);
      for (const name of readdirSync(dir).filter((f) => f.endsWith('.dcm')).slice(0, 3)) entries[`${id}/${name}`] = new Uint8Array(readFileSync(join(dir, name)));
    }
    const caseId = (await t.caller.cases.create()).id;
    const first = await upload(caseId, zipSync(entries, { level: 0 }), 'two.zip');
    const stagedDir = join(t.ctx.dataDir.stagingDir(caseId, first.stagingId!), 'dicom');
    const [one] = readdirSync(stagedDir).sort();
    writeFileSync(join(stagedDir, one!), readFileSync(join(sharedData('crlm-ct', 'CRLM-CT-1004'), readdirSync(sharedData('crlm-ct', 'CRLM-CT-1004')).filter((f) => f.endsWith('.dcm'))[0]!)));
    const other = first.found.find((s) => s.key !== first.series.seriesKey)!;
    const err = await t.caller.uploads.pickSeries({ caseId, stagingId: first.stagingId!, seriesKey: other.key }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'BAD_REQUEST', message: expect.stringMatching(/was not de-identified by this project/) });
    expect(await t.ctx.db.series.count({ where: { caseId } })).toBe(1);
  });
});
