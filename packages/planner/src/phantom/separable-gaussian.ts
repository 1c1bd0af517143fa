/**
 * Separable Gaussian filtering of a 3D grid (x fastest), in voxel units per axis, with edge replication.
 * Used for the phantom's partial-volume blur and for spatially correlated noise.
 */
import type { Vec3 } from '@mewm/dicom';

/** Normalised 1D Gaussian kernel (σ in voxels; σ = 0 → [1]), radius ⌈3σ⌉. */
export function gaussianKernel1d(sigmaVox: number): Float64Array {
  if (!(sigmaVox > 0)) return Float64Array.of(1);
  const radius = Math.max(1, Math.ceil(3 * sigmaVox));
  const k = new Float64Array(2 * radius + 1);
  let sum = 0;
  for (let t = -radius; t <= radius; t++) sum += k[t + radius] = Math.exp(-(t * t) / (2 * sigmaVox * sigmaVox));
  for (let t = 0; t < k.length; t++) k[t]! /= sum;
  return k;
}

/** Filter `data` in place along each axis with its kernel (σ in voxels per axis). */
export function separableGaussian(data: Float32Array, dims: Vec3, sigmaVox: Vec3): void {
  const [nx, ny, nz] = dims;
  const strides: Vec3 = [1, nx, nx * ny];
  for (let axis = 0; axis < 3; axis++) {
    const kernel = gaussianKernel1d(sigmaVox[axis]!);
    if (kernel.length === 1) continue;
    const radius = (kernel.length - 1) / 2;
    const n = dims[axis]!;
    const stride = strides[axis]!;
    const line = new Float32Array(n);
    const lines = (nx * ny * nz) / n;
    for (let l = 0; l < lines; l++) {
      // Start of line l: enumerate the two other axes.
      let start: number;
      if (axis === 0) start = l * nx;
      else if (axis === 1) start = (l % nx) + Math.floor(l / nx) * nx * ny;
      else start = l;
      for (let t = 0; t < n; t++) line[t] = data[start + t * stride]!;
      for (let t = 0; t < n; t++) {
        let s = 0;
        for (let d = -radius; d <= radius; d++) {
          const u = t + d < 0 ? 0 : t + d >= n ? n - 1 : t + d;
          s += kernel[d + radius]! * line[u]!;
        }
        data[start + t * stride] = s;
      }
    }
  }
}
