/**
 * Synthetic CT for the dynamics tests: a "liver" ellipsoid (110 HU + noise) in fat (−100 HU), with
 * spherical lesions (60 HU) on an anisotropic 0.8 × 0.8 × 5 mm grid, like CRLM-CT-1006.
 */
import type { LabelVolume, Mat4, Vec3, Volume } from '@mewm/dicom';
import type { LesionOutcome } from '../src/lesion-outcome.ts';
import { createRng } from '../src/random.ts';

export const SPACING: Vec3 = [0.8, 0.8, 5];
export const LIVER_HU = 110;
export const LESION_HU = 60;

export interface Phantom {
  ct: Volume;
  lesions: LabelVolume;
  liver: LabelVolume;
  /** Lesion centres (voxel index) and radii (mm). */
  spheres: Array<{ centre: Vec3; radiusMm: number }>;
}

const affine = (s: Vec3): Mat4 => [
  [s[0], 0, 0, -40],
  [0, s[1], 0, 20],
  [0, 0, s[2], -300],
  [0, 0, 0, 1],
];

/**
 * @param spheres lesions (label = position + 1); centre in voxel indices, radius in mm
 * @param liverRadiiMm semi-axes of the liver ellipsoid around the grid centre
 */
export function makePhantom(
  spheres: Array<{ centre: Vec3; radiusMm: number }>,
  opts: { dims?: Vec3; liverRadiiMm?: Vec3; noiseHu?: number; liverCentre?: Vec3 } = {},
): Phantom {
  const dims = opts.dims ?? [120, 120, 24];
  const [nx, ny, nz] = dims;
  const radii = opts.liverRadiiMm ?? [40, 40, 50];
  const lc = opts.liverCentre ?? [(nx - 1) / 2, (ny - 1) / 2, (nz - 1) / 2];
  const rng = createRng(7);
  const hu = new Int16Array(nx * ny * nz);
  const les = new Uint8Array(hu.length);
  const liv = new Uint8Array(hu.length);
  const noise = opts.noiseHu ?? 10;
  let v = 0;
  for (let k = 0; k < nz; k++) {
    for (let j = 0; j < ny; j++) {
      for (let i = 0; i < nx; i++, v++) {
        const e = ((i - lc[0]) * SPACING[0] / radii[0]) ** 2 + ((j - lc[1]) * SPACING[1] / radii[1]) ** 2 + ((k - lc[2]) * SPACING[2] / radii[2]) ** 2;
        const inLiver = e <= 1;
        liv[v] = inLiver ? 1 : 0;
        let value = inLiver ? LIVER_HU : -100;
        spheres.forEach((s, idx) => {
          const d2 = ((i - s.centre[0]) * SPACING[0]) ** 2 + ((j - s.centre[1]) * SPACING[1]) ** 2 + ((k - s.centre[2]) * SPACING[2]) ** 2;
          if (d2 <= s.radiusMm ** 2) {
            les[v] = idx + 1;
            value = LESION_HU;
          }
        });
        hu[v] = Math.round(value + noise * rng.normal());
      }
    }
  }
  const grid = { dims, spacingMm: SPACING, affineRas: affine(SPACING) };
  const labels = Object.fromEntries(spheres.map((_, i) => [i + 1, `lesion ${i + 1}`]));
  return {
    ct: { ...grid, data: hu, meta: { source: 'derived', unit: 'HU', notes: [] } },
    lesions: { ...grid, data: les, labels },
    liver: { ...grid, data: liv, labels: { 1: 'liver' } },
    spheres,
  };
}

/** A LesionOutcome with defaults for the fields a test does not care about. */
export function outcome(o: Partial<LesionOutcome>): LesionOutcome {
  return {
    response: 'PR', viableFraction: 0.3, totalVolumeFactor: 1, residualPattern: 'rim',
    lipiodolFraction: 0, lipiodolHu: 0, parameterIds: [], ...o,
  };
}

/** Voxel counts per state value. */
export function stateCounts(states: Uint8Array): number[] {
  const c = new Array<number>(16).fill(0);
  for (const s of states) c[s] = c[s]! + 1;
  return c;
}

/** Voxel (i, j, k) of a linear index. */
export function ijkOf(v: number, dims: Vec3): Vec3 {
  return [v % dims[0], Math.floor(v / dims[0]) % dims[1], Math.floor(v / (dims[0] * dims[1]))];
}

/** mm distance between two voxel indices on the phantom grid. */
export function mmBetween(a: Vec3, b: Vec3): number {
  return Math.hypot((a[0] - b[0]) * SPACING[0], (a[1] - b[1]) * SPACING[1], (a[2] - b[2]) * SPACING[2]);
}
