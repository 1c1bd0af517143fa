/**
 * Ingest a received upload into a case: packages/dicom reads it (DICOM zip / file / NIfTI), de-identifies
 * every DICOM file with the case's own context, and assembles the volume; we write the volume as NIfTI
 * into the data directory (atomically, sha256 recorded) and then add the Series row and an audit event.
 *
 * Nothing is half-written: the NIfTI is removed when the row cannot be written, and the row is only
 * written after the file is complete. The temporary upload (original DICOM) is deleted after its
 * ingest, whatever the outcome. When it held several series, their de-identified files are kept in the
 * case's staging folder, so that the user can pick another one (`ingestStagedSeries`) without uploading
 * again. A staged upload is removed once a series has been picked from it, with the case, or by the
 * sweep after MEWM_STAGED_TTL_HOURS (upload-sweep.ts).
 */
import 'server-only';
import { createHash, randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createDeidContext, ingestCt, writeFileAtomic, writeNiftiAsync, type IngestLimits, type IngestResult } from '@mewm/dicom';
import { BadUploadError, NotFoundError } from '../errors.ts';
import { discardUpload } from '../upload/receive-upload.ts';
import { recordAudit } from './audit.ts';
import { caseDeidParams } from './cases.ts';
import type { ServiceContext } from './context.ts';
import type { IngestProgressView } from './ingest-progress.ts';
import { releaseStagedUpload } from './staged-uploads.ts';
import { seriesViewSelect, toSeriesView, type SeriesSiblings, type SeriesView } from './series.ts';

export interface IngestOutcome {
  series: SeriesView;
  /** Every image series found in the upload (one entry for NIfTI is not listed: NIfTI has no series). */
  found: IngestResult['series'];
  /** Set when the upload held several series and was kept for the picker. */
  stagingId: string | null;
  skippedFiles: number;
  /** ingestCt's phases (read, deidentify, parse, assemble, total). */
  timingsMs: IngestResult['timingsMs'];
  /** Storing the volume: NIfTI encoding (gzip), the atomic file write, the database rows. */
  storeTimingsMs: { niftiEncode: number; fileWrite: number; database: number };
  /** The case already held this series (same series key and the same de-identified volume bytes): it is returned, not stored again. */
  existing: boolean;
}

/** Progress of an ingest: ingestCt's stages, then 'store' (0 of 1 while the NIfTI is encoded and written, then 1). */
export type OnIngestProgress = (p: IngestProgressView) => void;

/** Ingest a temporary upload (from receiveUpload) into `caseId`; the temporary file is consumed. */
export async function ingestReceivedUpload(
  ctx: ServiceContext,
  input: { caseId: string; tempPath: string; uploadSha256: string | null; seriesKey?: string | undefined },
  onProgress?: OnIngestProgress,
): Promise<IngestOutcome> {
  let stagingDir: string | null = null;
  try {
    const result = await runIngest(ctx, input.caseId, [input.tempPath], { seriesKey: input.seriesKey, stage: true }, onProgress);
    const files = result.deidentifiedFiles ?? [];
    result.deidentifiedFiles = undefined; // not held while the volume is stored
    const stagingId = result.series.length > 1 ? randomUUID() : null;
    if (stagingId !== null) {
      stagingDir = ctx.dataDir.stagingDir(input.caseId, stagingId);
      await stageDeidentified(files, result.deidentification, join(dirname(input.tempPath), 'staged'), stagingDir);
    }
    files.length = 0;
    return await storeSeries(ctx, input.caseId, result, { stagingId, uploadSha256: input.uploadSha256 }, onProgress);
  } catch (e) {
    if (stagingDir !== null) await rm(stagingDir, { recursive: true, force: true });
    throw e;
  } finally {
    await discardUpload(input.tempPath); // the original upload is never kept past its ingest
  }
}

/** Where a staged upload keeps its de-identified DICOM files, and the record of their de-identification. */
const STAGED_DICOM = 'dicom';
const STAGED_DEID_SUMMARY = 'deidentification.json';

/**
 * Keep the de-identified files of a multi-series upload for the series picker: written next to the
 * temporary upload (removed at start-up if the server dies meanwhile), then moved into the staging
 * folder in one rename. Files are numbered; the user's file names are not kept.
 */
async function stageDeidentified(
  files: Array<{ bytes: Uint8Array }>, deidentification: IngestResult['deidentification'], scratch: string, stagingDir: string,
): Promise<void> {
  await mkdir(join(scratch, STAGED_DICOM), { recursive: true });
  for (const [i, file] of files.entries()) {
    await writeFile(join(scratch, STAGED_DICOM, `${String(i + 1).padStart(6, '0')}.dcm`), file.bytes, { flag: 'wx' });
  }
  await writeFile(join(scratch, STAGED_DEID_SUMMARY), JSON.stringify(deidentification ?? null), { flag: 'wx' });
  await mkdir(dirname(stagingDir), { recursive: true });
  await rename(scratch, stagingDir);
}

/**
 * Ingest another series (by its pseudonymous key) from a staged multi-series upload of the case, then
 * release the staged upload (its other series are removed; see staged-uploads.ts). A failed ingest
 * keeps it, so that the user can try another series. The staged files are already de-identified with
 * the case's context; they are checked for our marker and read as they are.
 */
export async function ingestStagedSeries(
  ctx: ServiceContext,
  input: { caseId: string; stagingId: string; seriesKey: string },
  onProgress?: OnIngestProgress,
): Promise<IngestOutcome> {
  const existing = await ctx.db.series.findFirst({
    where: { caseId: input.caseId, seriesKey: input.seriesKey },
    select: { id: true },
  });
  if (existing) throw new BadUploadError(`series ${input.seriesKey} is already in this case`);
  const dir = ctx.dataDir.stagingDir(input.caseId, input.stagingId);
  const summary = await readFile(join(dir, STAGED_DEID_SUMMARY), 'utf8').catch(() => null);
  if (summary === null) throw new NotFoundError('staged upload', input.stagingId);
  const result = await runIngest(ctx, input.caseId, [join(dir, STAGED_DICOM)], { seriesKey: input.seriesKey, staged: true }, onProgress);
  result.deidentification = JSON.parse(summary) as IngestResult['deidentification']; // the record of the upload's de-identification
  const outcome = await storeSeries(ctx, input.caseId, result, { stagingId: null, uploadSha256: null }, onProgress);
  // The user has chosen: the series not picked go now, not at the sweep.
  await releaseStagedUpload(ctx, input.caseId, input.stagingId);
  return outcome;
}

/**
 * Read `paths` with the case's de-identification context. `stage`: keep the de-identified files (for a
 * multi-series upload's staging); `staged`: the paths are staged files, already de-identified.
 */
async function runIngest(
  ctx: ServiceContext, caseId: string, paths: string[],
  opts: { seriesKey: string | undefined; stage?: boolean; staged?: boolean }, onProgress?: OnIngestProgress,
): Promise<IngestResult> {
  const deid = createDeidContext(await caseDeidParams(ctx, caseId));
  return ingestCt(paths, {
    deid,
    ...(opts.seriesKey === undefined ? {} : { seriesKey: opts.seriesKey }),
    ...(onProgress === undefined ? {} : { onProgress }),
    keepDeidentifiedFiles: true, // the chosen series' files are stored with it; a multi-series upload stages the rest
    alreadyDeidentified: opts.staged === true,
    limits: ingestLimitsOf(ctx),
  });
}

/**
 * The ingest limits of the server: no file (or zip entry) over the upload limit or the memory budget,
 * at most 4× the upload limit of input in all (work), and the memory budget (MEWM_INGEST_MEMORY_MB).
 */
export function ingestLimitsOf(ctx: ServiceContext): Partial<IngestLimits> {
  return {
    maxFileBytes: Math.max(1, Math.min(ctx.maxUploadBytes, ctx.ingestMemoryBytes)),
    maxTotalBytes: Math.max(1, 4 * ctx.maxUploadBytes),
    maxMemoryBytes: ctx.ingestMemoryBytes,
  };
}

async function storeSeries(
  ctx: ServiceContext, caseId: string, result: IngestResult, opts: { stagingId: string | null; uploadSha256: string | null },
  onProgress?: OnIngestProgress,
): Promise<IngestOutcome> {
  onProgress?.({ stage: 'store', done: 0, total: 1 });
  const t0 = performance.now();
  const bytes = await writeNiftiAsync(result.volume); // gzip off the event loop: the server keeps answering
  const t1 = performance.now();
  const contentSha256 = createHash('sha256').update(bytes).digest('hex');
  // One store at a time per case, so that the same series uploaded several times at once is kept once.
  return withCaseStoreLock(caseId, async () => {
    const same = await ctx.db.series.findFirst({
      where: { caseId, seriesKey: result.chosenSeriesKey ?? null, sha256: contentSha256 },
      select: seriesViewSelect,
    });
    if (same) {
      onProgress?.({ stage: 'store', done: 1, total: 1 });
      return {
        series: toSeriesView(same), found: result.series, stagingId: opts.stagingId, skippedFiles: result.skipped.length, timingsMs: result.timingsMs,
        storeTimingsMs: { niftiEncode: t1 - t0, fileWrite: 0, database: performance.now() - t1 }, existing: true,
      };
    }
    return writeSeries(ctx, caseId, result, opts, bytes, { t0, t1 }, onProgress);
  });
}

/**
 * A DICOM series' de-identified files, numbered in slice order, beside its NIfTI: its plans read them
 * (as already de-identified, so their reports carry the series' DICOM identity) and its DICOM outputs
 * reference them. Written to a temporary folder and renamed: the folder is whole or absent.
 */
async function writeSeriesDicom(dir: string, result: IngestResult): Promise<void> {
  const files = result.deidentifiedSeriesFiles ?? [];
  result.deidentifiedSeriesFiles = undefined;
  if (files.length === 0 || result.dicomReference === undefined) return;
  const partial = `${dir}.partial`;
  await rm(partial, { recursive: true, force: true });
  await mkdir(partial, { recursive: true, mode: 0o700 });
  for (const [i, f] of files.entries()) await writeFile(join(partial, `${String(i + 1).padStart(6, '0')}.dcm`), f.bytes, { mode: 0o600, flag: 'wx' });
  await rename(partial, dir);
}

const caseStoreLocks = new Map<string, Promise<unknown>>();

/** Run `fn` after every earlier store of the same case has finished (in this process). */
async function withCaseStoreLock<T>(caseId: string, fn: () => Promise<T>): Promise<T> {
  const before = caseStoreLocks.get(caseId) ?? Promise.resolve();
  const run = before.then(fn, fn);
  const tail = run.catch(() => undefined);
  caseStoreLocks.set(caseId, tail);
  try {
    return await run;
  } finally {
    if (caseStoreLocks.get(caseId) === tail) caseStoreLocks.delete(caseId);
  }
}

async function writeSeries(
  ctx: ServiceContext, caseId: string, result: IngestResult, opts: { stagingId: string | null; uploadSha256: string | null },
  bytes: Uint8Array, times: { t0: number; t1: number }, onProgress?: OnIngestProgress,
): Promise<IngestOutcome> {
  const { t0, t1 } = times;
  if (!(await ctx.db.case.findUnique({ where: { id: caseId }, select: { id: true } }))) throw new NotFoundError('case', caseId);
  const seriesId = randomUUID();
  const niftiPath = ctx.dataDir.seriesFile(caseId, seriesId);
  const dicomDir = ctx.dataDir.seriesDicomDir(caseId, seriesId);
  const sha256 = await writeFileAtomic(niftiPath, bytes);
  const siblings: SeriesSiblings = { stagingId: opts.stagingId, series: result.series };
  try {
    await writeSeriesDicom(dicomDir, result);
    const t2 = performance.now();
    onProgress?.({ stage: 'store', done: 1, total: 1 });
    const row = await ctx.db.series.create({
      data: {
        id: seriesId,
        caseId,
        seriesKey: result.chosenSeriesKey ?? null,
        sourceFormat: result.format,
        modality: result.volume.meta.modality ?? null,
        imageCount: result.volume.meta.sliceCount ?? result.volume.dims[2],
        dims: JSON.stringify(result.volume.dims),
        spacingMm: JSON.stringify(result.volume.spacingMm),
        affineRas: JSON.stringify(result.volume.affineRas),
        unit: result.volume.meta.unit,
        deidSummary: result.deidentification === undefined ? null : JSON.stringify(result.deidentification),
        dicomReference: result.dicomReference === undefined ? null : JSON.stringify(result.dicomReference),
        siblings: JSON.stringify(siblings),
        warnings: JSON.stringify(result.warnings),
        filePath: ctx.dataDir.relativePath(niftiPath),
        sha256,
        sizeBytes: bytes.byteLength,
      },
      select: seriesViewSelect,
    });
    await recordAudit(ctx, 'upload', caseId, {
      seriesId,
      format: result.format,
      uploadSha256: opts.uploadSha256,
      niftiSha256: sha256,
      seriesFound: result.series.length,
      deidentifiedFiles: result.deidentification?.files ?? 0,
      skippedFiles: result.skipped.length,
    });
    return {
      series: toSeriesView(row),
      found: result.series,
      stagingId: opts.stagingId,
      skippedFiles: result.skipped.length,
      timingsMs: result.timingsMs,
      storeTimingsMs: { niftiEncode: t1 - t0, fileWrite: t2 - t1, database: performance.now() - t2 },
      existing: false,
    };
  } catch (e) {
    await rm(niftiPath, { force: true });
    await rm(dicomDir, { recursive: true, force: true });
    await ctx.db.series.deleteMany({ where: { id: seriesId } }).catch(() => undefined);
    // The case was deleted while this upload was ingested: nothing of it may stay (the write above
    // re-created the case's folder), and the answer is a 404, not a server error.
    if (!(await ctx.db.case.findUnique({ where: { id: caseId }, select: { id: true } }))) {
      await rm(ctx.dataDir.caseDir(caseId), { recursive: true, force: true });
      throw new NotFoundError('case', caseId);
    }
    throw e;
  }
}

