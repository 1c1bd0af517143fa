/**
 * Synthetic masks with known geometry for the ablation anatomy tests: a spherical lesion and a
 * cylindrical vessel along z on a 0.8 × 0.8 × 5 mm grid (like CRLM-CT-1006), in RAS mm.
 */
import type { LabelVolume, Mat4, Vec3 } from '@mewm/dicom';

export const SPACING: Vec3 = [0.8, 0.8, 5];
export const DIMS: Vec3 = [150, 150, 24];
/** Grid centre (a voxel centre) in RAS mm. */
export const CENTRE_RAS: Vec3 = [0, 0, 0];

export const AFFINE: Mat4 = [
  [SPACING[0], 0, 0, -75 * SPACING[0]],
  [0, SPACING[1], 0, -75 * SPACING[1]],
  [0, 0, SPACING[2], -12 * SPACING[2]],
  [0, 0, 0, 1],
];

function fill(test: (x: number, y: number, z: number) => boolean, label: string, dims: Vec3 = DIMS, spacing: Vec3 = SPACING, affine: Mat4 = AFFINE): LabelVolume {
  const [nx, ny, nz] = dims;
  const data = new Uint8Array(nx * ny * nz);
  for (let k = 0; k < nz; k++) {
    for (let j = 0; j < ny; j++) {
      for (let i = 0; i < nx; i++) {
        const x = affine[0][0] * i + affine[0][3];
        const y = affine[1][1] * j + affine[1][3];
        const z = affine[2][2] * k + affine[2][3];
        if (test(x, y, z)) data[i + nx * (j + ny * k)] = 1;
      }
    }
  }
  return { dims: [...dims], spacingMm: [...spacing], affineRas: affine.map((r) => [...r]) as Mat4, data, labels: { 1: label } };
}

/** Ball of `radiusMm` around `centreRas` (voxel centres inside). */
export function sphereMask(radiusMm: number, centreRas: Vec3 = CENTRE_RAS, label = 'lesion'): LabelVolume {
  return fill((x, y, z) => (x - centreRas[0]) ** 2 + (y - centreRas[1]) ** 2 + (z - centreRas[2]) ** 2 <= radiusMm ** 2, label);
}

/** Cylinder along z (craniocaudal) of `diameterMm` whose axis passes through (xMm, yMm). */
export function cylinderMask(diameterMm: number, xMm: number, yMm = 0): LabelVolume {
  return fill((x, y) => (x - xMm) ** 2 + (y - yMm) ** 2 <= (diameterMm / 2) ** 2, 'vessel');
}
