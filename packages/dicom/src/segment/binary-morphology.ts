/**
 * Binary morphology with balls whose radius is in millimetres (anisotropic voxels), built on the
 * exact distance transform. The grid edge counts as background: keep a margin around the object.
 */
import type { Vec3 } from '../geometry.ts';
import { squaredDistanceMm } from './distance-transform.ts';

/** Voxels within `radiusMm` of the mask (the mask itself included). */
export function dilateMm(mask: Uint8Array, dims: Vec3, spacingMm: Vec3, radiusMm: number): Uint8Array {
  const d = squaredDistanceMm(mask, dims, spacingMm, true);
  const r2 = radiusMm * radiusMm;
  const out = new Uint8Array(mask.length);
  for (let v = 0; v < out.length; v++) out[v] = d[v]! <= r2 ? 1 : 0;
  return out;
}

/**
 * Mask voxels farther than `radiusMm` from every background voxel.
 * @param openEnds false (default): voxels beyond the grid count as background on every side, so an
 *   object touching the edge is eroded there; true: beyond the first and last slice (k) they count as
 *   foreground (an organ cut by the ends of a scan keeps its end slices), beyond i and j as background
 */
export function erodeMm(mask: Uint8Array, dims: Vec3, spacingMm: Vec3, radiusMm: number, openEnds = false): Uint8Array {
  const out = new Uint8Array(mask.length);
  if (!mask.some((x) => x !== 0)) return out;
  const d = squaredDistanceMm(mask, dims, spacingMm, false);
  const r2 = radiusMm * radiusMm;
  // Voxels outside the grid are background too: distance to the grid edge bounds the result.
  const [nx, ny, nz] = dims;
  const [sx, sy, sz] = spacingMm;
  let v = 0;
  for (let k = 0; k < nz; k++) {
    const ez = openEnds ? Infinity : Math.min(k + 1, nz - k) * sz;
    for (let j = 0; j < ny; j++) {
      const ey = Math.min(j + 1, ny - j) * sy;
      for (let i = 0; i < nx; i++, v++) {
        if (mask[v] === 0) continue;
        const ex = Math.min(i + 1, nx - i) * sx;
        const edge = Math.min(ex, ey, ez);
        out[v] = d[v]! > r2 && edge * edge > r2 ? 1 : 0;
      }
    }
  }
  return out;
}

/** Erosion then dilation: removes parts thinner than 2 × radiusMm (bridges, vessel leaks). */
export function openMm(mask: Uint8Array, dims: Vec3, spacingMm: Vec3, radiusMm: number, openEnds = false): Uint8Array {
  return dilateMm(erodeMm(mask, dims, spacingMm, radiusMm, openEnds), dims, spacingMm, radiusMm);
}

/** Dilation then erosion: closes gaps and notches narrower than 2 × radiusMm. */
export function closeMm(mask: Uint8Array, dims: Vec3, spacingMm: Vec3, radiusMm: number, openEnds = false): Uint8Array {
  return erodeMm(dilateMm(mask, dims, spacingMm, radiusMm), dims, spacingMm, radiusMm, openEnds);
}
