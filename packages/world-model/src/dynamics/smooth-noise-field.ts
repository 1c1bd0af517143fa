/**
 * Seeded, spatially correlated noise: white Gaussian noise smoothed by a Gaussian of σ mm per axis
 * (so the correlation length is the same in mm on anisotropic voxels). Used to place Lipiodol blobs
 * and patchy necrosis.
 */
import type { Vec3 } from '@mewm/dicom';
import type { Rng } from '../random.ts';

/**
 * A smoothed noise field on a grid of `dims` voxels with `spacingMm` spacing (x fastest).
 * @param sigmaMm Gaussian σ in mm; axes whose σ is below 0.3 voxel are left unsmoothed.
 */
export function smoothNoiseField(dims: Vec3, spacingMm: Vec3, sigmaMm: number, rng: Rng): Float32Array {
  const n = dims[0] * dims[1] * dims[2];
  let field: Float32Array = new Float32Array(n);
  for (let v = 0; v < n; v++) field[v] = rng.normal();
  const strides: Vec3 = [1, dims[0], dims[0] * dims[1]];
  for (let axis = 0; axis < 3; axis++) {
    const sigmaVox = sigmaMm / spacingMm[axis]!;
    if (sigmaVox < 0.3) continue;
    field = blurAxis(field, dims, strides, axis, gaussianKernel(sigmaVox));
  }
  return field;
}

function gaussianKernel(sigmaVox: number): Float32Array {
  const r = Math.max(1, Math.ceil(3 * sigmaVox));
  const k = new Float32Array(2 * r + 1);
  let sum = 0;
  for (let i = -r; i <= r; i++) {
    const w = Math.exp(-(i * i) / (2 * sigmaVox * sigmaVox));
    k[i + r] = w;
    sum += w;
  }
  for (let i = 0; i < k.length; i++) k[i] = k[i]! / sum;
  return k;
}

/**
 * 1D convolution along `axis`, clamping at the edges. Every voxel sums its taps in the same order
 * (t = −r … r, from 0, in float64), however the loops below are arranged: along x voxel by voxel
 * (clamping only near the line ends), along y and z a whole row of voxels at a time per tap.
 */
function blurAxis(src: Float32Array, dims: Vec3, strides: Vec3, axis: number, kernel: Float32Array): Float32Array {
  const out = new Float32Array(src.length);
  const r = (kernel.length - 1) / 2;
  const n = dims[axis]!;
  const stride = strides[axis]!;
  const outer = src.length / (stride * n);
  if (stride === 1) {
    for (let base = 0; base < src.length; base += n) {
      for (let pos = 0; pos < n; pos++) {
        let acc = 0;
        if (pos - r >= 0 && pos + r <= n - 1) {
          for (let t = 0, q = base + pos - r; t < kernel.length; t++, q++) acc += kernel[t]! * src[q]!;
        } else {
          for (let t = -r; t <= r; t++) acc += kernel[t + r]! * src[base + Math.min(n - 1, Math.max(0, pos + t))]!;
        }
        out[base + pos] = acc;
      }
    }
    return out;
  }
  const acc = new Float64Array(stride);
  for (let hi = 0; hi < outer; hi++) {
    for (let pos = 0; pos < n; pos++) {
      const base = stride * (pos + n * hi);
      acc.fill(0);
      for (let t = -r; t <= r; t++) {
        const k = kernel[t + r]!;
        const from = base + (Math.min(n - 1, Math.max(0, pos + t)) - pos) * stride;
        for (let lo = 0; lo < stride; lo++) acc[lo] = acc[lo]! + k * src[from + lo]!;
      }
      for (let lo = 0; lo < stride; lo++) out[base + lo] = acc[lo]!;
    }
  }
  return out;
}
