/**
 * What a plan job is asked to do, as the router's zod schema and the JSON stored in PlanJob.request; it
 * becomes the planner's plan request (plan-jobs-plan-request.ts). No identifiers: a policy, the user's
 * candidates (preset names or protocol objects), the sampling (within the UI's limits, tighter than the
 * planner's), the renderer and the clinical covariates (validated by @mewm/survival's schema in the planner).
 */
import 'server-only';
import { PLAN_POLICIES, type Disease, type PlanPolicy } from '@mewm/contracts';
import { z } from 'zod';

/** 'user' plans only the user's candidates (like `mewm plan --candidates` without --policy). */
export { PLAN_POLICIES, type PlanPolicy };

/** K per candidate a job may ask for (the planner allows 64; the UI offers 1..8). */
export const MAX_JOB_SAMPLES = 16;
export const UI_MAX_SAMPLES = 8;
export const MAX_JOB_SEED = 2 ** 31 - 1 - MAX_JOB_SAMPLES;
export const MAX_USER_CANDIDATES = 24;

/**
 * The renderer that turns the dynamics model's coarse expected-HU map into CT texture. The default is
 * the trained diffusion renderer 'renderer-ct' (`mewm plan` without --renderer); 'white-noise-baseline'
 * is the non-learned coarse + white-noise baseline (`mewm plan --renderer white-noise`), faster.
 */
export const PLAN_RENDERERS = ['white-noise-baseline', 'renderer-ct'] as const;
export type PlanRenderer = (typeof PLAN_RENDERERS)[number];
export const DEFAULT_PLAN_RENDERER: PlanRenderer = 'renderer-ct';
/** Model cards of the learned renderers, relative to the repository root. */
export const PLAN_RENDERER_CARDS: Readonly<Record<Exclude<PlanRenderer, 'white-noise-baseline'>, string>> = {
  'renderer-ct': 'models/renderer-ct.json',
};

export const planJobOptionsInputSchema = z.object({
  policy: z.enum(PLAN_POLICIES).default('guideline'),
  /** Preset names ("rfa", "ctace-epirubicin-lipiodol+sorafenib") or { name?, protocol } objects. */
  candidates: z.array(z.unknown()).max(MAX_USER_CANDIDATES, `at most ${MAX_USER_CANDIDATES} user candidates`).nullable().default(null),
  samples: z.number().int().min(1, `samples must be 1..${MAX_JOB_SAMPLES}`).max(MAX_JOB_SAMPLES, `samples must be 1..${MAX_JOB_SAMPLES}`).default(2),
  seed: z.number().int().min(0, `seed must be 0..${MAX_JOB_SEED}`).max(MAX_JOB_SEED, `seed must be 0..${MAX_JOB_SEED}`).default(1),
  renderer: z.enum(PLAN_RENDERERS, { error: (iss) => `unknown renderer ${JSON.stringify(iss.input)}; allowed: ${PLAN_RENDERERS.join(', ')}` }).default(DEFAULT_PLAN_RENDERER),
  /** Clinical covariates (unknowns allowed); null → the case's stored covariates (or all unknown). */
  clinical: z.record(z.string(), z.unknown()).nullable().default(null),
});
export type PlanJobOptionsInput = z.input<typeof planJobOptionsInputSchema>;

/** The options as the planner bridge receives them (clinical resolved). */
export interface PlanJobOptions {
  /** The case's disease when the job was started (absent in requests stored before it: the planner then refuses, naming `disease`). */
  disease?: Disease;
  policy: PlanPolicy;
  candidates: unknown[] | null;
  samples: number;
  seed: number;
  /** Absent in requests stored before the renderer choice: the default baseline. */
  renderer?: PlanRenderer;
  clinical: Record<string, unknown>;
}

/** The JSON stored in PlanJob.request. */
export interface PlanJobRequest {
  seriesId: string;
  lesionMaskId: string;
  options: PlanJobOptions;
  clinicalSource: 'request' | 'case' | 'none';
}
