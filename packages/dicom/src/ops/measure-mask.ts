/**
 * Clinical numbers of a mask: voxel count, volume in mL, longest axial diameter, centroid, bounding box.
 */
import { InputError } from '../errors.ts';
import { applyAffine, type Mat4, type Vec3 } from '../geometry.ts';
import { assertGrid, type LabelVolume } from '../volume.ts';

export interface MaskMeasurement {
  /** Voxels counted (with the requested label, or any non-zero label). */
  voxelCount: number;
  /** voxelCount × voxel volume (|det| of the affine's 3×3 part), in millilitres (1 mL = 1000 mm³). */
  volumeMl: number;
  /**
   * Longest in-plane distance in mm between the CENTRES of two mask voxels lying in the same
   * axial slice, maximised over all axial slices. Axial slices are the planes of constant index along
   * the voxel axis that points most toward Superior; distances use the affine (spacing, shear).
   * Centre-to-centre: a single voxel measures 0 mm, a row of n voxels (n − 1) × spacing.
   */
  longestAxialDiameterMm: number;
  /** Mean of the voxel centres in RAS+ world mm. */
  centroidRas: Vec3;
  /** Voxel-index bounding box, both ends inclusive. */
  bboxIjk: { min: Vec3; max: Vec3 };
}

/**
 * Measure the voxels of `mask` equal to `label` (default: every non-zero voxel).
 * @throws VolumeShapeError when the mask's dims, data and affine disagree
 * @throws InputError when `label` is not an integer 1..255 or no voxel carries it (nothing to measure)
 */
export function measureMask(mask: LabelVolume, label?: number): MaskMeasurement {
  assertGrid(mask, 'mask');
  if (label !== undefined && (!Number.isInteger(label) || label < 1 || label > 255)) {
    throw new InputError(`measureMask: label must be an integer 1..255 (or omitted for any non-zero), got ${label}`);
  }
  const fg = new Uint8Array(mask.data.length);
  const data = mask.data;
  if (label === undefined) {
    for (let v = 0; v < data.length; v++) fg[v] = data[v] !== 0 ? 1 : 0;
  } else {
    for (let v = 0; v < data.length; v++) fg[v] = data[v] === label ? 1 : 0;
  }

  const [nx, ny, nz] = mask.dims;
  let count = 0;
  let si = 0, sj = 0, sk = 0;
  const min: Vec3 = [nx, ny, nz];
  const max: Vec3 = [-1, -1, -1];
  let v = 0;
  for (let k = 0; k < nz; k++) {
    for (let j = 0; j < ny; j++) {
      for (let i = 0; i < nx; i++, v++) {
        if (fg[v] === 0) continue;
        count++;
        si += i; sj += j; sk += k;
        if (i < min[0]) min[0] = i;
        if (i > max[0]) max[0] = i;
        if (j < min[1]) min[1] = j;
        if (j > max[1]) max[1] = j;
        if (k < min[2]) min[2] = k;
        if (k > max[2]) max[2] = k;
      }
    }
  }
  if (count === 0) {
    throw new InputError(`measureMask: the mask has no voxels ${label === undefined ? 'with a non-zero label' : `with label ${label}`}; nothing to measure`);
  }
  const voxelMm3 = Math.abs(det3(mask.affineRas));
  return {
    voxelCount: count,
    volumeMl: (count * voxelMm3) / 1000,
    longestAxialDiameterMm: longestAxialDiameterMm(fg, mask.dims, mask.affineRas),
    centroidRas: applyAffine(mask.affineRas, [si / count, sj / count, sk / count]),
    bboxIjk: { min, max },
  };
}

/** Determinant of the affine's 3×3 part (signed voxel volume in mm³). */
export function det3(m: Mat4): number {
  return (
    m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1]) -
    m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0]) +
    m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0])
  );
}

/** The voxel axis (0 = i, 1 = j, 2 = k) whose direction is closest to the Superior world axis. */
export function axialSliceAxis(affineRas: Mat4): 0 | 1 | 2 {
  let best: 0 | 1 | 2 = 2;
  let bestCos = -1;
  for (const c of [2, 1, 0] as const) {
    const len = Math.hypot(affineRas[0][c], affineRas[1][c], affineRas[2][c]);
    const cos = len > 0 ? Math.abs(affineRas[2][c]) / len : 0;
    if (cos > bestCos + 1e-9) {
      bestCos = cos;
      best = c;
    }
  }
  return best;
}

/**
 * Longest centre-to-centre distance (mm) within one axial slice of a binary mask, over all slices.
 * Per slice: the first and last foreground voxel of each line, their convex hull in index space
 * (affine maps keep convexity), then the largest pairwise world distance between hull vertices.
 */
export function longestAxialDiameterMm(fg: Uint8Array, dims: Vec3, affineRas: Mat4): number {
  const s = axialSliceAxis(affineRas);
  const a = s === 0 ? 1 : 0; // fast in-plane axis
  const b = s === 2 ? 1 : 2; // slow in-plane axis
  const stride: Vec3 = [1, dims[0], dims[0] * dims[1]];
  const sa = stride[a], sb = stride[b], ss = stride[s];
  const na = dims[a], nb = dims[b], ns = dims[s];
  // World vectors of one step along a and b.
  const ax = affineRas[0][a], ay = affineRas[1][a], az = affineRas[2][a];
  const bx = affineRas[0][b], by = affineRas[1][b], bz = affineRas[2][b];
  const pa = new Int32Array(2 * nb);
  const pb = new Int32Array(2 * nb);
  const hull = new Int32Array(4 * nb + 2);
  let best2 = 0;
  for (let t = 0; t < ns; t++) {
    let np = 0;
    for (let q = 0; q < nb; q++) {
      const base = t * ss + q * sb;
      let lo = -1, hi = -1;
      for (let p = 0; p < na; p++) {
        if (fg[base + p * sa] !== 0) {
          if (lo < 0) lo = p;
          hi = p;
        }
      }
      if (lo < 0) continue;
      pa[np] = lo; pb[np] = q; np++;
      if (hi !== lo) {
        pa[np] = hi; pb[np] = q; np++;
      }
    }
    if (np < 2) continue;
    const h = convexHull(pb, pa, np, hull);
    for (let x = 0; x < h; x++) {
      const u = hull[x]!;
      for (let y = x + 1; y < h; y++) {
        const w = hull[y]!;
        const da = pa[u]! - pa[w]!;
        const db = pb[u]! - pb[w]!;
        const dx = da * ax + db * bx, dy = da * ay + db * by, dz = da * az + db * bz;
        const d2 = dx * dx + dy * dy + dz * dz;
        if (d2 > best2) best2 = d2;
      }
    }
  }
  return Math.sqrt(best2);
}

/**
 * Andrew's monotone chain on points already sorted by (x, then y); writes hull point indices to
 * `out` and returns their count (collinear points dropped; ≥ 2 points in, ≥ 2 out).
 */
function convexHull(xs: Int32Array, ys: Int32Array, n: number, out: Int32Array): number {
  const cross = (o: number, p: number, q: number) =>
    (xs[p]! - xs[o]!) * (ys[q]! - ys[o]!) - (ys[p]! - ys[o]!) * (xs[q]! - xs[o]!);
  let h = 0;
  for (let p = 0; p < n; p++) {
    while (h >= 2 && cross(out[h - 2]!, out[h - 1]!, p) <= 0) h--;
    out[h++] = p;
  }
  const lower = h + 1;
  for (let p = n - 2; p >= 0; p--) {
    while (h >= lower && cross(out[h - 2]!, out[h - 1]!, p) <= 0) h--;
    out[h++] = p;
  }
  return Math.max(2, h - 1);
}
