/**
 * Translate typed errors to tRPC errors by the kind of their stable code (@mewm/contracts): input →
 * BAD_REQUEST with the message (written for people, no identifiers), not-found → NOT_FOUND,
 * too-large → PAYLOAD_TOO_LARGE, conflict → CONFLICT, busy → TOO_MANY_REQUESTS. Anything else (model, internal, untyped) stays
 * INTERNAL_SERVER_ERROR with a generic message, so that nothing unexpected (paths, values) reaches the client.
 */
import 'server-only';
import { errorCodeOf, errorKindOf, type ErrorKind } from '@mewm/contracts';
import { TRPCError } from '@trpc/server';

type TRPCCode = TRPCError['code'];

const TRPC_CODE_OF_KIND: Partial<Record<ErrorKind, TRPCCode>> = {
  input: 'BAD_REQUEST',
  usage: 'BAD_REQUEST',
  'not-found': 'NOT_FOUND',
  'too-large': 'PAYLOAD_TOO_LARGE',
  conflict: 'CONFLICT',
  busy: 'TOO_MANY_REQUESTS',
};

export function toTRPCError(e: unknown): TRPCError {
  const cause = e instanceof TRPCError && e.cause !== undefined ? e.cause : e;
  if (cause instanceof TRPCError) return cause;
  const kind = errorKindOf(cause);
  const code = kind === undefined ? undefined : TRPC_CODE_OF_KIND[kind];
  if (code !== undefined) return new TRPCError({ code, message: (cause as Error).message, cause });
  if (e instanceof TRPCError && e.code !== 'INTERNAL_SERVER_ERROR') return e;
  return new TRPCError({ code: 'INTERNAL_SERVER_ERROR', message: 'internal error (see the server log)', cause });
}

const HTTP_STATUS: Partial<Record<TRPCCode, number>> = { BAD_REQUEST: 400, NOT_FOUND: 404, PAYLOAD_TOO_LARGE: 413, CONFLICT: 409, TOO_MANY_REQUESTS: 429 };

/** The HTTP status for an error outside tRPC (the upload and volume route handlers). */
export function httpStatusOf(e: unknown): { status: number; code: string; message: string } {
  const t = toTRPCError(e);
  return { status: HTTP_STATUS[t.code] ?? 500, code: errorCodeOf(e) ?? t.code, message: t.message };
}
