/**
 * The NIfTI-1 header (348 bytes): field offsets, datatype table and a validating parser.
 *
 * Only single-file NIfTI-1 ('n+1') is accepted. Either byte order: the endianness is the one in
 * which sizeof_hdr reads 348. Nothing is allocated from header values before they are checked.
 */
import { NiftiParseError } from '../errors.ts';

export const NIFTI1_HEADER_BYTES = 348;
/** Header plus the 4-byte extension flag: the smallest vox_offset of a single-file NIfTI-1. */
export const NIFTI1_MIN_VOX_OFFSET = 352;

export type NiftiDatatypeName = 'uint8' | 'int8' | 'int16' | 'uint16' | 'int32' | 'float32' | 'float64';

/** Supported NIfTI datatype codes → name and bytes per voxel. */
export const NIFTI_DATATYPES: ReadonlyMap<number, { name: NiftiDatatypeName; bytes: number; integer: boolean }> = new Map([
  [2, { name: 'uint8', bytes: 1, integer: true }],
  [4, { name: 'int16', bytes: 2, integer: true }],
  [8, { name: 'int32', bytes: 4, integer: true }],
  [16, { name: 'float32', bytes: 4, integer: false }],
  [64, { name: 'float64', bytes: 8, integer: false }],
  [256, { name: 'int8', bytes: 1, integer: true }],
  [512, { name: 'uint16', bytes: 2, integer: true }],
]);

/** Byte offsets of the NIfTI-1 header fields we read or write. */
export const OFF = {
  sizeofHdr: 0,
  dim: 40, // int16[8]
  intentCode: 68, // int16
  datatype: 70, // int16
  bitpix: 72, // int16
  pixdim: 76, // float32[8]
  voxOffset: 108, // float32
  sclSlope: 112,
  sclInter: 116,
  xyztUnits: 123, // uint8
  calMax: 124,
  calMin: 128,
  descrip: 148, // char[80]
  qformCode: 252, // int16
  sformCode: 254, // int16
  quaternB: 256, // float32 ×6: b, c, d, qoffset x, y, z
  srowX: 280, // float32[4] ×3
  intentName: 328, // char[16]
  magic: 344, // char[4]
  extension: 348, // char[4]
} as const;

/** Header fields as stored (after byte order is resolved), before any interpretation. */
export interface NiftiRawHeader {
  littleEndian: boolean;
  /** dim[0..7] as stored. */
  dim: number[];
  datatypeCode: number;
  bitpix: number;
  /** pixdim[0..7] as stored; pixdim[0] is qfac. */
  pixdim: number[];
  voxOffset: number;
  sclSlope: number;
  sclInter: number;
  xyztUnits: number;
  calMin: number;
  calMax: number;
  intentCode: number;
  descrip: string;
  qformCode: number;
  sformCode: number;
  /** quatern_b, quatern_c, quatern_d. */
  quatern: [number, number, number];
  /** qoffset_x, qoffset_y, qoffset_z. */
  qoffset: [number, number, number];
  /** srow_x, srow_y, srow_z (each 4 floats). */
  srow: [number[], number[], number[]];
}

/**
 * Parse and check the first 348 bytes of a NIfTI-1 single file.
 * @throws NiftiParseError on a short buffer, a sizeof_hdr other than 348 in both byte orders
 *   (NIfTI-2 is named), a magic other than 'n+1', or dim[0] outside 1..7
 */
export function parseNiftiHeader(bytes: Uint8Array): NiftiRawHeader {
  if (bytes.length < NIFTI1_HEADER_BYTES) {
    throw new NiftiParseError(`NIfTI header truncated: ${bytes.length} bytes, a NIfTI-1 header needs ${NIFTI1_HEADER_BYTES}`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, NIFTI1_HEADER_BYTES);
  const le = view.getInt32(0, true);
  const be = view.getInt32(0, false);
  let littleEndian: boolean;
  if (le === NIFTI1_HEADER_BYTES) littleEndian = true;
  else if (be === NIFTI1_HEADER_BYTES) littleEndian = false;
  else if (le === 540 || be === 540) throw new NiftiParseError('NIfTI-2 files (sizeof_hdr 540) are not supported; convert to NIfTI-1');
  else throw new NiftiParseError(`sizeof_hdr must be 348 (NIfTI-1) in either byte order; got ${le}`);

  const magic = ascii(bytes, OFF.magic, 4);
  if (magic === 'ni1') throw new NiftiParseError("magic 'ni1' (separate .hdr/.img pair) is not supported; use a single .nii file");
  if (magic !== 'n+1') throw new NiftiParseError(`magic must be 'n+1' (single-file NIfTI-1); ANALYZE 7.5 and other files are not supported`);

  const i16 = (o: number) => view.getInt16(o, littleEndian);
  const f32 = (o: number) => view.getFloat32(o, littleEndian);
  const dim = Array.from({ length: 8 }, (_, d) => i16(OFF.dim + 2 * d));
  const ndim = dim[0]!;
  if (!(ndim >= 1 && ndim <= 7)) {
    throw new NiftiParseError(`dim[0] (number of dimensions) must be 1..7; got ${ndim}`);
  }
  const pixdim = Array.from({ length: 8 }, (_, d) => f32(OFF.pixdim + 4 * d));
  return {
    littleEndian,
    dim,
    datatypeCode: i16(OFF.datatype),
    bitpix: i16(OFF.bitpix),
    pixdim,
    voxOffset: f32(OFF.voxOffset),
    sclSlope: f32(OFF.sclSlope),
    sclInter: f32(OFF.sclInter),
    xyztUnits: view.getUint8(OFF.xyztUnits),
    calMin: f32(OFF.calMin),
    calMax: f32(OFF.calMax),
    intentCode: i16(OFF.intentCode),
    descrip: ascii(bytes, OFF.descrip, 80),
    qformCode: i16(OFF.qformCode),
    sformCode: i16(OFF.sformCode),
    quatern: [f32(OFF.quaternB), f32(OFF.quaternB + 4), f32(OFF.quaternB + 8)],
    qoffset: [f32(OFF.quaternB + 12), f32(OFF.quaternB + 16), f32(OFF.quaternB + 20)],
    srow: [0, 1, 2].map((r) => [0, 1, 2, 3].map((c) => f32(OFF.srowX + 16 * r + 4 * c))) as [number[], number[], number[]],
  };
}

/** A NUL-terminated ASCII field; non-printable bytes become '?'. */
function ascii(bytes: Uint8Array, offset: number, length: number): string {
  let s = '';
  for (let i = 0; i < length; i++) {
    const c = bytes[offset + i]!;
    if (c === 0) break;
    s += c >= 0x20 && c < 0x7f ? String.fromCharCode(c) : '?';
  }
  return s;
}
