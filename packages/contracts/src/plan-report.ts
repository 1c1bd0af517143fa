/**
 * The PlanReport: the schema-versioned JSON of one plan (report.json), the single source for the PDF,
 * the web app and the database. Inputs appear as hashes only: never pixels, never upload paths,
 * never patient identifiers (the case has a pseudonym). Everything except `createdAt`, `timings` and the de-identified DICOM identity
 * is reproducible from the same inputs, models and seeds (canonicalReportForComparison).
 *
 * Statistics (see packages/planner/src/plan/README.md):
 * - `aggregate.logRisk` / `aggregate.rmstMonths`: mean over the K samples with an interval whose
 *   `kind` says what it is: 'range' (K < 10: the samples' min–max) or 't95' (K ≥ 10: 95 % Student
 *   t-interval mean ± t(0.975, K−1)·sd/√K, clipped to the valid range, RMST [0, horizon]). Monte Carlo
 *   spread under the model, not the risk model's coefficient uncertainty. Version ≤ 2: always a
 *   t-interval (lo = hi = mean when K = 1), no `kind`.
 * - `tieGroup`: candidates the models cannot tell apart (the same log-risk and RMST on every
 *   common-random-number sample) share a group number ≥ 1, "not distinguishable by these models";
 *   null when the candidate ties with none. Absent in version ≤ 2.
 * - `aggregate.survivalCurve`: pointwise mean of the samples' S(t), S(0) = 1 first.
 * - `aggregate.pBest`: P(highest expected RMST) by a paired seeded bootstrap over sample indices
 *   (B = settings.pBestReplicates); sums to 1 over candidates.
 * Research use only, not for clinical use.
 */
import { dicomSourceReferenceSchema } from './dicom-reference.ts';
import { DISEASES } from './disease.ts';
import { planAnatomySchema, sampleAnatomySchema } from './plan-anatomy.ts';
import { RESEARCH_USE_LABEL } from './research-use.ts';
import { z } from 'zod';

/**
 * The version every new report is written with. 3: every interval says its `kind` ('range' below 10
 * samples, else 't95' clipped to the valid range) and every candidate its `tieGroup`. 2: lesions numbered largest first (lesion 1 is the
 * largest, as in the web app's lesion list), and each sample's mRECIST measured with at most 2 target
 * lesions (mRECIST: 2 per organ, 5 in total; the lesions are liver lesions). 1: lesions numbered by
 * their first voxel in memory, up to 5 target lesions. The fields are the same.
 */
export const PLAN_REPORT_SCHEMA_VERSION = 3;
/** The versions this schema reads: reports stored by earlier versions stay readable. */
export const PLAN_REPORT_READABLE_VERSIONS = [1, 2, 3] as const;
/** What an interval is: the samples' range (fewer than 10 samples) or a clipped 95 % t-interval. */
export const INTERVAL_KINDS = ['range', 't95'] as const;
export type IntervalKind = (typeof INTERVAL_KINDS)[number];
/** Fewest samples for a t-interval (kind 't95'); below it the samples' range (kind 'range'). */
export const T_INTERVAL_MIN_SAMPLES = 10;
export const PLAN_REPORT_KIND = 'mewm-plan-report';
export const PLAN_RESEARCH_USE = RESEARCH_USE_LABEL;

const sha256 = z.string().regex(/^[0-9a-f]{64}$/);
const vec3 = z.tuple([z.number(), z.number(), z.number()]);
/** `kind` is required from version 3 on (checked on the report); version ≤ 2 intervals have none. */
const interval = z.strictObject({ mean: z.number(), lo: z.number(), hi: z.number(), kind: z.enum(INTERVAL_KINDS).optional() });
const survivalCurve = z.array(z.strictObject({ months: z.number().nonnegative(), s: z.number().min(0).max(1) })).min(1);

/** Response categories of mRECIST and RECIST 1.1 (complete, partial response; stable, progressive disease). */
export const RESPONSE_CATEGORIES = ['CR', 'PR', 'SD', 'PD'] as const;

/**
 * One baseline lesion as the critic measured it on a sample's simulated follow-up CT (survival
 * measureResponse): `lesion` is its number in the report's `lesions` (1 = the largest, as in the web
 * app); `target` when it is one of the target lesions (measurable, ≥ 10 mm, the largest baseline
 * diameters first, at most 2: mRECIST's 2 per organ). Diameters are longest axial diameters, mm:
 * baseline (RECIST 1.1 and mRECIST alike), follow-up RECIST 1.1 (viable and necrotic tumour together)
 * and mRECIST (the viable, enhancing part only); `mrecist` applies the mRECIST target rules to this
 * lesion alone (informational: the response is assessed on the sum of the targets). Absent in reports
 * written before the target-lesion table (mewm 0.1.0 reports of schema version ≤ 3 written before December 2026).
 */
export const measuredLesionSchema = z.strictObject({
  lesion: z.number().int().positive(),
  target: z.boolean(),
  baselineDiameterMm: z.number().nonnegative(),
  baselineVolumeMl: z.number().nonnegative(),
  followUpDiameterMm: z.number().nonnegative(),
  viableDiameterMm: z.number().nonnegative(),
  viableVolumeMl: z.number().nonnegative(),
  mrecist: z.enum(RESPONSE_CATEGORIES),
});
export type MeasuredLesionReport = z.infer<typeof measuredLesionSchema>;

/**
 * RECIST 1.1 (Eisenhauer et al. 2009) on the same target lesions: the sums of their baseline and
 * follow-up longest diameters (mm), the change of the sum (null without target lesions) and the
 * category (new lesions count as PD). The mRECIST counterparts are `diameterSumChange`,
 * `sumViableDiameterMm` and the sample's `mrecist`. Absent in reports written before the
 * target-lesion table (as `lesions`).
 */
export const recistResultSchema = z.strictObject({
  sumBaselineDiameterMm: z.number().nonnegative(),
  sumFollowUpDiameterMm: z.number().nonnegative(),
  diameterSumChange: z.number().nullable(),
  category: z.enum([...RESPONSE_CATEGORIES, 'notEvaluable']),
});
export type RecistResultReport = z.infer<typeof recistResultSchema>;

export const planReportSampleSchema = z.strictObject({
  /** 0-based sample index; seed = settings.seed + index. */
  index: z.number().int().nonnegative(),
  seed: z.number().int(),
  mrecist: z.enum(['CR', 'PR', 'SD', 'PD']),
  viableVolumeMl: z.number().nonnegative(),
  necrosisFraction: z.number().min(0).max(1),
  lipiodolCoverage: z.number().min(0).max(1),
  logRisk: z.number(),
  rmstMonths: z.number().nonnegative(),
  survival: survivalCurve,
  /** sha256 of the simulated CT's voxel content (header + voxels; see volumeContentSha256), format-independent. */
  volumeSha256: sha256,
  /**
   * What the critic measured on the simulated follow-up IMAGE and scored (mrecist, viableVolumeMl,
   * necrosisFraction and lipiodolCoverage above are measured too): the mRECIST viable diameter-sum
   * change (null without target lesions), the viable diameter sum (mm), confirmed new lesions, the
   * LI-RADS treatment-response category, the residual-tumour value scored after curative-intent
   * treatment (null when the risk model has no such term), and the dynamics model's own label-map
   * numbers beside them (agreement only, never scored). Absent in reports whose samples were scored
   * from the label map (before the critic read the image). `lesions` and `recist`: the target-lesion
   * table (see measuredLesionSchema, recistResultSchema), from the same measurement.
   */
  measured: z.strictObject({
    diameterSumChange: z.number().nullable(),
    sumViableDiameterMm: z.number().nonnegative(),
    newLesionCount: z.number().int().nonnegative(),
    liradsTr: z.string(),
    residualAfterCurative: z.number().min(0).max(1).nullable(),
    labelMap: z.strictObject({ viableVolumeMl: z.number().nonnegative(), diameterSumChange: z.number().nullable() }),
    lesions: z.array(measuredLesionSchema).min(1).optional(),
    recist: recistResultSchema.optional(),
  }).optional(),
  /** Anatomy-dependent quantities measured on this sample (margin, vessel, remnant, feasibility); see plan-anatomy.ts. */
  anatomy: sampleAnatomySchema.optional(),
});

export const planReportCandidateSchema = z.strictObject({
  rank: z.number().int().positive(),
  name: z.string().min(1),
  /** The validated protocol (world-model Protocol JSON). */
  protocol: z.record(z.string(), z.unknown()),
  description: z.string(),
  source: z.enum(['guideline', 'search', 'user']),
  rationale: z.string(),
  /** Risk-model modality the candidate was scored with, and whether that mapping is an assumption. */
  riskModality: z.strictObject({ modality: z.string(), assumed: z.boolean(), note: z.string() }),
  samples: z.array(planReportSampleSchema).min(1),
  /**
   * Equivalence group of candidates the models cannot tell apart (same log-risk and RMST on every
   * sample): a number ≥ 1 shared by the group, null when it ties with none. Required from version 3.
   */
  tieGroup: z.number().int().positive().nullable().optional(),
  aggregate: z.strictObject({
    logRisk: interval,
    rmstMonths: interval,
    survivalCurve,
    pBest: z.number().min(0).max(1),
  }),
});

const modelSummary = z.strictObject({
  name: z.string(),
  version: z.string(),
  /** ONNX file hash (renderer, risk) or card file hash (dynamics, a TypeScript model); null for a non-learned baseline. */
  sha256: sha256.nullable(),
  /** What the model was trained on or parameterised from. */
  data: z.string(),
  /** Cited sources from the model card (deduplicated). */
  sources: z.array(z.string()),
});

const planReportObjectSchema = z.strictObject({
  schemaVersion: z.literal(PLAN_REPORT_READABLE_VERSIONS),
  kind: z.literal(PLAN_REPORT_KIND),
  researchUse: z.literal(PLAN_RESEARCH_USE),
  createdAt: z.iso.datetime(),
  case: z.strictObject({
    pseudonym: z.string().min(1),
    lesionSource: z.discriminatedUnion('kind', [
      z.strictObject({ kind: z.literal('mask') }),
      z.strictObject({ kind: z.literal('point'), pointRas: vec3 }),
      z.strictObject({ kind: z.literal('phantom') }),
    ]),
  }),
  inputs: z.strictObject({
    hashes: z.strictObject({ ct: sha256, lesionMask: sha256, clinical: sha256.optional() }),
    /** Grid of the CT (not pixels). */
    ct: z.strictObject({ dims: vec3, spacingMm: vec3 }),
    /**
     * When the CT came in as DICOM: its de-identified study, series and slice images, which the plan's
     * DICOM outputs reference (`mewm export-dicom`); the bundle then holds the series' de-identified
     * files (role 'source-dicom'). Absent for NIfTI and the phantom (their DICOM outputs start a new study).
     */
    dicom: dicomSourceReferenceSchema.optional(),
  }),
  /** The baseline lesions, numbered largest first (schema version ≥ 2; by memory order in version 1). */
  lesions: z.array(z.strictObject({
    label: z.number().int().positive(),
    volumeMl: z.number().nonnegative(),
    longestAxialDiameterMm: z.number().nonnegative(),
    centroidRas: vec3,
  })).min(1),
  clinical: z.strictObject({
    covariates: z.record(z.string(), z.unknown()),
    /** Risk-model covariates that were unknown and imputed (union over all scored samples). */
    imputed: z.array(z.strictObject({ name: z.string(), value: z.number(), rule: z.string() })),
  }),
  /** The disease the plan is for (the request's `options.disease`); absent only in reports written before it existed. */
  disease: z.enum(DISEASES).optional(),
  /** BCLC stage when the policy determined one. */
  bclcStage: z.enum(['0', 'A', 'B', 'C', 'D']).nullable(),
  settings: z.strictObject({
    policy: z.string(),
    samples: z.number().int().positive(),
    seed: z.number().int().nonnegative(),
    steps: z.number().int().positive().nullable(),
    /** K' for the search policy's evaluations (null without search). */
    searchSamples: z.number().int().positive().nullable(),
    /** Beam-search settings reported by the search policy (null without search). */
    beam: z.record(z.string(), z.unknown()).nullable(),
    pBestReplicates: z.number().int().positive(),
    intervalMethod: z.string(),
    /** How tie groups are defined (schema version ≥ 3). */
    tieDefinition: z.string().optional(),
    pBestMethod: z.string(),
    rmstHorizonMonths: z.number().positive(),
  }),
  models: z.strictObject({
    dynamics: modelSummary,
    renderer: modelSummary.extend({ learned: z.boolean() }),
    /**
     * `disease`: the disease the risk model's card is for (null when the card names none);
     * `warning`: set when it is not the plan's disease (a model chosen with --risk-model).
     */
    risk: modelSummary.extend({ disease: z.enum(DISEASES).nullable().optional(), warning: z.string().optional() }),
  }),
  /** The liver and vessel masks the plan used (plan-anatomy.ts); absent in reports written before the plan knew the anatomy. */
  anatomy: planAnatomySchema.optional(),
  candidates: z.array(planReportCandidateSchema).min(1),
  policy: z.strictObject({
    name: z.string(),
    summary: z.record(z.string(), z.unknown()),
    /** What the search policy spent, apart from the final scoring (its wall time is timings.searchMs). */
    searchCost: z.strictObject({ evaluations: z.number().int().nonnegative(), simulated: z.number().int().nonnegative(), cacheHits: z.number().int().nonnegative() }).nullable(),
  }),
  /** Simulation work of the final scoring: samples simulated vs taken from the cache. */
  scoring: z.strictObject({ simulated: z.number().int().nonnegative(), cacheHits: z.number().int().nonnegative(), resimulatedForVolumes: z.number().int().nonnegative() }),
  software: z.strictObject({ name: z.literal('mewm'), version: z.string() }),
  /** Wall times in ms; excluded from reproducibility comparisons. */
  timings: z.record(z.string(), z.number().nonnegative()),
  /** Every NIfTI (and de-identified source DICOM file) written with the report: path relative to the report's folder, sha256 of the file bytes. */
  files: z.array(z.strictObject({
    path: z.string().regex(/^(?!\/)(?!.*\.\.)[A-Za-z0-9._+\-/]+$/),
    sha256,
    role: z.enum(['ct', 'lesion-mask', 'liver-mask', 'vessel-mask', 'sample-volume', 'sample-states', 'source-dicom']),
    candidate: z.string().optional(),
    sample: z.number().int().nonnegative().optional(),
  })),
});

/** Version 3 fields: every interval has a `kind`, every candidate a `tieGroup` (number or null). */
export const planReportSchema = planReportObjectSchema.superRefine((r, ctx) => {
  if (r.schemaVersion < 3) return;
  r.candidates.forEach((c, i) => {
    if (c.tieGroup === undefined) ctx.addIssue({ code: 'custom', path: ['candidates', i, 'tieGroup'], message: 'required from schema version 3 (a number ≥ 1 or null)' });
    for (const name of ['logRisk', 'rmstMonths'] as const) {
      if (c.aggregate[name].kind === undefined) ctx.addIssue({ code: 'custom', path: ['candidates', i, 'aggregate', name, 'kind'], message: `required from schema version 3 (${INTERVAL_KINDS.join(' | ')})` });
    }
  });
  const sizes = new Map<number, number>();
  for (const c of r.candidates) if (typeof c.tieGroup === 'number') sizes.set(c.tieGroup, (sizes.get(c.tieGroup) ?? 0) + 1);
  for (const [group, n] of sizes) {
    if (n < 2) ctx.addIssue({ code: 'custom', path: ['candidates'], message: `tie group ${group} has one candidate; a group holds at least two (a candidate that ties with none has null)` });
  }
});

export type PlanReport = z.infer<typeof planReportSchema>;
export type PlanReportCandidate = z.infer<typeof planReportCandidateSchema>;
export type PlanReportSample = z.infer<typeof planReportSampleSchema>;

/** The report without what legitimately differs between identical runs (createdAt, timings, the de-identified DICOM identity). */
export function canonicalReportForComparison(report: PlanReport): Omit<PlanReport, 'createdAt' | 'timings'> {
  const { createdAt: _createdAt, timings: _timings, ...rest } = report;
  // De-identified DICOM UIDs and dates depend on the ingest's random key, not on the plan's inputs and seeds.
  const { dicom: _dicom, ...inputs } = rest.inputs;
  return { ...rest, inputs, files: rest.files.filter((f) => f.role !== 'source-dicom') };
}
