/**
 * JPEG-LS (1.2.840.10008.1.2.4.80 lossless / .81 near-lossless) through the CharLS WebAssembly build.
 */
import { DicomParseError } from '../errors.ts';
import { checkDeclaredShape, endsWithEndMarker, readJpegFrameHeader } from './codestream-headers.ts';
import { runWasmDecoder } from './run-wasm-decoder.ts';
import type { FrameInfo } from './frame-info.ts';
import type { DecodedImage } from './stored-pixels.ts';

const CODEC = 'JPEG-LS';

/**
 * Decode one JPEG-LS stream into raw samples, pixel-interleaved whatever the stream's interleave mode.
 * @throws DicomParseError when the frame header disagrees with `info`, the stream is truncated
 *   (no EOI marker) or the decoder fails.
 */
export async function decodeJpegLs(encoded: Uint8Array, info: FrameInfo): Promise<DecodedImage> {
  const header = readJpegFrameHeader(encoded, CODEC);
  if (header.marker !== 0xfff7) throw new DicomParseError(`${CODEC}: stream has no JPEG-LS frame header (SOF55)`);
  checkDeclaredShape(CODEC, header, info);
  if (!endsWithEndMarker(encoded)) throw new DicomParseError(`${CODEC}: stream is truncated (no EOI marker at its end)`);
  const decoded = await runWasmDecoder('charls', CODEC, encoded);
  const bits = decoded.info.bitsPerSample;
  if (bits < 2 || bits > 16) throw new DicomParseError(`${CODEC}: decoder reported ${bits} bits per sample; allowed range is 2..16`);
  const image: DecodedImage = {
    width: decoded.info.width,
    height: decoded.info.height,
    components: decoded.info.componentCount,
    bytesPerSample: bits <= 8 ? 1 : 2,
    signed: false,
    data: decoded.data,
  };
  if (image.components > 1 && decoded.interleaveMode !== 2) return interleave(image, decoded.interleaveMode ?? 0);
  return image;
}

/** Reorder planar (mode 0) or line-interleaved (mode 1) samples to pixel-interleaved. */
function interleave(image: DecodedImage, mode: number): DecodedImage {
  const { width, height, components: c, bytesPerSample: bps } = image;
  const src = image.data;
  if (src.length !== width * height * c * bps) return image; // length is rejected later with a clear message
  const out = new Uint8Array(src.length);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      for (let s = 0; s < c; s++) {
        const from = mode === 0 ? (s * height + y) * width + x : (y * c + s) * width + x;
        const to = (y * width + x) * c + s;
        for (let b = 0; b < bps; b++) out[to * bps + b] = src[from * bps + b] ?? 0;
      }
    }
  }
  return { ...image, data: out };
}
