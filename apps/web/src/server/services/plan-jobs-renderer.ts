/**
 * Opens the renderer a plan job asked for (planner-bridge side: imported by plan-jobs-planner.ts only,
 * never by the Next.js bundle, so it may import the world model's ONNX code) through the planner's
 * openRenderer, as `mewm plan --renderer`: the baseline as `--renderer white-noise`, a learned renderer
 * from its model card in the repository's models/ folder.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openRenderer, WHITE_NOISE_RENDERER } from '@mewm/planner';
import type { RegionRenderer } from '@mewm/world-model';
import { findRepoRoot } from '../repo-root.ts';
import { DEFAULT_PLAN_RENDERER, PLAN_RENDERER_CARDS, type PlanRenderer } from './plan-jobs-request.ts';

/** The caller disposes it. */
export async function openPlanRenderer(id: PlanRenderer = DEFAULT_PLAN_RENDERER): Promise<RegionRenderer> {
  if (id === 'white-noise-baseline') return openRenderer(WHITE_NOISE_RENDERER);
  return openRenderer(join(findRepoRoot(dirname(fileURLToPath(import.meta.url))), PLAN_RENDERER_CARDS[id]));
}
