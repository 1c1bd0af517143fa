/**
 * Uploads against the real production server on loopback (issue 20, items 2 and 3):
 *
 * - owner-only data: the data directory 0700, the database and every stored file 0600;
 * - tRPC bodies over 1 MiB get 413, declared (Content-Length) or not (chunked);
 * - a small zip that expands past the ingest's memory budget (real CT headers, compressible pixels,
 *   ratio ≈ 60: under the zip-bomb ratio limits) is refused with 413, and the server's peak memory
 *   during it (VmHWM, reset before) stays within the budget;
 * - a third concurrent upload gets 429 with Retry-After while two are being received;
 * - after SIGKILL mid-upload the original upload left in tmp/ is gone, and permissions loosened while
 *   the server was down are owner-only again, by the time the restarted server answers.
 */
import { randomBytes } from 'node:crypto';
import { request } from 'node:http';
import { chmodSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sharedData } from '../../../../test/support/shared-data.ts';
import { startServer, type RunningServer } from './support/server.ts';

const BUDGET_MB = 256;
const work = mkdtempSync(join(tmpdir(), 'mewm-upload-hardening-'));
const dataDir = join(work, 'data');
const crlmDir = sharedData('crlm-ct', 'CRLM-CT-1006');
const crlmFiles = readdirSync(crlmDir).filter((f) => f.endsWith('.dcm')).sort();
let server: RunningServer;
let caseId: string;

beforeAll(async () => {
  server = await startServer({ timeoutMs: 600_000, work, env: { MEWM_INGEST_MEMORY_MB: String(BUDGET_MB), MEWM_MAX_CONCURRENT_INGESTS: '2' } });
  caseId = await createCase();
}, 660_000);
afterAll(async () => {
  await server?.stop();
  rmSync(work, { recursive: true, force: true });
});

async function createCase(): Promise<string> {
  const res = await fetch(`${server.url}/api/trpc/cases.create`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ disease: 'crlm' }) });
  expect(res.status).toBe(200);
  return ((await res.json()) as { result: { data: { id: string } } }).result.data.id;
}

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  json: () => unknown;
}

/**
 * POST on a fresh connection (no keep-alive: a pooled connection the server has just closed after its
 * 5 s idle timeout would fail the write with EPIPE). `body` null: the first 64 KiB of a chunked body
 * now and the rest never, until `abort`.
 */
function post(path: string, body: Uint8Array | string | null, headers: Record<string, string>): { abort: () => void; answer: Promise<Answer> } {
  const url = new URL(path, server.url);
  const req = request({ host: url.hostname, port: url.port, path: url.pathname, method: 'POST', agent: false, headers: body === null ? { ...headers, 'transfer-encoding': 'chunked' } : headers });
  const answer = new Promise<Answer>((resolve, reject) => {
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, json: () => JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown }));
    });
    req.on('error', reject);
  });
  if (body === null) req.write(new Uint8Array(64 * 1024).fill(7));
  else req.end(body);
  return { abort: () => req.destroy(), answer };
}

function upload(bytes: Uint8Array, name: string): Promise<Answer> {
  return post(`/api/cases/${caseId}/upload`, bytes, { 'x-upload-name': name }).answer;
}

/** An upload whose body arrives slowly: the first chunk now, the rest never (until `abort`). */
function slowUpload(): { abort: () => void; answer: Promise<Answer> } {
  const started = post(`/api/cases/${caseId}/upload`, null, { 'x-upload-name': 'slow.zip' });
  started.answer.catch(() => undefined); // aborted by the test
  return started;
}

function entriesUnder(dir: string): string[] {
  try {
    return readdirSync(dir, { recursive: true, encoding: 'utf8' }).map((f) => join(dir, f));
  } catch {
    return [];
  }
}

async function until(what: string, check: () => boolean, timeoutMs = 30_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((res) => setTimeout(res, 50));
  }
}

/** The Next.js server process: the largest of start.mjs's process group. */
function serverPid(): number {
  const rss = (pid: number) => statusKb(pid, 'VmRSS');
  return server.processes().filter((pid) => rss(pid) > 0).sort((a, b) => rss(b) - rss(a))[0]!;
}

function statusKb(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  try {
    const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

/** A real CT slice whose pixel data is zero but for its first 9 KiB of noise: deflates about 50×. */
function compressibleSlice(): Uint8Array {
  const bytes = new Uint8Array(readFileSync(join(crlmDir, crlmFiles[0]!)));
  const pixelBytes = 512 * 512 * 2;
  const start = bytes.length - pixelBytes;
  expect(new DataView(bytes.buffer, bytes.byteOffset).getUint32(start - 4, true)).toBe(pixelBytes); // pixel data ends the file
  bytes.fill(0, start);
  bytes.set(randomBytes(9 * 1024), start);
  return bytes;
}

describe('uploads against the real server', () => {
  it('keeps the data owner-only: the data directory 0700, the database and stored files 0600', async () => {
    const entries: Record<string, Uint8Array> = {};
    for (const f of crlmFiles.slice(0, 4)) entries[f] = new Uint8Array(readFileSync(join(crlmDir, f)));
    const res = await upload(zipSync(entries, { level: 0 }), 'ct.zip');
    expect(res.status).toBe(201);
    expect(statSync(dataDir).mode & 0o777).toBe(0o700);
    expect(statSync(join(work, 'mewm.db')).mode & 0o777).toBe(0o600);
    const stored = entriesUnder(dataDir);
    expect(stored.some((p) => p.endsWith('.nii.gz'))).toBe(true);
    expect(stored.filter((p) => (statSync(p).mode & 0o077) !== 0)).toEqual([]);
  });

  it('refuses tRPC bodies over 1 MiB with 413, declared or streamed, and accepts smaller ones', async () => {
    const big = JSON.stringify({ disease: 'crlm', padding: 'x'.repeat(1_100_000) });
    const json = { 'content-type': 'application/json' };
    const declared = await post('/api/trpc/cases.create', big, { ...json, 'content-length': String(Buffer.byteLength(big)) }).answer;
    expect(declared.status).toBe(413);
    expect((declared.json() as { error: { code: string } }).error.code).toBe('PAYLOAD_TOO_LARGE');

    const url = new URL(`${server.url}/api/trpc/cases.create`);
    const chunked = await new Promise<number>((resolve, reject) => {
      const req = request({ host: url.hostname, port: url.port, path: url.pathname, method: 'POST', agent: false, headers: { ...json, 'transfer-encoding': 'chunked' } });
      req.on('response', (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      for (let i = 0; i < 11; i++) req.write(big.slice(i * 100_000, (i + 1) * 100_000));
      req.end(big.slice(1_100_000));
    });
    expect(chunked).toBe(413);

    const small = JSON.stringify({ disease: 'crlm', padding: 'x'.repeat(500_000) });
    expect((await post('/api/trpc/cases.create', small, { ...json, 'content-length': String(Buffer.byteLength(small)) }).answer).status).toBe(200);
  });

  it('refuses a zip that expands past the memory budget with 413, the server staying within the budget', async () => {
    const slice = compressibleSlice();
    const entries: Record<string, Uint8Array> = {};
    const count = Math.ceil((2.5 * BUDGET_MB * 1024 * 1024) / slice.length);
    for (let i = 0; i < count; i++) entries[`s/${String(i).padStart(5, '0')}.dcm`] = slice;
    const zip = zipSync(entries, { level: 1 });
    const expanded = count * slice.length;
    expect(expanded / zip.length).toBeGreaterThan(40); // a "small request" that expands a lot, under the ratio limits
    expect(expanded / zip.length).toBeLessThan(100);

    const pid = serverPid();
    writeFileSync(`/proc/${pid}/clear_refs`, '5'); // reset the peak (VmHWM) to the current RSS
    const before = statusKb(pid, 'VmRSS');
    const res = await upload(zip, 'big.zip');
    const peak = statusKb(pid, 'VmHWM');
    expect(res.status).toBe(413);
    const body = res.json() as { error: { code: string; message: string } };
    expect(body.error.code).toBe('INPUT_TOO_LARGE');
    expect(body.error.message).toMatch(/holds in memory .*over the limit of 256/);
    const grownMb = (peak - before) / 1024;
    console.log(`[upload-hardening] ${(expanded / 2 ** 20).toFixed(0)} MiB in a ${(zip.length / 2 ** 20).toFixed(1)} MiB zip: server RSS ${(before / 1024).toFixed(0)} MiB before, peak +${grownMb.toFixed(0)} MiB (budget ${BUDGET_MB} MiB)`);
    expect(grownMb).toBeLessThan(BUDGET_MB);
    expect(entriesUnder(join(dataDir, 'tmp'))).toEqual([]);
  }, 120_000);

  it('answers a third concurrent upload 429 with Retry-After, and frees the slots when the others end', async () => {
    const a = slowUpload();
    const b = slowUpload();
    await until('two uploads being received', () => entriesUnder(join(dataDir, 'tmp')).filter((p) => p.endsWith('upload.zip')).length === 2);
    const third = await upload(new Uint8Array(1024), 'third.zip');
    expect(third.status).toBe(429);
    expect(third.headers['retry-after']).toBe('5');
    expect((third.json() as { error: { code: string } }).error.code).toBe('BUSY');
    a.abort();
    b.abort();
    await until('the aborted uploads removed', () => readdirSync(join(dataDir, 'tmp')).length === 0);
    const entries: Record<string, Uint8Array> = {};
    for (const f of crlmFiles.slice(10, 13)) entries[f] = new Uint8Array(readFileSync(join(crlmDir, f)));
    expect((await upload(zipSync(entries, { level: 0 }), 'ct.zip')).status).toBe(201);
  }, 120_000);

  it('after SIGKILL mid-upload, the restarted server has removed the original upload and made loosened files owner-only before it answers', async () => {
    const slow = slowUpload();
    const tmp = join(dataDir, 'tmp');
    await until('the upload on disk', () => entriesUnder(tmp).some((p) => /upload\.zip$/.test(p) && statSync(p).size > 0));
    await server.crash();
    slow.abort();
    expect(entriesUnder(tmp).filter((p) => p.endsWith('upload.zip'))).toHaveLength(1); // what a crash leaves
    const nifti = entriesUnder(dataDir).find((p) => p.endsWith('.nii.gz'))!;
    chmodSync(nifti, 0o644);
    chmodSync(dataDir, 0o755);

    server = await startServer({ timeoutMs: 600_000, work, env: { MEWM_INGEST_MEMORY_MB: String(BUDGET_MB) } });
    expect(entriesUnder(tmp)).toEqual([]);
    expect(statSync(dataDir).mode & 0o777).toBe(0o700);
    expect(statSync(nifti).mode & 0o777).toBe(0o600);
    expect(server.log()).toMatch(/\[mewm\] start-up: 2 permission\(s\) made owner-only, 1 temporary and 0 original staged upload\(s\) removed/);
    expect(server.log()).not.toContain(caseId);
  }, 660_000);
});
