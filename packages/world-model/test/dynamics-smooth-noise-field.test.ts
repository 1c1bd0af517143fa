/**
 * smoothNoiseField equals the plain definition bit for bit: white normals from the rng, then per axis
 * a clamped-edge convolution summing taps t = −r … r in float64, stored as float32.
 */
import { describe, expect, it } from 'vitest';
import type { Vec3 } from '@mewm/dicom';
import { smoothNoiseField } from '../src/dynamics/smooth-noise-field.ts';
import { createRng } from '../src/random.ts';

function reference(dims: Vec3, spacingMm: Vec3, sigmaMm: number, seed: number): Float32Array {
  const rng = createRng(seed);
  const n = dims[0] * dims[1] * dims[2];
  let field = new Float32Array(n);
  for (let v = 0; v < n; v++) field[v] = rng.normal();
  const strides: Vec3 = [1, dims[0], dims[0] * dims[1]];
  for (let axis = 0; axis < 3; axis++) {
    const s = sigmaMm / spacingMm[axis]!;
    if (s < 0.3) continue;
    const r = Math.max(1, Math.ceil(3 * s));
    const k = new Float32Array(2 * r + 1);
    let sum = 0;
    for (let i = -r; i <= r; i++) { const w = Math.exp(-(i * i) / (2 * s * s)); k[i + r] = w; sum += w; }
    for (let i = 0; i < k.length; i++) k[i] = k[i]! / sum;
    const out = new Float32Array(n);
    const len = dims[axis]!, stride = strides[axis]!;
    for (let v = 0; v < n; v++) {
      const pos = Math.floor(v / stride) % len;
      let acc = 0;
      for (let t = -r; t <= r; t++) acc += k[t + r]! * field[v + (Math.min(len - 1, Math.max(0, pos + t)) - pos) * stride]!;
      out[v] = acc;
    }
    field = out;
  }
  return field;
}

describe('smoothNoiseField', () => {
  const cases: Array<[Vec3, Vec3, number]> = [
    [[41, 37, 9], [0.8, 0.8, 5], 3], // x and y smoothed with long kernels, z short
    [[23, 19, 12], [1.5, 1.5, 3], 8], // kernels longer than some lines: clamping on both sides
    [[5, 4, 3], [1, 1, 1], 0.5],
  ];
  it.each(cases)('equals the definition bit for bit on %j voxels of %j mm, σ %d mm', (dims, spacing, sigma) => {
    const got = smoothNoiseField(dims, spacing, sigma, createRng(21));
    const want = reference(dims, spacing, sigma, 21);
    expect(Buffer.from(got.buffer).equals(Buffer.from(want.buffer))).toBe(true);
    expect(got.some((x) => x !== 0)).toBe(true);
  });
});
