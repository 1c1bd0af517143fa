/**
 * Keep the one connected piece of a mask that the user clicked: the component holding the seed,
 * or, when clean-up removed the seed voxel itself, the component with the voxel nearest to it.
 */
import type { Vec3 } from '../geometry.ts';
import { connectedComponents } from '../ops/index.ts';

/**
 * The 26-connected component of `mask` containing `seedVox`, else the one nearest to it within
 * `maxDistanceMm`; an all-zero mask when there is none.
 * @param seedVox seed position in the mask's voxel indices
 * @param spacingMm voxel size in mm along i, j, k
 */
export function componentNearSeed(mask: Uint8Array, dims: Vec3, spacingMm: Vec3, seedVox: Vec3, maxDistanceMm: number): Uint8Array {
  const out = new Uint8Array(mask.length);
  const { labels, count } = connectedComponents(mask, dims, 26);
  if (count === 0) return out;
  const [nx, ny, nz] = dims;
  const [sx, sy, sz] = spacingMm;
  let best = 0;
  let bestD2 = maxDistanceMm * maxDistanceMm;
  let v = 0;
  for (let k = 0; k < nz; k++) {
    const dz = (k - seedVox[2]) * sz;
    for (let j = 0; j < ny; j++) {
      const dy = (j - seedVox[1]) * sy;
      for (let i = 0; i < nx; i++, v++) {
        const c = labels[v]!;
        if (c === 0) continue;
        const dx = (i - seedVox[0]) * sx;
        const d2 = dx * dx + dy * dy + dz * dz;
        if (d2 <= bestD2) {
          bestD2 = d2;
          best = c;
        }
      }
    }
  }
  if (best === 0) return out;
  for (let u = 0; u < out.length; u++) out[u] = labels[u] === best ? 1 : 0;
  return out;
}
