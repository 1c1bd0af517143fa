/**
 * tRPC over HTTP (fetch adapter). Request bodies are JSON of forms and ids: over 1 MiB
 * (TRPC_MAX_BODY_BYTES) gets 413 — declared sizes in src/proxy.ts before the body is read, undeclared
 * ones here while it is counted. A busy server's 429 (too many ingests) carries Retry-After.
 */
import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { bodyTooLarge, TRPC_MAX_BODY_BYTES } from '../../../../request-guard.ts';
import { appContext } from '../../../../server/services/app-context.ts';
import { INGEST_RETRY_AFTER_SECONDS } from '../../../../server/services/ingest-slots.ts';
import { appRouter } from '../../../../server/trpc/app-router.ts';

export const runtime = 'nodejs';

async function handler(req: Request): Promise<Response> {
  let request = req;
  if (req.body !== null) {
    const body = await readAtMost(req.body, TRPC_MAX_BODY_BYTES);
    if (body === null) return bodyTooLarge(TRPC_MAX_BODY_BYTES);
    request = new Request(req.url, { method: req.method, headers: req.headers, body, signal: req.signal });
  }
  return fetchRequestHandler({
    endpoint: '/api/trpc',
    req: request,
    router: appRouter,
    createContext: () => appContext(),
    onError: ({ error, path }) => {
      // Codes and procedure names only: messages may quote user input.
      if (error.code === 'INTERNAL_SERVER_ERROR') console.error(`[mewm] trpc ${path ?? '?'} failed: ${error.cause?.name ?? error.name}`);
    },
    responseMeta: ({ errors }) =>
      errors.some((e) => e.code === 'TOO_MANY_REQUESTS') ? { headers: { 'retry-after': String(INGEST_RETRY_AFTER_SECONDS) } } : {},
  });
}

/** The whole body, or null as soon as it passes `limit` bytes (the rest is not read). */
async function readAtMost(body: ReadableStream<Uint8Array>, limit: number): Promise<Uint8Array<ArrayBuffer> | null> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
  const joined = Buffer.concat(chunks);
  return new Uint8Array(joined.buffer, joined.byteOffset, joined.byteLength);
}

export { handler as GET, handler as POST };
