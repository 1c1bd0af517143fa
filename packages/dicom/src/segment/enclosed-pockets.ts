/**
 * Regions that the organ mask almost surrounds: lesions and vessels that are not parenchyma by
 * intensity but lie inside the organ, including those touching its capsule (they are open toward
 * the surface fat only on a small part of their surface).
 */
import type { Vec3 } from '../geometry.ts';
import { connectedComponents } from '../ops/index.ts';

/**
 * Add to `organ` (in place) each 6-connected component of `candidates` (voxels not in `organ`) of at
 * most `maxVoxels` whose boundary faces touch the organ in at least `minFraction` of cases (faces to
 * voxels outside the grid count as not-organ). Returns the number of voxels added.
 */
export function addEnclosedPockets(organ: Uint8Array, candidates: Uint8Array, dims: Vec3, minFraction: number, maxVoxels: number): number {
  const [nx, ny, nz] = dims;
  const plane = nx * ny;
  const cand = new Uint8Array(organ.length);
  for (let v = 0; v < cand.length; v++) cand[v] = candidates[v] !== 0 && organ[v] === 0 ? 1 : 0;
  const cc = connectedComponents(cand, dims, 6);
  if (cc.count === 0) return 0;
  const organFaces = new Float64Array(cc.count + 1);
  const allFaces = new Float64Array(cc.count + 1);
  // Faces toward −i, +i, −j, +j, −k, +k: the neighbour's offset and whether it lies inside the grid.
  const step = [-1, 1, -nx, nx, -plane, plane];
  let v = 0;
  for (let k = 0; k < nz; k++) {
    for (let j = 0; j < ny; j++) {
      for (let i = 0; i < nx; i++, v++) {
        const c = cc.labels[v]!;
        if (c === 0) continue;
        const inGrid = [i > 0, i < nx - 1, j > 0, j < ny - 1, k > 0, k < nz - 1];
        for (let f = 0; f < 6; f++) {
          if (!inGrid[f]) { allFaces[c]!++; continue; }
          const w = v + step[f]!;
          if (cc.labels[w] === c) continue;
          allFaces[c]!++;
          if (organ[w] !== 0) organFaces[c]!++;
        }
      }
    }
  }
  const keep = new Uint8Array(cc.count + 1);
  for (let c = 1; c <= cc.count; c++) {
    keep[c] = cc.sizes[c - 1]! <= maxVoxels && allFaces[c]! > 0 && organFaces[c]! / allFaces[c]! >= minFraction ? 1 : 0;
  }
  let added = 0;
  for (let u = 0; u < organ.length; u++) {
    if (keep[cc.labels[u]!] === 1 && cc.labels[u] !== 0) { organ[u] = 1; added++; }
  }
  return added;
}

