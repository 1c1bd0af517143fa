/**
 * The box the measurement works in: the baseline lesions' bounding box plus a margin (mm), with the
 * pre CT, the lesion mask and the optional liver mask cropped to it, and the post CT (and optional
 * post mask) brought onto the same voxels: cropped when the post CT shares the pre CT's grid,
 * otherwise resampled through the affines (trilinear for CT, nearest for the mask; the two scans are
 * assumed to lie in the same patient frame, no registration is done).
 */
import { cropOrPad, resampleToGrid, sameGrid, type IndexBox, type LabelVolume, type Vec3, type Volume, type VolumeGrid } from '@mewm/dicom';
import { SurvivalInputError } from '../errors.ts';

/** Fill for post voxels outside the post CT's field of view (below any real HU). */
const OUTSIDE_FILL = -4000;

export interface AlignedCrop {
  readonly grid: VolumeGrid;
  readonly box: IndexBox;
  readonly pre: Float32Array;
  readonly post: Float32Array;
  /** 1 where the post CT does not cover the voxel. */
  readonly postOutside: Uint8Array;
  readonly lesions: Uint8Array;
  readonly liver?: Uint8Array;
  readonly postMask?: Uint8Array;
  /** Whether the post CT was resampled (another grid) rather than cropped. */
  readonly resampled: boolean;
}

function lesionBox(lesions: LabelVolume): { min: Vec3; max: Vec3 } | null {
  const [nx, ny, nz] = lesions.dims;
  const d = lesions.data;
  // Four voxels per 32-bit word where the mask is zero (almost everywhere).
  const words = nx % 4 === 0 && d.byteOffset % 4 === 0 ? new Uint32Array(d.buffer, d.byteOffset, d.length >> 2) : null;
  const min: Vec3 = [nx, ny, nz];
  const max: Vec3 = [-1, -1, -1];
  for (let k = 0; k < nz; k++) {
    for (let j = 0; j < ny; j++) {
      const row = (k * ny + j) * nx;
      if (words) {
        let any = 0;
        for (let w = row >> 2, end = (row + nx) >> 2; w < end; w++) any |= words[w]!;
        if (any === 0) continue;
      }
      for (let i = 0; i < nx; i++) {
        if (d[row + i] === 0) continue;
        if (i < min[0]) min[0] = i;
        if (i > max[0]) max[0] = i;
        if (j < min[1]) min[1] = j;
        if (j > max[1]) max[1] = j;
        if (k < min[2]) min[2] = k;
        if (k > max[2]) max[2] = k;
      }
    }
  }
  return max[0] < 0 ? null : { min, max };
}

const toFloat = (a: ArrayLike<number>): Float32Array => (a instanceof Float32Array ? a : Float32Array.from(a));

export function alignedCrop(preCt: Volume, postCt: Volume, lesions: LabelVolume, marginMm: number, liver?: LabelVolume, postMask?: LabelVolume): AlignedCrop {
  const bbox = lesionBox(lesions);
  if (!bbox) throw new SurvivalInputError('lesionMasks', 'has no lesion voxel: mark at least one lesion');
  const min = [0, 0, 0] as Vec3;
  const max = [0, 0, 0] as Vec3;
  for (let a = 0; a < 3; a++) {
    const m = Math.ceil(marginMm / preCt.spacingMm[a]!);
    min[a] = Math.max(0, bbox.min[a]! - m);
    max[a] = Math.min(preCt.dims[a]!, bbox.max[a]! + m + 1);
  }
  const box: IndexBox = { min, max };
  const preBox = cropOrPad(preCt, box);
  const grid: VolumeGrid = { dims: preBox.dims, spacingMm: preBox.spacingMm, affineRas: preBox.affineRas };
  const resampled = !sameGrid(preCt, postCt);
  const postBox = resampled ? resampleToGrid(postCt, grid, 'linear', OUTSIDE_FILL) : cropOrPad(postCt, box);
  const post = toFloat(postBox.data);
  const postOutside = new Uint8Array(post.length);
  if (resampled) for (let v = 0; v < post.length; v++) postOutside[v] = post[v]! <= OUTSIDE_FILL + 1 ? 1 : 0;
  let postMaskBox: Uint8Array | undefined;
  if (postMask) postMaskBox = (sameGrid(postMask, preCt) ? cropOrPad(postMask, box) : resampleToGrid(postMask, grid, 'nearest', 0)).data;
  return {
    grid, box, resampled,
    pre: toFloat(preBox.data),
    post,
    postOutside,
    lesions: cropOrPad(lesions, box).data,
    ...(liver ? { liver: cropOrPad(liver, box).data } : {}),
    ...(postMaskBox ? { postMask: postMaskBox } : {}),
  };
}
