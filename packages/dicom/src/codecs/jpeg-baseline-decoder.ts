/**
 * 8-bit JPEG Baseline (1.2.840.10008.1.2.4.50) and 8-bit JPEG Extended (.51) through the
 * libjpeg-turbo WebAssembly build.
 */
import { DicomParseError, DicomUnsupportedError } from '../errors.ts';
import { checkDeclaredShape, endsWithEndMarker, readJpegFrameHeader } from './codestream-headers.ts';
import { runWasmDecoder } from './run-wasm-decoder.ts';
import { jpegDeclaresColourSpace, withoutColourTransform } from './jpeg-colour-transform.ts';
import type { FrameInfo } from './frame-info.ts';
import type { DecodedImage } from './stored-pixels.ts';

const CODEC = 'JPEG baseline';

/**
 * Decode one 8-bit lossy JPEG stream. Three-component output is always RGB, pixel-interleaved:
 * YBR_FULL / YBR_FULL_422 streams are converted by libjpeg-turbo; under Photometric Interpretation
 * RGB a stream that does not declare its colour space is decoded without a colour transform
 * (see jpeg-colour-transform.ts).
 * @throws DicomUnsupportedError for 12-bit (Process 4) or non-DCT streams; DicomParseError when
 *   the frame header disagrees with `info`, the stream is truncated or the decoder fails.
 */
export async function decodeJpegBaseline(encoded: Uint8Array, info: FrameInfo): Promise<DecodedImage> {
  const header = readJpegFrameHeader(encoded, CODEC);
  if (header.marker !== 0xffc0 && header.marker !== 0xffc1) {
    throw new DicomUnsupportedError(`${CODEC}: start-of-frame marker 0x${header.marker.toString(16)} is not supported; only SOF0 and SOF1 are`);
  }
  if (header.precision !== 8) {
    throw new DicomUnsupportedError(`${CODEC}: ${header.precision}-bit lossy JPEG is not supported; only 8-bit`);
  }
  checkDeclaredShape(CODEC, header, info);
  if (!endsWithEndMarker(encoded)) throw new DicomParseError(`${CODEC}: stream is truncated (no EOI marker at its end)`);
  const rgbHeader = info.samplesPerPixel === 3 && info.photometricInterpretation.trim() === 'RGB';
  const stream = rgbHeader && !jpegDeclaresColourSpace(encoded) ? withoutColourTransform(encoded) : encoded;
  const decoded = await runWasmDecoder('libjpeg-turbo', CODEC, stream);
  return {
    width: decoded.info.width,
    height: decoded.info.height,
    components: decoded.info.componentCount,
    bytesPerSample: 1,
    signed: false,
    data: decoded.data,
  };
}
