/**
 * Opens the renderer a plan job asked for (planner-bridge side: imported by plan-jobs-planner.ts only,
 * never by the Next.js bundle, so it may import the world model's ONNX code). The baseline is the
 * pipeline's default, as `mewm plan` without --renderer; a learned renderer is loaded from its model
 * card in the repository's models/ folder, as `mewm plan --renderer models/<card>.json`.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createWhiteNoiseRenderer, loadOnnxRegionRenderer, type RegionRenderer } from '@mewm/world-model';
import { DEFAULT_PLAN_RENDERER, PLAN_RENDERER_CARDS, type PlanRenderer } from './plan-jobs-request.ts';

/** apps/web/src/server/services → the repository root. */
const REPO_ROOT = fileURLToPath(new URL('../../../../../', import.meta.url));

/** The caller disposes it. */
export async function openPlanRenderer(id: PlanRenderer = DEFAULT_PLAN_RENDERER): Promise<RegionRenderer> {
  if (id === 'white-noise-baseline') return createWhiteNoiseRenderer();
  return loadOnnxRegionRenderer(join(REPO_ROOT, PLAN_RENDERER_CARDS[id]));
}
