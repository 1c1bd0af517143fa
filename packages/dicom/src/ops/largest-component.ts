/**
 * The largest 26-connected component of a mask's foreground (any non-zero label) and its centroid:
 * where the plan report cuts its key slices and where the web app's compare views open.
 */
import { applyAffine, type Vec3 } from '../geometry.ts';
import type { LabelVolume } from '../volume.ts';
import { connectedComponents } from './connected-components.ts';

export interface LargestComponent {
  /** Voxels of the largest component. */
  voxelCount: number;
  /** Mean voxel index (i, j, k) of the component. */
  centroidIjk: Vec3;
  /** The centroid in RAS+ mm. */
  centroidRas: Vec3;
  /** The voxel nearest the centroid (rounded index), in RAS+ mm: slices through it hit voxel centres. */
  centreVoxelRas: Vec3;
}

/** null when the mask has no non-zero voxel. */
export function largestComponent(mask: LabelVolume): LargestComponent | null {
  const fg = new Uint8Array(mask.data.length);
  let any = false;
  for (let v = 0; v < fg.length; v++) if (mask.data[v]) { fg[v] = 1; any = true; }
  if (!any) return null;
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
