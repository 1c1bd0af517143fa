/**
 * A region of the CT grid kept on its own bounding box (a resection bed, an ablation zone): computed
 * once per plan and shared by every sample, then cut to each lesion's working box.
 */
import type { Vec3 } from '@mewm/dicom';
import type { WorkBox } from './work-box.ts';

export interface RegionBox {
  /** Inclusive voxel bbox of the region on the CT grid. */
  min: Vec3;
  max: Vec3;
  /** 1 = in the region, x fastest over the bbox. */
  data: Uint8Array;
}

/** The non-zero voxels of a full-grid mask on their bbox; null when there are none. */
export function regionBox(mask: Uint8Array, dims: Vec3): RegionBox | null {
  const [nx, ny] = dims;
  const min: Vec3 = [Infinity, Infinity, Infinity];
  const max: Vec3 = [-1, -1, -1];
  for (let v = 0; v < mask.length; v++) {
    if (!mask[v]) continue;
    const p = [v % nx, Math.floor(v / nx) % ny, Math.floor(v / (nx * ny))];
    for (let a = 0; a < 3; a++) { if (p[a]! < min[a]!) min[a] = p[a]!; if (p[a]! > max[a]!) max[a] = p[a]!; }
  }
  if (max[0] < 0) return null;
  const bd: Vec3 = [max[0] - min[0] + 1, max[1] - min[1] + 1, max[2] - min[2] + 1];
  const data = new Uint8Array(bd[0] * bd[1] * bd[2]);
  let b = 0;
  for (let k = min[2]; k <= max[2]; k++) {
    for (let j = min[1]; j <= max[1]; j++) {
      const row = min[0] + nx * (j + ny * k);
      for (let i = 0; i < bd[0]; i++) data[b++] = mask[row + i] ? 1 : 0;
    }
  }
  return { min, max, data };
}

/** The region's voxels on a working box (1 = in the region; 0 where the box lies beyond the region's bbox). */
export function regionOnBox(region: RegionBox, box: WorkBox): Uint8Array {
  const out = new Uint8Array(box.dims[0] * box.dims[1] * box.dims[2]);
  const bd: Vec3 = [region.max[0] - region.min[0] + 1, region.max[1] - region.min[1] + 1, region.max[2] - region.min[2] + 1];
  let o = 0;
  for (let k = 0; k < box.dims[2]; k++) {
    for (let j = 0; j < box.dims[1]; j++) {
      for (let i = 0; i < box.dims[0]; i++, o++) {
        const bi = box.origin[0] + i - region.min[0], bj = box.origin[1] + j - region.min[1], bk = box.origin[2] + k - region.min[2];
        if (bi < 0 || bj < 0 || bk < 0 || bi >= bd[0] || bj >= bd[1] || bk >= bd[2]) continue;
        out[o] = region.data[bi + bd[0] * (bj + bd[1] * bk)]!;
      }
    }
  }
  return out;
}
