/**
 * Lesions of a lesion mask, numbered the one way every part of MeWM numbers them: largest first
 * (most voxels), ties by the position of the first voxel in memory. So "Lesion 1" is the same lesion
 * in the viewer, the world model, the plan report and its PDF.
 */
import { connectedComponents, type ConnectedComponents, type Connectivity } from './connected-components.ts';
import type { Vec3 } from '../geometry.ts';

/**
 * Connected components of the non-zero voxels of `mask`, numbered largest first (1 = largest).
 * Same contract as connectedComponents otherwise; sizes[c − 1] is the size of lesion c (descending).
 */
export function lesionComponents(mask: Uint8Array, dims: Vec3, connectivity: Connectivity = 26): ConnectedComponents {
  const cc = connectedComponents(mask, dims, connectivity);
  const order = cc.sizes.map((size, k) => ({ size, label: k + 1 })).sort((a, b) => b.size - a.size || a.label - b.label);
  const newLabel = new Int32Array(cc.count + 1);
  order.forEach(({ label }, n) => {
    newLabel[label] = n + 1;
  });
  const labels = new Int32Array(cc.labels.length);
  for (let v = 0; v < labels.length; v++) labels[v] = newLabel[cc.labels[v]!]!;
  return { labels, count: cc.count, sizes: order.map((o) => o.size) };
}
