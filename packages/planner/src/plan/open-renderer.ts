/**
 * The renderer a command asked for: `--renderer` absent → the default trained renderer
 * (DEFAULT_RENDERER_CARD); `--renderer white-noise` → the non-learned coarse + white-noise baseline
 * (fast; labelled as a baseline in every output); anything else → a renderer model card path.
 * The caller disposes it.
 */
import { createWhiteNoiseRenderer, loadOnnxRegionRenderer, type RegionRenderer } from '@mewm/world-model';
import { DEFAULT_RENDERER_CARD } from './default-models.ts';

/** The --renderer value that picks the non-learned baseline. */
export const WHITE_NOISE_RENDERER = 'white-noise';

export async function openRenderer(spec: string | undefined): Promise<RegionRenderer> {
  if (spec === WHITE_NOISE_RENDERER) return createWhiteNoiseRenderer();
  return loadOnnxRegionRenderer(spec ?? DEFAULT_RENDERER_CARD);
}
