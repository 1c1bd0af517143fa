/**
 * Centroid, principal axis and extents of a lesion in the box's mm frame (voxel axes scaled by the
 * spacing). The principal axis is the eigenvector of the largest eigenvalue of the voxel-position
 * covariance (power iteration); for a near-round lesion (largest/second eigenvalue < 1.1) it is not
 * defined and the fallback direction is used (craniocaudal by default).
 */
import type { Vec3 } from '@mewm/dicom';
import { boxPositionMm, type AblationBox } from './ablation-box.ts';

export interface LesionAxes {
  centroidMm: Vec3;
  /** Unit vector of the principal (longest) axis, or the fallback for a near-round lesion. */
  principalAxis: Vec3;
  /** True when the lesion is elongated enough for the principal axis to be meaningful. */
  elongated: boolean;
  voxels: number[];
}

const dot = (a: Vec3, b: Vec3) => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];

export function unit(v: Vec3): Vec3 {
  const n = Math.hypot(v[0], v[1], v[2]);
  return [v[0] / n, v[1] / n, v[2] / n];
}

export function lesionAxes(box: AblationBox, lesion: Uint8Array, fallbackAxis: Vec3): LesionAxes {
  const voxels: number[] = [];
  const c: Vec3 = [0, 0, 0];
  for (let v = 0; v < lesion.length; v++) {
    if (!lesion[v]) continue;
    voxels.push(v);
    const p = boxPositionMm(box, v);
    c[0] += p[0]; c[1] += p[1]; c[2] += p[2];
  }
  const n = voxels.length;
  const centroidMm: Vec3 = [c[0] / n, c[1] / n, c[2] / n];
  const cov = [0, 0, 0, 0, 0, 0, 0, 0, 0];
  for (const v of voxels) {
    const p = boxPositionMm(box, v);
    const d = [p[0] - centroidMm[0], p[1] - centroidMm[1], p[2] - centroidMm[2]];
    for (let r = 0; r < 3; r++) for (let s = 0; s < 3; s++) cov[3 * r + s]! += d[r]! * d[s]!;
  }
  const mul = (x: Vec3): Vec3 => [
    cov[0]! * x[0] + cov[1]! * x[1] + cov[2]! * x[2],
    cov[3]! * x[0] + cov[4]! * x[1] + cov[5]! * x[2],
    cov[6]! * x[0] + cov[7]! * x[1] + cov[8]! * x[2],
  ];
  let axis: Vec3 = unit([1, 0.7, 0.3]);
  for (let it = 0; it < 100; it++) axis = unit(mul(axis));
  const lambda1 = dot(axis, mul(axis));
  // Second eigenvalue: the largest of the covariance restricted to the plane normal to `axis`.
  const trace = cov[0]! + cov[4]! + cov[8]!;
  const rest = trace - lambda1;
  const lambda2Max = rest; // λ2 ≤ λ2 + λ3 = rest; λ2 ≥ rest / 2
  let probe: Vec3 = Math.abs(axis[0]) < 0.9 ? [1, 0, 0] : [0, 1, 0];
  for (let it = 0; it < 100; it++) {
    const m = mul(probe);
    const along = dot(m, axis);
    probe = unit([m[0] - along * axis[0], m[1] - along * axis[1], m[2] - along * axis[2]]);
  }
  const lambda2 = Math.min(lambda2Max, dot(probe, mul(probe)));
  // A single voxel (no spread) or a degenerate power iteration has no principal axis.
  const finite = axis.every(Number.isFinite) && Number.isFinite(lambda1) && lambda1 > 0;
  const elongated = finite && (Number.isFinite(lambda2) && lambda2 > 0 ? lambda1 / lambda2 >= 1.1 : true);
  return { centroidMm, principalAxis: elongated ? axis : unit(fallbackAxis), elongated, voxels };
}

/** Largest distance (mm) of the lesion's voxel centres along and across `axis` from the centroid. */
export function lesionExtentMm(box: AblationBox, axes: LesionAxes, axis: Vec3): { alongMm: number; acrossMm: number } {
  let along = 0;
  let across = 0;
  for (const v of axes.voxels) {
    const p = boxPositionMm(box, v);
    const d: Vec3 = [p[0] - axes.centroidMm[0], p[1] - axes.centroidMm[1], p[2] - axes.centroidMm[2]];
    const a = dot(d, axis);
    along = Math.max(along, Math.abs(a));
    across = Math.max(across, Math.sqrt(Math.max(0, dot(d, d) - a * a)));
  }
  return { alongMm: along, acrossMm: across };
}
