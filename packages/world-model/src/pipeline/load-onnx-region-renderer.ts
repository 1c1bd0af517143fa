/**
 * The ONNX diffusion renderer described by a model card, as the pipeline's RegionRenderer.
 *
 * Its intra-op threads sleep rather than spin while they wait for work (allowSpinning false unless the
 * caller says otherwise): a plan renders between other work on the same cores (dynamics, scoring, the
 * NIfTI compression on libuv's threads), and spinning threads burn those cores. Measured on the 2-core
 * machine (bench/plan.ts, 5 candidates × 2 samples, paired runs): 18 % less CPU time for the whole plan.
 * The outputs are the same (onnxruntime's results do not depend on how its threads wait).
 */
import { createDiffusionRenderer } from '../renderer/index.ts';
import type { OnnxSessionOptions } from '@mewm/models';
import type { RegionRenderer } from './region-renderer.ts';

export async function loadOnnxRegionRenderer(cardPath: string, opts: OnnxSessionOptions = {}): Promise<RegionRenderer> {
  return createDiffusionRenderer(cardPath, { allowSpinning: false, ...opts });
}
