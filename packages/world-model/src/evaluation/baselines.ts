/**
 * The non-learned baselines of the renderer evaluation, on the model grid. Each returns HU with the
 * method's values inside the region and the context (real CT) outside.
 *
 * - `coarse`: the coarse map alone.
 * - `coarse+white-noise`: coarse + white Gaussian noise whose σ is the standard deviation of
 *   (real − coarse) inside the region. That σ is measured on the target (an oracle, which favours
 *   the baseline); the pipeline's createWhiteNoiseRenderer instead estimates σ from the context.
 * - `coarse+nps-noise`: coarse + Gaussian noise with the real CT's noise power spectrum, estimated
 *   from the context only (context-nps.ts), so it does not peek at the target: white noise on the
 *   FFT grid, shaped by √S(k) in the Fourier domain, cropped to the model grid.
 */
import { ModelInputError } from '../errors.ts';
import type { RegionRenderInput, RegionRenderer } from '../pipeline/region-renderer.ts';
import { estimateNoiseSigmaHu } from '../pipeline/white-noise-renderer.ts';
import { createRng } from '../random.ts';
import { estimateContextNps } from './context-nps.ts';
import { fft3d } from './fft.ts';

export const BASELINE_METHODS = ['coarse', 'coarse+white-noise', 'coarse+nps-noise'] as const;
export type BaselineMethod = (typeof BASELINE_METHODS)[number];

/** Fewer context voxels than this: the nps-noise baseline falls back to white noise of the context σ. */
export const MIN_CONTEXT_NPS_VOXELS = 512;

function fill(input: RegionRenderInput, inside: (v: number) => number): Float32Array {
  const hu = new Float32Array(input.regionMask.length);
  for (let v = 0; v < hu.length; v++) hu[v] = input.regionMask[v] ? inside(v) : input.contextHu[v]!;
  return hu;
}

export function renderCoarse(input: RegionRenderInput): Float32Array {
  return fill(input, (v) => input.expectedHu[v]!);
}

/** Standard deviation (HU) of real − coarse over the region voxels (population σ). */
export function regionResidualSigmaHu(real: ArrayLike<number>, coarse: ArrayLike<number>, region: Uint8Array): number {
  let n = 0, s = 0, s2 = 0;
  for (let v = 0; v < region.length; v++) {
    if (!region[v]) continue;
    const r = real[v]! - coarse[v]!;
    n++; s += r; s2 += r * r;
  }
  if (n === 0) throw new ModelInputError('regionResidualSigmaHu: region is empty');
  return Math.sqrt(Math.max(0, s2 / n - (s / n) ** 2));
}

export function renderCoarseWhiteNoise(input: RegionRenderInput, sigmaHu: number, seed: number): Float32Array {
  if (!(Number.isFinite(sigmaHu) && sigmaHu >= 0)) throw new ModelInputError(`sigmaHu must be finite and ≥ 0, got ${sigmaHu}`);
  const rng = createRng(seed).fork('coarse+white-noise');
  return fill(input, (v) => input.expectedHu[v]! + sigmaHu * rng.normal());
}

export function renderCoarseNpsNoise(input: RegionRenderInput, seed: number): { hu: Float32Array; contextVoxels: number; fallback: boolean } {
  const rng = createRng(seed).fork('coarse+nps-noise');
  const nps = estimateContextNps(input.contextHu, input.regionMask, input.shape, input.spacingMm);
  if (nps.voxels < MIN_CONTEXT_NPS_VOXELS) {
    const sigma = estimateNoiseSigmaHu(input);
    return { hu: fill(input, (v) => input.expectedHu[v]! + sigma * rng.normal()), contextVoxels: nps.voxels, fallback: true };
  }
  const [fx, fy] = nps.fftDims;
  const m = nps.power.length;
  const re = new Float64Array(m), im = new Float64Array(m);
  for (let q = 0; q < m; q++) re[q] = rng.normal();
  fft3d(re, im, nps.fftDims);
  for (let q = 0; q < m; q++) {
    const a = Math.sqrt(nps.power[q]!);
    re[q]! *= a;
    im[q]! *= a;
  }
  fft3d(re, im, nps.fftDims, true);
  const [nx, ny] = input.shape;
  const hu = fill(input, (v) => {
    const i = v % nx, j = Math.floor(v / nx) % ny, k = Math.floor(v / (nx * ny));
    return input.expectedHu[v]! + re[i + fx * (j + fy * k)]!;
  });
  return { hu, contextVoxels: nps.voxels, fallback: false };
}

function asRenderer(name: string, render: (input: RegionRenderInput, seed: number) => Float32Array): RegionRenderer {
  return {
    name, version: '0.1.0', learned: false,
    // eslint-disable-next-line @typescript-eslint/require-await -- async so that a bad input rejects the promise, as a learned renderer's would
    async render(input, opts) {
      const t0 = performance.now();
      const hu = render(input, opts.seed);
      return { hu, timingsMs: { render: performance.now() - t0 } };
    },
    async dispose() {},
  };
}

/** `coarse` as a RegionRenderer (works on any grid). */
export function createCoarseBaselineRenderer(): RegionRenderer {
  return asRenderer('coarse (baseline, not a learned model)', (input) => renderCoarse(input));
}

/** `coarse+nps-noise` as a RegionRenderer (works on any grid). */
export function createNpsNoiseBaselineRenderer(): RegionRenderer {
  return asRenderer('coarse+nps-noise (baseline, not a learned model)', (input, seed) => renderCoarseNpsNoise(input, seed).hu);
}
