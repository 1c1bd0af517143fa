/**
 * The kind-specific part of a survival-risk model card (`kind: 'survival-risk'`): one input
 * `features` float32 [N, p] whose `order` lists the covariates, outputs `logRisk`, `survival`
 * (with its `times` and `timeUnit`) and `rmst` (with its `horizon`), the covariates (mean,
 * coefficient, how an unknown value is imputed), an optional per-modality calibration, and
 * `covariateSources`: the one field that says how each covariate is computed —
 *
 * - `plan`: from the plan's measured features and clinical inputs (`mewm plan`), as a source name
 *   such as `clinical.ageYears`, `imaging.lesionCount` or `treatment.modality`, optionally turned into
 *   0/1 by one comparison (`gt`, `ge`, `lt`, `le`, `eq`, `in`);
 * - `cohort`: from a cohort table's column (fitting), with the same optional comparison; absent for
 *   a term no cohort column carries (a published effect).
 *
 * A covariate may lack `plan` (a fitted column no plan feature computes): the card still loads and
 * scores rows, and `mewm plan` refuses it, naming the covariate.
 *
 * Which plan sources exist is the risk-feature encoder's knowledge (@mewm/survival); this schema
 * checks the grammar and that every covariate has exactly one declaration.
 */
import { z } from 'zod';
import type { TensorSpec } from './card-base.ts';

const comparisons = {
  gt: z.number().optional(),
  ge: z.number().optional(),
  lt: z.number().optional(),
  le: z.number().optional(),
  eq: z.union([z.number(), z.string(), z.boolean()]).optional(),
  in: z.array(z.union([z.number(), z.string()])).min(1).optional(),
};
export const COMPARISONS = ['gt', 'ge', 'lt', 'le', 'eq', 'in'] as const;
export type Comparison = (typeof COMPARISONS)[number];

const atMostOneComparison = (d: Record<string, unknown>): boolean => COMPARISONS.filter((k) => d[k] !== undefined).length <= 1;

/** A plan-side source: `<group>.<name>` (clinical.*, imaging.*, treatment.*), optionally compared to give 0/1. */
export const planSourceSchema = z
  .strictObject({ from: z.string().regex(/^[a-z]+\.[A-Za-z][A-Za-z0-9]*$/, 'a source such as clinical.ageYears or imaging.lesionCount'), ...comparisons })
  .refine(atMostOneComparison, 'at most one of gt, ge, lt, le, eq, in');
export type PlanSource = z.infer<typeof planSourceSchema>;

/** A cohort-side source: a column of the cohort table, optionally compared to give 0/1. */
export const cohortSourceSchema = z
  .strictObject({ column: z.string().min(1), ...comparisons })
  .refine(atMostOneComparison, 'at most one of gt, ge, lt, le, eq, in');
export type CohortSource = z.infer<typeof cohortSourceSchema>;

/** At least one side: a covariate without `plan` can be fitted but not computed by `mewm plan`. */
export const covariateSourceSchema = z
  .strictObject({
    plan: planSourceSchema.optional(),
    cohort: cohortSourceSchema.optional(),
    note: z.string().optional(),
  })
  .refine((s) => s.plan !== undefined || s.cohort !== undefined, 'declare a plan source, a cohort column, or both');
export type CovariateSource = z.infer<typeof covariateSourceSchema>;

export const riskCovariateSchema = z.looseObject({
  name: z.string().min(1),
  mean: z.number(),
  coefficient: z.number(),
  /** How an unknown value is imputed: a number, or (string / null) a rule the encoder applies. */
  unknown: z.looseObject({ imputeWith: z.union([z.number(), z.string(), z.null()]), rule: z.string() }).optional(),
});

export const modalityCalibrationSchema = z.looseObject({
  modality: z.string().min(1),
  feature: z.string().nullable(),
  responseRate: z.number().min(0).max(1),
  /** Curative-intent local treatment: residualAfterCurative applies (absent = false). */
  curativeIntent: z.boolean().optional(),
  /** Whether the response covariates apply to this treatment (absent = true); else they are 0 / held at the calibration value. */
  responseTermApplies: z.boolean().optional(),
});

export const riskPartSchema = z.looseObject({
  covariates: z.array(riskCovariateSchema).min(1),
  /** Covariate name → how it is computed (see the module comment). */
  covariateSources: z.record(z.string(), covariateSourceSchema).optional(),
  modalityCalibration: z.array(modalityCalibrationSchema).optional(),
});
export type RiskPart = z.infer<typeof riskPartSchema>;

/** The risk card's I/O contract as its code reads it. */
export interface RiskModelSignature {
  readonly features: readonly string[];
  /** S(t) output times, in `timeUnit`. */
  readonly times: readonly number[];
  readonly rmstHorizon: number;
  readonly timeUnit: string;
}

/** Cross-checks of the risk part against the card's inputs and outputs (issues added to `ctx`). */
export function checkRiskPart(part: RiskPart, inputs: readonly TensorSpec[], outputs: readonly TensorSpec[], ctx: z.RefinementCtx): void {
  const features = inputs[0];
  if (inputs.length !== 1 || features?.name !== 'features' || features.dtype !== 'float32') {
    ctx.addIssue({ code: 'custom', path: ['inputs'], message: "a survival-risk model takes one float32 input 'features'" });
    return;
  }
  const order = z.array(z.string().min(1)).min(1).safeParse(features.order);
  const names = part.covariates.map((c) => c.name);
  if (!order.success || order.data.length !== names.length || order.data.some((n, k) => n !== names[k])) {
    ctx.addIssue({ code: 'custom', path: ['inputs', 0, 'order'], message: 'must list the card covariates in the same order' });
  }
  names.forEach((n, i) => {
    if (names.indexOf(n) !== i) ctx.addIssue({ code: 'custom', path: ['covariates', i, 'name'], message: `duplicate covariate '${n}'` });
  });
  const out = (name: string) => outputs.find((o) => o.name === name);
  for (const name of ['logRisk', 'survival', 'rmst']) {
    if (out(name)?.dtype !== 'float32') ctx.addIssue({ code: 'custom', path: ['outputs'], message: `needs a float32 output '${name}'` });
  }
  const times = z.array(z.number().nonnegative()).min(1).safeParse(out('survival')?.times);
  if (out('survival') && (!times.success || times.data.some((t, k) => k > 0 && t <= times.data[k - 1]!))) {
    ctx.addIssue({ code: 'custom', path: ['outputs', 'survival', 'times'], message: 'must be a non-empty ascending array of times' });
  }
  const horizon = out('rmst')?.horizon;
  if (out('rmst') && !(typeof horizon === 'number' && horizon > 0)) {
    ctx.addIssue({ code: 'custom', path: ['outputs', 'rmst', 'horizon'], message: 'must be a number > 0' });
  }
  if (part.covariateSources) {
    for (const n of names) {
      if (!Object.hasOwn(part.covariateSources, n)) ctx.addIssue({ code: 'custom', path: ['covariateSources', n], message: `covariate '${n}' has no declaration` });
    }
    for (const k of Object.keys(part.covariateSources)) {
      if (!names.includes(k)) ctx.addIssue({ code: 'custom', path: ['covariateSources', k], message: `'${k}' is not one of the card's covariates (${names.join(', ')})` });
    }
  }
}

/** The signature of a risk card that passed the schema (features order, times, horizon, time unit). */
export function riskSignatureOf(inputs: readonly TensorSpec[], outputs: readonly TensorSpec[]): RiskModelSignature {
  const out = (name: string) => outputs.find((o) => o.name === name);
  const unit = out('survival')?.timeUnit;
  return {
    features: inputs[0]!.order as string[],
    times: out('survival')!.times as number[],
    rmstHorizon: out('rmst')!.horizon as number,
    timeUnit: typeof unit === 'string' ? unit : 'training time unit',
  };
}
