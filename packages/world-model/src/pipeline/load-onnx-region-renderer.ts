/** The ONNX diffusion renderer described by a model card, as the pipeline's RegionRenderer. */
import { createDiffusionRenderer } from '../renderer/index.ts';
import type { OnnxSessionOptions } from '@mewm/models';
import type { RegionRenderer } from './region-renderer.ts';

export async function loadOnnxRegionRenderer(cardPath: string, opts: OnnxSessionOptions = {}): Promise<RegionRenderer> {
  return createDiffusionRenderer(cardPath, opts);
}
