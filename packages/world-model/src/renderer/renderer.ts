/**
 * The diffusion renderer contract: an ONNX model (with a 'diffusion-renderer' card) that turns a
 * coarse expected-HU map, a region mask and the surrounding real CT — all on the model grid — into CT
 * texture, sampled with DDIM. Only the output inside the region is meaningful (the model is trained
 * to generate there); the simulation pipeline pastes it back into the CT.
 *
 * Axis order: the arrays are x fastest (like Volume.data), i.e. C-order [D = z, H = y, W = x] as the
 * card's grid. `grid` below gives the same grid in Volume terms: shape [nx, ny, nz], spacing [sx, sy, sz].
 * The object fits the pipeline's RegionRenderer interface (pipeline/region-renderer.ts).
 */
import type { Vec3 } from '@mewm/dicom';
import { ModelInputError } from '../errors.ts';
import { requireRendererCard, type RendererModelCard } from '@mewm/models';
import { createOnnxSession, type OnnxSessionOptions } from '@mewm/models';
import { buildCondition, type RendererConditionInput } from './condition.ts';
import { ddimSample, sampleClipBound, type DdimStepInfo } from './ddim.ts';
import { createLowpassProjection } from './lowpass-consistency.ts';
import { sampleToHu } from './sample-encoding.ts';

export interface RenderInput extends RendererConditionInput {
  /** Optional: the arrays' grid as [nx, ny, nz]; when given it must equal `grid.shape`. */
  shape?: Vec3;
}

export interface RenderOptions {
  seed: number;
  /** DDIM steps (default card.renderer.defaultSteps), integer in [1, trainSteps]. */
  steps?: number;
  /** DDIM η in [0, 1] (default card.renderer.defaultEta). */
  eta?: number;
  onStep?: (info: DdimStepInfo) => void;
}

export interface RenderResult {
  /** HU on the model grid; meaningful inside regionMask only. */
  hu: Float32Array;
  /** 'condition', 'step.0' … 'step.{n−1}', 'sampling', 'output', 'total' — ms. */
  timingsMs: Record<string, number>;
}

export interface DiffusionRenderer {
  readonly name: string;
  readonly version: string;
  /** A neural model (true even for the random-weight test model: see card.evaluation). */
  readonly learned: true;
  readonly card: RendererModelCard;
  /** The model grid in Volume terms: shape [nx, ny, nz] voxels, spacing [sx, sy, sz] mm. */
  readonly grid: { shape: Vec3; spacingMm: Vec3 };
  /** card.renderer.conditionBlurMm: the σ (mm) of the blur its expectedHu condition carries, if declared. */
  readonly conditionBlurMm?: number;
  /** card.renderer.defaultSteps: the DDIM steps a render that names none takes. */
  readonly defaultSteps: number;
  /** The execution provider used, and why if it differs from the request. */
  readonly executionProvider: { provider: string; note?: string };
  render(input: RenderInput, opts: RenderOptions): Promise<RenderResult>;
  dispose(): Promise<void>;
}

/** Open the renderer described by the card at `cardPath` (ModelCardError if it is not a renderer card). */
export async function createDiffusionRenderer(cardPath: string, opts: OnnxSessionOptions = {}): Promise<DiffusionRenderer> {
  const session = await createOnnxSession(cardPath, opts);
  let card: RendererModelCard;
  try {
    card = requireRendererCard(session.card);
  } catch (e) {
    await session.dispose();
    throw e;
  }
  const spec = card.renderer;
  const [d, h, w] = spec.grid.shape;
  const [sz, sy, sx] = spec.grid.spacingMm;
  const grid = { shape: [w, h, d] as Vec3, spacingMm: [sx, sy, sz] as Vec3 };
  const voxels = d * h * w;

  return {
    name: card.name, version: card.version, learned: true, card, grid, defaultSteps: spec.defaultSteps,
    ...(spec.conditionBlurMm !== undefined ? { conditionBlurMm: spec.conditionBlurMm } : {}),
    executionProvider: session.executionProvider,
    async render(input, ro) {
      const t0 = performance.now();
      checkRenderInput(input, grid.shape, voxels);
      const condition = buildCondition(spec, input);
      const t1 = performance.now();
      const lowpass = spec.lowpassConsistency && spec.sampleEncoding.kind === 'residual'
        ? createLowpassProjection(spec.lowpassConsistency, {
          ...input, dims: grid.shape, spacingMm: grid.spacingMm, scaleHu: spec.sampleEncoding.scaleHu, clip: sampleClipBound(spec.sampleEncoding),
        })
        : undefined;
      const result = await ddimSample({
        session, condition, shape: [1, 1, d, h, w], seed: ro.seed,
        steps: ro.steps ?? spec.defaultSteps, eta: ro.eta ?? spec.defaultEta,
        ...(ro.onStep ? { onStep: ro.onStep } : {}),
        ...(lowpass ? { projectX0: lowpass } : {}),
      });
      const t2 = performance.now();
      const hu = sampleToHu(result.sample, spec, input.expectedHu);
      const t3 = performance.now();
      const timingsMs: Record<string, number> = { condition: t1 - t0 };
      result.stepMs.forEach((ms, i) => (timingsMs[`step.${i}`] = ms));
      Object.assign(timingsMs, { sampling: t2 - t1, output: t3 - t2, total: t3 - t0 });
      return { hu, timingsMs };
    },
    dispose: () => session.dispose(),
  };
}

function checkRenderInput(input: RenderInput, shape: Vec3, voxels: number): void {
  const problems: string[] = [];
  if (input.shape && !input.shape.every((v, i) => v === shape[i])) {
    problems.push(`shape [${input.shape.join(', ')}] differs from the model grid [${shape.join(', ')}] (nx, ny, nz)`);
  }
  const arrays: [string, ArrayLike<number>, string][] = [
    ['expectedHu', input.expectedHu, 'Float32Array'], ['regionMask', input.regionMask, 'Uint8Array'], ['contextHu', input.contextHu, 'Float32Array'],
  ];
  for (const [name, a, type] of arrays) {
    const typeOk = name === 'regionMask' ? a instanceof Uint8Array : a instanceof Float32Array;
    if (!typeOk) problems.push(`${name} must be a ${type}`);
    else if (a.length !== voxels) problems.push(`${name} has ${a.length} voxels, the model grid ${shape.join('×')} has ${voxels}`);
  }
  if (problems.length === 0) {
    for (const [name, a] of [['expectedHu', input.expectedHu], ['contextHu', input.contextHu]] as const) {
      let bad = 0;
      for (let i = 0; i < a.length; i++) if (!Number.isFinite(a[i]!)) bad++;
      if (bad > 0) problems.push(`${name} has ${bad} non-finite voxels`);
    }
    if (!input.regionMask.some((m) => m !== 0)) problems.push('regionMask is empty: nothing to render');
  }
  if (problems.length > 0) throw new ModelInputError(`renderer input: ${problems.join('; ')}`);
}
