/**
 * Typed errors of the web application, on the shared MewmError base of @mewm/contracts. Routers
 * translate every typed error to a tRPC code by its kind (trpc/error-mapping.ts). Messages are for
 * people and never hold identifiers or paths.
 */
import 'server-only';
import { MewmError, type ErrorCode } from '@mewm/contracts';

export type AppErrorCode = Extract<ErrorCode, 'NOT_FOUND' | 'UPLOAD_TOO_LARGE' | 'BAD_UPLOAD' | 'CONFLICT' | 'BAD_INPUT' | 'BUSY'>;

export class AppError extends MewmError {
  declare readonly code: AppErrorCode;
  // eslint-disable-next-line @typescript-eslint/no-useless-constructor -- narrows the accepted codes to the web app's
  constructor(code: AppErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
  }
}

/** A case, series or staged upload that does not exist (or no longer does). */
export class NotFoundError extends AppError {
  constructor(what: string, id: string) {
    super('NOT_FOUND', `${what} "${id}" not found`);
  }
}

/** An upload over MEWM_MAX_UPLOAD_MB. */
export class UploadTooLargeError extends AppError {
  readonly limitBytes: number;
  constructor(limitBytes: number) {
    super('UPLOAD_TOO_LARGE', `the upload is over the limit of ${Math.round(limitBytes / 1024 / 1024)} MiB (MEWM_MAX_UPLOAD_MB)`);
    this.limitBytes = limitBytes;
  }
}

/** An upload request that is malformed before ingest starts (no body, bad name, wrong case). */
export class BadUploadError extends AppError {
  constructor(message: string) {
    super('BAD_UPLOAD', message);
  }
}

/** Input that is well-formed but not acceptable (a field out of range, a mask on the wrong series). */
export class InvalidInputError extends AppError {
  constructor(message: string) {
    super('BAD_INPUT', message);
  }
}

/** The server already runs as many ingests as it allows (MEWM_MAX_CONCURRENT_INGESTS): 429, try again after `retryAfterSeconds`. */
export class BusyError extends AppError {
  readonly retryAfterSeconds: number;
  constructor(message: string, retryAfterSeconds: number) {
    super('BUSY', message);
    this.retryAfterSeconds = retryAfterSeconds;
  }
}
