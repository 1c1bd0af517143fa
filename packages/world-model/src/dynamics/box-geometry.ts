/**
 * Millimetre geometry inside a working box: voxel centres at (i·sx, j·sy, k·sz) from the box origin.
 * Distances use the voxel spacing only (the affine's rotation does not change them; strong shear is
 * not supported, as elsewhere in the project).
 */
import type { Vec3 } from '@mewm/dicom';

/** Box-local voxel position in mm. */
export function positionMm(v: number, dims: Vec3, spacingMm: Vec3): Vec3 {
  const i = v % dims[0];
  const j = Math.floor(v / dims[0]) % dims[1];
  const k = Math.floor(v / (dims[0] * dims[1]));
  return [i * spacingMm[0], j * spacingMm[1], k * spacingMm[2]];
}

/** Squared mm distance between two box-local voxels. */
export function distanceSqMm(a: number, b: number, dims: Vec3, spacingMm: Vec3): number {
  const pa = positionMm(a, dims, spacingMm);
  const pb = positionMm(b, dims, spacingMm);
  return (pa[0] - pb[0]) ** 2 + (pa[1] - pb[1]) ** 2 + (pa[2] - pb[2]) ** 2;
}

/** Mean position (mm) of the voxels listed. */
export function centroidMm(voxels: ArrayLike<number>, dims: Vec3, spacingMm: Vec3): Vec3 {
  const c: Vec3 = [0, 0, 0];
  for (let t = 0; t < voxels.length; t++) {
    const p = positionMm(voxels[t]!, dims, spacingMm);
    c[0] += p[0]; c[1] += p[1]; c[2] += p[2];
  }
  const n = Math.max(1, voxels.length);
  return [c[0] / n, c[1] / n, c[2] / n];
}

/** Squared mm distance of a voxel from a point (mm, box frame). */
export function distanceSqToPointMm(v: number, p: Vec3, dims: Vec3, spacingMm: Vec3): number {
  const q = positionMm(v, dims, spacingMm);
  return (q[0] - p[0]) ** 2 + (q[1] - p[1]) ** 2 + (q[2] - p[2]) ** 2;
}

/** Indices of the non-zero voxels of a mask. */
export function maskVoxels(mask: Uint8Array): Int32Array {
  let n = 0;
  for (let v = 0; v < mask.length; v++) if (mask[v]) n++;
  const out = new Int32Array(n);
  let o = 0;
  for (let v = 0; v < mask.length; v++) if (mask[v]) out[o++] = v;
  return out;
}

/** Voxels of `mask` with at least one 6-neighbour outside it (or at the box edge). */
export function boundaryVoxels(mask: Uint8Array, dims: Vec3): Int32Array {
  const [nx, ny, nz] = dims;
  const out: number[] = [];
  for (let v = 0; v < mask.length; v++) {
    if (!mask[v]) continue;
    const i = v % nx;
    const j = Math.floor(v / nx) % ny;
    const k = Math.floor(v / (nx * ny));
    if (
      i === 0 || i === nx - 1 || j === 0 || j === ny - 1 || k === 0 || k === nz - 1 ||
      !mask[v - 1] || !mask[v + 1] || !mask[v - nx] || !mask[v + nx] || !mask[v - nx * ny] || !mask[v + nx * ny]
    ) out.push(v);
  }
  return Int32Array.from(out);
}
