/**
 * PACS over DICOMweb for the web app: the endpoints an administrator configured
 * (MEWM_DICOMWEB_ENDPOINTS; credentials MEWM_DICOMWEB_USER / _PASSWORD or _TOKEN), study and series
 * search (QIDO-RS), and import of a study or series into a case (WADO-RS) through the same de-identified
 * ingest as an upload.
 *
 * Patient identifiers come back in a search, for the planner to recognise the study, and go nowhere
 * else: they are not stored, logged or audited. A retrieved study is written to the data directory's
 * `tmp/<id>/dicom/` (removed after its ingest, and at start-up if the server dies meanwhile) and counts
 * against MEWM_MAX_UPLOAD_MB like an upload.
 */
import 'server-only';
import { randomUUID } from 'node:crypto';
import { mkdir, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { dicomWebEndpoint, retrieveToFolder, searchSeries, searchStudies, type DicomWebEndpoint, type SeriesMatch, type StudyMatch } from '@mewm/dicom';
import { NotFoundError, UploadTooLargeError } from '../errors.ts';
import { getCase } from './cases.ts';
import type { ServiceContext } from './context.ts';
import { ingestReceivedUpload, type IngestOutcome, type OnIngestProgress } from './ingest-upload.ts';

/** The configured PACS, by name (their URLs stay on the server). */
export function listPacs(ctx: ServiceContext): Array<{ name: string }> {
  return ctx.dicomWebEndpoints.map(({ name }) => ({ name }));
}

/** A configured PACS by name, with the server's credentials; NotFoundError for another name. */
export function pacsEndpointOf(ctx: ServiceContext, name: string): DicomWebEndpoint {
  const configured = ctx.dicomWebEndpoints.find((e) => e.name === name);
  if (!configured) throw new NotFoundError('PACS', name);
  return dicomWebEndpoint(configured.url);
}

export function searchPacsStudies(ctx: ServiceContext, input: { pacs: string; patientId?: string | undefined; modality?: string | undefined }): Promise<StudyMatch[]> {
  return searchStudies(pacsEndpointOf(ctx, input.pacs), {
    ...(input.patientId ? { patientId: input.patientId } : {}),
    ...(input.modality ? { modality: input.modality } : {}),
    limit: 100,
  });
}

export function searchPacsSeries(ctx: ServiceContext, input: { pacs: string; studyInstanceUid: string }): Promise<SeriesMatch[]> {
  return searchSeries(pacsEndpointOf(ctx, input.pacs), input.studyInstanceUid);
}

/** Retrieve a study (or one series) from the PACS and ingest it into the case, de-identified. */
export async function importFromPacs(
  ctx: ServiceContext,
  input: { caseId: string; pacs: string; studyInstanceUid: string; seriesInstanceUid?: string | undefined },
  onProgress?: OnIngestProgress,
): Promise<IngestOutcome> {
  const ep = pacsEndpointOf(ctx, input.pacs);
  await getCase(ctx, input.caseId);
  const dir = join(ctx.dataDir.tmpDir(), randomUUID(), 'dicom');
  await mkdir(dir, { recursive: true });
  let bytes = 0;
  try {
    await retrieveToFolder(ep, input.studyInstanceUid, input.seriesInstanceUid, dir, {
      onInstance: (i, byteLength) => {
        bytes += byteLength;
        if (bytes > ctx.maxUploadBytes) throw new UploadTooLargeError(ctx.maxUploadBytes);
        onProgress?.({ stage: 'retrieve', done: i + 1, total: 0 });
      },
    });
  } catch (e) {
    await rm(dirname(dir), { recursive: true, force: true });
    throw e;
  }
  // the retrieved folder is consumed like an upload: ingested, then removed whatever the outcome
  return ingestReceivedUpload(ctx, { caseId: input.caseId, tempPath: dir, uploadSha256: null }, onProgress);
}
