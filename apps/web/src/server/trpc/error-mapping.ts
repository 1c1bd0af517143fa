/**
 * Translate typed errors to tRPC errors: @mewm/dicom's MewmError and our BadUploadError → BAD_REQUEST
 * with the message (they are written for people and hold no identifiers), NotFoundError → NOT_FOUND,
 * UploadTooLargeError → PAYLOAD_TOO_LARGE. Anything else stays INTERNAL_SERVER_ERROR with a generic
 * message, so that nothing unexpected (paths, values) reaches the client.
 */
import { MewmError } from '@mewm/dicom';
import { TRPCError } from '@trpc/server';
import { AppError } from '../errors.ts';

export function toTRPCError(e: unknown): TRPCError {
  const cause = e instanceof TRPCError && e.cause !== undefined ? e.cause : e;
  if (cause instanceof TRPCError) return cause;
  if (cause instanceof MewmError) return new TRPCError({ code: 'BAD_REQUEST', message: cause.message, cause });
  if (cause instanceof AppError) {
    const code = cause.code === 'NOT_FOUND' ? 'NOT_FOUND' : cause.code === 'UPLOAD_TOO_LARGE' ? 'PAYLOAD_TOO_LARGE' : cause.code === 'CONFLICT' ? 'CONFLICT' : 'BAD_REQUEST';
    return new TRPCError({ code, message: cause.message, cause });
  }
  if (e instanceof TRPCError && e.code !== 'INTERNAL_SERVER_ERROR') return e;
  return new TRPCError({ code: 'INTERNAL_SERVER_ERROR', message: 'internal error (see the server log)', cause });
}

/** The HTTP status for an error outside tRPC (the upload and volume route handlers). */
export function httpStatusOf(e: unknown): { status: number; code: string; message: string } {
  const t = toTRPCError(e);
  const status = t.code === 'BAD_REQUEST' ? 400 : t.code === 'NOT_FOUND' ? 404 : t.code === 'PAYLOAD_TOO_LARGE' ? 413 : t.code === 'CONFLICT' ? 409 : 500;
  const code = e instanceof MewmError || e instanceof AppError ? e.code : t.code;
  return { status, code, message: t.message };
}
