/**
 * Native (uncompressed) pixel data of one frame → stored values in a typed array.
 *
 * Little endian, aligned, clean data is returned as a view over the file bytes (no copy; treat it
 * as read-only). Big endian data is byte-swapped into a new array; values whose unused high bits
 * are set (BitsStored < BitsAllocated, or HighBit ≠ BitsStored − 1) are masked and sign-extended
 * into a new array. 1-bit data (segmentations) is unpacked to one byte per pixel.
 */
import type { Element } from 'dicom-parser';
import { DicomParseError, DicomUnsupportedError } from '../errors.ts';
import type { DicomInstance } from './dicom-instance.ts';
import { isBigEndianTransferSyntax } from './transfer-syntax.ts';

export type NativePixels = Int16Array | Uint16Array | Uint8Array | Int32Array | Uint32Array;

/**
 * Read frame `frameIndex` (0-based, already range-checked) of a native-transfer-syntax instance.
 * @throws DicomParseError when PixelData is shorter than Rows × Columns × Samples × Frames needs;
 *         DicomUnsupportedError for BitsAllocated other than 1, 8, 16, 32.
 */
export function decodeNativeFrame(inst: DicomInstance, el: Element, frameIndex: number): NativePixels {
  const { bitsAllocated, numberOfFrames } = inst;
  if (bitsAllocated !== 1 && bitsAllocated !== 8 && bitsAllocated !== 16 && bitsAllocated !== 32) {
    throw new DicomUnsupportedError(`${inst.source}: BitsAllocated (0028,0100) = ${bitsAllocated}; supported: 1, 8, 16, 32`);
  }
  const samples = inst.rows * inst.columns * inst.samplesPerPixel;
  const bytes = inst.dataSet.byteArray;
  const neededBits = samples * numberOfFrames * bitsAllocated;
  const available = Math.min(el.length, bytes.length - el.dataOffset);
  if (available * 8 < neededBits) {
    throw new DicomParseError(
      `PixelData (7FE0,0010) holds ${Math.max(0, available)} bytes but Rows × Columns × SamplesPerPixel × NumberOfFrames × BitsAllocated needs ${Math.ceil(neededBits / 8)} (truncated or wrong dimensions)`,
      { source: inst.source },
    );
  }
  if (bitsAllocated === 1) return unpackBits(bytes, el.dataOffset, frameIndex * samples, samples);
  const bytesPer = bitsAllocated / 8;
  const start = el.dataOffset + frameIndex * samples * bytesPer;
  const signed = inst.pixelRepresentation === 1;
  const bigEndian = isBigEndianTransferSyntax(inst.transferSyntaxUid);
  let raw: NativePixels;
  if (bitsAllocated === 8) {
    const swapPairs = bigEndian && el.vr === 'OW';
    raw = swapPairs ? swapped8(bytes, start, samples) : new Uint8Array(bytes.buffer, bytes.byteOffset + start, samples);
    if (signed) raw = signExtend8(raw);
  } else {
    raw = bigEndian ? readBigEndian(bytes, start, samples, bytesPer, signed) : viewLittleEndian(bytes, start, samples, bytesPer, signed);
  }
  return cleanHighBits(raw, inst.bitsStored, inst.highBit, signed, bitsAllocated);
}

function viewLittleEndian(bytes: Uint8Array, start: number, n: number, bytesPer: number, signed: boolean): NativePixels {
  const abs = bytes.byteOffset + start;
  if (abs % bytesPer === 0) {
    if (bytesPer === 2) return signed ? new Int16Array(bytes.buffer, abs, n) : new Uint16Array(bytes.buffer, abs, n);
    return signed ? new Int32Array(bytes.buffer, abs, n) : new Uint32Array(bytes.buffer, abs, n);
  }
  // Unaligned: copy the bytes once into an aligned buffer (platform is little endian).
  const copy = bytes.slice(start, start + n * bytesPer);
  if (bytesPer === 2) return signed ? new Int16Array(copy.buffer, 0, n) : new Uint16Array(copy.buffer, 0, n);
  return signed ? new Int32Array(copy.buffer, 0, n) : new Uint32Array(copy.buffer, 0, n);
}

function readBigEndian(bytes: Uint8Array, start: number, n: number, bytesPer: number, signed: boolean): NativePixels {
  if (bytesPer === 2) {
    const out = signed ? new Int16Array(n) : new Uint16Array(n);
    for (let i = 0, p = start; i < n; i++, p += 2) out[i] = (bytes[p]! << 8) | bytes[p + 1]!;
    return out;
  }
  const out = signed ? new Int32Array(n) : new Uint32Array(n);
  for (let i = 0, p = start; i < n; i++, p += 4) {
    out[i] = (bytes[p]! << 24) | (bytes[p + 1]! << 16) | (bytes[p + 2]! << 8) | bytes[p + 3]!;
  }
  return out;
}

/** 8-bit samples in an OW element of a big endian file are swapped in 16-bit words. */
function swapped8(bytes: Uint8Array, start: number, n: number): Uint8Array {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = bytes[start + (i ^ 1)]!;
  return out;
}

function signExtend8(u: Uint8Array): Int16Array {
  const out = new Int16Array(u.length);
  for (let i = 0; i < u.length; i++) out[i] = (u[i]! << 24) >> 24;
  return out;
}

function unpackBits(bytes: Uint8Array, dataOffset: number, firstBit: number, n: number): Uint8Array {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const bit = firstBit + i;
    out[i] = (bytes[dataOffset + (bit >>> 3)]! >>> (bit & 7)) & 1;
  }
  return out;
}

/**
 * Apply BitsStored/HighBit: shift the stored bits down, drop the unused high bits and
 * sign-extend. Returns `raw` itself when every value is already clean (the usual case).
 */
function cleanHighBits(raw: NativePixels, bitsStored: number, highBit: number, signed: boolean, bitsAllocated: number): NativePixels {
  const shift = highBit + 1 - bitsStored;
  if (bitsStored === bitsAllocated && shift === 0) return raw;
  const mask = bitsStored >= 32 ? 0xffffffff : (1 << bitsStored) - 1;
  const up = 32 - bitsStored;
  const n = raw.length;
  let dirty = shift !== 0;
  for (let i = 0; i < n && !dirty; i++) {
    const v = raw[i]!;
    const m = (v >>> 0) & mask;
    const clean = signed ? (m << up) >> up : m;
    if (clean !== v) dirty = true;
  }
  if (!dirty) return raw;
  const out = raw instanceof Uint8Array ? new Uint8Array(n) : new (raw.constructor as Int16ArrayConstructor)(n);
  for (let i = 0; i < n; i++) {
    const m = ((raw[i]! >>> 0) >>> shift) & mask;
    out[i] = signed ? (m << up) >> up : m;
  }
  return out;
}
