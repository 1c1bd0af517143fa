/**
 * Minimal readers for the frame headers of JPEG (ITU T.81 B.2.2), JPEG-LS (T.87 C.2.2) and
 * JPEG 2000 (T.800 A.5.1) codestreams, so that dimensions can be checked against the DICOM
 * header before a decoder allocates anything, and truncated streams are recognised.
 */
import { DicomParseError } from '../errors.ts';
import type { FrameInfo } from './frame-info.ts';

/** Image facts declared by a codestream's frame header. */
export interface CodestreamHeader {
  width: number;
  height: number;
  components: number;
  /** Bits per sample of the first component. */
  precision: number;
  /** JPEG 2000 only: first component is signed. */
  signed: boolean;
  /** JPEG family: the start-of-frame marker (0xFFC0..0xFFCF, 0xFFF7 for JPEG-LS). */
  marker: number;
}

/** Longest run of padding bytes accepted after an end-of-image marker. */
const MAX_TRAILING_PADDING = 16;

function u16(b: Uint8Array, at: number): number {
  return ((b[at] ?? 0) << 8) | (b[at + 1] ?? 0);
}

function u32(b: Uint8Array, at: number): number {
  return u16(b, at) * 65536 + u16(b, at + 2);
}

/**
 * Walk JPEG marker segments from SOI to the first start-of-frame marker (SOF0..SOF15 or
 * JPEG-LS SOF55) and return what it declares.
 * @throws DicomParseError when the stream does not start with SOI, a segment runs past the end,
 *   or a scan starts before any frame header.
 */
export function readJpegFrameHeader(b: Uint8Array, codec: string): CodestreamHeader {
  if (b.length < 4 || u16(b, 0) !== 0xffd8) throw new DicomParseError(`${codec}: stream does not start with the SOI marker`);
  let at = 2;
  while (at + 4 <= b.length) {
    if (b[at] !== 0xff) throw new DicomParseError(`${codec}: expected a marker at byte ${at} of ${b.length}`);
    const marker = u16(b, at);
    if (marker === 0xffff) {
      at += 1; // fill byte
      continue;
    }
    const length = u16(b, at + 2);
    if (length < 2 || at + 2 + length > b.length) throw new DicomParseError(`${codec}: marker segment at byte ${at} runs past the end of the stream`);
    const isSof = (marker >= 0xffc0 && marker <= 0xffcf && marker !== 0xffc4 && marker !== 0xffc8 && marker !== 0xffcc) || marker === 0xfff7;
    if (isSof) {
      if (length < 8) throw new DicomParseError(`${codec}: frame header is ${length} bytes; at least 8 expected`);
      return {
        precision: b[at + 4] ?? 0,
        height: u16(b, at + 5),
        width: u16(b, at + 7),
        components: b[at + 9] ?? 0,
        signed: false,
        marker,
      };
    }
    if (marker === 0xffda) break;
    at += 2 + length;
  }
  throw new DicomParseError(`${codec}: no frame header (SOF marker) before the scan data`);
}

/**
 * Read the SIZ segment of a JPEG 2000 codestream (which must start with SOC, FF4F, then SIZ, FF51).
 * @throws DicomParseError when either marker is missing or the segment is short.
 */
export function readJ2kSizHeader(b: Uint8Array): CodestreamHeader {
  if (b.length < 44 || u16(b, 0) !== 0xff4f || u16(b, 2) !== 0xff51) {
    throw new DicomParseError('JPEG 2000: stream does not start with the SOC and SIZ markers');
  }
  const width = u32(b, 8) - u32(b, 16);
  const height = u32(b, 12) - u32(b, 20);
  const components = u16(b, 40);
  const ssiz = b[42] ?? 0;
  return { width, height, components, precision: (ssiz & 0x7f) + 1, signed: (ssiz & 0x80) !== 0, marker: 0xff51 };
}

/**
 * If `b` is a JP2 file (signature box), return the payload of its contiguous codestream box (jp2c);
 * otherwise return `b` unchanged. Some writers put JP2 files in DICOM, which PS3.5 A.4.4 forbids.
 * @throws DicomParseError for a JP2 file without a readable jp2c box.
 */
export function unwrapJp2(b: Uint8Array): Uint8Array {
  const isJp2 = b.length >= 12 && u32(b, 0) === 12 && u32(b, 4) === 0x6a502020;
  if (!isJp2) return b;
  let at = 0;
  while (at + 8 <= b.length) {
    let length = u32(b, at);
    const type = u32(b, at + 4);
    let header = 8;
    if (length === 1) {
      if (at + 16 > b.length) break;
      length = u32(b, at + 8) * 2 ** 32 + u32(b, at + 12);
      header = 16;
    } else if (length === 0) {
      length = b.length - at;
    }
    if (length < header || at + length > b.length) break;
    if (type === 0x6a703263) return b.subarray(at + header, at + length); // 'jp2c'
    at += length;
  }
  throw new DicomParseError('JPEG 2000: JP2 file without a readable codestream (jp2c) box');
}

/**
 * True when the stream ends with the end marker FFD9 (JPEG EOI, JPEG 2000 EOC), allowing a few
 * padding bytes after it (fragments are padded to even length). A missing end marker means a
 * truncated frame, which some decoders would otherwise return with missing pixels.
 */
export function endsWithEndMarker(b: Uint8Array): boolean {
  const stop = Math.max(1, b.length - 1 - MAX_TRAILING_PADDING);
  for (let at = b.length - 1; at >= stop; at--) {
    if (b[at] === 0xd9 && b[at - 1] === 0xff) return true;
  }
  return false;
}

/**
 * Compare what a codestream header declares with the DICOM header, before decoding.
 * @throws DicomParseError when width, height or component count differ, or precision exceeds Bits Allocated.
 */
export function checkDeclaredShape(label: string, h: CodestreamHeader, info: FrameInfo): void {
  if (h.width !== info.columns || h.height !== info.rows || h.components !== info.samplesPerPixel) {
    throw new DicomParseError(
      `${label}: stream declares ${h.width}x${h.height} with ${h.components} component(s) but the header says ` +
        `Columns ${info.columns}, Rows ${info.rows}, Samples per Pixel ${info.samplesPerPixel}`,
    );
  }
  if (h.precision < 1 || h.precision > info.bitsAllocated) {
    throw new DicomParseError(
      `${label}: stream declares ${h.precision} bits per sample; allowed range is 1..${info.bitsAllocated} (Bits Allocated)`,
    );
  }
}
