/**
 * Voxel-grid geometry: 4x4 affines, the one LPS→RAS conversion, and small helpers.
 *
 * Conventions, stated once and used everywhere:
 * - Voxel index (i, j, k), i fastest in memory; for DICOM i = column, j = row, k = slice.
 * - `affineRas` maps (i, j, k, 1) to RAS+ world millimetres, the NIfTI / NiiVue / nibabel frame:
 *   +x toward the patient's Right, +y toward Anterior, +z toward Superior.
 * - DICOM patient coordinates are LPS+: +x toward Left, +y toward Posterior, +z toward Superior.
 *   `lpsToRas` is the only place where one becomes the other.
 * - Matrices are row-major nested arrays, `m[row][col]`, so they serialise to JSON as written.
 */
import { VolumeShapeError } from './errors.ts';

export type Vec3 = [number, number, number];
export type Vec4 = [number, number, number, number];
export type Mat4 = [Vec4, Vec4, Vec4, Vec4];

export function identity4(): Mat4 {
  return [
    [1, 0, 0, 0],
    [0, 1, 0, 0],
    [0, 0, 1, 0],
    [0, 0, 0, 1],
  ];
}

/** LPS+ → RAS+: negate the first two world axes. The only LPS/RAS conversion in the project. */
export function lpsToRas(affineLps: Mat4): Mat4 {
  const m = affineLps;
  return [
    [-m[0][0], -m[0][1], -m[0][2], -m[0][3]],
    [-m[1][0], -m[1][1], -m[1][2], -m[1][3]],
    [m[2][0], m[2][1], m[2][2], m[2][3]],
    [0, 0, 0, 1],
  ];
}

/** RAS+ point → LPS+ point (the inverse of the same flip, for DICOM writers). */
export function rasPointToLps(p: Vec3): Vec3 {
  return [-p[0], -p[1], p[2]];
}

/**
 * The voxel → LPS affine of a DICOM slice stack.
 * @param rowCosines  first three values of ImageOrientationPatient: direction of increasing column index i
 * @param colCosines  last three: direction of increasing row index j
 * @param originLps   ImagePositionPatient of the first slice (centre of voxel 0,0,0)
 * @param pixelSpacingMm PixelSpacing as stored: [spacing between rows, spacing between columns]
 * @param sliceStepLps vector from one slice's origin to the next (slice spacing × normal, signed)
 */
export function dicomAffineLps(
  rowCosines: Vec3,
  colCosines: Vec3,
  originLps: Vec3,
  pixelSpacingMm: [number, number],
  sliceStepLps: Vec3,
): Mat4 {
  const [rowSpacing, colSpacing] = pixelSpacingMm;
  return [
    [rowCosines[0] * colSpacing, colCosines[0] * rowSpacing, sliceStepLps[0], originLps[0]],
    [rowCosines[1] * colSpacing, colCosines[1] * rowSpacing, sliceStepLps[1], originLps[1]],
    [rowCosines[2] * colSpacing, colCosines[2] * rowSpacing, sliceStepLps[2], originLps[2]],
    [0, 0, 0, 1],
  ];
}

export function multiply4(a: Mat4, b: Mat4): Mat4 {
  const out = identity4();
  for (let r = 0; r < 4; r++) {
    for (let c = 0; c < 4; c++) {
      let s = 0;
      for (let k = 0; k < 4; k++) s += a[r]![k]! * b[k]![c]!;
      out[r]![c] = s;
    }
  }
  return out;
}

/** Apply an affine to a point (w = 1). */
export function applyAffine(m: Mat4, p: Vec3): Vec3 {
  return [
    m[0][0] * p[0] + m[0][1] * p[1] + m[0][2] * p[2] + m[0][3],
    m[1][0] * p[0] + m[1][1] * p[1] + m[1][2] * p[2] + m[1][3],
    m[2][0] * p[0] + m[2][1] * p[1] + m[2][2] * p[2] + m[2][3],
  ];
}

/** Inverse of an affine (the 3x3 part must be invertible). */
export function invertAffine(m: Mat4): Mat4 {
  const a = m[0][0], b = m[0][1], c = m[0][2];
  const d = m[1][0], e = m[1][1], f = m[1][2];
  const g = m[2][0], h = m[2][1], i = m[2][2];
  const det = a * (e * i - f * h) - b * (d * i - f * g) + c * (d * h - e * g);
  if (!Number.isFinite(det) || Math.abs(det) < 1e-12) {
    throw new VolumeShapeError(`affine is singular (determinant ${det}); cannot invert`);
  }
  const inv: [Vec3, Vec3, Vec3] = [
    [(e * i - f * h) / det, (c * h - b * i) / det, (b * f - c * e) / det],
    [(f * g - d * i) / det, (a * i - c * g) / det, (c * d - a * f) / det],
    [(d * h - e * g) / det, (b * g - a * h) / det, (a * e - b * d) / det],
  ];
  const t: Vec3 = [m[0][3], m[1][3], m[2][3]];
  const row = (r: Vec3): Vec4 => [r[0], r[1], r[2], -(r[0] * t[0] + r[1] * t[1] + r[2] * t[2])];
  return [row(inv[0]), row(inv[1]), row(inv[2]), [0, 0, 0, 1]];
}

/** Column lengths of the 3x3 part: the voxel spacing in mm along i, j, k. */
export function affineSpacingMm(m: Mat4): Vec3 {
  const col = (c: number) => Math.hypot(m[0][c]!, m[1][c]!, m[2][c]!);
  return [col(0), col(1), col(2)];
}

/** Largest absolute difference between two affines' entries (for grid comparison). */
export function affineMaxAbsDiff(a: Mat4, b: Mat4): number {
  let d = 0;
  for (let r = 0; r < 4; r++) for (let c = 0; c < 4; c++) d = Math.max(d, Math.abs(a[r]![c]! - b[r]![c]!));
  return d;
}

/**
 * Orientation code of an affine (e.g. "LPS", "RAS"): for each voxel axis i, j, k the
 * world direction it mostly points to, in RAS+ world coordinates.
 */
export function orientationCode(affineRas: Mat4): string {
  const pos = ['R', 'A', 'S'];
  const neg = ['L', 'P', 'I'];
  let code = '';
  for (let c = 0; c < 3; c++) {
    const v = [affineRas[0][c]!, affineRas[1][c]!, affineRas[2][c]!];
    let best = 0;
    for (let r = 1; r < 3; r++) if (Math.abs(v[r]!) > Math.abs(v[best]!)) best = r;
    code += v[best]! >= 0 ? pos[best]! : neg[best]!;
  }
  return code;
}

export function dot3(a: Vec3, b: Vec3): number {
  return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
}

export function cross3(a: Vec3, b: Vec3): Vec3 {
  return [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
}

export function norm3(a: Vec3): number {
  return Math.hypot(a[0], a[1], a[2]);
}
