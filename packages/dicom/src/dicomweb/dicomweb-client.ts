/**
 * A DICOMweb client for a PACS: QIDO-RS search (studies, series), WADO-RS retrieve (a study or one
 * series, as DICOM Part 10 instances) and STOW-RS store, over fetch.
 *
 * Written here: the maintained JavaScript client (dicomweb-client, dcmjs-org) is built on the browser's
 * XMLHttpRequest and buffers whole multipart responses; on the server we need fetch, credentials from the
 * environment and instances streamed to disk one at a time (a study can be gigabytes).
 *
 * Credentials come from the environment, never from a command line: MEWM_DICOMWEB_TOKEN (Bearer) or
 * MEWM_DICOMWEB_USER with MEWM_DICOMWEB_PASSWORD (Basic). Errors are DicomWebError naming the server's
 * answer (status, never a patient value).
 */
import { randomUUID } from 'node:crypto';
import { DicomWebError } from '../errors.ts';

export interface DicomWebEndpoint {
  /** The service root, e.g. http://127.0.0.1:8042/dicom-web (no trailing slash needed). */
  url: string;
  authorization?: string;
}

/** The endpoint at `url`, with credentials from the environment (see the module comment). */
export function dicomWebEndpoint(url: string, env: Record<string, string | undefined> = process.env): DicomWebEndpoint {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new DicomWebError(`"${url}" is not a URL (expected e.g. http://pacs.example:8042/dicom-web)`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new DicomWebError(`the DICOMweb URL must be http or https, got ${parsed.protocol}`);
  if (parsed.username !== '' || parsed.password !== '') {
    throw new DicomWebError('put no credentials in the DICOMweb URL; use MEWM_DICOMWEB_USER and MEWM_DICOMWEB_PASSWORD (or MEWM_DICOMWEB_TOKEN)');
  }
  const root = parsed.toString().replace(/\/+$/, '');
  if (env.MEWM_DICOMWEB_TOKEN) return { url: root, authorization: `Bearer ${env.MEWM_DICOMWEB_TOKEN}` };
  if (env.MEWM_DICOMWEB_USER) {
    const basic = Buffer.from(`${env.MEWM_DICOMWEB_USER}:${env.MEWM_DICOMWEB_PASSWORD ?? ''}`, 'utf8').toString('base64');
    return { url: root, authorization: `Basic ${basic}` };
  }
  return { url: root };
}

/** One study found by QIDO-RS. Patient identifiers are for showing in the search only. */
export interface StudyMatch {
  studyInstanceUid: string;
  patientId: string;
  patientName: string;
  studyDate: string;
  studyDescription: string;
  accessionNumber: string;
  modalities: string[];
  seriesCount: number | undefined;
  instanceCount: number | undefined;
}

export interface SeriesMatch {
  seriesInstanceUid: string;
  modality: string;
  seriesNumber: number | undefined;
  seriesDescription: string;
  instanceCount: number | undefined;
}

export interface StudyQuery {
  patientId?: string;
  modality?: string;
  studyInstanceUid?: string;
  /** YYYYMMDD or a range YYYYMMDD-YYYYMMDD. */
  studyDate?: string;
  limit?: number;
}

type DicomJson = Record<string, { vr: string; Value?: unknown[] }>;

/** QIDO-RS /studies. */
export async function searchStudies(ep: DicomWebEndpoint, query: StudyQuery = {}): Promise<StudyMatch[]> {
  const params = new URLSearchParams();
  if (query.patientId) params.set('PatientID', query.patientId);
  if (query.modality) params.set('ModalitiesInStudy', query.modality);
  if (query.studyInstanceUid) params.set('StudyInstanceUID', query.studyInstanceUid);
  if (query.studyDate) params.set('StudyDate', query.studyDate);
  params.set('limit', String(query.limit ?? 100));
  for (const field of ['00081030', '00080061', '00201206', '00201208', '00100010', '00100020', '00080020', '00080050']) params.append('includefield', field);
  const rows = await getJson(ep, `/studies?${params.toString()}`);
  return rows.map((r) => ({
    studyInstanceUid: str(r, '0020000D'),
    patientId: str(r, '00100020'),
    patientName: str(r, '00100010'),
    studyDate: str(r, '00080020'),
    studyDescription: str(r, '00081030'),
    accessionNumber: str(r, '00080050'),
    modalities: (r['00080061']?.Value ?? []).map(String),
    seriesCount: num(r, '00201206'),
    instanceCount: num(r, '00201208'),
  }));
}

/** QIDO-RS /studies/{uid}/series. */
export async function searchSeries(ep: DicomWebEndpoint, studyInstanceUid: string): Promise<SeriesMatch[]> {
  checkUid(studyInstanceUid, 'study');
  const rows = await getJson(ep, `/studies/${studyInstanceUid}/series?includefield=00201209&includefield=0008103E`);
  return rows.map((r) => ({
    seriesInstanceUid: str(r, '0020000E'),
    modality: str(r, '00080060'),
    seriesNumber: num(r, '00200011'),
    seriesDescription: str(r, '0008103E'),
    instanceCount: num(r, '00201209'),
  }));
}

/**
 * WADO-RS: retrieve a study (or one of its series) as DICOM Part 10 instances, handing each to
 * `onInstance` as it arrives (the response is not held whole). Returns the number of instances.
 */
export async function retrieveInstances(
  ep: DicomWebEndpoint, studyInstanceUid: string, seriesInstanceUid: string | undefined,
  onInstance: (bytes: Uint8Array, index: number) => Promise<void>,
): Promise<number> {
  checkUid(studyInstanceUid, 'study');
  if (seriesInstanceUid !== undefined) checkUid(seriesInstanceUid, 'series');
  const path = `/studies/${studyInstanceUid}${seriesInstanceUid === undefined ? '' : `/series/${seriesInstanceUid}`}`;
  const res = await request(ep, path, 'multipart/related; type="application/dicom"');
  const boundary = /boundary="?([^";]+)"?/i.exec(res.headers.get('content-type') ?? '')?.[1];
  if (boundary === undefined || res.body === null) throw new DicomWebError(`the DICOMweb server answered ${path} without a multipart body`);
  let count = 0;
  for await (const part of multipartParts(chunksOf(res.body), boundary)) {
    await onInstance(part, count);
    count++;
  }
  if (count === 0) throw new DicomWebError(`the DICOMweb server returned no instance for ${seriesInstanceUid === undefined ? 'the study' : 'the series'}`);
  return count;
}

async function* chunksOf(body: ReadableStream<Uint8Array>): AsyncGenerator<Uint8Array> {
  const reader = body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      yield value;
    }
  } finally {
    // a consumer that stopped early (a limit, the close delimiter before the stream's end) frees the
    // connection; not awaited: under Next.js's patched fetch the cancel of a tee'd body can wait forever
    reader.cancel().catch(() => undefined);
  }
}

/** The bodies of a multipart/related stream, one at a time. */
export async function* multipartParts(body: AsyncIterable<Uint8Array>, boundary: string): AsyncGenerator<Uint8Array> {
  const delimiter = Buffer.from(`--${boundary}`, 'latin1');
  let buffer = Buffer.alloc(0);
  let inPart = false; // a delimiter has been seen: what follows it up to the next one is a part
  let afterDelimiter = false; // the buffer starts right after a delimiter ("--" there closes the body)
  for await (const chunk of body) {
    buffer = buffer.length === 0 ? Buffer.from(chunk) : Buffer.concat([buffer, chunk]);
    for (;;) {
      if (afterDelimiter) {
        if (buffer.length < 2) break;
        if (buffer[0] === 0x2d && buffer[1] === 0x2d) return; // the close delimiter
        afterDelimiter = false;
        inPart = true;
      }
      const at = buffer.indexOf(delimiter);
      if (at < 0) break;
      if (inPart) yield partContent(buffer.subarray(0, at));
      buffer = buffer.subarray(at + delimiter.length);
      afterDelimiter = true;
    }
  }
  throw new DicomWebError('the multipart response ended before its close delimiter');
}

/** A part's body: after its headers, without the CR LF that precedes the next delimiter. */
function partContent(part: Buffer): Uint8Array {
  const headerEnd = part.indexOf('\r\n\r\n');
  if (headerEnd < 0) throw new DicomWebError('a multipart part has no header end');
  const end = part.length >= 2 && part[part.length - 2] === 0x0d && part[part.length - 1] === 0x0a ? part.length - 2 : part.length;
  return new Uint8Array(part.subarray(headerEnd + 4, end));
}

async function getJson(ep: DicomWebEndpoint, path: string): Promise<DicomJson[]> {
  const res = await request(ep, path, 'application/dicom+json');
  if (res.status === 204) return [];
  const text = await res.text();
  if (text.trim() === '') return [];
  try {
    const json = JSON.parse(text) as unknown;
    if (!Array.isArray(json)) throw new Error('not an array');
    return json as DicomJson[];
  } catch {
    throw new DicomWebError(`the DICOMweb server answered ${path.split('?')[0]} with something that is not DICOM JSON`);
  }
}

/**
 * A request to the server; auth and unreachable servers are DicomWebErrors. A status outside 2xx is one
 * too, unless `answerErrors` (STOW-RS explains its failures in the body of a 409).
 */
async function request(
  ep: DicomWebEndpoint, path: string, accept: string, init: { method?: string; contentType?: string; body?: Uint8Array; answerErrors?: boolean } = {},
): Promise<Response> {
  let res: Response;
  try {
    res = await fetch(`${ep.url}${path}`, {
      method: init.method ?? 'GET',
      headers: {
        accept,
        ...(init.contentType ? { 'content-type': init.contentType } : {}),
        ...(ep.authorization ? { authorization: ep.authorization } : {}),
      },
      ...(init.body ? { body: init.body as Uint8Array<ArrayBuffer> } : {}),
    });
  } catch (e) {
    throw new DicomWebError(`cannot reach the DICOMweb server at ${ep.url} (${e instanceof Error && e.cause instanceof Error ? e.cause.message : 'network error'})`, { cause: e });
  }
  if (res.status === 401 || res.status === 403) {
    await res.body?.cancel();
    throw new DicomWebError(`the DICOMweb server refused the request (HTTP ${res.status}): set MEWM_DICOMWEB_USER and MEWM_DICOMWEB_PASSWORD, or MEWM_DICOMWEB_TOKEN`, { status: res.status });
  }
  if (!res.ok && init.answerErrors !== true) {
    await res.body?.cancel();
    throw new DicomWebError(`the DICOMweb server answered HTTP ${res.status} for ${path.split('?')[0]}`, { status: res.status });
  }
  return res;
}

function str(r: DicomJson, tag: string): string {
  const v = r[tag]?.Value?.[0];
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return String(v);
  if (typeof v === 'object' && v !== null && 'Alphabetic' in v && typeof v.Alphabetic === 'string') return v.Alphabetic; // PN
  return '';
}

function num(r: DicomJson, tag: string): number | undefined {
  const v = r[tag]?.Value?.[0];
  return typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : undefined;
}

function checkUid(uid: string, what: string): void {
  if (!/^[0-9]+(\.[0-9]+)*$/.test(uid) || uid.length > 64) throw new DicomWebError(`the ${what} UID "${uid}" is not a DICOM UID (digits and dots, at most 64)`);
}

export interface StoreResult {
  /** Instances the server stored. */
  stored: number;
  /** Instances it refused, with its failure reason code (0008,1197) when it gave one. */
  failed: Array<{ sopInstanceUid: string; reason: number | undefined }>;
}

/**
 * STOW-RS: store DICOM Part 10 instances in a study on the server (POST {root}/studies), in requests of
 * at most `batchBytes` (default 64 MiB) so that a large series is not held in one body.
 */
export async function storeInstances(
  ep: DicomWebEndpoint, instances: AsyncIterable<Uint8Array>, opts: { batchBytes?: number } = {},
): Promise<StoreResult> {
  const limit = opts.batchBytes ?? 64 * 1024 * 1024;
  const result: StoreResult = { stored: 0, failed: [] };
  let batch: Uint8Array[] = [];
  let size = 0;
  const flush = async () => {
    if (batch.length === 0) return;
    const r = await postStow(ep, batch);
    result.stored += r.stored;
    result.failed.push(...r.failed);
    batch = [];
    size = 0;
  };
  for await (const instance of instances) {
    if (size > 0 && size + instance.byteLength > limit) await flush();
    batch.push(instance);
    size += instance.byteLength;
  }
  await flush();
  return result;
}

async function postStow(ep: DicomWebEndpoint, instances: Uint8Array[]): Promise<StoreResult> {
  const boundary = `mewm-${randomUUID()}`;
  const parts: Uint8Array[] = [];
  for (const bytes of instances) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Type: application/dicom\r\nContent-Length: ${bytes.byteLength}\r\n\r\n`, 'latin1'), bytes, Buffer.from('\r\n', 'latin1'));
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`, 'latin1'));
  const res = await request(ep, '/studies', 'application/dicom+json', {
    method: 'POST', contentType: `multipart/related; type="application/dicom"; boundary=${boundary}`, body: Buffer.concat(parts), answerErrors: true,
  });
  const text = await res.text();
  let answer: DicomJson = {};
  try {
    if (text.trim() !== '') answer = JSON.parse(text) as DicomJson;
  } catch {
    // nothing readable: judged by the status below
  }
  const stored = (answer['00081199']?.Value ?? []) as DicomJson[];
  const failed = ((answer['00081198']?.Value ?? []) as DicomJson[]).map((item) => ({ sopInstanceUid: str(item, '00081155'), reason: num(item, '00081197') }));
  if (!res.ok && stored.length === 0 && failed.length === 0) {
    throw new DicomWebError(`the DICOMweb server answered HTTP ${res.status} to STOW-RS`, { status: res.status });
  }
  return { stored: stored.length, failed };
}
