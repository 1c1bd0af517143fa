/**
 * Local vessel diameter from a vessel mask, and the nearest vessel of at least a given diameter to
 * a point: what ablation planning asks ("is there a vessel ≥ 3 mm within 10 mm of the zone, and how
 * wide is it?" — the heat-sink effect).
 *
 * The diameter at a voxel is the local thickness (Hildebrand & Rüegsegger, J Microsc 1997): the
 * diameter of the largest ball inside the vessel that contains the voxel. The ball centred at a
 * centreline voxel has the radius of the distance transform there (distance to the nearest non-vessel
 * voxel centre, minus half an in-plane voxel, since both ends are voxel centres), so on the centreline
 * the diameter is 2 × that distance. The estimate is good to about one voxel.
 */
import { InputError } from '../errors.ts';
import { applyAffine, invertAffine, type Vec3 } from '../geometry.ts';
import { assertGrid, type LabelVolume } from '../volume.ts';
import { squaredDistanceMm } from './distance-transform.ts';

/** Inscribed radius of a vessel at a voxel whose centre is `distanceMm` from the nearest non-vessel voxel centre, mm. */
export function inscribedRadiusMm(distanceMm: number, spacingMm: Vec3): number {
  return Math.max(0, distanceMm - 0.5 * Math.min(spacingMm[0], spacingMm[1]));
}

/**
 * Local vessel diameter (mm) at every voxel of the mask (0 outside it), on the mask's grid.
 * @throws VolumeShapeError when the mask's dims, data and affine disagree
 */
export function vesselDiameterMm(vessels: LabelVolume): Float32Array {
  assertGrid(vessels, 'vessels');
  const { dims, spacingMm: sp, data } = vessels;
  const [nx, ny, nz] = dims;
  const plane = nx * ny;
  const out = new Float32Array(data.length);
  if (!data.some((x) => x !== 0)) return out;
  const d2 = squaredDistanceMm(data, dims, sp, false);
  // Centreline: voxels whose distance is not smaller than any 6-neighbour's (local maxima, ties kept).
  const centres: number[] = [];
  let v = 0;
  for (let k = 0; k < nz; k++) for (let j = 0; j < ny; j++) for (let i = 0; i < nx; i++, v++) {
    if (data[v] === 0) continue;
    const x = d2[v]!;
    if ((i > 0 && d2[v - 1]! > x) || (i < nx - 1 && d2[v + 1]! > x)) continue;
    if ((j > 0 && d2[v - nx]! > x) || (j < ny - 1 && d2[v + nx]! > x)) continue;
    if ((k > 0 && d2[v - plane]! > x) || (k < nz - 1 && d2[v + plane]! > x)) continue;
    centres.push(v);
  }
  // Paint each centre's inscribed ball with its diameter; the largest ball holding a voxel wins.
  for (const c of centres) {
    const dist = Math.sqrt(d2[c]!);
    const diameter = 2 * inscribedRadiusMm(dist, sp);
    const ci = c % nx, cj = Math.floor(c / nx) % ny, ck = Math.floor(c / plane);
    const r2 = dist * dist;
    const ri = Math.floor(dist / sp[0]), rj = Math.floor(dist / sp[1]), rk = Math.floor(dist / sp[2]);
    for (let dk = -rk; dk <= rk; dk++) {
      const kk = ck + dk;
      if (kk < 0 || kk >= nz) continue;
      for (let dj = -rj; dj <= rj; dj++) {
        const jj = cj + dj;
        if (jj < 0 || jj >= ny) continue;
        const rest = r2 - (dk * sp[2]) ** 2 - (dj * sp[1]) ** 2;
        if (rest < 0) continue;
        for (let di = -ri; di <= ri; di++) {
          const ii = ci + di;
          if (ii < 0 || ii >= nx || (di * sp[0]) ** 2 >= rest) continue;
          const w = ii + nx * jj + plane * kk;
          if (data[w] !== 0 && out[w]! < diameter) out[w] = diameter;
        }
      }
    }
  }
  return out;
}

export type NearestVesselToPoint =
  | { found: true; /** Distance from the point to the vessel voxel's centre, mm. */ distanceMm: number; /** That voxel, RAS+ mm. */ vesselRas: Vec3; /** Local vessel diameter there, mm. */ diameterMm: number }
  | { found: false };

/**
 * The vessel voxel nearest to `pointRas` among those of local diameter ≥ `minDiameterMm` (default 3).
 * @param diameterMm from vesselDiameterMm (computed when omitted; pass it when asking many points)
 * @throws InputError for a non-finite point or a negative minimum diameter
 */
export function nearestVesselToPoint(
  vessels: LabelVolume, pointRas: Vec3, opts: { minDiameterMm?: number; diameterMm?: Float32Array } = {},
): NearestVesselToPoint {
  if (!Array.isArray(pointRas) || pointRas.length !== 3 || !pointRas.every((x) => typeof x === 'number' && Number.isFinite(x))) {
    throw new InputError('nearestVesselToPoint: pointRas must be three finite numbers (RAS+ mm)');
  }
  const minD = opts.minDiameterMm ?? 3;
  if (!(minD >= 0)) throw new InputError(`nearestVesselToPoint: minDiameterMm must be ≥ 0, got ${minD}`);
  const diam = opts.diameterMm ?? vesselDiameterMm(vessels);
  if (diam.length !== vessels.data.length) throw new InputError('nearestVesselToPoint: diameterMm does not match the vessel mask\'s grid');
  const p = applyAffine(invertAffine(vessels.affineRas), pointRas);
  const [nx, ny, nz] = vessels.dims;
  const a = vessels.affineRas;
  let best = Infinity, bestV = -1;
  let v = 0;
  for (let k = 0; k < nz; k++) for (let j = 0; j < ny; j++) for (let i = 0; i < nx; i++, v++) {
    if (diam[v]! < minD || vessels.data[v] === 0) continue;
    const di = i - p[0], dj = j - p[1], dk = k - p[2];
    const x = a[0][0] * di + a[0][1] * dj + a[0][2] * dk;
    const y = a[1][0] * di + a[1][1] * dj + a[1][2] * dk;
    const z = a[2][0] * di + a[2][1] * dj + a[2][2] * dk;
    const d2 = x * x + y * y + z * z;
    if (d2 < best) { best = d2; bestV = v; }
  }
  if (bestV < 0) return { found: false };
  const bi = bestV % nx, bj = Math.floor(bestV / nx) % ny, bk = Math.floor(bestV / (nx * ny));
  return { found: true, distanceMm: Math.sqrt(best), vesselRas: applyAffine(a, [bi, bj, bk]), diameterMm: diam[bestV]! };
}
