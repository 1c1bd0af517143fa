/**
 * Turn a decoder's raw output into the stored-value typed array promised by
 * decodeEncapsulatedFrame, after checking it against the frame's header.
 */
import { DicomParseError } from '../errors.ts';
import { frameSampleCount, type FrameInfo, type StoredPixels } from './frame-info.ts';

/** What a codec produced for one frame, before conversion. */
export interface DecodedImage {
  width: number;
  height: number;
  components: number;
  /** Size of one sample in `data`: 1 byte, or 2 bytes little-endian. */
  bytesPerSample: 1 | 2;
  /** The codec produced two's complement samples. */
  signed: boolean;
  /** Samples, pixel-interleaved (sample fastest), then columns, then rows. */
  data: Uint8Array;
}

/**
 * Check a decoded image against the header and copy it into a fresh typed array of stored values:
 * Uint8Array for 8 bits allocated, Uint16Array for 16 unsigned, Int16Array for 16 signed. Signed
 * samples with Bits Stored below 16 are sign-extended from bit Bits Stored − 1 (PS3.5 8.1.1), so a
 * 12-bit −1 (0x0FFF) reads as −1.
 * @throws DicomParseError naming the codec when dimensions, component count, precision or byte
 *   length differ from the header.
 */
export function toStoredPixels(decoded: DecodedImage, info: FrameInfo, codec: string): StoredPixels {
  if (decoded.width !== info.columns || decoded.height !== info.rows || decoded.components !== info.samplesPerPixel) {
    throw new DicomParseError(
      `${codec} frame is ${decoded.width}x${decoded.height} with ${decoded.components} component(s) but the header says ` +
        `Columns ${info.columns}, Rows ${info.rows}, Samples per Pixel ${info.samplesPerPixel}`,
    );
  }
  const n = frameSampleCount(info);
  if (decoded.data.length !== n * decoded.bytesPerSample) {
    throw new DicomParseError(
      `${codec} decoder returned ${decoded.data.length} bytes; expected ${n * decoded.bytesPerSample} ` +
        `(Rows x Columns x Samples per Pixel x ${decoded.bytesPerSample})`,
    );
  }
  if (decoded.bytesPerSample === 2 && info.bitsAllocated === 8) {
    throw new DicomParseError(`${codec} stream has more than 8 bits per sample but Bits Allocated (0028,0100) is 8`);
  }
  if (info.bitsAllocated === 8) return decoded.data.slice();

  const out = new Uint16Array(n);
  if (decoded.bytesPerSample === 2) {
    const view = new DataView(decoded.data.buffer, decoded.data.byteOffset, decoded.data.byteLength);
    for (let i = 0; i < n; i++) out[i] = view.getUint16(2 * i, true);
  } else {
    const src = decoded.data;
    for (let i = 0; i < n; i++) {
      const v = src[i] ?? 0;
      out[i] = decoded.signed ? ((v << 24) >> 24) & 0xffff : v;
    }
  }
  if (info.pixelRepresentation === 0) return out;
  const signed = new Int16Array(out.buffer);
  if (info.bitsStored < 16) signExtendInPlace(signed, info.bitsStored);
  return signed;
}

/** Replace each value by its low `bits` bits read as two's complement. */
export function signExtendInPlace(values: Int16Array, bits: number): void {
  const shift = 32 - bits;
  for (let i = 0; i < values.length; i++) values[i] = ((values[i] ?? 0) << shift) >> shift;
}
