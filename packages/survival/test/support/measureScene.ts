/**
 * Hand-built CT scenes for the response measurement: a liver block (110 HU) with a hypodense
 * tumour (60 HU), white noise (σ 15 HU, seeded), drawn analytically in world mm on any grid so that
 * the same scene can be sampled on a shifted grid. Grid: axial k, spacing 0.8 × 0.8 × 2.5 mm.
 */
import type { LabelVolume, Mat4, Vec3, Volume } from '@mewm/dicom';
import { seededUniform } from '../../src/seededUniform.ts';

export const LIVER_HU = 110;
export const TUMOUR_HU = 60;
export const CENTRE: Vec3 = [40, 40, 25];
export const RADIUS_MM = 15;
export const DIMS: Vec3 = [100, 100, 20];
export const SPACING: Vec3 = [0.8, 0.8, 2.5];

export type Scene = (x: number, y: number, z: number) => number;

export function affineAt(originMm: Vec3, spacing: Vec3 = SPACING): Mat4 {
  return [[spacing[0], 0, 0, originMm[0]], [0, spacing[1], 0, originMm[1]], [0, 0, spacing[2], originMm[2]], [0, 0, 0, 1]];
}

const dist = (x: number, y: number, z: number, c: Vec3): number => Math.hypot(x - c[0], y - c[1], z - c[2]);

/** Draws `scene` (HU at a world point) with noise on the grid with the given origin. */
export function drawCt(scene: Scene, seed: number, originMm: Vec3 = [0, 0, 0], dims: Vec3 = DIMS): Volume {
  const rand = seededUniform(seed);
  const normal = (): number => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
  const [nx, ny, nz] = dims;
  const data = new Float32Array(nx * ny * nz);
  for (let k = 0, v = 0; k < nz; k++) {
    for (let j = 0; j < ny; j++) {
      for (let i = 0; i < nx; i++, v++) {
        data[v] = scene(originMm[0] + i * SPACING[0], originMm[1] + j * SPACING[1], originMm[2] + k * SPACING[2]) + 15 * normal();
      }
    }
  }
  return { dims, spacingMm: SPACING, affineRas: affineAt(originMm), data, meta: { source: 'derived', unit: 'HU', notes: [] } };
}

/** The baseline lesion mask (sphere of RADIUS_MM at CENTRE) on the origin-0 grid. */
export function lesionMask(radiusMm = RADIUS_MM, centre: Vec3 = CENTRE): LabelVolume {
  const [nx, ny, nz] = DIMS;
  const data = new Uint8Array(nx * ny * nz);
  for (let k = 0, v = 0; k < nz; k++) for (let j = 0; j < ny; j++) for (let i = 0; i < nx; i++, v++) {
    if (dist(i * SPACING[0], j * SPACING[1], k * SPACING[2], centre) <= radiusMm) data[v] = 1;
  }
  return { dims: DIMS, spacingMm: SPACING, affineRas: affineAt([0, 0, 0]), data, labels: { 1: 'lesion' } };
}

const sphere = (c: Vec3, r: number) => (x: number, y: number, z: number): boolean => dist(x, y, z, c) <= r;

export const SCENES = {
  baseline: ((x, y, z) => (sphere(CENTRE, RADIUS_MM)(x, y, z) ? TUMOUR_HU : LIVER_HU)) as Scene,
  /** Necrotic centre (20 HU, radius 12 mm) with a 3 mm viable rim. */
  necrotic: ((x, y, z) => (sphere(CENTRE, 12)(x, y, z) ? 20 : sphere(CENTRE, RADIUS_MM)(x, y, z) ? TUMOUR_HU : LIVER_HU)) as Scene,
  /** Grown to radius 19 mm. */
  grown: ((x, y, z) => (sphere(CENTRE, 19)(x, y, z) ? TUMOUR_HU : LIVER_HU)) as Scene,
  /** cTACE: necrotic centre with dense Lipiodol (500 HU) in its upper half. */
  lipiodol: ((x, y, z) => (sphere(CENTRE, 12)(x, y, z) ? (z > CENTRE[2] ? 500 : 20) : sphere(CENTRE, RADIUS_MM)(x, y, z) ? TUMOUR_HU : LIVER_HU)) as Scene,
  /** Ablation zone (30 HU) covering the tumour with a 7 mm margin. */
  ablated: ((x, y, z) => (sphere(CENTRE, RADIUS_MM + 7)(x, y, z) ? 30 : LIVER_HU)) as Scene,
  /** Resection cavity (5 HU, fluid) over the tumour with a 7 mm margin. */
  resected: ((x, y, z) => (sphere(CENTRE, RADIUS_MM + 7)(x, y, z) ? 5 : LIVER_HU)) as Scene,
  /** Unchanged tumour and a new 16 mm tumour 33 mm away. */
  newLesion: ((x, y, z) => (sphere(CENTRE, RADIUS_MM)(x, y, z) || sphere([CENTRE[0], CENTRE[1] + 33, CENTRE[2]], 8)(x, y, z) ? TUMOUR_HU : LIVER_HU)) as Scene,
} satisfies Record<string, Scene>;
