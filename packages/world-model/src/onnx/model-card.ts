/**
 * Model cards: the JSON file `models/<name>.json` that describes one ONNX model — what it is, the
 * file it ships (sha256), its I/O signature, what it was trained on and how it was evaluated, and the
 * research-use label. A diffusion renderer adds a `renderer` block (grid, HU window, condition
 * channels, parameterisation, noise schedule).
 *
 * The schema is strict about what code relies on and open where other models need room: `kind` is
 * free text, and only `kind: 'diffusion-renderer'` requires the `renderer` block. A latent-diffusion
 * renderer would later widen `renderer.space` to `'latent'` and add a `decoder` block (its own ONNX
 * file + hash + latent shape); today only `'pixel'` is accepted, so such a card fails loudly.
 */
import { RESEARCH_USE_LABEL } from '@mewm/contracts';
import { readFile } from 'node:fs/promises';
import { dirname, isAbsolute, resolve } from 'node:path';
import { z } from 'zod';
import { ModelCardError } from '../errors.ts';


/** Tensor element types, spelled as onnxruntime's `Tensor.Type`. */
export const tensorDtypeSchema = z.enum([
  'float32', 'float16', 'float64', 'int8', 'uint8', 'int16', 'uint16', 'int32', 'uint32', 'int64', 'uint64', 'bool', 'string',
]);
export type TensorDtype = z.infer<typeof tensorDtypeSchema>;

/** A dimension: a fixed size (≥ 1) or a symbolic name (e.g. "batch") that any size ≥ 1 satisfies. */
const dimSchema = z.union([z.number().int().min(1), z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'symbolic dims are identifiers')]);

export const tensorSpecSchema = z.object({
  name: z.string().min(1),
  dtype: tensorDtypeSchema,
  shape: z.array(dimSchema),
  description: z.string().optional(),
});
export type TensorSpec = z.infer<typeof tensorSpecSchema>;

const sha256Schema = z.string().regex(/^[0-9a-f]{64}$/, 'a lowercase hex sha256 (64 characters)');

export const onnxFileSchema = z.object({
  /** Path of the ONNX file relative to the card's folder. */
  path: z.string().min(1).refine((p) => !isAbsolute(p), 'must be relative to the card'),
  sha256: sha256Schema,
  sizeBytes: z.number().int().positive().optional(),
  format: z.literal('onnx'),
  opset: z.number().int().min(7),
});

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
  message: 'lowpassConsistency needs sampleEncoding.kind = residual', path: ['lowpassConsistency'],
});
export type RendererSpec = z.infer<typeof rendererSpecSchema>;

export const evaluationSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('none'), reason: z.string().min(1) }),
  z.object({
    kind: z.literal('measured'),
    /** What it was evaluated on (e.g. the held-out series) and how. */
    dataset: z.string().min(1),
    results: z.array(z.object({ method: z.string().min(1), metrics: z.record(z.string(), z.number()) })).min(1),
    notes: z.string().optional(),
  }),
]);

export const modelCardSchema = z
  .object({
    schemaVersion: z.literal(1),
    name: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'kebab-case'),
    version: z.string().regex(/^\d+\.\d+\.\d+([-+][0-9A-Za-z.-]+)?$/, 'semantic version x.y.z'),
    /** What kind of model: 'diffusion-renderer' requires the renderer block; other packages name theirs. */
    kind: z.string().min(1),
    label: z.literal(RESEARCH_USE_LABEL),
    description: z.string().min(1),
    onnx: onnxFileSchema,
    inputs: z.array(tensorSpecSchema).min(1),
    outputs: z.array(tensorSpecSchema).min(1),
    renderer: rendererSpecSchema.optional(),
    training: z.object({
      data: z.string().min(1),
      licence: z.string().min(1),
      script: z.string().optional(),
      config: z.string().optional(),
      seed: z.number().int().optional(),
      parameters: z.number().int().positive().optional(),
      lossLog: z.string().optional(),
    }),
    evaluation: evaluationSchema,
    intendedUse: z.string().min(1),
  })
  .superRefine((card, ctx) => {
    for (const [list, specs] of [['inputs', card.inputs], ['outputs', card.outputs]] as const) {
      const seen = new Set<string>();
      specs.forEach((s, i) => {
        if (seen.has(s.name)) ctx.addIssue({ code: 'custom', path: [list, i, 'name'], message: `duplicate name '${s.name}'` });
        seen.add(s.name);
      });
    }
    if (card.kind === 'diffusion-renderer' && !card.renderer) {
      ctx.addIssue({ code: 'custom', path: ['renderer'], message: "required when kind is 'diffusion-renderer'" });
    }
    if (card.renderer) checkRendererSpec(card.renderer, card.inputs, card.outputs, ctx);
  });

export type ModelCard = z.infer<typeof modelCardSchema>;
/** A card whose renderer block is present (kind 'diffusion-renderer'). */
export type RendererModelCard = ModelCard & { renderer: RendererSpec };

function checkRendererSpec(r: RendererSpec, inputs: TensorSpec[], outputs: TensorSpec[], ctx: z.RefinementCtx): void {
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

/**
 * Validate a parsed card object. Throws ModelCardError naming every failing field (dotted path), e.g.
 * "model card renderer-tiny.json: renderer.huWindow: huWindow must be [lo, hi] with hi > lo".
 */
export function parseModelCard(raw: unknown, source = 'model card'): ModelCard {
  const parsed = modelCardSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.slice(0, 8).map((i) => `${i.path.map(String).join('.') || '(root)'}: ${i.message}`);
    const more = parsed.error.issues.length > 8 ? ` (+${parsed.error.issues.length - 8} more)` : '';
    throw new ModelCardError(`${source}: ${problems.join('; ')}${more}`);
  }
  return parsed.data;
}

/** A loaded card with where it was read from and the absolute path of its ONNX file. */
export interface LoadedModelCard {
  card: ModelCard;
  /** Absolute path of the card JSON. */
  cardPath: string;
  /** Absolute path of the ONNX file (card.onnx.path resolved against the card's folder). */
  modelPath: string;
}

/** Read and validate `models/<name>.json`. Missing file, bad JSON or a schema failure → ModelCardError. */
export async function loadModelCard(cardPath: string): Promise<LoadedModelCard> {
  const abs = resolve(cardPath);
  let text: string;
  try {
    text = await readFile(abs, 'utf8');
  } catch (e) {
    throw new ModelCardError(`model card not readable: ${abs} (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new ModelCardError(`model card ${abs} is not valid JSON: ${(e as Error).message}`);
  }
  const card = parseModelCard(raw, `model card ${abs}`);
  return { card, cardPath: abs, modelPath: resolve(dirname(abs), card.onnx.path) };
}

/** The card's renderer block, or ModelCardError when the card does not describe a diffusion renderer. */
export function requireRendererCard(card: ModelCard): RendererModelCard {
  if (card.kind !== 'diffusion-renderer' || !card.renderer) {
    throw new ModelCardError(`model card ${card.name}: kind must be 'diffusion-renderer' with a renderer block, got kind '${card.kind}'`);
  }
  return card as RendererModelCard;
}
