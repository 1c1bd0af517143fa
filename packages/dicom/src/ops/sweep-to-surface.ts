/**
 * Sweep a region through an organ along one direction until it leaves the organ: every organ voxel that
 * some region voxel passes on its straight way out. With the direction of the shortest route to the
 * surface (route-to-surface.ts) this is the parenchyma between a deep region and the capsule, as wide as
 * the region itself (a prism with the region's cross-section).
 */
import { VolumeShapeError } from '../errors.ts';
import type { Vec3 } from '../geometry.ts';

/**
 * @param region 1 = region voxel; only voxels inside the domain start a sweep
 * @param domain 1 = organ voxel; a sweep stops at the first voxel outside it (or at the grid edge)
 * @param directionMm direction in mm along (i, j, k) (normalised here; must not be zero)
 * @param maxLengthMm longest sweep per voxel, mm
 * @returns 1 = domain voxel swept (the region's own domain voxels included)
 * @throws VolumeShapeError on arrays that do not match `dims`, a zero or non-finite direction, or a
 *   negative length
 */
export function sweepToSurface(
  region: Uint8Array, domain: Uint8Array, dims: Vec3, spacingMm: Vec3, directionMm: Vec3, maxLengthMm: number,
): Uint8Array {
  const n = dims[0] * dims[1] * dims[2];
  if (region.length !== n || domain.length !== n) {
    throw new VolumeShapeError(`sweepToSurface: region (${region.length}) and domain (${domain.length}) must have ${n} voxels for dims [${dims.join(', ')}]`);
  }
  const norm = Math.hypot(...directionMm);
  if (!(norm > 0) || !Number.isFinite(norm)) throw new VolumeShapeError(`sweepToSurface: directionMm must be a finite non-zero vector, got [${directionMm.join(', ')}]`);
  if (!(maxLengthMm >= 0)) throw new VolumeShapeError(`sweepToSurface: maxLengthMm must be ≥ 0, got ${maxLengthMm}`);
  // Half the smallest voxel size per step: consecutive positions never skip a voxel.
  const stepMm = 0.5 * Math.min(...spacingMm);
  const steps = Math.ceil(maxLengthMm / stepMm);
  const di = (directionMm[0] / norm) * stepMm / spacingMm[0];
  const dj = (directionMm[1] / norm) * stepMm / spacingMm[1];
  const dk = (directionMm[2] / norm) * stepMm / spacingMm[2];
  const [nx, ny, nz] = dims;
  const out = new Uint8Array(n);
  for (let v = 0; v < n; v++) {
    if (!region[v] || !domain[v]) continue;
    out[v] = 1;
    const i0 = v % nx, j0 = Math.floor(v / nx) % ny, k0 = Math.floor(v / (nx * ny));
    for (let s = 1; s <= steps; s++) {
      const i = Math.round(i0 + s * di), j = Math.round(j0 + s * dj), k = Math.round(k0 + s * dk);
      if (i < 0 || j < 0 || k < 0 || i >= nx || j >= ny || k >= nz) break;
      const w = i + nx * (j + ny * k);
      if (!domain[w]) break;
      out[w] = 1;
    }
  }
  return out;
}
