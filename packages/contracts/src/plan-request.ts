/**
 * What one plan run is asked to do (runPlan's request): the inputs as file paths (or the embedded
 * phantom), the options, and the output folder. The same request drives `mewm plan`, the web app's
 * plan jobs and remote workers; a new plan option is one field here.
 *
 * Paths are read by the process that runs the plan; they never appear in the report (it holds hashes).
 * User candidates and clinical covariates are JSON validated by the planner (protocol rules) and
 * @mewm/survival (covariate schema): this package knows their shape only as JSON values.
 */
import { z } from 'zod';
import { DISEASES } from './disease.ts';
import { MewmError } from './errors.ts';

/** K per candidate: 1..64 (the planner's limit). */
export const PLAN_MAX_SAMPLES = 64;
/** Seeds seed..seed+K−1 are used, each ≤ 2^31 − 1. */
export const PLAN_MAX_SEED = 2 ** 31 - 1;
/** Policies: 'user' plans only the user's candidates; the others add them to what the policy proposes. */
export const PLAN_POLICIES = ['guideline', 'search', 'both', 'user'] as const;
export type PlanPolicy = (typeof PLAN_POLICIES)[number];
/** `options.renderer` that picks the non-learned coarse + white-noise baseline. */
export const WHITE_NOISE_RENDERER_SPEC = 'white-noise';
/** A case pseudonym: never a patient name or ID. */
export const PSEUDONYM_PATTERN = /^[A-Za-z0-9._-]{1,64}$/;

const path = z.string().min(1, 'must be a non-empty path');
const vec3 = z.tuple([z.number(), z.number(), z.number()]);
const int = (lo: number, hi: number) => z.number().int(`must be an integer ${lo}..${hi}`).min(lo, `must be an integer ${lo}..${hi}`).max(hi, `must be an integer ${lo}..${hi}`);

/** How the lesion is given: a mask on the CT's grid, or a point (RAS mm) inside it to segment from. */
export const planLesionInputSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('mask'), path }),
  z.strictObject({ kind: z.literal('point'), pointRas: vec3 }),
]);

export const planInputsSchema = z.discriminatedUnion('kind', [
  /** The embedded procedural abdominal phantom (CT, lesion and liver masks), no files. */
  z.strictObject({ kind: z.literal('phantom') }),
  z.strictObject({
    kind: z.literal('files'),
    /** The CT: one NIfTI file, or DICOM files, folders or zips of one series (de-identified on ingest). */
    ct: z.array(path).min(1, 'give at least one CT input'),
    lesion: planLesionInputSchema,
    /** A liver mask (NIfTI or DICOM SEG) on the CT's grid; absent → the world model segments the liver. */
    liverMask: path.optional(),
    /**
     * The CT's DICOM files were de-identified by this project (a stored series, e.g. the web app's):
     * they are read as they are, after checking our de-identification marker, not de-identified again
     * (which would map their UIDs a second time), so the plan's DICOM outputs join their study.
     */
    ctAlreadyDeidentified: z.boolean().optional(),
  }),
]);

export const planOptionsSchema = z.strictObject({
  /**
   * The disease the plan is for (required: a plan never assumes one). It picks the policy's candidates
   * (HCC: BCLC 2022; CRLM: colorectal-metastasis guidance) and the default risk model.
   */
  disease: z.enum(DISEASES, {
    error: (iss) => (iss.input === undefined
      ? `is required: the disease the plan is for, one of ${DISEASES.join(', ')} (a plan never assumes one)`
      : `must be one of ${DISEASES.join(', ')}, got ${JSON.stringify(iss.input)}`),
  }),
  /** Absent: 'user' when candidates are given, else 'guideline'. */
  policy: z.enum(PLAN_POLICIES, { error: (iss) => `must be one of ${PLAN_POLICIES.join(', ')}, got ${JSON.stringify(iss.input)}` }).optional(),
  /** The user's candidates: preset names ("rfa") or { name?, protocol } objects (validated by the planner). */
  candidates: z.array(z.unknown()).default([]),
  samples: int(1, PLAN_MAX_SAMPLES).default(4),
  seed: int(0, PLAN_MAX_SEED).default(1),
  /** A renderer model card path, or 'white-noise' for the baseline; absent → the default trained renderer. */
  renderer: z.string().min(1).optional(),
  /** Diffusion sampling steps (absent → the renderer card's default). */
  steps: int(1, 1000).optional(),
  /** K' per protocol evaluated by the search policy (absent → the planner's default). */
  searchSamples: int(1, PLAN_MAX_SAMPLES).optional(),
  /** A risk model: a manifest id or a model card path; absent → the default risk model. */
  riskModel: z.string().min(1).optional(),
  /** Clinical covariates (unknowns allowed; validated by @mewm/survival). Absent → all unknown, and no clinical hash in the report. */
  clinical: z.record(z.string(), z.unknown()).optional(),
  /** The case's pseudonym in the report; absent → 'phantom' or `case-<first 12 hex of the CT hash>`. */
  pseudonym: z.string().regex(PSEUDONYM_PATTERN, 'must be 1..64 letters, digits, ".", "_" or "-" (a pseudonym, never a patient name or ID)').optional(),
  /** A folder for the on-disk simulation cache (absent → in memory only). */
  cacheDir: path.optional(),
}).superRefine((o, ctx) => {
  if (o.seed + o.samples - 1 > PLAN_MAX_SEED) {
    ctx.addIssue({ code: 'custom', path: ['seed'], message: `must be an integer 0..${PLAN_MAX_SEED - o.samples + 1} (seeds seed..seed+K−1 are used)` });
  }
  if (o.policy === 'user' && o.candidates.length === 0) {
    ctx.addIssue({ code: 'custom', path: ['candidates'], message: 'the "user" policy plans only your candidates: give at least one' });
  }
});

export const planRequestSchema = z.strictObject({
  inputs: planInputsSchema,
  /** Required: at least `disease` (the other options have defaults). */
  options: planOptionsSchema,
  /** The plan's folder: must not exist or be empty; written all-or-nothing. */
  outDir: path,
});

export type PlanLesionInput = z.infer<typeof planLesionInputSchema>;
export type PlanInputs = z.infer<typeof planInputsSchema>;
export type PlanOptions = z.infer<typeof planOptionsSchema>;
export type PlanOptionsInput = z.input<typeof planOptionsSchema>;
export type PlanRequest = z.infer<typeof planRequestSchema>;
/** A request as a caller writes it (defaults may be left out). */
export type PlanRequestInput = z.input<typeof planRequestSchema>;

/**
 * How a caller names the request's fields in the planner's error messages: the CLI says `--out`, the
 * web app `clinical`; the planner's default is the request's field path (`outDir`, `options.clinical`).
 */
export interface PlanArgumentNames {
  outDir: string;
  clinical: string;
  lesionMask: string;
  lesionPoint: string;
  liverMask: string;
  policy: string;
  disease: string;
}

/** A plan request that does not match the schema: `field` names the first bad field (e.g. `options.samples`). */
export class PlanRequestError extends MewmError {
  readonly field: string;
  constructor(field: string, message: string) {
    super('PLAN_REQUEST', `${field}: ${message}`);
    this.field = field;
  }
}

/** The effective policy of a request (see `options.policy`). */
export function effectivePolicy(options: Pick<PlanOptions, 'policy' | 'candidates'>): PlanPolicy {
  return options.policy ?? (options.candidates.length > 0 ? 'user' : 'guideline');
}

/** What a candidate preview needs: a request without its output folder. */
export const planPreviewRequestSchema = planRequestSchema.omit({ outDir: true });
export type PlanPreviewRequest = z.infer<typeof planPreviewRequestSchema>;
export type PlanPreviewRequestInput = z.input<typeof planPreviewRequestSchema>;

function parseOrThrow<S extends z.ZodType>(schema: S, value: unknown): z.infer<S> {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const issue = r.error.issues[0]!;
  const field = issue.path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i > 0 ? '.' : ''}${String(p)}`)).join('') || 'request';
  throw new PlanRequestError(field, issue.message);
}

/** A request without `options` lacks its disease first: report `options.disease` (the other options have defaults). */
function withOptions(value: unknown): unknown {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && (value as { options?: unknown }).options === undefined
    ? { ...value, options: {} }
    : value;
}

/** Validate a request (defaults filled in). @throws PlanRequestError naming the first bad field. */
export function parsePlanRequest(value: unknown): PlanRequest {
  return parseOrThrow(planRequestSchema, withOptions(value));
}

/** Validate a preview request (defaults filled in). @throws PlanRequestError naming the first bad field. */
export function parsePlanPreviewRequest(value: unknown): PlanPreviewRequest {
  return parseOrThrow(planPreviewRequestSchema, withOptions(value));
}
