/**
 * JPEG 2000 (1.2.840.10008.1.2.4.90 / .91) through the OpenJPEG WebAssembly build.
 */
import { DicomParseError, DicomUnsupportedError } from '../errors.ts';
import { checkDeclaredShape, readJ2kSizHeader, unwrapJp2, endsWithEndMarker } from './codestream-headers.ts';
import { runWasmDecoder } from './run-wasm-decoder.ts';
import type { FrameInfo } from './frame-info.ts';
import type { DecodedImage } from './stored-pixels.ts';

const CODEC = 'JPEG 2000';

/**
 * Decode one JPEG 2000 codestream (a JP2 wrapper is tolerated) into raw samples.
 * Colour streams with a multiple-component transform come back as RGB, pixel-interleaved.
 * @throws DicomParseError for a stream whose SIZ header disagrees with `info`, a truncated
 *   stream (no EOC marker) or any decoder failure; DicomUnsupportedError above 16 bits per sample.
 */
export async function decodeJpeg2000(encoded: Uint8Array, info: FrameInfo): Promise<DecodedImage> {
  const stream = unwrapJp2(encoded);
  const siz = readJ2kSizHeader(stream);
  if (siz.precision > 16) {
    throw new DicomUnsupportedError(`${CODEC}: ${siz.precision} bits per sample; at most 16 are supported`);
  }
  checkDeclaredShape(CODEC, siz, info);
  if (!endsWithEndMarker(stream)) {
    throw new DicomParseError(`${CODEC}: stream is truncated (no EOC marker at its end)`);
  }
  const decoded = await runWasmDecoder('openjpeg', CODEC, stream);
  if (decoded.info.bitsPerSample > 16 || decoded.info.bitsPerSample < 1) {
    throw new DicomParseError(`${CODEC}: decoder reported ${decoded.info.bitsPerSample} bits per sample; allowed range is 1..16`);
  }
  return {
    width: decoded.info.width,
    height: decoded.info.height,
    components: decoded.info.componentCount,
    bytesPerSample: decoded.info.bitsPerSample <= 8 ? 1 : 2,
    signed: decoded.info.isSigned,
    data: decoded.data,
  };
}
