/**
 * The renderers a plan job may use, described for people from their model cards. The default is the
 * pipeline's: the trained diffusion renderer (DEFAULT_PLAN_RENDERER); the non-learned coarse +
 * white-noise baseline is the alternative. A learned renderer is marked experimental unless its card's
 * held-out evaluation shows it beating the baseline, and what it says about itself comes from that evaluation (the three
 * texture metrics histW1, npsError, glcmError against the coarse+white-noise baseline, as the card's
 * evaluation script scores them), so the label stays honest when the card changes.
 */
import 'server-only';
import { join } from 'node:path';
import { loadModelCard, requireRendererCard, type ModelEvaluation } from '@mewm/models/cards';
import { InvalidInputError } from '../errors.ts';
import { findRepoRoot } from '../repo-root.ts';
import { DEFAULT_PLAN_RENDERER, PLAN_RENDERER_CARDS, type PlanRenderer } from './plan-jobs-request.ts';

/** The texture metrics of the card's verdict (packages/world-model/scripts/evaluate-renderer-card.ts); lower is better. */
const TEXTURE_METRICS = ['histW1', 'npsError', 'glcmError'] as const;
const NOISE_BASELINE = 'coarse+white-noise';

export interface RendererEvaluationView {
  dataset: string;
  /** Metric names, lower is better. */
  metrics: string[];
  rows: { method: string; values: (number | null)[] }[];
  /** Texture metrics on which the renderer beats the coarse+white-noise baseline. */
  beatsNoiseBaselineOn: string[];
  notes: string | null;
}

export interface PlanRendererChoice {
  id: PlanRenderer;
  label: string;
  isDefault: boolean;
  learned: boolean;
  experimental: boolean;
  /** False when a learned renderer's model card is missing or unreadable (it cannot be chosen). */
  available: boolean;
  /** One line for people: what it is and how it did on held-out data. */
  note: string;
  /** The model card's description and evaluation (learned renderers). */
  card: { name: string; version: string; description: string; evaluation: RendererEvaluationView | null } | null;
}

/** A renderer card's measured evaluation (held-out texture metrics per method). */
export type RendererCardEvaluation = Omit<Extract<ModelEvaluation, { kind: 'measured' }>, 'kind'>;

/** A card's evaluation block as a table, with the texture metrics on which the renderer beats the noise baseline. */
export function rendererEvaluationView(e: RendererCardEvaluation): RendererEvaluationView {
  const metrics = [...new Set(e.results.flatMap((r) => Object.keys(r.metrics)))];
  const renderer = e.results.find((r) => r.method === 'renderer')?.metrics;
  const baseline = e.results.find((r) => r.method === NOISE_BASELINE)?.metrics;
  const beats = renderer && baseline
    ? TEXTURE_METRICS.filter((m) => renderer[m] !== undefined && baseline[m] !== undefined && renderer[m] < baseline[m])
    : [];
  return {
    dataset: e.dataset ?? '',
    metrics,
    rows: e.results.map((r) => ({ method: r.method, values: metrics.map((m) => r.metrics[m] ?? null) })),
    beatsNoiseBaselineOn: beats,
    notes: e.notes ?? null,
  };
}

/** What a learned renderer's choice says about it, from its held-out evaluation. */
export function rendererVerdict(e: RendererEvaluationView | null): string {
  if (e === null) return 'experimental — no held-out evaluation in its model card';
  const n = e.beatsNoiseBaselineOn.length;
  if (n === 0) return 'experimental — loses to the noise baseline on held-out texture metrics; see model card';
  if (n < TEXTURE_METRICS.length) {
    return `experimental — beats the noise baseline on only ${n} of ${TEXTURE_METRICS.length} held-out texture metrics (${e.beatsNoiseBaselineOn.join(', ')}); see model card`;
  }
  return 'beats the noise baseline on every held-out texture metric; see model card';
}

async function learnedChoice(id: Exclude<PlanRenderer, 'white-noise-baseline'>): Promise<PlanRendererChoice> {
  const base = { id, label: `trained diffusion renderer (${id})`, isDefault: id === DEFAULT_PLAN_RENDERER, learned: true, experimental: true };
  let card: Awaited<ReturnType<typeof loadModelCard>>['card'];
  try {
    // The model registry's one card reader (common base + the diffusion-renderer part).
    card = requireRendererCard((await loadModelCard(join(findRepoRoot(), PLAN_RENDERER_CARDS[id]))).card);
  } catch (e) {
    return { ...base, available: false, note: `not available: its model card is missing or unreadable (${e instanceof Error ? e.name : 'error'})`, card: null };
  }
  const evaluation = card.evaluation.kind === 'measured' ? rendererEvaluationView(card.evaluation) : null;
  return {
    ...base,
    label: `trained diffusion renderer (${card.name} ${card.version})${base.isDefault ? ' (default)' : ''}`,
    available: true,
    experimental: evaluation === null || evaluation.beatsNoiseBaselineOn.length < TEXTURE_METRICS.length,
    note: rendererVerdict(evaluation),
    card: { name: card.name, version: card.version, description: card.description, evaluation },
  };
}

/** Every renderer a job may ask for, the default first. */
export async function planRendererChoices(): Promise<PlanRendererChoice[]> {
  const baseline: PlanRendererChoice = {
    id: 'white-noise-baseline',
    label: `baseline: coarse + white noise${DEFAULT_PLAN_RENDERER === 'white-noise-baseline' ? ' (default)' : ''}`,
    isDefault: DEFAULT_PLAN_RENDERER === 'white-noise-baseline',
    learned: false,
    experimental: false,
    available: true,
    note: 'the dynamics model\'s coarse expected-HU map plus white noise measured from the CT; not a learned model',
    card: null,
  };
  const learned = await Promise.all((Object.keys(PLAN_RENDERER_CARDS) as Array<keyof typeof PLAN_RENDERER_CARDS>).map(learnedChoice));
  return [baseline, ...learned].sort((a, b) => Number(b.isDefault) - Number(a.isDefault));
}

/** Refuse a job whose renderer cannot be loaded (its model card is missing) before it is queued. */
export async function assertPlanRendererAvailable(id: PlanRenderer): Promise<void> {
  const choice = (await planRendererChoices()).find((c) => c.id === id);
  if (!choice?.available) throw new InvalidInputError(`renderer: "${id}" is ${choice ? choice.note : 'unknown'}`);
}
