import { describe, expect, it } from 'vitest';
import type { Vec3 } from '@mewm/dicom';
import { squaredDistanceMm } from '../src/dynamics/index.ts';
import { createRng } from '../src/random.ts';

function bruteForce(seed: Uint8Array, dims: Vec3, s: Vec3): Float64Array {
  const [nx, ny, nz] = dims;
  const seeds: Vec3[] = [];
  for (let k = 0; k < nz; k++) for (let j = 0; j < ny; j++) for (let i = 0; i < nx; i++) if (seed[i + nx * (j + ny * k)]) seeds.push([i, j, k]);
  const out = new Float64Array(seed.length);
  for (let k = 0; k < nz; k++) for (let j = 0; j < ny; j++) for (let i = 0; i < nx; i++) {
    let best = Infinity;
    for (const p of seeds) best = Math.min(best, ((i - p[0]) * s[0]) ** 2 + ((j - p[1]) * s[1]) ** 2 + ((k - p[2]) * s[2]) ** 2);
    out[i + nx * (j + ny * k)] = best;
  }
  return out;
}

describe('squaredDistanceMm (exact anisotropic EDT)', () => {
  it('equals brute force on random sparse seeds with 0.8 × 0.8 × 5 mm voxels', () => {
    const dims: Vec3 = [17, 13, 9];
    const spacing: Vec3 = [0.8, 0.8, 5];
    const rng = createRng(3);
    const seed = new Uint8Array(dims[0] * dims[1] * dims[2]);
    for (let v = 0; v < seed.length; v++) seed[v] = rng.next() < 0.02 ? 1 : 0;
    seed[5] = 1;
    const fast = squaredDistanceMm(seed, dims, spacing);
    const ref = bruteForce(seed, dims, spacing);
    let maxErr = 0;
    for (let v = 0; v < seed.length; v++) maxErr = Math.max(maxErr, Math.abs(fast[v]! - ref[v]!));
    expect(maxErr).toBeLessThan(1e-9);
  });

  it('measures mm, not voxels: one slice away along z is 5 mm, one column away along x is 0.8 mm', () => {
    const dims: Vec3 = [5, 5, 5];
    const seed = new Uint8Array(125);
    seed[2 + 5 * (2 + 5 * 2)] = 1;
    const d = squaredDistanceMm(seed, dims, [0.8, 0.8, 5]);
    expect(Math.sqrt(d[3 + 5 * (2 + 5 * 2)]!)).toBeCloseTo(0.8, 9);
    expect(Math.sqrt(d[2 + 5 * (2 + 5 * 3)]!)).toBeCloseTo(5, 9);
    expect(Math.sqrt(d[0]!)).toBeCloseTo(Math.hypot(1.6, 1.6, 10), 9);
  });

  it('gives +Infinity everywhere when there is no seed', () => {
    const d = squaredDistanceMm(new Uint8Array(27), [3, 3, 3], [1, 1, 1]);
    expect([...d].every((x) => x === Infinity)).toBe(true);
  });
});
