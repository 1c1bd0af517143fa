/**
 * readNiftiLabels: a NIfTI-1 label map (mask) as a LabelVolume.
 */
import { NiftiParseError } from '../errors.ts';
import type { LabelVolume } from '../volume.ts';
import { decodeNifti } from './decode-nifti.ts';

/**
 * Read a NIfTI-1 label map (.nii / .nii.gz). Values after scl_slope/scl_inter must be integers
 * 0..255 (0 = background); any datatype is accepted if they are. Geometry as in `readNifti`.
 * `labels` names each label present as "label N" (NIfTI carries no names).
 * @throws NiftiParseError for unreadable files, and for a value that is not an integer 0..255
 *   (the message gives the offending label value and its voxel index (i, j, k); label codes are not image data)
 */
export function readNiftiLabels(bytes: Uint8Array, opts: { maxVoxels?: number } = {}): LabelVolume {
  const dec = decodeNifti(bytes, opts);
  const { raw, dims } = dec;
  const slope = dec.header.sclSlope, inter = dec.header.sclInter;
  const n = raw.length;
  let data: Uint8Array;
  if (raw instanceof Uint8Array && slope === 1 && inter === 0) {
    data = raw;
  } else {
    data = new Uint8Array(n);
    for (let v = 0; v < n; v++) {
      const x = raw[v]! * slope + inter;
      if (!(x >= 0 && x <= 255 && Number.isInteger(x))) {
        const i = v % dims[0], j = Math.floor(v / dims[0]) % dims[1], k = Math.floor(v / (dims[0] * dims[1]));
        throw new NiftiParseError(
          `label map values must be integers 0..255; found ${Number.isFinite(x) ? x : String(x)} at voxel (${i}, ${j}, ${k})`,
        );
      }
      data[v] = x;
    }
  }
  const present = new Uint8Array(256);
  for (let v = 0; v < n; v++) present[data[v]!] = 1;
  const labels: Record<number, string> = {};
  for (let l = 1; l < 256; l++) if (present[l]) labels[l] = `label ${l}`;
  return { dims, spacingMm: dec.spacingMm, affineRas: dec.affineRas, data, labels };
}
