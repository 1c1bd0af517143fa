/**
 * DICOM RLE Lossless (1.2.840.10008.1.2.5), written from PS3.5 Annex G.
 *
 * A frame is a 64-byte header (segment count, then 15 little-endian uint32 segment offsets
 * from the start of the header) followed by PackBits-compressed segments. Each sample of each
 * pixel is split into bytes; one segment holds one byte position of one sample for the whole
 * frame, most significant byte first, all bytes of sample 1 before those of sample 2 (G.2).
 */
import { DicomParseError } from '../errors.ts';

const HEADER_BYTES = 64;
const MAX_SEGMENTS = 15;

/** Shape of the frame an RLE stream is expected to hold. */
export interface RleFrameShape {
  rows: number;
  columns: number;
  samplesPerPixel: number;
  /** 8, 16 or 32. */
  bitsAllocated: number;
}

/**
 * Decode one RLE Lossless frame.
 * @returns samples as little-endian bytes, pixel-interleaved (sample fastest, then columns, then rows),
 *   length rows × columns × samplesPerPixel × bitsAllocated/8.
 * @throws DicomParseError for a short header, a segment count different from
 *   samplesPerPixel × bitsAllocated/8, offsets out of order or outside the frame, or a segment that
 *   does not decode to exactly rows × columns bytes.
 */
export function decodeRleFrame(encoded: Uint8Array, shape: RleFrameShape): Uint8Array {
  const bytesPerSample = shape.bitsAllocated / 8;
  if (![1, 2, 4].includes(bytesPerSample)) {
    throw new DicomParseError(`RLE: Bits Allocated (0028,0100) is ${shape.bitsAllocated}; allowed values are 8, 16 and 32`);
  }
  const offsets = readSegmentOffsets(encoded, shape.samplesPerPixel * bytesPerSample);
  const pixels = shape.rows * shape.columns;
  const segment = new Uint8Array(pixels);
  const out = new Uint8Array(pixels * shape.samplesPerPixel * bytesPerSample);
  const pixelStride = shape.samplesPerPixel * bytesPerSample;
  for (let s = 0; s < offsets.length; s++) {
    const start = offsets[s] ?? 0;
    const end = offsets[s + 1] ?? encoded.length;
    const written = unpackBits(encoded.subarray(start, end), segment);
    if (written !== pixels) {
      throw new DicomParseError(
        `RLE: segment ${s + 1} of ${offsets.length} decodes to ${written > pixels ? 'more than' : written} bytes; expected ${pixels} (Rows x Columns)`,
      );
    }
    const sample = Math.floor(s / bytesPerSample);
    const byteFromMsb = s % bytesPerSample;
    // Little-endian output: the most significant byte goes last within the sample.
    const outOffset = sample * bytesPerSample + (bytesPerSample - 1 - byteFromMsb);
    for (let p = 0, o = outOffset; p < pixels; p++, o += pixelStride) out[o] = segment[p] ?? 0;
  }
  return out;
}

/** Validate the RLE header and return the segment offsets (PS3.5 G.5). */
function readSegmentOffsets(encoded: Uint8Array, expectedSegments: number): number[] {
  if (encoded.length < HEADER_BYTES) {
    throw new DicomParseError(`RLE: frame is ${encoded.length} bytes, shorter than the 64-byte RLE header`);
  }
  const view = new DataView(encoded.buffer, encoded.byteOffset, encoded.byteLength);
  const count = view.getUint32(0, true);
  if (count !== expectedSegments) {
    throw new DicomParseError(
      `RLE: header declares ${Math.min(count, 1e6)} segments; expected ${expectedSegments} (Samples per Pixel x Bits Allocated / 8)`,
    );
  }
  if (count > MAX_SEGMENTS) {
    throw new DicomParseError(`RLE: ${count} segments needed; the RLE header allows at most ${MAX_SEGMENTS}`);
  }
  const offsets: number[] = [];
  for (let i = 0; i < count; i++) {
    const offset = view.getUint32(4 + 4 * i, true);
    const previous = offsets[i - 1] ?? HEADER_BYTES - 1;
    if (offset < HEADER_BYTES || offset <= previous || offset >= encoded.length) {
      throw new DicomParseError(
        `RLE: offset of segment ${i + 1} is outside the frame or out of order; allowed range is ${HEADER_BYTES}..${encoded.length - 1}, increasing`,
      );
    }
    offsets.push(offset);
  }
  return offsets;
}

/**
 * PackBits (PS3.5 G.3.1): a header byte n in 0..127 copies the next n+1 bytes literally;
 * n in −127..−1 repeats the next byte 1−n times; −128 is a no-op. Writes at most `out.length`
 * bytes and stops early once the decoded length exceeds that.
 * @returns the number of bytes the input decodes to (a trailing header byte without data, such as
 *   the even-length padding byte, adds nothing); above `out.length` means the segment is too long.
 */
export function unpackBits(input: Uint8Array, out: Uint8Array): number {
  let i = 0;
  let o = 0;
  while (i < input.length && o <= out.length) {
    const header = input[i++] ?? 0;
    if (header < 128) {
      const count = Math.min(header + 1, input.length - i);
      out.set(input.subarray(i, i + Math.min(count, Math.max(0, out.length - o))), o);
      i += count;
      o += count;
    } else if (header > 128) {
      if (i >= input.length) break;
      const value = input[i++] ?? 0;
      const count = 257 - header;
      if (o < out.length) out.fill(value, o, Math.min(out.length, o + count));
      o += count;
    }
  }
  return o;
}
