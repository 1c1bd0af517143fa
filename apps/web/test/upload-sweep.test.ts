/**
 * Clean-up of staged and temporary uploads, on real files: multi-series uploads of the real CRLM-CT-1004
 * series plus the dcmqi 3-slice CT (two image series, so the upload is staged for the series picker),
 * received uploads left in tmp/ as after a crash, and files written for a deleted case. Ages are set
 * with utimes (no sleeps); the sweep must remove what is older than the limit and keep the rest.
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sharedData } from '../../../test/support/shared-data.ts';
import { EnvError, parseServerEnv } from '../src/server/env.ts';
import { ingestReceivedUpload, type IngestOutcome } from '../src/server/services/ingest-upload.ts';
import { startUploadSweeper, sweepIntervalMs, sweepStaleUploads } from '../src/server/services/upload-sweep.ts';
import { receiveUpload } from '../src/server/upload/receive-upload.ts';
import { chunksOf, createWebTestContext, type WebTestContext } from './support/web-test-context.ts';

const HOUR = 60 * 60 * 1000;
const TTL = 24 * HOUR;
let t: WebTestContext;
let twoSeriesZip: Uint8Array;

beforeAll(() => {
  t = createWebTestContext();
  const entries: Record<string, Uint8Array> = {};
  const add = (dir: string, prefix: string) => {
    for (const name of readdirSync(dir).filter((f) => f.endsWith('.dcm'))) entries[`${prefix}/${name}`] = new Uint8Array(readFileSync(join(dir, name)));
  };
  add(sharedData('crlm-ct', 'CRLM-CT-1004'), 'CRLM-CT-1004');
  add(sharedData('dcmqi-ct3slice', 'segmentations', 'ct-3slice'), 'ct-3slice');
  twoSeriesZip = zipSync(entries, { level: 0 });
});
afterAll(async () => t.close());

async function stagedUpload(): Promise<{ caseId: string; outcome: IngestOutcome }> {
  const caseId = (await t.caller.cases.create()).id;
  const received = await receiveUpload(t.ctx.dataDir, chunksOf(twoSeriesZip), { name: 'two.zip', maxBytes: t.ctx.maxUploadBytes });
  const outcome = await ingestReceivedUpload(t.ctx, { caseId, tempPath: received.tempPath, uploadSha256: received.sha256 });
  expect(outcome.found.map((s) => s.imageCount).sort((a, b) => a - b)).toEqual([3, 41]);
  expect(outcome.stagingId).not.toBeNull();
  return { caseId, outcome };
}

/** Set the mtime (and atime) of `dir` and everything directly inside it to `ms`. */
function age(dir: string, ms: number): void {
  const when = new Date(ms);
  for (const name of readdirSync(dir)) utimesSync(join(dir, name), when, when);
  utimesSync(dir, when, when);
}

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).map((f) => join(dir, f)).filter((f) => statSync(f).isFile());
}

describe('upload sweep (MEWM_STAGED_TTL_HOURS)', () => {
  it('removes staged uploads, temporary uploads and deleted cases\' files older than the limit, and keeps fresh ones', async () => {
    const now = Date.now();
    const old = await stagedUpload();
    const fresh = await stagedUpload();
    const oldStaging = t.ctx.dataDir.stagingDir(old.caseId, old.outcome.stagingId!);
    const freshStaging = t.ctx.dataDir.stagingDir(fresh.caseId, fresh.outcome.stagingId!);
    age(oldStaging, now - 25 * HOUR);
    age(freshStaging, now - 23 * HOUR);

    // uploads received but never ingested (the server stopped): one old, one still arriving
    const tmpOld = await receiveUpload(t.ctx.dataDir, chunksOf(twoSeriesZip), { name: 'a.zip', maxBytes: t.ctx.maxUploadBytes });
    const tmpFresh = await receiveUpload(t.ctx.dataDir, chunksOf(twoSeriesZip), { name: 'b.zip', maxBytes: t.ctx.maxUploadBytes });
    age(join(tmpOld.tempPath, '..'), now - 25 * HOUR);
    age(join(tmpFresh.tempPath, '..'), now - 25 * HOUR);
    utimesSync(tmpFresh.tempPath, new Date(now - HOUR), new Date(now - HOUR)); // its file was written to an hour ago

    // a file written for a case after the case was deleted (an ingest finishing late)
    const gone = (await t.caller.cases.create()).id;
    await t.caller.cases.delete({ caseId: gone });
    mkdirSync(join(t.ctx.dataDir.caseDir(gone), 'series'), { recursive: true });
    writeFileSync(join(t.ctx.dataDir.caseDir(gone), 'series', 'late.nii.gz'), readFileSync(tmpOld.tempPath).subarray(0, 4096));
    age(t.ctx.dataDir.caseDir(gone), now - 25 * HOUR);

    const result = await sweepStaleUploads(t.ctx, { maxAgeMs: TTL, now });
    expect(result).toEqual({ tmp: 1, staged: 1, orphanCases: 1 });

    expect(existsSync(oldStaging)).toBe(false);
    expect(readdirSync(freshStaging).sort()).toEqual(['deidentification.json', 'dicom']); // de-identified files, not the upload
    expect(existsSync(tmpOld.tempPath)).toBe(false);
    expect(existsSync(tmpFresh.tempPath)).toBe(true);
    expect(existsSync(t.ctx.dataDir.caseDir(gone))).toBe(false);
    // the swept case keeps its ingested series; its picker no longer offers the removed upload
    const [oldSeries] = await t.caller.uploads.listSeries({ caseId: old.caseId });
    expect(oldSeries).toMatchObject({ id: old.outcome.series.id, dims: [512, 512, 41], siblings: { stagingId: null } });
    expect(existsSync(t.ctx.dataDir.seriesFile(old.caseId, old.outcome.series.id))).toBe(true);
    const other = old.outcome.found.find((s) => s.key !== old.outcome.series.seriesKey)!;
    await expect(t.caller.uploads.pickSeries({ caseId: old.caseId, stagingId: old.outcome.stagingId!, seriesKey: other.key }))
      .rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect((await t.caller.uploads.listSeries({ caseId: fresh.caseId }))[0]!.siblings.stagingId).toBe(fresh.outcome.stagingId);

    // a second sweep finds nothing more; the fresh entries go once they are old enough
    expect(await sweepStaleUploads(t.ctx, { maxAgeMs: TTL, now })).toEqual({ tmp: 0, staged: 0, orphanCases: 0 });
    expect(await sweepStaleUploads(t.ctx, { maxAgeMs: TTL, now: now + 24 * HOUR })).toEqual({ tmp: 1, staged: 1, orphanCases: 0 });
    expect(existsSync(freshStaging)).toBe(false);
    expect(filesUnder(t.ctx.dataDir.tmpDir())).toEqual([]);
  });

  it('picking a series removes the staged upload (the series not chosen) at once', async () => {
    const { caseId, outcome } = await stagedUpload();
    const other = outcome.found.find((s) => s.key !== outcome.series.seriesKey)!;
    const picked = await t.caller.uploads.pickSeries({ caseId, stagingId: outcome.stagingId!, seriesKey: other.key });
    expect(picked.series.dims).toEqual([512, 512, 3]);
    expect(existsSync(t.ctx.dataDir.stagingDir(caseId, outcome.stagingId!))).toBe(false);
    // the two series (NIfTI, and the DICOM folder of each) and nothing staged
    const kept = filesUnder(t.ctx.dataDir.caseDir(caseId)).map((f) => f.slice(t.ctx.dataDir.caseDir(caseId).length + 1));
    expect(new Set(kept.map((f) => f.split('/')[0]))).toEqual(new Set(['series']));
    expect(kept.filter((f) => f.endsWith('.nii.gz'))).toHaveLength(2);
    expect((await t.caller.uploads.listSeries({ caseId })).map((s) => s.siblings.stagingId)).toEqual([null, null]);
  });

  it('deleting a case removes all its files, the unpicked staged upload included', async () => {
    const { caseId, outcome } = await stagedUpload();
    expect(filesUnder(t.ctx.dataDir.stagingDir(caseId, outcome.stagingId!))).toHaveLength(41 + 3 + 1); // the series' de-identified files and the record
    await t.caller.cases.delete({ caseId });
    expect(existsSync(t.ctx.dataDir.caseDir(caseId))).toBe(false);
    expect(filesUnder(t.ctx.dataDir.root).filter((f) => f.includes(caseId))).toEqual([]);
  });

  it('the sweeper sweeps at start and logs counts only (no ids or paths); stop ends the timer', async () => {
    const { caseId, outcome } = await stagedUpload();
    age(t.ctx.dataDir.stagingDir(caseId, outcome.stagingId!), Date.now() - 2 * HOUR);
    const lines: string[] = [];
    const sweeper = startUploadSweeper(t.ctx, { maxAgeMs: HOUR, log: (l) => lines.push(l) });
    await sweeper.first;
    sweeper.stop();
    expect(existsSync(t.ctx.dataDir.stagingDir(caseId, outcome.stagingId!))).toBe(false);
    expect(lines).toEqual(['[mewm] upload sweep removed 0 temporary, 1 staged, 0 orphaned case folder(s)']);
    expect(sweepIntervalMs(TTL)).toBe(HOUR);
    expect(sweepIntervalMs(0.01 * HOUR)).toBe(60_000);
  });
});

describe('MEWM_STAGED_TTL_HOURS', () => {
  it('defaults to 24 hours and accepts fractions', () => {
    expect(parseServerEnv({}, '/repo').stagedTtlMs).toBe(TTL);
    expect(parseServerEnv({ MEWM_STAGED_TTL_HOURS: '0.5' }, '/repo').stagedTtlMs).toBe(HOUR / 2);
  });

  it('bad input: zero, negative, over a year or not a number stops start-up with a message naming the variable', () => {
    for (const bad of ['0', '-1', '9000', 'soon']) {
      expect(() => parseServerEnv({ MEWM_STAGED_TTL_HOURS: bad }, '/repo')).toThrow(EnvError);
      expect(() => parseServerEnv({ MEWM_STAGED_TTL_HOURS: bad }, '/repo')).toThrow(/MEWM_STAGED_TTL_HOURS/);
    }
  });
});
