/**
 * JPEG Lossless, Process 14 (1.2.840.10008.1.2.4.57 and .70) through jpeg-lossless-decoder-js.
 */
import { createRequire } from 'node:module';
import { DicomParseError, DicomUnsupportedError, describeThrown } from '../errors.ts';
import { checkDeclaredShape, endsWithEndMarker, readJpegFrameHeader } from './codestream-headers.ts';
import type { FrameInfo } from './frame-info.ts';
import type { DecodedImage } from './stored-pixels.ts';

const CODEC = 'JPEG lossless';

interface LosslessDecoder {
  decode(buffer: ArrayBuffer, offset: number, length: number, numBytes: number): Uint8Array | Uint16Array;
}
interface LosslessModule { Decoder: new () => LosslessDecoder }

let cached: LosslessModule | undefined;
function losslessModule(): LosslessModule {
  cached ??= createRequire(import.meta.url)('jpeg-lossless-decoder-js') as LosslessModule;
  return cached;
}

/**
 * Decode one JPEG Lossless stream (Huffman, process 14, any predictor).
 * @throws DicomUnsupportedError for multi-component streams above 8 bits, or a non-lossless
 *   frame header; DicomParseError when the frame header disagrees with `info`, the stream is
 *   truncated or the decoder fails.
 */
// eslint-disable-next-line @typescript-eslint/require-await -- the codecs share one async signature; this one's errors reach callers as rejections too
export async function decodeJpegLossless(encoded: Uint8Array, info: FrameInfo): Promise<DecodedImage> {
  const header = readJpegFrameHeader(encoded, CODEC);
  if (header.marker !== 0xffc3) {
    throw new DicomUnsupportedError(`${CODEC}: start-of-frame marker 0x${header.marker.toString(16)} is not lossless Huffman (SOF3)`);
  }
  checkDeclaredShape(CODEC, header, info);
  if (header.components > 1 && header.precision > 8) {
    throw new DicomUnsupportedError(`${CODEC}: ${header.components}-component streams above 8 bits per sample are not supported`);
  }
  if (!endsWithEndMarker(encoded)) throw new DicomParseError(`${CODEC}: stream is truncated (no EOI marker at its end)`);
  const bytesPerSample = header.precision <= 8 ? 1 : 2;
  let out: Uint8Array | Uint16Array;
  try {
    const { Decoder } = losslessModule();
    out = new Decoder().decode(encoded.buffer as ArrayBuffer, encoded.byteOffset, encoded.byteLength, bytesPerSample);
  } catch (thrown) {
    throw new DicomParseError(`${CODEC}: decoder failed (${describeThrown(thrown)})`, { cause: thrown });
  }
  if (!(out instanceof Uint8Array || out instanceof Uint16Array)) {
    throw new DicomParseError(`${CODEC}: decoder returned no pixel data`);
  }
  return {
    width: header.width,
    height: header.height,
    components: header.components,
    bytesPerSample,
    signed: false,
    data: littleEndianBytes(out),
  };
}

/** Copy samples to bytes, 16-bit ones little-endian whatever the platform's byte order. */
function littleEndianBytes(samples: Uint8Array | Uint16Array): Uint8Array {
  if (samples instanceof Uint8Array) return samples.slice();
  const bytes = new Uint8Array(samples.length * 2);
  for (let i = 0; i < samples.length; i++) {
    const v = samples[i] ?? 0;
    bytes[2 * i] = v & 0xff;
    bytes[2 * i + 1] = v >> 8;
  }
  return bytes;
}
