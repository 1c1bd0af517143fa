/**
 * The mRECIST longest VIABLE diameter of a viable-tumour mask, measured on the viable part only.
 *
 * mRECIST (Lencioni & Llovet, Semin Liver Dis 2010;30:52-60) measures the longest diameter of the
 * viable (enhancing) tumour and says the measurement must not include intervening necrosis. Decision
 * (documented in survival's measure/README.md): per axial slice, the longest straight chord between two viable
 * voxel centres whose whole segment stays inside viable voxels (nearest-voxel test every half voxel).
 * A solid viable nodule measures as its longest axial diameter; a viable rim around a necrotic centre
 * measures as the longest chord inside the rim (never across the centre); two viable nodules on either
 * side of necrosis measure as the larger nodule.
 *
 * Cost: per slice, the convex-hull diameter is tried first (exact for convex components); otherwise
 * boundary-voxel pairs longer than the best so far are tested, longest first per start voxel.
 */
import type { Mat4, Vec3 } from '../geometry.ts';
import { axialSliceAxis, longestAxialDiameterMm } from './measure-mask.ts';

interface SliceGeometry {
  a: 0 | 1 | 2;
  b: 0 | 1 | 2;
  s: 0 | 1 | 2;
  stride: Vec3;
  /** World vectors of one voxel step along a and b. */
  av: Vec3;
  bv: Vec3;
}

function geometryOf(dims: Vec3, affineRas: Mat4): SliceGeometry {
  const s = axialSliceAxis(affineRas);
  const a = s === 0 ? 1 : 0;
  const b = s === 2 ? 1 : 2;
  const col = (c: number): Vec3 => [affineRas[0][c]!, affineRas[1][c]!, affineRas[2][c]!];
  return { a, b, s, stride: [1, dims[0], dims[0] * dims[1]], av: col(a), bv: col(b) };
}

/**
 * Longest axial chord (mm) of `viable` (1 = viable voxel) that stays within viable voxels, over all slices.
 * 0 for an empty mask or single voxels.
 */
export function longestViableDiameterMm(viable: Uint8Array, dims: Vec3, affineRas: Mat4): number {
  const g = geometryOf(dims, affineRas);
  const na = dims[g.a], nb = dims[g.b], ns = dims[g.s];
  const sa = g.stride[g.a], sb = g.stride[g.b], ss = g.stride[g.s];
  const slice = new Uint8Array(na * nb);
  const sliceDims: Vec3 = [na, nb, 1];
  // A 2-D affine for one slice: index (p, q) → world p·av + q·bv (for the convex-hull shortcut).
  const sliceAffine: Mat4 = [
    [g.av[0], g.bv[0], 0, 0],
    [g.av[1], g.bv[1], 0, 0],
    [g.av[2], g.bv[2], 1, 0],
    [0, 0, 0, 1],
  ];
  let best2 = 0;
  const bx: number[] = [];
  const by: number[] = [];
  for (let t = 0; t < ns; t++) {
    let count = 0;
    for (let q = 0; q < nb; q++) {
      for (let p = 0; p < na; p++) {
        const on = viable[t * ss + q * sb + p * sa] !== 0 ? 1 : 0;
        slice[p + na * q] = on;
        count += on;
      }
    }
    if (count < 2) continue;
    // Upper bound: the convex-hull diameter of the slice; skip the slice if it cannot beat the best.
    const hull = longestAxialDiameterMm(slice, sliceDims, sliceAffine);
    if (hull * hull <= best2) continue;
    bx.length = 0;
    by.length = 0;
    for (let q = 0; q < nb; q++) {
      for (let p = 0; p < na; p++) {
        if (!slice[p + na * q]) continue;
        const edge = p === 0 || q === 0 || p === na - 1 || q === nb - 1 ||
          !slice[p - 1 + na * q] || !slice[p + 1 + na * q] || !slice[p + na * (q - 1)] || !slice[p + na * (q + 1)];
        if (edge) {
          bx.push(p);
          by.push(q);
        }
      }
    }
    best2 = Math.max(best2, longestInternalChord2(slice, na, bx, by, g.av, g.bv, best2));
  }
  return Math.sqrt(best2);
}

function dist2(dp: number, dq: number, av: Vec3, bv: Vec3): number {
  const x = dp * av[0] + dq * bv[0], y = dp * av[1] + dq * bv[1], z = dp * av[2] + dq * bv[2];
  return x * x + y * y + z * z;
}

/** Whether the segment between two voxel centres stays in the slice mask (nearest voxel, ≤ 0.5-voxel steps). */
function segmentInside(slice: Uint8Array, na: number, p0: number, q0: number, p1: number, q1: number): boolean {
  const steps = Math.ceil(2 * Math.max(Math.abs(p1 - p0), Math.abs(q1 - q0)));
  for (let k = 1; k < steps; k++) {
    const f = k / steps;
    if (!slice[Math.round(p0 + f * (p1 - p0)) + na * Math.round(q0 + f * (q1 - q0))]) return false;
  }
  return true;
}

function longestInternalChord2(slice: Uint8Array, na: number, bx: number[], by: number[], av: Vec3, bv: Vec3, floor2: number): number {
  let best2 = floor2;
  const m = bx.length;
  const order: number[] = [];
  const d2s = new Float64Array(m);
  for (let u = 0; u < m; u++) {
    order.length = 0;
    for (let w = u + 1; w < m; w++) {
      const d2 = dist2(bx[w]! - bx[u]!, by[w]! - by[u]!, av, bv);
      d2s[w] = d2;
      if (d2 > best2) order.push(w);
    }
    order.sort((x, y) => d2s[y]! - d2s[x]!);
    for (const w of order) {
      if (d2s[w]! <= best2) break;
      if (segmentInside(slice, na, bx[u]!, by[u]!, bx[w]!, by[w]!)) {
        best2 = d2s[w]!;
        break;
      }
    }
  }
  return best2;
}
