/**
 * Typed errors for everything that can go wrong while reading CT and masks.
 *
 * Every error names what was wrong (the argument, the tag, the limit) so that a
 * router or the CLI can show it to a user as is. Messages never contain patient
 * identifiers or pixel values: name tags by keyword and number, never by value.
 */

import { MewmError } from '@mewm/contracts';

/** A DICOM file that cannot be read (not Part 10, truncated, corrupt tags). */
export class DicomParseError extends MewmError {
  /** Source label (file name inside an upload, never a full path of a patient upload in logs). */
  readonly source: string | undefined;
  constructor(message: string, options?: { source?: string; cause?: unknown }) {
    super('DICOM_PARSE', options?.source ? `${options.source}: ${message}` : message, options);
    this.source = options?.source;
  }
}

/** A valid DICOM file we cannot use: unsupported transfer syntax, photometric, bit depth, SOP class. */
export class DicomUnsupportedError extends MewmError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('DICOM_UNSUPPORTED', message, options);
  }
}

/** Slices that do not form one regular volume: mixed orientation, duplicates, gaps, tilt. */
export class SeriesGeometryError extends MewmError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('SERIES_GEOMETRY', message, options);
  }
}

/** A NIfTI-1 file that cannot be read or describes an impossible volume. */
export class NiftiParseError extends MewmError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('NIFTI_PARSE', message, options);
  }
}

/** A zip that is malformed or unsafe (path traversal, too many entries, zip bomb). */
export class ArchiveError extends MewmError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('ARCHIVE', message, options);
  }
}

/** An input that exceeds a configured size limit; checked before allocating. */
export class InputTooLargeError extends MewmError {
  readonly limitBytes: number;
  readonly actualBytes: number;
  constructor(what: string, actualBytes: number, limitBytes: number) {
    super(
      'INPUT_TOO_LARGE',
      `${what} is ${formatBytes(actualBytes)}, over the limit of ${formatBytes(limitBytes)}`,
    );
    this.limitBytes = limitBytes;
    this.actualBytes = actualBytes;
  }
}

/** Bad arguments or unusable input (no files, no DICOM, unknown format, bad point). */
export class InputError extends MewmError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('INPUT', message, options);
  }
}

/** A mask whose grid does not match its CT and cannot be resampled onto it. */
export class MaskGridError extends MewmError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('MASK_GRID', message, options);
  }
}

/** Wrong dims, spacing, data length or affine for a volume operation. */
export class VolumeShapeError extends MewmError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('VOLUME_SHAPE', message, options);
  }
}

/** Seeded segmentation could not produce a lesion (seed outside volume, in air, leak). */
export class SegmentationError extends MewmError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('SEGMENTATION', message, options);
  }
}

/** De-identification could not be completed; the file must not be kept. */
export class DeidentificationError extends MewmError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('DEIDENTIFICATION', message, options);
  }
}

/**
 * Turn anything thrown (dicom-parser throws strings and plain objects) into an
 * Error with a readable message. Never returns the original non-Error value.
 */
export function describeThrown(thrown: unknown): string {
  if (thrown instanceof Error) return thrown.message;
  if (typeof thrown === 'string') return thrown;
  if (thrown !== null && typeof thrown === 'object') {
    const o = thrown as Record<string, unknown>;
    if (typeof o.exception === 'string') return o.exception;
    if (typeof o.message === 'string') return o.message;
    try {
      return JSON.stringify(o).slice(0, 200);
    } catch {
      return 'unknown error object';
    }
  }
  return String(thrown);
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 ** 2) return `${(n / 1024).toFixed(1)} KiB`;
  if (n < 1024 ** 3) return `${(n / 1024 ** 2).toFixed(1)} MiB`;
  return `${(n / 1024 ** 3).toFixed(2)} GiB`;
}

/** A DICOMweb server (PACS) that cannot be reached, refuses a request or answers something unreadable. */
export class DicomWebError extends MewmError {
  readonly status: number | undefined;
  constructor(message: string, options?: { cause?: unknown; status?: number }) {
    super('DICOMWEB', message, options);
    this.status = options?.status;
  }
}
