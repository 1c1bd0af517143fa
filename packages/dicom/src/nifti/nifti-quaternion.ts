/**
 * NIfTI-1 qform ↔ affine (the header's quaternion representation, NIfTI-1 "method 2").
 *
 * The qform stores a proper rotation as a unit quaternion (a, b, c, d) with a ≥ 0 (only b, c, d are
 * written), the voxel sizes in pixdim[1..3], qfac = pixdim[0] = ±1 (−1 flips the k axis, used when the
 * affine's determinant is negative), and the offset. The world frame is RAS+ millimetres.
 */
import type { Mat4, Vec3 } from '../geometry.ts';

export interface Qform {
  /** quatern_b, quatern_c, quatern_d. */
  quatern: Vec3;
  /** qoffset_x, qoffset_y, qoffset_z (mm). */
  offset: Vec3;
  /** pixdim[1..3] (mm). */
  spacing: Vec3;
  /** pixdim[0]: +1 or −1. */
  qfac: 1 | -1;
}

/**
 * The voxel → RAS+ affine a qform describes (NIfTI-1 method 2).
 * @param qfac pixdim[0]; anything other than −1 counts as +1, as in the reference implementation
 */
export function qformToAffine(quatern: Vec3, offset: Vec3, spacing: Vec3, qfac: number): Mat4 {
  let [b, c, d] = quatern;
  let a2 = 1 - (b * b + c * c + d * d);
  if (a2 < 1e-7) {
    // a ≈ 0: renormalise (b, c, d) to unit length (a 180° rotation).
    const n = Math.hypot(b, c, d) || 1;
    b /= n; c /= n; d /= n;
    a2 = 0;
  }
  const a = Math.sqrt(a2);
  const r: [Vec3, Vec3, Vec3] = [
    [a * a + b * b - c * c - d * d, 2 * (b * c - a * d), 2 * (b * d + a * c)],
    [2 * (b * c + a * d), a * a + c * c - b * b - d * d, 2 * (c * d - a * b)],
    [2 * (b * d - a * c), 2 * (c * d + a * b), a * a + d * d - b * b - c * c],
  ];
  const sx = spacing[0], sy = spacing[1], sz = qfac === -1 ? -spacing[2] : spacing[2];
  return [
    [r[0][0] * sx, r[0][1] * sy, r[0][2] * sz, offset[0]],
    [r[1][0] * sx, r[1][1] * sy, r[1][2] * sz, offset[1]],
    [r[2][0] * sx, r[2][1] * sy, r[2][2] * sz, offset[2]],
    [0, 0, 0, 1],
  ];
}

/**
 * The qform closest to an affine: exact for affines whose columns are orthogonal; for sheared affines
 * the rotation is the orthogonal polar factor of the normalised 3×3 part (the sform keeps the shear).
 */
export function affineToQform(m: Mat4): Qform {
  const spacing: Vec3 = [0, 1, 2].map((c) => Math.hypot(m[0][c]!, m[1][c]!, m[2][c]!)) as Vec3;
  // Normalised columns as a row-major 3×3.
  const r: number[][] = [0, 1, 2].map((row) => [0, 1, 2].map((c) => m[row]![c]! / (spacing[c]! || 1)));
  const det = det3x3(r);
  const qfac: 1 | -1 = det < 0 ? -1 : 1;
  if (qfac === -1) for (let row = 0; row < 3; row++) r[row]![2] = -r[row]![2]!;
  const q = polarRotation(r);
  return { quatern: rotationToQuaternion(q), offset: [m[0][3], m[1][3], m[2][3]], spacing, qfac };
}

/** (b, c, d) of the unit quaternion with a ≥ 0 for a proper rotation matrix (row-major). */
export function rotationToQuaternion(r: number[][]): Vec3 {
  const r11 = r[0]![0]!, r12 = r[0]![1]!, r13 = r[0]![2]!;
  const r21 = r[1]![0]!, r22 = r[1]![1]!, r23 = r[1]![2]!;
  const r31 = r[2]![0]!, r32 = r[2]![1]!, r33 = r[2]![2]!;
  const trace = r11 + r22 + r33;
  let a: number, b: number, c: number, d: number;
  if (trace > 0) {
    const s = 2 * Math.sqrt(trace + 1); // s = 4a
    a = s / 4;
    b = (r32 - r23) / s;
    c = (r13 - r31) / s;
    d = (r21 - r12) / s;
  } else if (r11 >= r22 && r11 >= r33) {
    const s = 2 * Math.sqrt(1 + r11 - r22 - r33); // s = 4b
    b = s / 4;
    a = (r32 - r23) / s;
    c = (r12 + r21) / s;
    d = (r13 + r31) / s;
  } else if (r22 >= r33) {
    const s = 2 * Math.sqrt(1 + r22 - r11 - r33); // s = 4c
    c = s / 4;
    a = (r13 - r31) / s;
    b = (r12 + r21) / s;
    d = (r23 + r32) / s;
  } else {
    const s = 2 * Math.sqrt(1 + r33 - r11 - r22); // s = 4d
    d = s / 4;
    a = (r21 - r12) / s;
    b = (r13 + r31) / s;
    c = (r23 + r32) / s;
  }
  if (a < 0) {
    b = -b; c = -c; d = -d;
  }
  return [b, c, d];
}

function det3x3(r: number[][]): number {
  const [a, b, c] = r[0] as [number, number, number];
  const [d, e, f] = r[1] as [number, number, number];
  const [g, h, i] = r[2] as [number, number, number];
  return a * (e * i - f * h) - b * (d * i - f * g) + c * (d * h - e * g);
}

/** Orthogonal polar factor of a 3×3 with positive determinant (Newton iteration X ← (X + X⁻ᵀ)/2). */
function polarRotation(m: number[][]): number[][] {
  let x = m.map((row) => row.slice());
  for (let it = 0; it < 50; it++) {
    const invT = inverseTranspose(x);
    let change = 0;
    const next = x.map((row, i) => row.map((v, j) => {
      const n = (v + invT[i]![j]!) / 2;
      change = Math.max(change, Math.abs(n - v));
      return n;
    }));
    x = next;
    if (change < 1e-15) break;
  }
  return x;
}

function inverseTranspose(m: number[][]): number[][] {
  const det = det3x3(m);
  const g = (r: number, c: number) => m[r]![c]!;
  // Cofactor matrix / det = inverse transposed.
  return [
    [(g(1, 1) * g(2, 2) - g(1, 2) * g(2, 1)) / det, -(g(1, 0) * g(2, 2) - g(1, 2) * g(2, 0)) / det, (g(1, 0) * g(2, 1) - g(1, 1) * g(2, 0)) / det],
    [-(g(0, 1) * g(2, 2) - g(0, 2) * g(2, 1)) / det, (g(0, 0) * g(2, 2) - g(0, 2) * g(2, 0)) / det, -(g(0, 0) * g(2, 1) - g(0, 1) * g(2, 0)) / det],
    [(g(0, 1) * g(1, 2) - g(0, 2) * g(1, 1)) / det, -(g(0, 0) * g(1, 2) - g(0, 2) * g(1, 0)) / det, (g(0, 0) * g(1, 1) - g(0, 1) * g(1, 0)) / det],
  ];
}
