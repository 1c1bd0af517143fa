/**
 * Synthetic liver phantoms for the seeded-segmentation tests: a liver-like background with Gaussian
 * noise and lesions of known geometry on an anisotropic, LPS-derived (negative x/y) grid.
 */
import type { Vec3 } from '../src/geometry.ts';
import type { Volume } from '../src/volume.ts';

export interface PhantomSpec {
  dims: Vec3;
  spacingMm: Vec3;
  backgroundHu: number;
  noiseSigmaHu: number;
  seed: number;
  /** HU of a voxel whose centre lies at `p` mm from the grid centre, or undefined for background. */
  paint: (p: Vec3) => number | undefined;
}

/** Deterministic PRNG (mulberry32) so that every run sees the same noise. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Build the phantom. Voxel (i, j, k) has RAS position affine · (i, j, k): x and y decrease with i
 * and j (as after LPS→RAS), z increases with k. Returns the volume and the grid-centre RAS point.
 */
export function makePhantom(spec: PhantomSpec): { ct: Volume; centerRas: Vec3; offsetMm: (i: number, j: number, k: number) => Vec3 } {
  const [nx, ny, nz] = spec.dims;
  const [sx, sy, sz] = spec.spacingMm;
  const origin: Vec3 = [60, 40, -200];
  const affineRas: Volume['affineRas'] = [
    [-sx, 0, 0, origin[0]],
    [0, -sy, 0, origin[1]],
    [0, 0, sz, origin[2]],
    [0, 0, 0, 1],
  ];
  const c: Vec3 = [(nx - 1) / 2, (ny - 1) / 2, (nz - 1) / 2];
  const offsetMm = (i: number, j: number, k: number): Vec3 => [(i - c[0]) * sx, (j - c[1]) * sy, (k - c[2]) * sz];
  const rnd = mulberry32(spec.seed);
  const gauss = () => {
    const u = Math.max(rnd(), 1e-12), v = rnd();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  };
  const data = new Float32Array(nx * ny * nz);
  let v = 0;
  for (let k = 0; k < nz; k++) {
    for (let j = 0; j < ny; j++) {
      for (let i = 0; i < nx; i++, v++) {
        const hu = spec.paint(offsetMm(i, j, k)) ?? spec.backgroundHu;
        data[v] = hu + spec.noiseSigmaHu * gauss();
      }
    }
  }
  const centerRas: Vec3 = [origin[0] - c[0] * sx, origin[1] - c[1] * sy, origin[2] + c[2] * sz];
  return {
    ct: { dims: [nx, ny, nz], spacingMm: [sx, sy, sz], affineRas, data, meta: { source: 'derived', unit: 'HU', notes: [] } },
    centerRas,
    offsetMm,
  };
}

/** RAS point of an offset (mm, in voxel-axis directions i, j, k) from the grid centre. */
export function rasAtOffset(centerRas: Vec3, offsetMm: Vec3): Vec3 {
  return [centerRas[0] - offsetMm[0], centerRas[1] - offsetMm[1], centerRas[2] + offsetMm[2]];
}

export const norm = (p: Vec3): number => Math.hypot(p[0], p[1], p[2]);
