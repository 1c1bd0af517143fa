/**
 * The renderer a command asked for: `--renderer` absent → the manifest's default diffusion renderer
 * (models/manifest.json: renderer-ct, DEFAULT_RENDERER_CARD); `--renderer white-noise` → the
 * non-learned coarse + white-noise baseline (fast; labelled as a baseline in every output); a manifest
 * id (e.g. renderer-tiny) → that model; a path (ends in .json or holds a separator) → that card.
 * The caller disposes it.
 */
import { defaultModelId, RENDERER_KIND, resolveModelCard } from '@mewm/models';
import { createWhiteNoiseRenderer, loadOnnxRegionRenderer, type RegionRenderer } from '@mewm/world-model';

/** The --renderer value that picks the non-learned baseline. */
export const WHITE_NOISE_RENDERER = 'white-noise';

export async function openRenderer(spec: string | undefined): Promise<RegionRenderer> {
  if (spec === WHITE_NOISE_RENDERER) return createWhiteNoiseRenderer();
  const { cardPath } = await resolveModelCard(spec ?? (await defaultModelId(RENDERER_KIND)), { kind: RENDERER_KIND });
  return loadOnnxRegionRenderer(cardPath);
}
