/**
 * Radix-2 complex FFT (iterative Cooley–Tukey, decimation in time) in 1D and 3D.
 *
 * Forward: X[k] = Σ_n x[n] e^(−2πi kn/N) (no scaling). Inverse: x[n] = (1/N) Σ_k X[k] e^(+2πi kn/N),
 * numpy.fft's convention. Lengths must be powers of two; `nextPow2` pads. 3D arrays are x fastest
 * with dims [nx, ny, nz], real and imaginary parts in separate Float64Arrays, transformed in place.
 */
import type { Vec3 } from '@mewm/dicom';
import { ModelInputError } from '../errors.ts';

export function isPow2(n: number): boolean {
  return Number.isInteger(n) && n >= 1 && (n & (n - 1)) === 0;
}

/** Smallest power of two ≥ n (n ≥ 1). */
export function nextPow2(n: number): number {
  let p = 1;
  while (p < n) p *= 2;
  return p;
}

/** In-place FFT of (re, im), length a power of two. */
export function fft1d(re: Float64Array, im: Float64Array, inverse = false): void {
  const n = re.length;
  if (im.length !== n || !isPow2(n)) throw new ModelInputError(`fft1d: re and im must have the same power-of-two length, got ${n} and ${im.length}`);
  for (let i = 1, j = 0; i < n; i++) {
    let bit = n >> 1;
    for (; j & bit; bit >>= 1) j ^= bit;
    j ^= bit;
    if (i < j) {
      let t = re[i]!; re[i] = re[j]!; re[j] = t;
      t = im[i]!; im[i] = im[j]!; im[j] = t;
    }
  }
  const sign = inverse ? 1 : -1;
  for (let len = 2; len <= n; len <<= 1) {
    const half = len >> 1;
    const ang = (sign * 2 * Math.PI) / len;
    for (let k = 0; k < half; k++) {
      const wr = Math.cos(ang * k), wi = Math.sin(ang * k);
      for (let s = k; s < n; s += len) {
        const t = s + half;
        const xr = re[t]! * wr - im[t]! * wi;
        const xi = re[t]! * wi + im[t]! * wr;
        re[t] = re[s]! - xr; im[t] = im[s]! - xi;
        re[s] = re[s]! + xr; im[s] = im[s]! + xi;
      }
    }
  }
  if (inverse) for (let i = 0; i < n; i++) { re[i]! /= n; im[i]! /= n; }
}

/** In-place 3D FFT of an x-fastest grid; every dim a power of two. */
export function fft3d(re: Float64Array, im: Float64Array, dims: Vec3, inverse = false): void {
  const n = dims[0] * dims[1] * dims[2];
  if (re.length !== n || im.length !== n) throw new ModelInputError(`fft3d: re and im must have ${n} values for dims [${dims.join(', ')}]`);
  if (!dims.every(isPow2)) throw new ModelInputError(`fft3d: dims must be powers of two, got [${dims.join(', ')}] (pad with nextPow2)`);
  const strides: Vec3 = [1, dims[0], dims[0] * dims[1]];
  for (let axis = 0; axis < 3; axis++) {
    const len = dims[axis]!;
    if (len === 1) continue;
    const stride = strides[axis]!;
    const [o1, o2] = [0, 1, 2].filter((a) => a !== axis) as [number, number];
    const lr = new Float64Array(len), li = new Float64Array(len);
    for (let b = 0; b < dims[o2]!; b++) {
      for (let a = 0; a < dims[o1]!; a++) {
        const base = a * strides[o1]! + b * strides[o2]!;
        for (let t = 0; t < len; t++) { lr[t] = re[base + t * stride]!; li[t] = im[base + t * stride]!; }
        fft1d(lr, li, inverse);
        for (let t = 0; t < len; t++) { re[base + t * stride] = lr[t]!; im[base + t * stride] = li[t]!; }
      }
    }
  }
}

/** Signed frequency index of FFT bin k of length n (numpy.fft.fftfreq · n). */
export function signedIndex(k: number, n: number): number {
  return k < Math.ceil(n / 2) ? k : k - n;
}
