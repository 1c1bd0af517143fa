/**
 * Synthetic grids with spheres of known size, for feature tests with known answers.
 * Affine diag(spacing) with origin 0: voxel (i, j, k) has its centre at (i sx, j sy, k sz) mm, k axial.
 */
import type { LabelVolume, Mat4, Vec3, Volume } from '@mewm/dicom';

export interface Grid {
  dims: Vec3;
  spacingMm: Vec3;
  affineRas: Mat4;
}

export function grid(dims: Vec3, spacingMm: Vec3): Grid {
  const [sx, sy, sz] = spacingMm;
  return { dims, spacingMm, affineRas: [[sx, 0, 0, 0], [0, sy, 0, 0], [0, 0, sz, 0], [0, 0, 0, 1]] };
}

export function ct(g: Grid): Volume {
  const n = g.dims[0] * g.dims[1] * g.dims[2];
  return { ...g, data: new Int16Array(n).fill(60), meta: { source: 'derived', unit: 'HU', notes: [] } };
}

export function labels(g: Grid): LabelVolume {
  return { ...g, data: new Uint8Array(g.dims[0] * g.dims[1] * g.dims[2]), labels: {} };
}

/** Sets `value` in every voxel whose centre lies within radiusMm of centreMm (and, if given, where `where(old)`). */
export function paintSphere(map: LabelVolume, centreMm: Vec3, radiusMm: number, value: number, where?: (old: number) => boolean): number {
  const [nx, ny, nz] = map.dims;
  const [sx, sy, sz] = map.spacingMm;
  let count = 0;
  for (let k = 0; k < nz; k++) {
    for (let j = 0; j < ny; j++) {
      for (let i = 0; i < nx; i++) {
        const d2 = (i * sx - centreMm[0]) ** 2 + (j * sy - centreMm[1]) ** 2 + (k * sz - centreMm[2]) ** 2;
        const v = i + nx * (j + ny * k);
        if (d2 <= radiusMm * radiusMm + 1e-9 && (!where || where(map.data[v]!))) {
          map.data[v] = value;
          count++;
        }
      }
    }
  }
  return count;
}

/** Copies the non-zero voxels of `from` into `to` with `value`. */
export function paintMask(to: LabelVolume, from: LabelVolume, value: number): void {
  from.data.forEach((v, k) => {
    if (v !== 0) to.data[k] = value;
  });
}
