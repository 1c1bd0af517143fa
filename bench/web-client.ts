/**
 * HTTP client helpers for bench/web: tRPC calls over plain HTTP (the fetch adapter, no transformer,
 * one call per request) and the CT upload exactly as the browser sends it (src/client/upload-file.ts:
 * one POST whose raw body is the file, `X-Upload-Name` for its kind; a folder is a level-0 zip).
 */
import { randomUUID } from 'node:crypto';
import { request } from 'node:http';
import { performance } from 'node:perf_hooks';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { zipSync } from 'fflate';

export async function trpcQuery<T>(baseUrl: string, path: string, input?: unknown): Promise<T> {
  const qs = input === undefined ? '' : `?input=${encodeURIComponent(JSON.stringify(input))}`;
  return unwrap<T>(path, await fetch(`${baseUrl}/api/trpc/${path}${qs}`));
}

export async function trpcMutation<T>(baseUrl: string, path: string, input?: unknown): Promise<T> {
  const res = await fetch(`${baseUrl}/api/trpc/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    ...(input === undefined ? {} : { body: JSON.stringify(input) }),
  });
  return unwrap<T>(path, res);
}

async function unwrap<T>(path: string, res: Response): Promise<T> {
  const body = (await res.json()) as { result?: { data: T }; error?: unknown };
  if (!body.result) throw new Error(`tRPC ${path} failed (HTTP ${res.status}): ${JSON.stringify(body.error)}`);
  return body.result.data;
}

/** A DICOM folder as the browser sends it: every .dcm file in one zip stored without compression. */
export function zipFolder(dir: string, prefix: string): Uint8Array {
  const entries: Record<string, Uint8Array> = {};
  for (const name of readdirSync(dir).filter((f) => f.endsWith('.dcm')).sort()) {
    entries[`${prefix}/${name}`] = new Uint8Array(readFileSync(join(dir, name)));
  }
  return zipSync(entries, { level: 0 });
}

export interface UploadTiming<T> {
  status: number;
  body: T;
  /** Request start → the whole body handed to the OS (≈ received by the server on localhost). */
  sentMs: number;
  /** Request start → response complete (the route answers after the ingest). */
  totalMs: number;
  /** The route's Server-Timing phases (ms), when it sends them. */
  serverTimingMs: Record<string, number>;
}

/** POST one file to /api/cases/:caseId/upload as src/client/upload-file.ts does (with a progress id). */
export function uploadFile<T>(
  baseUrl: string, caseId: string, bytes: Uint8Array, name: string, progressId: string = randomUUID(),
): Promise<UploadTiming<T>> {
  const url = new URL(`/api/cases/${encodeURIComponent(caseId)}/upload?progressId=${progressId}`, baseUrl);
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    let sentMs = NaN;
    const req = request(url, {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream', 'content-length': String(bytes.byteLength), 'x-upload-name': name },
    }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', reject);
      res.on('end', () => {
        const totalMs = performance.now() - t0;
        try {
          resolve({
            status: res.statusCode ?? 0,
            body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as T,
            sentMs: Number.isNaN(sentMs) ? totalMs : sentMs,
            totalMs,
            serverTimingMs: parseServerTiming(res.headers['server-timing']),
          });
        } catch (e) {
          reject(e instanceof Error ? e : new Error(String(e)));
        }
      });
    });
    req.on('finish', () => { sentMs = performance.now() - t0; });
    req.on('error', reject);
    req.end(bytes);
  });
}

/** `a;dur=1.5, b;dur=2` → { a: 1.5, b: 2 } */
export function parseServerTiming(header: string | string[] | undefined): Record<string, number> {
  const out: Record<string, number> = {};
  for (const part of (Array.isArray(header) ? header.join(',') : header ?? '').split(',')) {
    const m = /^\s*([A-Za-z0-9_-]+)\s*;.*?dur=([0-9.]+)/.exec(part);
    if (m) out[m[1]!] = Number(m[2]);
  }
  return out;
}

/** Percentile (nearest rank) of `xs`; NaN when empty. */
export function percentile(xs: number[], p: number): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]!;
}

export const median = (xs: number[]): number => percentile(xs, 50);
