/**
 * The model-card family: `models/<name>.json` describes one ONNX model. Every card has the common
 * base (card-base.ts); its `kind` selects a kind-specific part that is checked with it:
 *
 * | kind                | part                                  | read by                          |
 * | ------------------- | ------------------------------------- | -------------------------------- |
 * | 'diffusion-renderer'| `renderer` block (renderer-part.ts)   | @mewm/world-model's renderer     |
 * | 'survival-risk'     | covariates, covariateSources, modality calibration, survival outputs (risk-part.ts) | @mewm/survival's risk model |
 *
 * Any other kind passes with the base alone. The dynamics model is TypeScript, not ONNX: its card
 * (models/dynamics.json) ships no model file and is read by @mewm/world-model against the code's
 * parameter table; the manifest lists it beside the ONNX models.
 *
 * `parseModelCard` / `loadModelCard` are the one reader: every failure is a ModelCardError naming
 * the field. The model file's sha256 and I/O signature are checked when a session is created
 * (onnx/session.ts), the only place that reads the ONNX bytes.
 */
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { z } from 'zod';
import { ModelCardError } from '../errors.ts';
import { modelCardBaseSchema } from './card-base.ts';
import { checkRendererSpec, rendererSpecSchema, type RendererSpec } from './renderer-part.ts';
import { checkRiskPart, riskPartSchema, riskSignatureOf, type RiskModelSignature, type RiskPart } from './risk-part.ts';

export const RENDERER_KIND = 'diffusion-renderer';
export const RISK_KIND = 'survival-risk';

export const modelCardSchema = modelCardBaseSchema
  .extend({ renderer: rendererSpecSchema.optional() })
  .superRefine((card, ctx) => {
    for (const [list, specs] of [['inputs', card.inputs], ['outputs', card.outputs]] as const) {
      const seen = new Set<string>();
      specs.forEach((s, i) => {
        if (seen.has(s.name)) ctx.addIssue({ code: 'custom', path: [list, i, 'name'], message: `duplicate name '${s.name}'` });
        seen.add(s.name);
      });
    }
    if (card.kind === RENDERER_KIND && !card.renderer) {
      ctx.addIssue({ code: 'custom', path: ['renderer'], message: `required when kind is '${RENDERER_KIND}'` });
    }
    if (card.renderer) checkRendererSpec(card.renderer, card.inputs, card.outputs, ctx);
    if (card.kind === RISK_KIND) {
      const part = riskPartSchema.safeParse(card);
      if (!part.success) {
        for (const issue of part.error.issues) ctx.addIssue({ code: 'custom', path: issue.path, message: issue.message });
      } else {
        checkRiskPart(part.data, card.inputs, card.outputs, ctx);
      }
    }
  });

export type ModelCard = z.infer<typeof modelCardSchema>;
/** A card whose renderer block is present (kind 'diffusion-renderer'). */
export type RendererModelCard = ModelCard & { renderer: RendererSpec };
/** A survival-risk card with its part typed. */
export type RiskModelCard = ModelCard & RiskPart;

/** The first issue's dotted path, e.g. 'onnx.sha256' or 'covariateSources.age.plan.from'. */
function fieldOf(issue: z.core.$ZodIssue): string {
  return issue.path.map(String).join('.') || '(root)';
}

/**
 * Validate a parsed card object. Throws ModelCardError naming every failing field (dotted path), e.g.
 * "model card renderer-tiny.json: renderer.huWindow: huWindow must be [lo, hi] with hi > lo";
 * `field` is the first one.
 */
export function parseModelCard(raw: unknown, source = 'model card'): ModelCard {
  const parsed = modelCardSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.slice(0, 8).map((i) => `${fieldOf(i)}: ${i.message}`);
    const more = parsed.error.issues.length > 8 ? ` (+${parsed.error.issues.length - 8} more)` : '';
    throw new ModelCardError(`${source}: ${problems.join('; ')}${more}`, fieldOf(parsed.error.issues[0]!));
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
    throw new ModelCardError(`model card not readable: ${abs} (${(e as NodeJS.ErrnoException).code ?? 'error'})`, '(file)');
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new ModelCardError(`model card ${abs} is not valid JSON: ${(e as Error).message}`, '(file)');
  }
  const card = parseModelCard(raw, `model card ${abs}`);
  return { card, cardPath: abs, modelPath: resolve(dirname(abs), card.onnx.path) };
}

/** The card's renderer block, or ModelCardError when the card does not describe a diffusion renderer. */
export function requireRendererCard(card: ModelCard): RendererModelCard {
  if (card.kind !== RENDERER_KIND || !card.renderer) {
    throw new ModelCardError(`model card ${card.name}: kind must be '${RENDERER_KIND}' with a renderer block, got kind '${card.kind}'`, 'kind');
  }
  return card as RendererModelCard;
}

/** The card as a survival-risk card with its signature, or ModelCardError when it is another kind. */
export function requireRiskCard(card: ModelCard): { card: RiskModelCard; signature: RiskModelSignature } {
  if (card.kind !== RISK_KIND) {
    throw new ModelCardError(`model card ${card.name}: kind must be '${RISK_KIND}', got kind '${card.kind}'`, 'kind');
  }
  // parseModelCard checked the part; parse it again for its types (defaults and all).
  const part = riskPartSchema.parse(card);
  return { card: { ...card, ...part }, signature: riskSignatureOf(card.inputs, card.outputs) };
}
