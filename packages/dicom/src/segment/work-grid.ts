/**
 * A coarser work grid for organ-scale segmentation: the CT block-averaged by integer factors (which
 * also averages noise away), and a mask computed there brought back to the CT's grid by trilinear
 * interpolation of the 0/1 labels (threshold 0.5), so the outline is smooth, not blocky.
 */
import { multiply4, type Mat4, type Vec3 } from '../geometry.ts';
import type { VoxelData } from '../volume.ts';
import type { VoxelBox } from './roi-box.ts';

export interface WorkGrid {
  /** Block size per axis (voxels of the CT per work voxel). */
  factors: Vec3;
  dims: Vec3;
  spacingMm: Vec3;
  /** Work voxel → RAS+ mm (the centre of its block). */
  affineRas: Mat4;
}

/**
 * Factors that make each axis's work spacing about `targetMm` (never finer than the CT), coarsened
 * in-plane (axes 0 and 1) until the grid holds at most `maxVoxels`.
 */
export function chooseWorkGrid(dims: Vec3, spacingMm: Vec3, affineRas: Mat4, targetMm: number, maxVoxels: number): WorkGrid {
  const f = [0, 1, 2].map((a) => Math.max(1, Math.min(dims[a]!, Math.round(targetMm / spacingMm[a]!)))) as Vec3;
  const size = (g: Vec3) => [0, 1, 2].map((a) => Math.max(1, Math.floor(dims[a]! / g[a]!))) as Vec3;
  let d = size(f);
  while (d[0] * d[1] * d[2] > maxVoxels && (f[0] < dims[0] || f[1] < dims[1] || f[2] < dims[2])) {
    for (let a = 0; a < 3; a++) if (f[a]! < dims[a]!) f[a]!++;
    d = size(f);
  }
  // Work voxel (I, J, K) is centred on CT voxel (I f + (f − 1)/2, …).
  const block: Mat4 = [
    [f[0], 0, 0, (f[0] - 1) / 2],
    [0, f[1], 0, (f[1] - 1) / 2],
    [0, 0, f[2], (f[2] - 1) / 2],
    [0, 0, 0, 1],
  ];
  return { factors: f, dims: d, spacingMm: [spacingMm[0] * f[0], spacingMm[1] * f[1], spacingMm[2] * f[2]], affineRas: multiply4(affineRas, block) };
}

/** Mean of each block (trailing voxels that do not fill a block are left out). */
export function blockAverage(data: VoxelData, dims: Vec3, grid: WorkGrid): Float32Array {
  const [fx, fy, fz] = grid.factors;
  const [wx, wy, wz] = grid.dims;
  const [nx, ny] = dims;
  const out = new Float32Array(wx * wy * wz);
  const inv = 1 / (fx * fy * fz);
  for (let K = 0; K < wz; K++) {
    for (let J = 0; J < wy; J++) {
      const o = wx * (J + wy * K);
      for (let dk = 0; dk < fz; dk++) {
        for (let dj = 0; dj < fy; dj++) {
          const row = nx * (J * fy + dj + ny * (K * fz + dk));
          for (let I = 0; I < wx; I++) {
            let s = 0;
            const base = row + I * fx;
            for (let di = 0; di < fx; di++) s += data[base + di]!;
            out[o + I]! += s;
          }
        }
      }
    }
  }
  for (let v = 0; v < out.length; v++) out[v]! *= inv;
  return out;
}

/**
 * The work-grid mask on the CT grid: trilinear interpolation of the 0/1 labels at each CT voxel
 * centre (clamped at the work grid's edge), ≥ 0.5 = inside. Only voxels inside `box` (CT indices) are
 * visited; the rest stay 0.
 */
export function upsampleMask(work: Uint8Array, grid: WorkGrid, dims: Vec3, box: VoxelBox): Uint8Array {
  const out = new Uint8Array(dims[0] * dims[1] * dims[2]);
  const [wx, wy, wz] = grid.dims;
  const [fx, fy, fz] = grid.factors;
  const axis = (f: number, w: number, lo: number, len: number) => {
    const i0 = new Int32Array(len), i1 = new Int32Array(len), t = new Float32Array(len);
    for (let q = 0; q < len; q++) {
      const c = Math.min(w - 1, Math.max(0, (lo + q - (f - 1) / 2) / f));
      const a = Math.min(w - 1, Math.floor(c));
      i0[q] = a;
      i1[q] = Math.min(w - 1, a + 1);
      t[q] = c - a;
    }
    return { i0, i1, t };
  };
  const X = axis(fx, wx, box.origin[0], box.dims[0]);
  const Y = axis(fy, wy, box.origin[1], box.dims[1]);
  const Z = axis(fz, wz, box.origin[2], box.dims[2]);
  const at = (i: number, j: number, k: number) => work[i + wx * (j + wy * k)]!;
  for (let q = 0; q < box.dims[2]; q++) {
    const k0 = Z.i0[q]!, k1 = Z.i1[q]!, tz = Z.t[q]!;
    for (let p = 0; p < box.dims[1]; p++) {
      const j0 = Y.i0[p]!, j1 = Y.i1[p]!, ty = Y.t[p]!;
      const row = dims[0] * (box.origin[1] + p + dims[1] * (box.origin[2] + q));
      for (let r = 0; r < box.dims[0]; r++) {
        const i0 = X.i0[r]!, i1 = X.i1[r]!, tx = X.t[r]!;
        const c00 = at(i0, j0, k0) * (1 - tx) + at(i1, j0, k0) * tx;
        const c10 = at(i0, j1, k0) * (1 - tx) + at(i1, j1, k0) * tx;
        const c01 = at(i0, j0, k1) * (1 - tx) + at(i1, j0, k1) * tx;
        const c11 = at(i0, j1, k1) * (1 - tx) + at(i1, j1, k1) * tx;
        const c = (c00 * (1 - ty) + c10 * ty) * (1 - tz) + (c01 * (1 - ty) + c11 * ty) * tz;
        if (c >= 0.5) out[row + box.origin[0] + r] = 1;
      }
    }
  }
  return out;
}

/** The CT-grid box covering a work-grid box (whole blocks, plus the trailing voxels at the far edge). */
export function workBoxToCt(box: VoxelBox, grid: WorkGrid, dims: Vec3): VoxelBox {
  const origin: Vec3 = [0, 0, 0];
  const size: Vec3 = [0, 0, 0];
  for (let a = 0; a < 3; a++) {
    const f = grid.factors[a]!;
    const lo = Math.max(0, box.origin[a]! * f - f);
    const last = box.origin[a]! + box.dims[a]! - 1;
    const hi = last >= grid.dims[a]! - 1 ? dims[a]! - 1 : Math.min(dims[a]! - 1, (last + 1) * f + f - 1);
    origin[a] = lo;
    size[a] = hi - lo + 1;
  }
  return { origin, dims: size };
}
