/**
 * The pixel-module facts a decoder needs about one frame, and their validation.
 */
import { DicomParseError, DicomUnsupportedError, InputTooLargeError } from '../errors.ts';

/** Pixel module attributes (PS3.3 C.7.6.3) describing one frame. */
export interface FrameInfo {
  /** (0028,0010) Rows: pixels per column. */
  rows: number;
  /** (0028,0011) Columns: pixels per row. */
  columns: number;
  /** (0028,0100) Bits Allocated: container size per sample. */
  bitsAllocated: number;
  /** (0028,0101) Bits Stored: significant bits per sample. */
  bitsStored: number;
  /** (0028,0103) Pixel Representation: 0 unsigned, 1 two's complement. */
  pixelRepresentation: 0 | 1;
  /** (0028,0002) Samples per Pixel: 1 for CT, 3 for colour. */
  samplesPerPixel: number;
  /** (0028,0004) Photometric Interpretation, e.g. MONOCHROME2. */
  photometricInterpretation: string;
}

/** Decoded frames larger than this (in samples) are refused before allocating: 2^28 = 512 MiB at 16 bits. */
export const MAX_FRAME_SAMPLES = 2 ** 28;

/** Stored sample values of one frame, pixel-interleaved (sample fastest), then columns, then rows. */
export type StoredPixels = Int16Array | Uint16Array | Uint8Array;

/**
 * Check a FrameInfo before decoding into it.
 * @throws DicomParseError for impossible values (zero rows, Bits Stored above Bits Allocated),
 *   DicomUnsupportedError for valid values we do not decode (bit depths other than 8/16,
 *   signed 8-bit, samples per pixel other than 1 or 3), InputTooLargeError above MAX_FRAME_SAMPLES.
 */
export function validateFrameInfo(info: FrameInfo): void {
  checkInt('Rows (0028,0010)', info.rows, 1, 65535);
  checkInt('Columns (0028,0011)', info.columns, 1, 65535);
  if (info.bitsAllocated !== 8 && info.bitsAllocated !== 16) {
    throw new DicomUnsupportedError(
      `Bits Allocated (0028,0100) is ${describeNumber(info.bitsAllocated)}; compressed frames are decoded for 8 or 16 only`,
    );
  }
  checkInt('Bits Stored (0028,0101)', info.bitsStored, 1, info.bitsAllocated);
  if (info.pixelRepresentation !== 0 && info.pixelRepresentation !== 1) {
    throw new DicomUnsupportedError(
      `Pixel Representation (0028,0103) is ${describeNumber(info.pixelRepresentation)}; allowed values are 0 and 1`,
    );
  }
  if (info.pixelRepresentation === 1 && info.bitsAllocated === 8) {
    throw new DicomUnsupportedError('signed 8-bit compressed pixel data (Pixel Representation 1, Bits Allocated 8) is not supported');
  }
  if (info.samplesPerPixel !== 1 && info.samplesPerPixel !== 3) {
    throw new DicomUnsupportedError(
      `Samples per Pixel (0028,0002) is ${describeNumber(info.samplesPerPixel)}; allowed values are 1 and 3`,
    );
  }
  const samples = frameSampleCount(info);
  if (samples > MAX_FRAME_SAMPLES) {
    throw new InputTooLargeError('decoded frame', samples * (info.bitsAllocated / 8), MAX_FRAME_SAMPLES * 2);
  }
}

/** rows × columns × samplesPerPixel. */
export function frameSampleCount(info: FrameInfo): number {
  return info.rows * info.columns * info.samplesPerPixel;
}

function checkInt(name: string, value: number, min: number, max: number): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new DicomParseError(`${name} is ${describeNumber(value)}; allowed range is ${min}..${max}`);
  }
}

/** A header number as text, bounded so a corrupt value cannot flood a message. */
function describeNumber(value: unknown): string {
  return String(value).slice(0, 24);
}
