/**
 * Enhancing rims: a shell brighter than the liver around a hypodense lesion (HCC capsule, some
 * metastases). The hypodense region stops at the rim's inner edge, so the rim is added here, but
 * only when it surrounds the lesion: rays from the lesion centre must meet bright tissue just
 * outside the region in at least `minCoverage` of all directions. A vessel that touches the lesion
 * on one side covers only a few directions and is left out.
 */
import type { Vec3 } from '../geometry.ts';
import { squaredDistanceMm } from './distance-transform.ts';

export interface RimOptions {
  /** Rim voxels are at least this bright (HU, on the smoothed image). */
  minHu: number;
  /** Largest rim thickness looked for, mm. */
  maxThicknessMm: number;
  /** Fraction of directions (0..1) that must see a rim before it is added. */
  minCoverage: number;
}

export interface RimResult {
  /** The region with the rim added (or the region unchanged). */
  mask: Uint8Array;
  /** Fraction of ray directions that met a bright shell just outside the region. */
  coverage: number;
  included: boolean;
}

/**
 * Measure how much of the region is wrapped in bright tissue; add that tissue when it wraps enough.
 * @param values smoothed HU on the same grid as `region`
 * @param spacingMm voxel size in mm along i, j, k
 */
export function captureRim(region: Uint8Array, values: Float32Array, dims: Vec3, spacingMm: Vec3, opts: RimOptions): RimResult {
  const coverage = rimCoverage(region, values, dims, spacingMm, opts);
  if (coverage < opts.minCoverage) return { mask: region, coverage, included: false };
  const d2 = squaredDistanceMm(region, dims, spacingMm, true);
  const r2 = opts.maxThicknessMm * opts.maxThicknessMm;
  const out = Uint8Array.from(region);
  // Grow from the region into bright voxels within the rim thickness (6-connected).
  const [nx, ny] = dims;
  const sxy = nx * ny;
  const stack: number[] = [];
  for (let v = 0; v < out.length; v++) if (out[v] !== 0) stack.push(v);
  while (stack.length > 0) {
    const v = stack.pop()!;
    const i = v % nx;
    const j = ((v - i) / nx) % ny;
    const k = (v - i - j * nx) / sxy;
    const tryAdd = (u: number) => {
      if (out[u] === 0 && d2[u]! <= r2 && values[u]! >= opts.minHu) {
        out[u] = 1;
        stack.push(u);
      }
    };
    if (i > 0) tryAdd(v - 1);
    if (i < nx - 1) tryAdd(v + 1);
    if (j > 0) tryAdd(v - nx);
    if (j < ny - 1) tryAdd(v + nx);
    if (k > 0) tryAdd(v - sxy);
    if (k < dims[2] - 1) tryAdd(v + sxy);
  }
  return { mask: out, coverage, included: true };
}

/** Fraction of `count` near-uniform directions whose ray, after leaving the region, meets ≥ minHu within maxThicknessMm. */
export function rimCoverage(region: Uint8Array, values: Float32Array, dims: Vec3, spacingMm: Vec3, opts: RimOptions, count = 128): number {
  const c = centroidVox(region, dims);
  if (c === undefined) return 0;
  const [nx, ny, nz] = dims;
  const [sx, sy, sz] = spacingMm;
  const step = 0.5 * Math.min(sx, sy, sz);
  const at = (x: number, y: number, z: number): number => {
    const i = Math.round(x / sx), j = Math.round(y / sy), k = Math.round(z / sz);
    if (i < 0 || j < 0 || k < 0 || i >= nx || j >= ny || k >= nz) return -1;
    return i + nx * (j + ny * k);
  };
  const ox = c[0] * sx, oy = c[1] * sy, oz = c[2] * sz;
  let hits = 0;
  let used = 0;
  for (const [dx, dy, dz] of fibonacciDirections(count)) {
    let t = 0;
    let exit = -1;
    for (;;) {
      t += step;
      const v = at(ox + dx * t, oy + dy * t, oz + dz * t);
      if (v < 0) break;
      if (region[v] === 0) {
        exit = t;
        break;
      }
    }
    if (exit < 0) continue;
    used++;
    for (let u = exit; u <= exit + opts.maxThicknessMm; u += step) {
      const v = at(ox + dx * u, oy + dy * u, oz + dz * u);
      if (v < 0) break;
      if (values[v]! >= opts.minHu) {
        hits++;
        break;
      }
    }
  }
  return used === 0 ? 0 : hits / used;
}

/** `count` unit vectors spread evenly over the sphere (golden-angle spiral). */
export function fibonacciDirections(count: number): Vec3[] {
  const out: Vec3[] = [];
  const golden = Math.PI * (3 - Math.sqrt(5));
  for (let n = 0; n < count; n++) {
    const z = 1 - (2 * (n + 0.5)) / count;
    const r = Math.sqrt(1 - z * z);
    out.push([r * Math.cos(golden * n), r * Math.sin(golden * n), z]);
  }
  return out;
}

/** Mean voxel position of the non-zero voxels, in voxel indices; undefined when empty. */
export function centroidVox(mask: Uint8Array, dims: Vec3): Vec3 | undefined {
  const [nx, ny, nz] = dims;
  let n = 0, si = 0, sj = 0, sk = 0;
  let v = 0;
  for (let k = 0; k < nz; k++) {
    for (let j = 0; j < ny; j++) {
      for (let i = 0; i < nx; i++, v++) {
        if (mask[v] === 0) continue;
        n++;
        si += i; sj += j; sk += k;
      }
    }
  }
  return n === 0 ? undefined : [si / n, sj / n, sk / n];
}
