/**
 * The kind-specific part of a diffusion renderer's card (`kind: 'diffusion-renderer'`): the
 * `renderer` block — grid [D, H, W] and spacing, HU window, which input/output plays which role,
 * the condition channels in order, the context blank value, the parameterisation, the noise schedule,
 * default steps and eta. Only `space: 'pixel'` exists today; a latent model would widen `space` to
 * 'latent' and add a `decoder` block (its own ONNX file + hash + latent shape), so such a card fails
 * loudly until then.
 */
import { z } from 'zod';
import type { TensorSpec } from './card-base.ts';

const vec3Int = z.tuple([z.number().int().min(1), z.number().int().min(1), z.number().int().min(1)]);
const vec3Pos = z.tuple([z.number().positive(), z.number().positive(), z.number().positive()]);

/** Known condition channels; the renderer builds each from its input in the order the card lists them. */
export const conditionChannelNameSchema = z.enum(['expectedHu', 'regionMask', 'contextHu']);
export type ConditionChannelName = z.infer<typeof conditionChannelNameSchema>;

export const conditionChannelSchema = z.object({
  name: conditionChannelNameSchema,
  /** 'hu-window': HU mapped linearly from huWindow to [-1, 1] and clamped; 'binary': 0 or 1. */
  encoding: z.enum(['hu-window', 'binary']),
  meaning: z.string().min(1),
});

export const noiseScheduleSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('linear'),
    trainSteps: z.number().int().min(2),
    betaStart: z.number().positive().lt(1),
    betaEnd: z.number().positive().lt(1),
  }),
  z.object({
    /** Nichol & Dhariwal 2021, "Improved DDPM": ᾱ(t) = cos²((t/T + s)/(1 + s) · π/2). */
    kind: z.literal('cosine'),
    trainSteps: z.number().int().min(2),
    cosineOffset: z.number().min(0).max(1).default(0.008),
    maxBeta: z.number().positive().max(1).default(0.999),
  }),
]);
export type NoiseSchedule = z.infer<typeof noiseScheduleSchema>;

/**
 * What the model's sample x means.
 * - 'hu-window': x is the CT itself, HU mapped from huWindow to [−1, 1]; x̂0 is clipped to [−1, 1].
 * - 'residual': x is the CT minus the coarse expected-HU map, in units of scaleHu
 *   (hu = expectedHu + scaleHu · x); x̂0 is clipped to [−clip, clip]. Texture of a few HU is then a
 *   sizeable signal for the model instead of a hundredth of a wide HU window.
 */
export const sampleEncodingSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('hu-window') }),
  z.object({ kind: z.literal('residual'), scaleHu: z.number().positive(), clip: z.number().positive() }),
]);
export type SampleEncoding = z.infer<typeof sampleEncodingSchema>;

/**
 * Optional low-pass consistency of the sample with its condition (residual encoding only): at every
 * DDIM step the predicted clean sample x̂0 is corrected so that the Gaussian low-pass (σ = sigmaMm,
 * scipy 'nearest' semantics, the coarse map's own filter) of the composite CT — expectedHu + scaleHu·x̂0
 * inside the region, the context outside — matches expectedHu inside the region:
 * x̂0 ← x̂0 + (expectedHu − G(composite)) / scaleHu, `iterations` Landweber steps. This is the
 * range–null-space idea of DDNM (Wang, Yu & Zhang, ICLR 2023) with the blur as the observation
 * operator: the model supplies the detail the blur removed, the condition fixes the local mean.
 */
export const lowpassConsistencySchema = z.object({
  sigmaMm: z.number().positive(),
  truncate: z.number().positive().default(3),
  iterations: z.number().int().min(1).max(10).default(1),
});
export type LowpassConsistency = z.infer<typeof lowpassConsistencySchema>;

export const rendererSpecSchema = z.object({
  /** 'pixel': the model denoises HU-windowed voxels directly. ('latent' + decoder: not yet.) */
  space: z.literal('pixel'),
  /** Model grid: shape [D, H, W] in voxels (D = z slowest, W = x fastest) and spacing [sz, sy, sx] in mm. */
  grid: z.object({ shape: vec3Int, spacingMm: vec3Pos }),
  /** [lo, hi] HU mapped linearly to [-1, 1]. */
  huWindow: z.tuple([z.number(), z.number()]).refine(([lo, hi]) => hi > lo, 'huWindow must be [lo, hi] with hi > lo'),
  /** Which model input / output plays which role. */
  io: z.object({ sample: z.string(), condition: z.string(), timestep: z.string(), prediction: z.string() }),
  conditionChannels: z.array(conditionChannelSchema).min(1),
  /** Value (model units) written into contextHu inside the region, so the model cannot see the real CT there. */
  contextBlankValue: z.number().min(-1).max(1),
  parameterisation: z.enum(['epsilon', 'v']),
  sampleEncoding: sampleEncodingSchema.default({ kind: 'hu-window' }),
  noiseSchedule: noiseScheduleSchema,
  defaultSteps: z.number().int().min(1),
  defaultEta: z.number().min(0).max(1),
  lowpassConsistency: lowpassConsistencySchema.optional(),
  /**
   * The expectedHu channel the model was trained on is the target CT Gaussian-blurred by this σ (mm,
   * scipy 'nearest', truncate 3) inside the region. A caller whose expected map is sharp (the
   * dynamics model's piecewise-constant tissue HU) blurs it so before rendering (pipeline/render-region.ts).
   */
  conditionBlurMm: z.number().positive().optional(),
}).refine((r) => r.lowpassConsistency === undefined || r.sampleEncoding.kind === 'residual', {
  error: 'lowpassConsistency needs sampleEncoding.kind = residual', path: ['lowpassConsistency'],
});
export type RendererSpec = z.infer<typeof rendererSpecSchema>;

/** Cross-checks of the renderer block against the card's inputs and outputs (issues added to `ctx`). */
export function checkRendererSpec(r: RendererSpec, inputs: TensorSpec[], outputs: TensorSpec[], ctx: z.RefinementCtx): void {
  const input = (role: 'sample' | 'condition' | 'timestep'): TensorSpec | undefined => {
    const spec = inputs.find((s) => s.name === r.io[role]);
    if (!spec) ctx.addIssue({ code: 'custom', path: ['renderer', 'io', role], message: `'${r.io[role]}' is not one of inputs[].name` });
    return spec;
  };
  const sample = input('sample');
  const condition = input('condition');
  const timestep = input('timestep');
  const prediction = outputs.find((s) => s.name === r.io.prediction);
  if (!prediction) ctx.addIssue({ code: 'custom', path: ['renderer', 'io', 'prediction'], message: `'${r.io.prediction}' is not one of outputs[].name` });

  const names = r.conditionChannels.map((c) => c.name);
  names.forEach((n, i) => {
    if (names.indexOf(n) !== i) ctx.addIssue({ code: 'custom', path: ['renderer', 'conditionChannels', i, 'name'], message: `duplicate channel '${n}'` });
  });
  const expectSpatial = (spec: TensorSpec | undefined, role: string, channels: number): void => {
    if (!spec) return;
    const want = [1, channels, ...r.grid.shape];
    const ok = spec.shape.length === 5 && spec.shape.every((d, i) => typeof d === 'string' || d === want[i]);
    if (!ok || spec.dtype !== 'float32') {
      ctx.addIssue({
        code: 'custom', path: ['renderer', 'io', role],
        message: `'${spec.name}' must be float32 [${want.join(', ')}] (batch 1, channels, grid D, H, W), card says ${spec.dtype} [${spec.shape.join(', ')}]`,
      });
    }
  };
  expectSpatial(sample, 'sample', 1);
  expectSpatial(condition, 'condition', r.conditionChannels.length);
  expectSpatial(prediction, 'prediction', 1);
  if (timestep && !(['float32', 'int64'] as string[]).includes(timestep.dtype)) {
    ctx.addIssue({ code: 'custom', path: ['renderer', 'io', 'timestep'], message: `'${timestep.name}' must be float32 or int64, card says ${timestep.dtype}` });
  }
  if (timestep && !(timestep.shape.length === 1 && (timestep.shape[0] === 1 || typeof timestep.shape[0] === 'string'))) {
    ctx.addIssue({ code: 'custom', path: ['renderer', 'io', 'timestep'], message: `'${timestep.name}' must have shape [1]` });
  }
  const s = r.noiseSchedule;
  if (s.kind === 'linear' && !(s.betaEnd > s.betaStart)) {
    ctx.addIssue({ code: 'custom', path: ['renderer', 'noiseSchedule', 'betaEnd'], message: 'must be greater than betaStart' });
  }
  if (r.defaultSteps > s.trainSteps) {
    ctx.addIssue({ code: 'custom', path: ['renderer', 'defaultSteps'], message: `must be ≤ noiseSchedule.trainSteps (${s.trainSteps})` });
  }
}