/**
 * The non-learned baseline renderer: the coarse expected-HU map plus white Gaussian noise whose σ is
 * measured from the real CT around the region (robust: 1.4826 × the median absolute deviation of
 * the difference between neighbouring voxels, divided by √2, over soft tissue −100..300 HU).
 * It is the `coarse+white-noise` baseline of the renderer evaluation, used until a trained
 * renderer is installed; every summary names it as a baseline, not a learned model.
 */
import { createRng } from '../random.ts';
import type { RegionRenderInput, RegionRenderer } from './region-renderer.ts';

export const WHITE_NOISE_RENDERER_NAME = 'coarse+white-noise (baseline, not a learned model)';

/** Noise σ (HU) of soft tissue in `contextHu` outside the region, from horizontal neighbour differences. */
export function estimateNoiseSigmaHu(input: RegionRenderInput): number {
  const [nx] = input.shape;
  const diffs: number[] = [];
  const { contextHu, regionMask } = input;
  for (let v = 0; v + 1 < contextHu.length; v++) {
    if ((v + 1) % nx === 0 || regionMask[v] || regionMask[v + 1]) continue;
    const a = contextHu[v]!;
    const b = contextHu[v + 1]!;
    if (a < -100 || a > 300 || b < -100 || b > 300) continue;
    diffs.push(Math.abs(a - b));
  }
  if (diffs.length < 100) return 10;
  diffs.sort((x, y) => x - y);
  const mad = diffs[Math.floor(diffs.length / 2)]!;
  return (1.4826 * mad) / Math.SQRT2;
}

export function createWhiteNoiseRenderer(): RegionRenderer {
  return {
    name: WHITE_NOISE_RENDERER_NAME,
    version: '0.1.0',
    learned: false,
    // async although nothing is awaited: a throw (bad input) then reaches the caller as a rejected promise,
    // as the RegionRenderer interface promises.
    // eslint-disable-next-line @typescript-eslint/require-await
    async render(input, opts) {
      const t0 = performance.now();
      const sigma = estimateNoiseSigmaHu(input);
      const rng = createRng(opts.seed).fork('white-noise');
      const hu = new Float32Array(input.expectedHu.length);
      for (let v = 0; v < hu.length; v++) {
        hu[v] = input.regionMask[v] ? input.expectedHu[v]! + sigma * rng.normal() : input.contextHu[v]!;
      }
      return { hu, timingsMs: { render: performance.now() - t0 } };
    },
    async dispose() {},
  };
}
