/**
 * coarseFromReal is THE coarse map of renderer training and evaluation; the Python training code
 * reproduces it with scipy.ndimage.gaussian_filter. This test holds our TypeScript to scipy's numbers.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Vec3 } from '@mewm/dicom';
import { coarseFromReal, createRng, gaussianFilterNearest, gaussianRadius, ModelInputError } from '../src/index.ts';
import { hasTool, runPythonJson } from '../../../test/support/external-tool.ts';

const work = mkdtempSync(join(tmpdir(), 'mewm-coarse-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** The Python side: exactly what models/renderer/ must do (numpy C-order [z, y, x]). */
const SCIPY_COARSE = `
import json, sys, numpy as np
from scipy.ndimage import gaussian_filter
nx, ny, nz = (int(a) for a in sys.argv[3:6]); sx, sy, sz = (float(a) for a in sys.argv[6:9])
real = np.fromfile(sys.argv[1], dtype=np.float64).reshape(nz, ny, nx)
region = np.fromfile(sys.argv[2], dtype=np.uint8).reshape(nz, ny, nx) != 0
blur = gaussian_filter(real, sigma=(3.0 / sz, 3.0 / sy, 3.0 / sx), mode='nearest', truncate=3.0)
coarse = np.where(region, blur, real)
coarse.astype(np.float64).tofile(sys.argv[1] + '.coarse')
print(json.dumps({"ok": True}))
`;

function phantom(dims: Vec3, seed: number): { real: Float64Array; region: Uint8Array } {
  const rng = createRng(seed);
  const [nx, ny, nz] = dims;
  const real = new Float64Array(nx * ny * nz);
  const region = new Uint8Array(real.length);
  let v = 0;
  for (let k = 0; k < nz; k++) for (let j = 0; j < ny; j++) for (let i = 0; i < nx; i++, v++) {
    // organ-like structure (an edge, a gradient, a bright dot) plus noise
    real[v] = (i < nx / 3 ? -100 : 60) + 4 * j - 7 * k + (i === 5 && j === 6 ? 900 : 0) + 25 * rng.normal();
    const d = ((i - nx / 2) / (nx / 3)) ** 2 + ((j - ny / 2) / (ny / 3)) ** 2 + ((k - nz / 2) / (nz / 3)) ** 2;
    region[v] = d <= 1 ? 1 : 0;
  }
  return { real, region };
}

function scipyCoarse(real: Float64Array, region: Uint8Array, dims: Vec3, spacing: Vec3, name: string): Float64Array {
  const realPath = join(work, `${name}.f64`);
  const regionPath = join(work, `${name}.u8`);
  writeFileSync(realPath, Buffer.from(real.buffer));
  writeFileSync(regionPath, region);
  runPythonJson(SCIPY_COARSE, [realPath, regionPath, ...dims.map(String), ...spacing.map(String)]);
  const b = readFileSync(`${realPath}.coarse`);
  return new Float64Array(b.buffer, b.byteOffset, b.byteLength / 8);
}

const CASES: Array<{ name: string; dims: Vec3; spacing: Vec3 }> = [
  { name: 'planned renderer grid spacing (1.5, 1.5, 3 mm)', dims: [40, 36, 20], spacing: [1.5, 1.5, 3] },
  { name: 'tiny renderer spacing (2 mm)', dims: [32, 32, 32], spacing: [2, 2, 2] },
  { name: 'anisotropic, axis shorter than the kernel', dims: [23, 19, 5], spacing: [0.7, 1.1, 0.9] },
];

describe('coarseFromReal', () => {
  it.skipIf(!hasTool('scipy')).each(CASES)('matches scipy.ndimage.gaussian_filter within 1e-3 HU: $name', ({ name, dims, spacing }) => {
    const { real, region } = phantom(dims, dims[0]);
    const ours = coarseFromReal({ realHu: real, regionMask: region, shape: dims, spacingMm: spacing });
    const ref = scipyCoarse(real, region, dims, spacing, name.replace(/\W+/g, '-'));
    let maxDiff = 0, inside = 0;
    for (let v = 0; v < ref.length; v++) {
      maxDiff = Math.max(maxDiff, Math.abs(ours[v]! - ref[v]!));
      if (region[v]) inside++;
    }
    expect(inside).toBeGreaterThan(20);
    expect(maxDiff).toBeLessThan(1e-3);
  });

  it('keeps the real HU outside the region and blurs inside', () => {
    const dims: Vec3 = [16, 16, 8];
    const { real, region } = phantom(dims, 3);
    const coarse = coarseFromReal({ realHu: real, regionMask: region, shape: dims, spacingMm: [1.5, 1.5, 3] });
    for (let v = 0; v < real.length; v++) {
      if (!region[v]) expect(coarse[v]).toBe(Math.fround(real[v]!));
    }
    const residual = (a: ArrayLike<number>) => {
      let s = 0, n = 0;
      for (let v = 1; v < real.length; v++) if (region[v] && region[v - 1]) { s += (a[v]! - a[v - 1]!) ** 2; n++; }
      return s / n;
    };
    const varReal = residual(real);
    const varCoarse = residual(coarse);
    expect(varCoarse).toBeLessThan(varReal / 4);
  });

  it('uses scipy\'s kernel radius int(truncate·σ + 0.5) and preserves a constant', () => {
    expect(gaussianRadius(2, 3)).toBe(6);
    expect(gaussianRadius(1, 3)).toBe(3);
    expect(gaussianRadius(1.5, 3)).toBe(5);
    const flat = gaussianFilterNearest(new Float32Array(60).fill(42), [5, 4, 3], [2, 1, 0.5]);
    for (const x of flat) expect(x).toBeCloseTo(42, 4);
  });

  describe('bad input', () => {
    it('rejects arrays that do not match the shape and bad sigmas', () => {
      expect(() => coarseFromReal({ realHu: new Float32Array(10), regionMask: new Uint8Array(8), shape: [2, 2, 2], spacingMm: [1, 1, 1] }))
        .toThrow(ModelInputError);
      expect(() => coarseFromReal({ realHu: new Float32Array(8), regionMask: new Uint8Array(8), shape: [2, 2, 2], spacingMm: [1, 0, 1] }))
        .toThrow(/spacingMm/);
      expect(() => gaussianFilterNearest(new Float32Array(8), [2, 2, 2], [1, Number.NaN, 1])).toThrow(/sigmaVox/);
    });
  });
});
