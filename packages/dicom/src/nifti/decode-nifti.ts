/**
 * Decode a NIfTI-1 single file (.nii or .nii.gz) to its raw voxel array, dims and RAS+ affine.
 * `readNifti` and `readNiftiLabels` build on this; it is exported for callers that need the stored
 * datatype untouched.
 */
import { NiftiParseError } from '../errors.ts';
import { affineSpacingMm, type Mat4, type Vec3 } from '../geometry.ts';
import { gunzipBounded, gunzipPrefix, isGzip } from './nifti-bytes.ts';
import { NIFTI1_MIN_VOX_OFFSET, NIFTI_DATATYPES, parseNiftiHeader, type NiftiDatatypeName, type NiftiRawHeader } from './nifti-header.ts';
import { qformToAffine } from './nifti-quaternion.ts';

/** Default voxel limit (all volumes of the file together): 2^28 ≈ 268 million voxels. */
export const DEFAULT_NIFTI_MAX_VOXELS = 2 ** 28;

export type RawVoxels = Uint8Array | Int8Array | Int16Array | Uint16Array | Int32Array | Float32Array | Float64Array;

export interface NiftiHeaderInfo {
  littleEndian: boolean;
  gzipped: boolean;
  datatype: NiftiDatatypeName;
  /** dim[0..7] as stored. */
  dim: number[];
  /** pixdim[0..7] as stored. */
  pixdim: number[];
  /** Byte offset of the voxel data actually used (vox_offset, raised to 352 when stored smaller). */
  voxOffset: number;
  /** Effective scaling: stored scl_slope / scl_inter, with slope 0 or non-finite meaning 1 and 0. */
  sclSlope: number;
  sclInter: number;
  qformCode: number;
  sformCode: number;
  /** Which header field gave the affine (NIfTI-1 method 3, 2 or 1, in that order of preference). */
  affineSource: 'sform' | 'qform' | 'pixdim';
  /** The qform's affine in RAS+ mm when qform_code > 0. */
  qformAffineRas?: Mat4;
  /** The sform's affine in RAS+ mm when sform_code > 0. */
  sformAffineRas?: Mat4;
  /** Spatial unit from xyzt_units; metres and microns are converted to mm in every affine. */
  spatialUnit: 'mm' | 'm' | 'um' | 'unknown';
  intentCode: number;
  calMin: number;
  calMax: number;
  /** Number of 3D volumes stored (dim[4]); only the first is returned. */
  volumesInFile: number;
  descrip: string;
}

export interface DecodedNifti {
  header: NiftiHeaderInfo;
  dims: Vec3;
  spacingMm: Vec3;
  affineRas: Mat4;
  /** The first 3D volume, stored datatype, native byte order, i fastest. */
  raw: RawVoxels;
  notes: string[];
}

/**
 * Decode a NIfTI-1 single file.
 * @param bytes .nii or .nii.gz contents (gzip detected by its magic bytes)
 * @param opts.maxVoxels limit on the voxels stored in the file (all volumes), checked before allocating
 * @throws NiftiParseError for truncated, corrupt, oversized or unsupported files
 */
export function decodeNifti(bytes: Uint8Array, opts: { maxVoxels?: number } = {}): DecodedNifti {
  const maxVoxels = opts.maxVoxels ?? DEFAULT_NIFTI_MAX_VOXELS;
  if (!(Number.isInteger(maxVoxels) && maxVoxels > 0)) {
    throw new NiftiParseError(`maxVoxels must be a positive integer; got ${maxVoxels}`);
  }
  const gzipped = isGzip(bytes);
  const h = parseNiftiHeader(gzipped ? gunzipPrefix(bytes) : bytes);
  const notes: string[] = [];
  const type = NIFTI_DATATYPES.get(h.datatypeCode);
  if (!type) {
    throw new NiftiParseError(
      `unsupported NIfTI datatype code ${h.datatypeCode}; supported: ${[...NIFTI_DATATYPES].map(([c, t]) => `${c} (${t.name})`).join(', ')}`,
    );
  }
  const { dims, volumes } = checkDims(h);
  const voxels3d = dims[0] * dims[1] * dims[2];
  const total = voxels3d * volumes;
  if (total > maxVoxels) {
    throw new NiftiParseError(`NIfTI has ${total} voxels (dims ${h.dim.slice(1, h.dim[0]! + 1).join('×')}), over the limit of ${maxVoxels}`);
  }
  if (!Number.isFinite(h.voxOffset) || h.voxOffset < 0 || h.voxOffset > 2 ** 31) {
    throw new NiftiParseError(`vox_offset must be a finite byte offset ≥ 0; got ${h.voxOffset}`);
  }
  const voxOffset = Math.max(NIFTI1_MIN_VOX_OFFSET, Math.floor(h.voxOffset));
  if (volumes > 1) notes.push(`4D NIfTI with ${volumes} volumes: only the first volume is used`);
  const needed = voxOffset + voxels3d * type.bytes;
  const fileBytes = gzipped ? gunzipBounded(bytes, voxOffset + total * type.bytes + 1024 * 1024) : bytes;
  if (fileBytes.length < needed) {
    throw new NiftiParseError(
      `NIfTI data truncated: ${fileBytes.length} bytes${gzipped ? ' after decompression' : ''}, the header needs ${needed} (vox_offset ${voxOffset} + ${voxels3d} voxels × ${type.bytes} bytes)`,
    );
  }
  const raw = copyVoxels(fileBytes, voxOffset, voxels3d, type.name, h.littleEndian);
  const geo = chooseAffine(h, notes);
  const spacingMm = affineSpacingMm(geo.affineRas);
  if (spacingMm.some((s) => !(s > 0) || !Number.isFinite(s))) {
    throw new NiftiParseError(`the ${geo.source} gives a degenerate voxel spacing [${spacingMm.join(', ')}] mm`);
  }
  const slopeOk = Number.isFinite(h.sclSlope) && h.sclSlope !== 0;
  const header: NiftiHeaderInfo = {
    littleEndian: h.littleEndian,
    gzipped,
    datatype: type.name,
    dim: h.dim,
    pixdim: h.pixdim,
    voxOffset,
    sclSlope: slopeOk ? h.sclSlope : 1,
    sclInter: slopeOk && Number.isFinite(h.sclInter) ? h.sclInter : 0,
    qformCode: h.qformCode,
    sformCode: h.sformCode,
    affineSource: geo.source,
    ...(geo.qform ? { qformAffineRas: geo.qform } : {}),
    ...(geo.sform ? { sformAffineRas: geo.sform } : {}),
    spatialUnit: geo.unit,
    intentCode: h.intentCode,
    calMin: h.calMin,
    calMax: h.calMax,
    volumesInFile: volumes,
    descrip: h.descrip,
  };
  return { header, dims, spacingMm, affineRas: geo.affineRas, raw, notes };
}

function checkDims(h: NiftiRawHeader): { dims: Vec3; volumes: number } {
  const ndim = h.dim[0]!;
  const size = (d: number) => (d <= ndim ? h.dim[d]! : 1);
  for (let d = 1; d <= ndim; d++) {
    if (!(h.dim[d]! >= 1)) throw new NiftiParseError(`dim[${d}] must be ≥ 1 (dim[0] = ${ndim}); got ${h.dim[d]}`);
  }
  for (let d = 5; d <= 7; d++) {
    if (size(d) > 1) throw new NiftiParseError(`dim[${d}] = ${size(d)} > 1 (vector, tensor or 5D+ data) is not supported; only 3D and 4D`);
  }
  return { dims: [size(1), size(2), size(3)], volumes: size(4) };
}

/** Copy `count` voxels of `type` starting at `offset` into a new native-order typed array. */
function copyVoxels(bytes: Uint8Array, offset: number, count: number, type: NiftiDatatypeName, littleEndian: boolean): RawVoxels {
  const elem = NIFTI_DATATYPES_BY_NAME[type];
  // A fresh, aligned copy (Buffer#slice would share memory, so copy explicitly).
  const copy = new Uint8Array(count * elem);
  copy.set(bytes.subarray(offset, offset + count * elem));
  if (!littleEndian && elem > 1) swapBytes(copy, elem);
  const buf = copy.buffer;
  switch (type) {
    case 'uint8': return new Uint8Array(buf, 0, count);
    case 'int8': return new Int8Array(buf, 0, count);
    case 'int16': return new Int16Array(buf, 0, count);
    case 'uint16': return new Uint16Array(buf, 0, count);
    case 'int32': return new Int32Array(buf, 0, count);
    case 'float32': return new Float32Array(buf, 0, count);
    case 'float64': return new Float64Array(buf, 0, count);
  }
}

const NIFTI_DATATYPES_BY_NAME: Record<NiftiDatatypeName, number> = {
  uint8: 1, int8: 1, int16: 2, uint16: 2, int32: 4, float32: 4, float64: 8,
};

/** Big-endian → little-endian in place (the platform is little-endian: x86, ARM as Node runs them). */
function swapBytes(b: Uint8Array, elem: number): void {
  for (let p = 0; p + elem <= b.length; p += elem) {
    for (let x = 0, y = elem - 1; x < y; x++, y--) {
      const t = b[p + x]!;
      b[p + x] = b[p + y]!;
      b[p + y] = t;
    }
  }
}

function chooseAffine(h: NiftiRawHeader, notes: string[]) {
  const unitCode = h.xyztUnits & 0x07;
  const unit: NiftiHeaderInfo['spatialUnit'] = unitCode === 1 ? 'm' : unitCode === 2 ? 'mm' : unitCode === 3 ? 'um' : 'unknown';
  const scale = unit === 'm' ? 1000 : unit === 'um' ? 0.001 : 1;
  if (scale !== 1) notes.push(`NIfTI spatial unit is ${unit}; affine converted to mm`);
  const toMm = (m: Mat4): Mat4 => m.map((row, r) => (r < 3 ? row.map((v) => v * scale) : row)) as Mat4;
  const sform = h.sformCode > 0 ? toMm([...h.srow.map((row) => [row[0]!, row[1]!, row[2]!, row[3]!]), [0, 0, 0, 1]] as Mat4) : undefined;
  const qform =
    h.qformCode > 0
      ? toMm(qformToAffine(h.quatern, h.qoffset, [h.pixdim[1]!, h.pixdim[2]!, h.pixdim[3]!], h.pixdim[0]!))
      : undefined;
  if (sform && isUsable(sform)) return { affineRas: sform, source: 'sform' as const, sform, qform, unit };
  if (sform) notes.push('sform is degenerate; qform or pixdim used instead');
  if (qform && isUsable(qform)) return { affineRas: qform, source: 'qform' as const, sform, qform, unit };
  // NIfTI-1 method 1: scale only, origin 0, no orientation (nibabel instead centres an ANALYZE-style flipped grid).
  notes.push('NIfTI has no usable sform or qform: affine from pixdim only (diagonal, origin at voxel 0), orientation unknown');
  const p = (d: number) => Math.abs(h.pixdim[d]!) * scale;
  const affineRas: Mat4 = [
    [p(1), 0, 0, 0],
    [0, p(2), 0, 0],
    [0, 0, p(3), 0],
    [0, 0, 0, 1],
  ];
  return { affineRas, source: 'pixdim' as const, sform, qform, unit };
}

function isUsable(m: Mat4): boolean {
  if (m.some((row) => row.some((v) => !Number.isFinite(v)))) return false;
  const det =
    m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1]) -
    m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0]) +
    m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0]);
  return Math.abs(det) > 1e-9;
}
