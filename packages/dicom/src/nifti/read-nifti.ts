/**
 * readNifti: a NIfTI-1 CT volume (.nii / .nii.gz) as a Volume on its RAS+ grid.
 */
import type { Volume, VoxelData } from '../volume.ts';
import { decodeNifti, type NiftiHeaderInfo, type RawVoxels } from './decode-nifti.ts';

export interface ReadNiftiOptions {
  /** Limit on the voxels stored in the file (all volumes), checked before allocating. Default 2^28. */
  maxVoxels?: number;
  /** What the values are: NIfTI does not say, so 'unknown' unless the caller knows they are HU. */
  unit?: 'HU' | 'unknown';
}

/**
 * Read a NIfTI-1 single file (.nii, or .nii.gz detected by its gzip magic) of either byte order.
 *
 * - Geometry: affine from the sform when sform_code > 0, else the qform (quaternion and qfac) when
 *   qform_code > 0, else pixdim alone (diagonal, origin 0; noted in meta.notes). World frame RAS+ mm
 *   (metres and microns are converted). spacingMm are the affine's column lengths.
 * - 4D files (dim[4] > 1): the first volume is returned and meta.notes says so. dim[5..7] > 1 is rejected.
 * - Values: scl_slope/scl_inter applied (slope 0 or non-finite = no scaling). Integer data whose scaled
 *   values are integers within −32768..32767 is returned exactly as Int16Array; everything else
 *   (float data, fractional scaling, wider ranges) as Float32Array.
 * @throws NiftiParseError for truncated, corrupt, oversized or unsupported files
 */
export function readNifti(bytes: Uint8Array, opts: ReadNiftiOptions = {}): { volume: Volume; header: NiftiHeaderInfo } {
  const dec = decodeNifti(bytes, opts.maxVoxels === undefined ? {} : { maxVoxels: opts.maxVoxels });
  const { data, note } = toVoxelData(dec.raw, dec.header.sclSlope, dec.header.sclInter, dec.header.datatype === 'float32' || dec.header.datatype === 'float64');
  const notes = [...dec.notes];
  if (note) notes.push(note);
  const volume: Volume = {
    dims: dec.dims,
    spacingMm: dec.spacingMm,
    affineRas: dec.affineRas,
    data,
    meta: { source: 'nifti', unit: opts.unit ?? 'unknown', notes },
  };
  return { volume, header: dec.header };
}

/** Scale stored values and pick Int16Array (exact integers in range) or Float32Array. */
export function toVoxelData(raw: RawVoxels, slope: number, inter: number, isFloat: boolean): { data: VoxelData; note?: string } {
  const n = raw.length;
  if (raw instanceof Int16Array && slope === 1 && inter === 0) return { data: raw };
  if (!isFloat && Number.isInteger(slope) && Number.isInteger(inter)) {
    let lo = Infinity, hi = -Infinity;
    for (let v = 0; v < n; v++) {
      const x = raw[v]!;
      if (x < lo) lo = x;
      if (x > hi) hi = x;
    }
    const a = lo * slope + inter, b = hi * slope + inter;
    if (n === 0 || (Math.min(a, b) >= -32768 && Math.max(a, b) <= 32767)) {
      const out = new Int16Array(n);
      for (let v = 0; v < n; v++) out[v] = raw[v]! * slope + inter;
      return { data: out };
    }
  }
  const out = new Float32Array(n);
  if (slope === 1 && inter === 0) out.set(raw);
  else for (let v = 0; v < n; v++) out[v] = raw[v]! * slope + inter;
  const note =
    raw instanceof Float64Array
      ? 'float64 NIfTI values stored as float32'
      : raw instanceof Int32Array
        ? 'int32 NIfTI values outside the int16 range stored as float32 (exact up to ±16777216)'
        : undefined;
  return note ? { data: out, note } : { data: out };
}
