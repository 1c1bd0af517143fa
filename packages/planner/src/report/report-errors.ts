/**
 * Typed errors of the report writers (key slices, PDF). Messages name the argument and what was
 * expected; they never contain pixel values, patient identifiers or upload paths.
 */
import { MewmError } from '@mewm/contracts';

export type ReportErrorCode = 'REPORT_INPUT' | 'REPORT_WRITE';

export class ReportError extends MewmError {
  declare readonly code: ReportErrorCode;
  // eslint-disable-next-line @typescript-eslint/no-useless-constructor -- narrows `code` to this package's codes
  constructor(code: ReportErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
  }
}

/** Inputs a report writer cannot use (grids that disagree, an empty lesion mask, a bad window). */
export class ReportInputError extends ReportError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('REPORT_INPUT', message, options);
  }
}

/** The report could not be written (PDF generation or file system failure). */
export class ReportWriteError extends ReportError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('REPORT_WRITE', message, options);
  }
}
