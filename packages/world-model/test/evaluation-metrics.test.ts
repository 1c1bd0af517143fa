/**
 * The renderer-evaluation metrics on inputs with known answers: FFT against a direct DFT, W1 of
 * shifted samples, NPS of white vs correlated noise, GLCM features of a hand-counted image, and the
 * low-pass error of an offset.
 */
import { describe, expect, it } from 'vitest';
import type { Vec3 } from '@mewm/dicom';
import {
  createRng, fft1d, fft3d, gaussianFilterMm, glcmCounts, glcmError, glcmFeatures, histW1, lowpassMaeHu, ModelInputError,
  nextPow2, npsError, quantiseHu, radialResidualNps, textureMetrics, wasserstein1,
} from '../src/index.ts';
import { hasTool, runPythonJson } from '../../../test/support/external-tool.ts';
import { SKIMAGE_GLCM } from '../../../test/support/skimage-glcm.ts';

const SHAPE: Vec3 = [24, 24, 16];
const SPACING: Vec3 = [1.5, 1.5, 3];
const N = SHAPE[0] * SHAPE[1] * SHAPE[2];

/** An ellipsoid region inside the grid. */
function ellipsoid(shape = SHAPE): Uint8Array {
  const m = new Uint8Array(shape[0] * shape[1] * shape[2]);
  let v = 0;
  for (let k = 0; k < shape[2]; k++) for (let j = 0; j < shape[1]; j++) for (let i = 0; i < shape[0]; i++, v++) {
    const d = ((i - shape[0] / 2) / (shape[0] / 3)) ** 2 + ((j - shape[1] / 2) / (shape[1] / 3)) ** 2 + ((k - shape[2] / 2) / (shape[2] / 3)) ** 2;
    m[v] = d <= 1 ? 1 : 0;
  }
  return m;
}

function whiteNoise(seed: number, sigma: number, base = 80): Float32Array {
  const rng = createRng(seed);
  return Float32Array.from({ length: N }, () => base + sigma * rng.normal());
}

describe('fft', () => {
  it('matches a direct DFT in 1D and inverts in 3D', () => {
    const rng = createRng(1);
    const n = 16;
    const re = Float64Array.from({ length: n }, () => rng.normal());
    const im = Float64Array.from({ length: n }, () => rng.normal());
    const [r0, i0] = [Float64Array.from(re), Float64Array.from(im)];
    fft1d(re, im);
    for (let k = 0; k < n; k++) {
      let sr = 0, si = 0;
      for (let t = 0; t < n; t++) {
        const a = (-2 * Math.PI * k * t) / n;
        sr += r0[t]! * Math.cos(a) - i0[t]! * Math.sin(a);
        si += r0[t]! * Math.sin(a) + i0[t]! * Math.cos(a);
      }
      expect(re[k]).toBeCloseTo(sr, 9);
      expect(im[k]).toBeCloseTo(si, 9);
    }
    const dims: Vec3 = [8, 4, 2];
    const x = Float64Array.from({ length: 64 }, () => rng.normal());
    const xr = Float64Array.from(x), xi = new Float64Array(64);
    fft3d(xr, xi, dims);
    // DC = sum; Parseval: Σ|X|² = N Σ|x|²
    expect(xr[0]).toBeCloseTo(x.reduce((a, b) => a + b, 0), 9);
    expect(xr.reduce((a, b, q) => a + b * b + xi[q]! * xi[q]!, 0)).toBeCloseTo(64 * x.reduce((a, b) => a + b * b, 0), 6);
    fft3d(xr, xi, dims, true);
    for (let q = 0; q < 64; q++) expect(xr[q]).toBeCloseTo(x[q]!, 12);
    expect(nextPow2(33)).toBe(64);
    expect(nextPow2(1)).toBe(1);
    expect(() => fft1d(new Float64Array(6), new Float64Array(6))).toThrow(ModelInputError);
  });
});

describe('histW1', () => {
  it('is 0 for identical samples and c for samples shifted by c', () => {
    const region = ellipsoid();
    const real = whiteNoise(2, 20);
    expect(histW1(real, real, region)).toBe(0);
    const shifted = real.map((x) => x + 15);
    expect(histW1(shifted, real, region)).toBeCloseTo(15, 4);
  });

  it('integrates the CDF difference for unequal sample sizes (scipy.stats.wasserstein_distance)', () => {
    expect(wasserstein1([0, 1, 3], [5, 6])).toBeCloseTo(
      // F_a − F_b over [0,1): 1/3, [1,3): 2/3, [3,5): 1, [5,6): 1/2 → 1/3 + 4/3 + 2 + 1/2
      1 / 3 + 4 / 3 + 2 + 0.5, 12);
    expect(wasserstein1([1, 2], [1, 2, 1, 2])).toBeCloseTo(0, 12);
    expect(() => wasserstein1([], [1])).toThrow(ModelInputError);
  });
});

describe('npsError', () => {
  const region = ellipsoid();
  const coarse = new Float32Array(N).fill(80);
  const grid = { shape: SHAPE, spacingMm: SPACING };

  it('is 0 for the real volume itself and exactly 1 for the coarse map alone', () => {
    const real = whiteNoise(3, 20);
    expect(npsError(real, real, coarse, region, grid)).toBe(0);
    expect(npsError(coarse, real, coarse, region, grid)).toBe(1);
  });

  it('the NPS integrates to the residual variance (Parseval) and is flat for white noise', () => {
    const real = whiteNoise(4, 20);
    const nps = radialResidualNps(real, coarse, region, grid);
    // Flat: white noise has NPS = σ² · voxel volume at every frequency (bins with many samples).
    const expected = 400 * SPACING[0] * SPACING[1] * SPACING[2];
    const big = nps.nps.filter((_, b) => nps.counts[b]! > 200 && b > 0);
    expect(big.length).toBeGreaterThan(3);
    for (const p of big) {
      expect(p / expected).toBeGreaterThan(0.7);
      expect(p / expected).toBeLessThan(1.3);
    }
  });

  it('tells white from spatially correlated noise of the same variance', () => {
    const real = whiteNoise(5, 20);
    const otherWhite = whiteNoise(6, 20);
    const raw = gaussianFilterMm(whiteNoise(7, 20, 0), SHAPE, SPACING, 2);
    let s2 = 0;
    for (const x of raw) s2 += x * x;
    const scale = 20 / Math.sqrt(s2 / N);
    const correlated = raw.map((x) => 80 + x * scale);
    const eWhite = npsError(otherWhite, real, coarse, region, grid);
    const eCorr = npsError(correlated, real, coarse, region, grid);
    expect(eWhite).toBeLessThan(0.35);
    expect(eCorr).toBeGreaterThan(2 * eWhite);
  });
});

describe('glcm', () => {
  // Levels 0..2 by HU bin centres; one axial slice [x: 3, y: 2]:  y=0: 0 0 1 / y=1: 1 2 2
  const hu = (level: number) => -100 + ((level + 0.5) * 350) / 32;
  const image = Float32Array.from([0, 0, 1, 1, 2, 2], hu);
  const all = new Uint8Array(6).fill(1);

  it('quantises 32 levels over [−100, 250] HU, clamped', () => {
    expect(quantiseHu(-1000)).toBe(0);
    expect(quantiseHu(-100)).toBe(0);
    expect(quantiseHu(249.9)).toBe(31);
    expect(quantiseHu(2000)).toBe(31);
    expect(quantiseHu(hu(7))).toBe(7);
  });

  it('counts symmetric in-plane pairs at 0°, 45°, 90°, 135° as hand-counted', () => {
    const c = glcmCounts(image, all, [3, 2, 1]);
    const P = (i: number, j: number) => c[i * 32 + j]!;
    expect([P(0, 0), P(0, 1), P(1, 0), P(0, 2), P(2, 0), P(1, 1), P(1, 2), P(2, 1), P(2, 2)]).toEqual([2, 3, 3, 3, 3, 0, 3, 3, 2]);
    expect(c.reduce((a, b) => a + b, 0)).toBe(22);
    const f = glcmFeatures(c, 32);
    expect(f.contrast).toBeCloseTo(36 / 22, 12);
    expect(f.dissimilarity).toBeCloseTo(24 / 22, 12);
    expect(f.homogeneity).toBeCloseTo(11.2 / 22, 12);
    expect(f.energy).toBeCloseTo(Math.sqrt(62 / 484), 12);
    expect(f.correlation).toBeCloseTo(-0.125, 12);
    expect(f.entropy).toBeCloseTo(-(2 * (2 / 22) * Math.log(2 / 22) + 6 * (3 / 22) * Math.log(3 / 22)), 12);
  });

  it('counts only pairs with both voxels in the region, never across slices', () => {
    const region = Uint8Array.from([1, 1, 0, 0, 0, 0]);
    const c = glcmCounts(image, region, [3, 2, 1]);
    expect(c[0]).toBe(2);
    expect(c.reduce((a, b) => a + b, 0)).toBe(2);
    const twoSlices = Float32Array.from([0, 2, 0, 2], hu);
    const c2 = glcmCounts(twoSlices, new Uint8Array(4).fill(1), [1, 2, 2]);
    expect(c2[0 * 32 + 2]).toBe(2); // in-plane (y) pairs 0–2, one per slice, both ways
    expect(c2[0]).toBe(0); // a z pair would be 0–0
    expect(c2[2 * 32 + 2]).toBe(0);
    expect(c2.reduce((a, b) => a + b, 0)).toBe(4);
  });

  it('glcmError is 0 for identical textures and positive otherwise; constant texture has correlation 1', () => {
    const region = ellipsoid();
    const real = whiteNoise(8, 30);
    expect(glcmError(real, real, region, SHAPE)).toBe(0);
    expect(glcmError(whiteNoise(9, 5), real, region, SHAPE)).toBeGreaterThan(0.2);
    const flat = glcmFeatures(glcmCounts(new Float32Array(N).fill(80), region, SHAPE), 32);
    expect(flat.correlation).toBe(1);
    expect(flat.contrast).toBe(0);
    expect(() => glcmFeatures(new Float64Array(32 * 32), 32)).toThrow(/no co-occurring/);
  });

  it.skipIf(!hasTool('skimage'))('agrees with skimage graycomatrix/graycoprops on a noisy image with a masked region', () => {
    const rng = createRng(10);
    const w = 20, h = 15;
    const img = Float32Array.from({ length: w * h }, (_, v) => 60 + 0.8 * (v % w) * 5 + 40 * rng.normal());
    const region = Uint8Array.from({ length: w * h }, (_, v) => (((v % w) - 9) ** 2 / 64 + (Math.floor(v / w) - 7) ** 2 / 36 <= 1 ? 1 : 0));
    const levels = Array.from(img, (x, v) => (region[v] ? quantiseHu(x) : 32));
    const ref = runPythonJson<Record<string, number>>(SKIMAGE_GLCM, [JSON.stringify({ w, h, levels })]);
    const ours = glcmFeatures(glcmCounts(img, region, [w, h, 1]), 32);
    for (const f of ['contrast', 'dissimilarity', 'homogeneity', 'energy', 'correlation', 'entropy'] as const) {
      expect(ours[f]).toBeCloseTo(ref[f]!, 9);
    }
  });
});


describe('lowpassMaeHu and textureMetrics', () => {
  const region = ellipsoid();
  const grid = { shape: SHAPE, spacingMm: SPACING };

  it('is 0 for identical volumes and c for a uniform offset of c', () => {
    const real = whiteNoise(11, 20);
    expect(lowpassMaeHu(real, real, region, grid)).toBe(0);
    expect(lowpassMaeHu(real.map((x) => x + 12), real.map((x) => x), region, grid)).toBeCloseTo(12, 3);
  });

  it('scores the real volume 0 on all four metrics and ignores generated values outside the region', () => {
    const real = whiteNoise(12, 20);
    const coarse = gaussianFilterMm(real, SHAPE, SPACING, 3);
    const generated = Float32Array.from(real, (x, v) => (region[v] ? x : -1000));
    expect(textureMetrics({ generated, real, coarse, region, ...grid })).toEqual({ histW1: 0, npsError: 0, glcmError: 0, lowpassMaeHu: 0 });
    expect(() => textureMetrics({ generated: new Float32Array(3), real, coarse, region, ...grid })).toThrow(/generated has 3 voxels/);
  });
});
