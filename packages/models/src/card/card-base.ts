/**
 * The common base of every ONNX model card (`models/<name>.json`): what the model is (name, version,
 * kind), the ONNX file it ships (path relative to the card, sha256, opset), its I/O tensors (names,
 * dtypes, shapes; symbolic dims allowed), what it was trained on, how it was evaluated, its intended
 * use and the research-use label. Kind-specific parts (renderer-part.ts, risk-part.ts) add what
 * their code relies on. The base is strict about what code relies on and open elsewhere: fields it
 * does not know (a risk card's provenance, a tensor's survival `times`) are kept, not stripped.
 */
import { carriesResearchUseLabel } from '@mewm/contracts';
import { isAbsolute } from 'node:path';
import { z } from 'zod';

/** Tensor element types, spelled as onnxruntime's `Tensor.Type`. */
export const tensorDtypeSchema = z.enum([
  'float32', 'float16', 'float64', 'int8', 'uint8', 'int16', 'uint16', 'int32', 'uint32', 'int64', 'uint64', 'bool', 'string',
]);
export type TensorDtype = z.infer<typeof tensorDtypeSchema>;

/** A dimension: a fixed size (≥ 1) or a symbolic name (e.g. "batch") that any size ≥ 1 satisfies. */
const dimSchema = z.union([z.number().int().min(1), z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'symbolic dims are identifiers')]);

/** One input or output tensor. Kind-specific fields (a risk card's `order`, `times`, `horizon`) are kept. */
export const tensorSpecSchema = z.looseObject({
  name: z.string().min(1),
  dtype: tensorDtypeSchema,
  shape: z.array(dimSchema),
  description: z.string().optional(),
});
export type TensorSpec = z.infer<typeof tensorSpecSchema>;

export const sha256Schema = z.string().regex(/^[0-9a-f]{64}$/, 'a lowercase hex sha256 (64 characters)');

export const onnxFileSchema = z.looseObject({
  /** Path of the ONNX file relative to the card's folder. */
  path: z.string().min(1).refine((p) => !isAbsolute(p) && !p.split(/[\\/]/).includes('..'), 'must be relative to the card, inside its folder'),
  sha256: sha256Schema,
  sizeBytes: z.number().int().positive().optional(),
  format: z.literal('onnx'),
  opset: z.number().int().min(7),
  irVersion: z.number().int().min(3).optional(),
});
export type OnnxFileSpec = z.infer<typeof onnxFileSchema>;

/**
 * How the model was evaluated: `none` (with a reason), `measured` rows per method (the renderer's
 * held-out texture metrics), or a cohort metric summary (a risk model's cross-validated concordance:
 * `metric` names it; the numbers sit beside it).
 */
export const evaluationSchema = z.union([
  z.object({ kind: z.literal('none'), reason: z.string().min(1) }),
  z.object({
    kind: z.literal('measured'),
    /** What it was evaluated on (e.g. the held-out series) and how. */
    dataset: z.string().min(1),
    results: z.array(z.object({ method: z.string().min(1), metrics: z.record(z.string(), z.number()) })).min(1),
    notes: z.string().optional(),
  }),
  z.looseObject({ kind: z.undefined().optional(), metric: z.string().min(1) }),
]);
export type ModelEvaluation = z.infer<typeof evaluationSchema>;

/** Training data: a description (with its licence), or a data file identified by its sha256 only (a site's own cohort). */
export const trainingSchema = z.looseObject({
  data: z.union([z.string().min(1), z.looseObject({ sha256: sha256Schema, note: z.string().optional() })]),
  licence: z.string().min(1).optional(),
  script: z.string().optional(),
  config: z.string().optional(),
  seed: z.number().int().optional(),
  parameters: z.number().int().positive().optional(),
  lossLog: z.string().optional(),
});

export const modelCardBaseSchema = z.looseObject({
  schemaVersion: z.literal(1),
  name: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'kebab-case'),
  /** x.y.z (semantic version), or a plain release number ("1") as `mewm survival fit` writes it. */
  version: z.string().regex(/^\d+(\.\d+){0,2}([-+][0-9A-Za-z.-]+)?$/, 'a version such as 1.2.3'),
  /** What kind of model ('diffusion-renderer', 'survival-risk', ...): it selects the kind-specific part. */
  kind: z.string().min(1),
  label: z.string().refine(carriesResearchUseLabel, 'must carry the research-use label'),
  description: z.string().min(1),
  onnx: onnxFileSchema,
  inputs: z.array(tensorSpecSchema).min(1),
  outputs: z.array(tensorSpecSchema).min(1),
  training: trainingSchema,
  evaluation: evaluationSchema,
  intendedUse: z.string().min(1),
});
