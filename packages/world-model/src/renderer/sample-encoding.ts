/**
 * Decode the sampler's output into HU, as the card's renderer.sampleEncoding says:
 * 'hu-window' → the windowed HU mapped back (hu-window.ts); 'residual' → expectedHu + scaleHu · x.
 */
import type { RendererSpec } from '@mewm/models';
import { modelToHu } from './hu-window.ts';

export function sampleToHu(sample: Float32Array, spec: RendererSpec, expectedHu: Float32Array): Float32Array {
  const encoding = spec.sampleEncoding;
  if (encoding.kind === 'hu-window') return modelToHu(sample, spec.huWindow);
  const out = new Float32Array(sample.length);
  for (let i = 0; i < sample.length; i++) out[i] = expectedHu[i]! + encoding.scaleHu * sample[i]!;
  return out;
}
