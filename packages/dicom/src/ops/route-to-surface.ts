/**
 * The shortest route from a region inside an organ to the organ's surface: the region's voxel that lies
 * deepest-least (closest to any voxel outside the organ, Euclidean in mm on anisotropic voxels) and the
 * outside voxel nearest to it. Used to extend a resection to the liver capsule along the shortest path.
 */
import { VolumeShapeError } from '../errors.ts';
import type { Vec3 } from '../geometry.ts';
import { squaredDistanceMm } from '../segment/distance-transform.ts';

export interface SurfaceRoute {
  /** Voxel (i, j, k) of the region closest to the outside of the domain. */
  fromIjk: Vec3;
  /** The outside (non-domain) voxel nearest to `fromIjk`. */
  toIjk: Vec3;
  /** Distance between the two voxel centres, mm. */
  depthMm: number;
  /** Some region voxel shares a face with an outside voxel: the region already reaches the surface. */
  touchesSurface: boolean;
}

/**
 * @param region 1 = region voxel (must lie in the domain to be considered; voxels outside it are ignored)
 * @param domain 1 = organ voxel; voxels beyond the grid edge are not "outside" (a truncated scan has no surface there)
 * @throws VolumeShapeError when the arrays do not match `dims`, the region has no voxel in the domain,
 *   or the grid holds no voxel outside the domain
 */
export function shortestRouteToSurface(region: Uint8Array, domain: Uint8Array, dims: Vec3, spacingMm: Vec3): SurfaceRoute {
  const n = dims[0] * dims[1] * dims[2];
  if (region.length !== n || domain.length !== n) {
    throw new VolumeShapeError(`shortestRouteToSurface: region (${region.length}) and domain (${domain.length}) must have ${n} voxels for dims [${dims.join(', ')}]`);
  }
  const toOutsideSq = squaredDistanceMm(domain, dims, spacingMm, false);
  let best = -1;
  let bestSq = Infinity;
  for (let v = 0; v < n; v++) {
    if (!region[v] || !domain[v]) continue;
    if (best < 0 || toOutsideSq[v]! < bestSq) { bestSq = toOutsideSq[v]!; best = v; }
  }
  if (best < 0) throw new VolumeShapeError('shortestRouteToSurface: the region has no voxel inside the domain');
  if (bestSq === Infinity) throw new VolumeShapeError('shortestRouteToSurface: the grid holds no voxel outside the domain, so the domain has no surface');
  const [nx, ny] = dims;
  const from: Vec3 = [best % nx, Math.floor(best / nx) % ny, Math.floor(best / (nx * ny))];
  // The nearest outside voxel lies within the distance just found: search that box only.
  const depth = Math.sqrt(bestSq);
  let to: Vec3 = from;
  let toSq = Infinity;
  const lo = from.map((c, a) => Math.max(0, c - Math.ceil(depth / spacingMm[a]!) - 1));
  const hi = from.map((c, a) => Math.min(dims[a]! - 1, c + Math.ceil(depth / spacingMm[a]!) + 1));
  for (let k = lo[2]!; k <= hi[2]!; k++) {
    for (let j = lo[1]!; j <= hi[1]!; j++) {
      for (let i = lo[0]!; i <= hi[0]!; i++) {
        if (domain[i + nx * (j + ny * k)]) continue;
        const d2 = ((i - from[0]) * spacingMm[0]) ** 2 + ((j - from[1]) * spacingMm[1]) ** 2 + ((k - from[2]) * spacingMm[2]) ** 2;
        if (d2 < toSq) { toSq = d2; to = [i, j, k]; }
      }
    }
  }
  return { fromIjk: from, toIjk: to, depthMm: Math.sqrt(toSq), touchesSurface: touchesOutside(region, domain, dims) };
}

/** Some voxel of region ∩ domain has a face neighbour inside the grid that is outside the domain. */
function touchesOutside(region: Uint8Array, domain: Uint8Array, dims: Vec3): boolean {
  const [nx, ny, nz] = dims;
  const sxy = nx * ny;
  for (let v = 0; v < region.length; v++) {
    if (!region[v] || !domain[v]) continue;
    const i = v % nx, j = Math.floor(v / nx) % ny, k = Math.floor(v / sxy);
    if ((i > 0 && !domain[v - 1]) || (i < nx - 1 && !domain[v + 1])
      || (j > 0 && !domain[v - nx]) || (j < ny - 1 && !domain[v + nx])
      || (k > 0 && !domain[v - sxy]) || (k < nz - 1 && !domain[v + sxy])) return true;
  }
  return false;
}
