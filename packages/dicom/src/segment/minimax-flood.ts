/**
 * Minimax ("bottleneck") flood from a seed: for every voxel, the lowest threshold T at which it
 * joins the seed's connected region {HU ≤ T}. One pass gives the region for every threshold at
 * once, so the threshold can be chosen by looking at how the region grows (see select-threshold.ts).
 *
 * Values are rounded to whole HU and clamped to [−1024, 3071]; a monotone bucket queue makes the
 * flood linear in the number of voxels. Connectivity is 6 (face neighbours), which leaks least.
 */
import type { Vec3 } from '../geometry.ts';

export const HU_MIN = -1024;
export const HU_MAX = 3071;
/** Level of a voxel the flood never reached. */
export const UNREACHED = 32767;

/** The spherical region of interest the flood may not leave, and where it sits in the volume. */
export interface FloodLimit {
  /** Sphere centre in box voxel coordinates. */
  centerVox: Vec3;
  radiusMm: number;
  spacingMm: Vec3;
  /** Position of the box inside the volume, and the volume's dims: the volume's own edge is not a leak. */
  boxOrigin: Vec3;
  volumeDims: Vec3;
}

export interface FloodResult {
  /** Per box voxel: the minimax level in HU, or UNREACHED. */
  level: Int16Array;
  /** Lowest level at which the region touches the sphere's surface (leaks to the ROI limit); Infinity if never. */
  leakLevel: number;
  /** counts[l − HU_MIN] = number of voxels whose level is l. */
  counts: Int32Array;
  /** Number of box voxels inside the sphere. */
  roiVoxels: number;
}

/**
 * Flood from `seeds` (box voxel indices) over voxels that are not `blocked` and lie in the sphere.
 * Seeds are entered even when blocked.
 * @param values smoothed HU on the box grid (i fastest)
 * @param blocked 1 where the flood may not go (too dark, or too near something too dark)
 */
export function minimaxFlood(values: Float32Array, dims: Vec3, seeds: ArrayLike<number>, blocked: Uint8Array, limit: FloodLimit): FloodResult {
  const [nx, ny, nz] = dims;
  const n = nx * ny * nz;
  const inRoi = sphereMask(dims, limit);
  let roiVoxels = 0;
  for (let v = 0; v < n; v++) roiVoxels += inRoi[v]!;
  const level = new Int16Array(n).fill(UNREACHED);
  const nb = HU_MAX - HU_MIN + 1;
  const head = new Int32Array(nb).fill(-1);
  const next = new Int32Array(n);
  const counts = new Int32Array(nb);
  const quant = (x: number) => (x <= HU_MIN ? HU_MIN : x >= HU_MAX ? HU_MAX : Math.round(x));
  const push = (v: number, lev: number) => {
    level[v] = lev;
    const b = lev - HU_MIN;
    next[v] = head[b]!;
    head[b] = v;
  };
  let cur = HU_MAX;
  for (let s = 0; s < seeds.length; s++) {
    const v = seeds[s]!;
    if (level[v] !== UNREACHED || inRoi[v] === 0) continue;
    const q = quant(values[v]!);
    push(v, q);
    if (q < cur) cur = q;
  }
  let leakLevel = Infinity;
  const sxy = nx * ny;
  for (let b = cur - HU_MIN; b < nb; b++) {
    while (head[b]! >= 0) {
      const v = head[b]!;
      head[b] = next[v]!;
      const lev = b + HU_MIN;
      counts[b]!++;
      const i = v % nx;
      const j = ((v - i) / nx) % ny;
      const k = (v - i - j * nx) / sxy;
      if (lev < leakLevel && touchesSphereSurface(i, j, k, limit)) leakLevel = lev;
      // Face neighbours inside the box.
      if (i > 0) visit(v - 1, lev);
      if (i < nx - 1) visit(v + 1, lev);
      if (j > 0) visit(v - nx, lev);
      if (j < ny - 1) visit(v + nx, lev);
      if (k > 0) visit(v - sxy, lev);
      if (k < nz - 1) visit(v + sxy, lev);
    }
  }
  return { level, leakLevel, counts, roiVoxels };

  function visit(u: number, lev: number): void {
    if (level[u] !== UNREACHED || inRoi[u] === 0 || blocked[u] !== 0) return;
    const q = quant(values[u]!);
    push(u, q > lev ? q : lev);
  }
}

/** 1 for box voxels within `limit.radiusMm` of the sphere centre (mm-aware). */
export function sphereMask(dims: Vec3, limit: FloodLimit): Uint8Array {
  const [nx, ny, nz] = dims;
  const out = new Uint8Array(nx * ny * nz);
  const r2 = limit.radiusMm * limit.radiusMm;
  const [cx, cy, cz] = limit.centerVox;
  const [sx, sy, sz] = limit.spacingMm;
  let v = 0;
  for (let k = 0; k < nz; k++) {
    const dz = (k - cz) * sz;
    for (let j = 0; j < ny; j++) {
      const dy = (j - cy) * sy;
      for (let i = 0; i < nx; i++, v++) {
        const dx = (i - cx) * sx;
        out[v] = dx * dx + dy * dy + dz * dz <= r2 ? 1 : 0;
      }
    }
  }
  return out;
}

/** Does box voxel (i, j, k) have a face neighbour that is inside the volume but outside the sphere? */
export function touchesSphereSurface(i: number, j: number, k: number, limit: FloodLimit): boolean {
  const r2 = limit.radiusMm * limit.radiusMm;
  const [cx, cy, cz] = limit.centerVox;
  const [sx, sy, sz] = limit.spacingMm;
  const [ox, oy, oz] = limit.boxOrigin;
  const [vx, vy, vz] = limit.volumeDims;
  const ex = (i - cx) * sx, ey = (j - cy) * sy, ez = (k - cz) * sz;
  const reach = Math.sqrt(ex * ex + ey * ey + ez * ez) + Math.max(sx, sy, sz);
  if (reach * reach <= r2) return false; // every neighbour is inside the sphere
  const p: Vec3 = [i, j, k];
  for (let a = 0; a < 3; a++) {
    for (const d of [-1, 1]) {
      const q: Vec3 = [p[0], p[1], p[2]];
      q[a] = q[a]! + d;
      const gx = q[0] + ox, gy = q[1] + oy, gz = q[2] + oz;
      if (gx < 0 || gy < 0 || gz < 0 || gx >= vx || gy >= vy || gz >= vz) continue;
      const dx = (q[0] - cx) * sx, dy = (q[1] - cy) * sy, dz = (q[2] - cz) * sz;
      if (dx * dx + dy * dy + dz * dz > r2) return true;
    }
  }
  return false;
}
