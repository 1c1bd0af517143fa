/**
 * Run one of the Cornerstone WebAssembly decoders on a stream and copy its output out of the
 * WebAssembly heap, turning every failure into a DicomParseError.
 */
import { DicomParseError, describeThrown } from '../errors.ts';
import { createWasmDecoder, discardWasmModuleAfter, type WasmCodecName, type WasmFrameInfo } from './wasm-codecs.ts';

export interface WasmDecodeResult {
  info: WasmFrameInfo;
  /** A copy of the decoded bytes, owned by the caller. */
  data: Uint8Array;
  /** JPEG-LS only: 0 = planes one after another, 1 = line-interleaved, 2 = pixel-interleaved. */
  interleaveMode: number | undefined;
}

/**
 * Decode `stream` with the named codec. The decoder object is always deleted; after a
 * WebAssembly trap the module is discarded so the next call starts from a clean heap.
 * @throws DicomParseError naming the codec and the decoder's own message.
 */
export async function runWasmDecoder(codec: WasmCodecName, label: string, stream: Uint8Array): Promise<WasmDecodeResult> {
  let decoder;
  try {
    decoder = codec === 'charls' ? await createWasmDecoder('charls') : await createWasmDecoder(codec);
  } catch (thrown) {
    throw new DicomParseError(`${label}: could not start the decoder (${describeThrown(thrown)})`, { cause: thrown });
  }
  try {
    decoder.getEncodedBuffer(stream.length).set(stream);
    decoder.decode();
    const fi = decoder.getFrameInfo();
    // The emscripten bindings are typed as numbers and booleans, but builds differ (embind can hand out other
    // types); the conversions pin what the rest of the decoder relies on.
    /* eslint-disable @typescript-eslint/no-unnecessary-type-conversion */
    const info: WasmFrameInfo = {
      width: Number(fi.width),
      height: Number(fi.height),
      bitsPerSample: Number(fi.bitsPerSample),
      componentCount: Number(fi.componentCount),
      isSigned: Boolean(fi.isSigned),
    };
    /* eslint-enable @typescript-eslint/no-unnecessary-type-conversion */
    // Copy out of the WebAssembly heap (8-bit builds hand out a Uint8ClampedArray view).
    const view = decoder.getDecodedBuffer();
    const data = new Uint8Array(view.length);
    data.set(view);
    const interleaveMode = 'getInterleaveMode' in decoder && typeof decoder.getInterleaveMode === 'function'
      ? // eslint-disable-next-line @typescript-eslint/no-unsafe-call -- present in some codec builds only, found by the `in` test above
        Number(decoder.getInterleaveMode())
      : undefined;
    return { info, data, interleaveMode };
  } catch (thrown) {
    discardWasmModuleAfter(codec, thrown);
    throw new DicomParseError(`${label}: decoder failed (${describeThrown(thrown)})`, { cause: thrown });
  } finally {
    try {
      decoder.delete();
    } catch {
      // a trapped module cannot free; it has been discarded above
    }
  }
}
