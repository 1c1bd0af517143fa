/**
 * Lazy, once-only loading of the Cornerstone WebAssembly codec builds in Node.
 *
 * Each package's `decodewasmjs` export is an Emscripten factory (CommonJS) that locates its
 * `.wasm` beside itself and resolves to the module. We load the decode-only builds, keep one
 * instance per codec, and drop an instance after a WebAssembly trap (a corrupt stream can leave
 * its heap inconsistent) so that the next frame gets a fresh one.
 */
import { createRequire } from 'node:module';

/** Frame description returned by the Cornerstone decoders. */
export interface WasmFrameInfo {
  width: number;
  height: number;
  bitsPerSample: number;
  componentCount: number;
  isSigned: boolean;
}

/** Methods shared by the Cornerstone decoder classes (embind objects: call delete() when done). */
export interface WasmDecoder {
  getEncodedBuffer(length: number): Uint8Array;
  getDecodedBuffer(): Uint8Array;
  decode(): void;
  getFrameInfo(): WasmFrameInfo;
  delete(): void;
}

export interface WasmDecoderWithHeader extends WasmDecoder {
  readHeader(): void;
}

interface OpenJpegModule { J2KDecoder: new () => WasmDecoderWithHeader }
interface CharlsModule { JpegLSDecoder: new () => WasmDecoder }
interface LibJpegTurboModule { JPEGDecoder: new () => WasmDecoderWithHeader }

type Factory<M> = (moduleArg?: Record<string, unknown>) => Promise<M>;

const require = createRequire(import.meta.url);

/** Load an Emscripten factory on first use; a rejected load is forgotten so a later call retries. */
function lazyModule<M>(specifier: string): { get(): Promise<M>; discard(): void } {
  let pending: Promise<M> | undefined;
  return {
    get(): Promise<M> {
      if (!pending) {
        pending = Promise.resolve()
          .then(() => (require(specifier) as Factory<M>)({ print: () => {}, printErr: () => {} }))
          .catch((err: unknown) => {
            pending = undefined;
            throw err;
          });
      }
      return pending;
    },
    discard(): void {
      pending = undefined;
    },
  };
}

const openJpeg = lazyModule<OpenJpegModule>('@cornerstonejs/codec-openjpeg/decodewasmjs');
const charls = lazyModule<CharlsModule>('@cornerstonejs/codec-charls/decodewasmjs');
const libJpegTurbo = lazyModule<LibJpegTurboModule>('@cornerstonejs/codec-libjpeg-turbo-8bit/decodewasmjs');

export type WasmCodecName = 'openjpeg' | 'charls' | 'libjpeg-turbo';

/** A new decoder object from the named codec's (lazily loaded) module. */
export async function createWasmDecoder(codec: 'openjpeg' | 'libjpeg-turbo'): Promise<WasmDecoderWithHeader>;
export async function createWasmDecoder(codec: 'charls'): Promise<WasmDecoder>;
export async function createWasmDecoder(codec: WasmCodecName): Promise<WasmDecoder | WasmDecoderWithHeader> {
  switch (codec) {
    case 'openjpeg':
      return new (await openJpeg.get()).J2KDecoder();
    case 'charls':
      return new (await charls.get()).JpegLSDecoder();
    case 'libjpeg-turbo':
      return new (await libJpegTurbo.get()).JPEGDecoder();
  }
}

/**
 * Forget a codec's module after a WebAssembly trap or an Emscripten abort, so the next decode
 * instantiates a fresh heap. C++ exceptions reported normally do not need this.
 */
export function discardWasmModuleAfter(codec: WasmCodecName, thrown: unknown): void {
  const trap = thrown instanceof Error && (thrown.name === 'RuntimeError' || /abort/iu.test(thrown.message));
  if (!trap) return;
  if (codec === 'openjpeg') openJpeg.discard();
  else if (codec === 'charls') charls.discard();
  else libJpegTurbo.discard();
}
