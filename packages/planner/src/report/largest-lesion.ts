/**
 * The largest lesion of a mask (26-connected component with the most voxels) and its centroid:
 * where the key slices are cut.
 */
import { applyAffine, connectedComponents, type LabelVolume, type Vec3 } from '@mewm/dicom';
import { ReportInputError } from './report-errors.ts';

export interface LargestLesion {
  /** Voxels of the largest component. */
  voxelCount: number;
  /** Mean voxel index (i, j, k) of the component. */
  centroidIjk: Vec3;
  /** The centroid in RAS+ mm. */
  centroidRas: Vec3;
  /** The voxel nearest the centroid (rounded index), in RAS+ mm: slices through it hit voxel centres. */
  centreVoxelRas: Vec3;
}

/** @throws ReportInputError when the mask has no foreground voxel */
export function largestLesion(mask: LabelVolume): LargestLesion {
  const fg = new Uint8Array(mask.data.length);
  let any = false;
  for (let v = 0; v < fg.length; v++) if (mask.data[v]) { fg[v] = 1; any = true; }
  if (!any) throw new ReportInputError('lesionMask is empty: key slices need at least one lesion voxel');
  const cc = connectedComponents(fg, mask.dims, 26);
  let best = 0;
  for (let c = 1; c < cc.sizes.length; c++) if (cc.sizes[c]! > cc.sizes[best]!) best = c;
  const label = best + 1;
  const [nx, ny, nz] = mask.dims;
  let si = 0, sj = 0, sk = 0, n = 0;
  for (let k = 0, v = 0; k < nz; k++) for (let j = 0; j < ny; j++) for (let i = 0; i < nx; i++, v++) {
    if (cc.labels[v] !== label) continue;
    si += i; sj += j; sk += k; n++;
  }
  const centroidIjk: Vec3 = [si / n, sj / n, sk / n];
  return {
    voxelCount: n,
    centroidIjk,
    centroidRas: applyAffine(mask.affineRas, centroidIjk),
    centreVoxelRas: applyAffine(mask.affineRas, [Math.round(centroidIjk[0]), Math.round(centroidIjk[1]), Math.round(centroidIjk[2])]),
  };
}
