/**
 * The part of a survival-risk model card (models/<name>.json) that loading and scoring rely on,
 * as a zod schema. Cards carry much more (sources, evaluation, assumptions); unknown keys pass.
 */
import { carriesResearchUseLabel } from '@mewm/contracts';
import { z } from 'zod';
import { RiskModelError } from './errors.ts';

const tensorSpec = z.object({ name: z.string().min(1), dtype: z.string().min(1) }).passthrough();

export const riskModelCardSchema = z
  .object({
    name: z.string().min(1),
    version: z.string().min(1),
    kind: z.literal('survival-risk'),
    label: z.string().refine(carriesResearchUseLabel, 'must carry the research-use label'),
    onnx: z.object({ sha256: z.string().regex(/^[0-9a-f]{64}$/, 'must be 64 lowercase hex digits') }).passthrough(),
    inputs: z.tuple([tensorSpec.extend({ name: z.literal('features'), dtype: z.literal('float32'), order: z.array(z.string().min(1)).min(1) })]),
    outputs: z.array(tensorSpec).min(3),
    covariates: z
      .array(
        z
          .object({
            name: z.string().min(1),
            mean: z.number(),
            coefficient: z.number(),
            unknown: z.object({ imputeWith: z.union([z.number(), z.string(), z.null()]), rule: z.string() }).passthrough().optional(),
          })
          .passthrough(),
      )
      .min(1),
    modalityCalibration: z
      .array(z
          .object({
            modality: z.string().min(1),
            feature: z.string().nullable(),
            responseRate: z.number().min(0).max(1),
            /** Curative-intent local treatment: residualAfterCurative applies (absent = false). */
            curativeIntent: z.boolean().optional(),
          })
          .passthrough())
      .optional(),
  })
  .passthrough();

export type RiskModelCard = z.infer<typeof riskModelCardSchema>;

export interface RiskModelSignature {
  readonly features: readonly string[];
  /** S(t) output times, in `timeUnit`. */
  readonly times: readonly number[];
  readonly rmstHorizon: number;
  readonly timeUnit: string;
}

/**
 * Parses a card and reads its I/O signature (feature order, survival times, RMST horizon).
 * @throws RiskModelError naming the card field that is missing or malformed.
 */
export function parseRiskModelCard(card: unknown): { card: RiskModelCard; signature: RiskModelSignature } {
  const parsed = riskModelCardSchema.safeParse(card);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new RiskModelError(['card', ...issue.path.map(String)].join('.'), issue.message);
  }
  const c = parsed.data;
  const order = c.inputs[0].order;
  const names = c.covariates.map((x) => x.name);
  if (order.length !== names.length || order.some((n, k) => n !== names[k])) {
    throw new RiskModelError('card.inputs[0].order', 'must list the card covariates in the same order');
  }
  const out = (name: string) => c.outputs.find((o) => o.name === name);
  for (const name of ['logRisk', 'survival', 'rmst']) {
    if (out(name)?.dtype !== 'float32') throw new RiskModelError('card.outputs', `needs a float32 output '${name}'`);
  }
  const times = z.array(z.number().nonnegative()).min(1).safeParse(out('survival')!.times);
  if (!times.success || times.data.some((t, k) => k > 0 && t <= times.data[k - 1]!)) {
    throw new RiskModelError('card.outputs.survival.times', 'must be a non-empty ascending array of times');
  }
  const horizon = out('rmst')!.horizon;
  if (typeof horizon !== 'number' || !(horizon > 0)) throw new RiskModelError('card.outputs.rmst.horizon', 'must be a number > 0');
  const unit = out('survival')!.timeUnit;
  return {
    card: c,
    signature: { features: order, times: times.data, rmstHorizon: horizon, timeUnit: typeof unit === 'string' ? unit : 'training time unit' },
  };
}
