/**
 * Route-handler helpers for streaming a stored file (NIfTI for NiiVue) and for turning a service error
 * into its JSON error response. The path always comes from a service that checked it; nothing here
 * looks at request input.
 */
import 'server-only';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { BusyError } from '../errors.ts';
import { httpStatusOf } from '../trpc/error-mapping.ts';

export interface FileResponseOptions {
  /** inline filename (NiiVue picks its loader from the extension). */
  filename?: string;
  /** Content hash: an ETag and an immutable cache; without it, a private one-hour cache. */
  sha256?: string;
}

export async function fileResponse(path: string, opts: FileResponseOptions = {}): Promise<Response> {
  const { size } = await stat(path);
  const body = Readable.toWeb(createReadStream(path)) as unknown as ReadableStream<Uint8Array>;
  return new Response(body, {
    headers: {
      'content-type': 'application/octet-stream',
      'content-length': String(size),
      ...(opts.filename ? { 'content-disposition': `inline; filename="${opts.filename}"` } : {}),
      ...(opts.sha256
        ? { etag: `"${opts.sha256}"`, 'cache-control': 'private, max-age=31536000, immutable' }
        : { 'cache-control': 'private, max-age=3600' }),
    },
  });
}

/**
 * A service error as its HTTP status and `{ error: { code, message } }`; a busy server's 429 carries
 * Retry-After. With `what`, a server error is logged as "[mewm] <what> failed: <error class>" (never
 * its message, which may quote input).
 */
export function errorResponse(e: unknown, what?: string): Response {
  const { status, code, message } = httpStatusOf(e);
  if (status >= 500 && what !== undefined) console.error(`[mewm] ${what} failed: ${e instanceof Error ? e.name : typeof e}`);
  const headers: Record<string, string> = e instanceof BusyError ? { 'retry-after': String(e.retryAfterSeconds) } : {};
  return Response.json({ error: { code, message } }, { status, headers });
}

/** A 400 for malformed route input. */
export function badRequest(message: string): Response {
  return Response.json({ error: { code: 'BAD_REQUEST', message } }, { status: 400 });
}
