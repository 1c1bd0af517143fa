/**
 * Plan jobs of a case: start (validated, queued, run in the background by the job runner), list, get,
 * cancel, delete, preview the policy's candidates, and read a finished job's report. The plan's inputs are
 * the case's latest lesion mask (LesionMask row) and the CT series it was drawn on; clinical
 * covariates come from the request or, when it gives none, from the case. Research use only.
 */
import 'server-only';
import { caseClinicalColumn } from '../db/column-schemas.ts';
import { readJsonColumn } from '../db/json-column.ts';
import { randomUUID } from 'node:crypto';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { DISEASES, isDisease, planReportSchema, type PlanReport } from '@mewm/contracts';
import type { CandidatePreviewResult } from '@mewm/planner';
import { AppError, InvalidInputError, NotFoundError } from '../errors.ts';
import { recordAudit } from './audit.ts';
import type { ServiceContext } from './context.ts';
import { withBridge } from './plan-jobs-bridge.ts';
import { planPreviewRequestOf } from './plan-jobs-plan-request.ts';
import { WEB_PLAN_ARGUMENT_NAMES } from './plan-jobs-worker-protocol.ts';
import { DEFAULT_PLAN_RENDERER, planJobOptionsInputSchema, type PlanJobOptions, type PlanJobOptionsInput, type PlanJobRequest } from './plan-jobs-request.ts';
import { planJobRunner } from './plan-jobs-runner.ts';
import { removePlanOutputs } from './plan-jobs-run.ts';
import { assertPlanRendererAvailable } from './plan-renderers.ts';
import { ACTIVE_STATUSES, planJobViewSelect, queuedProgress, toPlanJobView, type PlanJobView } from './plan-jobs-view.ts';

/** A job in a state that does not allow the operation (cancel a finished job, a report of a failed one). */
export class PlanJobStateError extends AppError {
  constructor(message: string) {
    super('CONFLICT', message);
  }
}

/** The case lacks what a plan needs (a CT series, a lesion mask): BAD_REQUEST saying what to do. */
export class MissingPlanInputError extends InvalidInputError {}

interface PlanInputs {
  seriesId: string;
  lesionMaskId: string;
  ctPath: string;
  lesionMaskPath: string;
  options: PlanJobOptions;
  clinicalSource: PlanJobRequest['clinicalSource'];
}

/** The case's latest lesion mask and its series, the options with clinical resolved; typed errors when missing. */
async function resolvePlanInputs(ctx: ServiceContext, caseId: string, input: PlanJobOptionsInput): Promise<PlanInputs> {
  const parsed = planJobOptionsInputSchema.safeParse(input);
  if (!parsed.success) throw new InvalidInputError(parsed.error.issues.map((i) => `${i.path.join('.') || 'options'}: ${i.message}`).join('; '));
  const o = parsed.data;
  const c = await ctx.db.case.findUnique({ where: { id: caseId }, select: { id: true, clinical: true, disease: true, _count: { select: { series: true } } } });
  if (!c) throw new NotFoundError('case', caseId);
  if (c._count.series === 0) throw new MissingPlanInputError('the case has no CT series: upload a CT before planning');
  const mask = await ctx.db.lesionMask.findFirst({
    where: { caseId },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    select: { id: true, filePath: true, series: { select: { id: true, filePath: true } } },
  });
  if (!mask) throw new MissingPlanInputError('the case has no lesion mask: import one or click the lesion to segment it before planning');
  if (!isDisease(c.disease)) {
    throw new MissingPlanInputError(`disease: is required: choose the disease the case is planned for (${DISEASES.join(' or ')}) in the clinical data before planning (a plan never assumes one)`);
  }
  const clinicalSource: PlanJobRequest['clinicalSource'] = o.clinical !== null ? 'request' : c.clinical !== null ? 'case' : 'none';
  const stored: Record<string, unknown> = c.clinical === null ? {} : readJsonColumn(caseClinicalColumn, c.clinical, 'Case.clinical');
  return {
    seriesId: mask.series.id,
    lesionMaskId: mask.id,
    ctPath: ctx.dataDir.resolveStored(mask.series.filePath),
    lesionMaskPath: ctx.dataDir.resolveStored(mask.filePath),
    options: { disease: c.disease, policy: o.policy, candidates: o.candidates, samples: o.samples, seed: o.seed, renderer: o.renderer, clinical: o.clinical ?? stored },
    clinicalSource,
  };
}

async function view(ctx: ServiceContext, jobId: string): Promise<PlanJobView> {
  const runner = await planJobRunner(ctx);
  const row = await ctx.db.planJob.findUnique({ where: { id: jobId }, select: planJobViewSelect });
  if (!row) throw new NotFoundError('plan job', jobId);
  return toPlanJobView(row, runner.isCancelRequested(jobId));
}

/** Validate and queue a plan; it runs in the background. */
export async function startPlanJob(ctx: ServiceContext, caseId: string, input: PlanJobOptionsInput): Promise<PlanJobView> {
  const runner = await planJobRunner(ctx);
  const inputs = await resolvePlanInputs(ctx, caseId, input);
  const checked = await withBridge((b) => b.checkPlanRequest(planPreviewRequestOf(inputs, inputs.options), WEB_PLAN_ARGUMENT_NAMES));
  await assertPlanRendererAvailable(inputs.options.renderer ?? DEFAULT_PLAN_RENDERER);
  const request: PlanJobRequest = { seriesId: inputs.seriesId, lesionMaskId: inputs.lesionMaskId, options: inputs.options, clinicalSource: inputs.clinicalSource };
  const jobId = randomUUID();
  await ctx.db.planJob.create({
    data: { id: jobId, caseId, status: 'queued', request: JSON.stringify(request), progress: JSON.stringify(queuedProgress(inputs.options)) },
    select: { id: true },
  });
  try {
    runner.enqueue(jobId);
  } catch (e) {
    await ctx.db.planJob.delete({ where: { id: jobId }, select: { id: true } });
    throw e;
  }
  await recordAudit(ctx, 'plan-run', caseId, {
    jobId, event: 'queued', policy: inputs.options.policy, samples: inputs.options.samples, seed: inputs.options.seed,
    renderer: inputs.options.renderer ?? DEFAULT_PLAN_RENDERER, userCandidates: checked.userCandidates.length, clinicalSource: inputs.clinicalSource,
  });
  return view(ctx, jobId);
}

export async function listPlanJobs(ctx: ServiceContext, caseId: string): Promise<PlanJobView[]> {
  const runner = await planJobRunner(ctx);
  const exists = await ctx.db.case.findUnique({ where: { id: caseId }, select: { id: true } });
  if (!exists) throw new NotFoundError('case', caseId);
  const rows = await ctx.db.planJob.findMany({ where: { caseId }, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], take: 50, select: planJobViewSelect });
  return rows.map((r) => toPlanJobView(r, runner.isCancelRequested(r.id)));
}

export function getPlanJob(ctx: ServiceContext, jobId: string): Promise<PlanJobView> {
  return view(ctx, jobId);
}

/** Cancel a queued job at once, or ask a running one to stop at its next sample. */
export async function cancelPlanJob(ctx: ServiceContext, jobId: string): Promise<PlanJobView> {
  const runner = await planJobRunner(ctx);
  const row = await ctx.db.planJob.findUnique({ where: { id: jobId }, select: { caseId: true, status: true } });
  if (!row) throw new NotFoundError('plan job', jobId);
  if (!(ACTIVE_STATUSES as readonly string[]).includes(row.status)) throw new PlanJobStateError(`the plan job has already ${row.status === 'succeeded' ? 'succeeded' : `ended (${row.status})`}; nothing to cancel`);
  const outcome = runner.cancel(jobId);
  if (outcome !== 'signalled') {
    const r = await ctx.db.planJob.updateMany({
      where: { id: jobId, status: { in: ['queued', 'running'] } },
      data: { status: 'cancelled', finishedAt: new Date() },
    });
    if (r.count > 0) await recordAudit(ctx, 'plan-run', row.caseId, { jobId, event: 'cancelled', while: row.status });
  }
  return view(ctx, jobId);
}

/**
 * Delete a finished job (succeeded, failed or cancelled): its row and its output folder
 * (<dataDir>/cases/<caseId>/plans/<jobId>/). A queued or running job must be cancelled first
 * (CONFLICT). Audit rows stay; the delete adds one.
 */
export async function deletePlanJob(ctx: ServiceContext, jobId: string): Promise<{ id: string }> {
  await planJobRunner(ctx);
  const row = await ctx.db.planJob.findUnique({ where: { id: jobId }, select: { caseId: true, status: true, resultPath: true } });
  if (!row) throw new NotFoundError('plan job', jobId);
  const active = ACTIVE_STATUSES as readonly string[];
  if (active.includes(row.status)) throw new PlanJobStateError(`the plan job is ${row.status}: cancel it and wait until it has stopped before deleting it`);
  // Conditional: a job cannot become active again, but the row may have gone meanwhile.
  const r = await ctx.db.planJob.deleteMany({ where: { id: jobId, status: { notIn: [...active] } } });
  if (r.count === 0) throw new NotFoundError('plan job', jobId);
  await removePlanOutputs(ctx, row.caseId, jobId);
  if (row.resultPath !== null) await rm(ctx.dataDir.resolveStored(row.resultPath), { recursive: true, force: true });
  await recordAudit(ctx, 'delete', row.caseId, { what: 'plan-job', jobId, status: row.status, hadResult: row.resultPath !== null });
  return { id: jobId };
}

/** The candidates the policy proposes for the case (guideline: instant; search: at run time). */
export async function previewPlanCandidates(
  ctx: ServiceContext, caseId: string, input: PlanJobOptionsInput,
): Promise<Omit<CandidatePreviewResult, 'disease'> & { disease: CandidatePreviewResult['disease'] | null; ready: boolean }> {
  let inputs: PlanInputs;
  try {
    inputs = await resolvePlanInputs(ctx, caseId, input);
  } catch (e) {
    // Not an error for a preview: the panel says what is missing (start still refuses).
    if (e instanceof MissingPlanInputError) return { candidates: [], disease: null, bclcStage: null, note: e.message, ready: false };
    throw e;
  }
  const preview = await withBridge((b) => b.previewCandidates(planPreviewRequestOf(inputs, inputs.options), WEB_PLAN_ARGUMENT_NAMES));
  return { ...preview, ready: true };
}

/** The folder of a succeeded job's outputs, and its case's pseudonymous label. */
export async function planJobResult(ctx: ServiceContext, jobId: string): Promise<{ dir: string; caseId: string; caseLabel: string }> {
  const row = await ctx.db.planJob.findUnique({ where: { id: jobId }, select: { caseId: true, status: true, resultPath: true, case: { select: { label: true } } } });
  if (!row) throw new NotFoundError('plan job', jobId);
  if (row.status !== 'succeeded' || row.resultPath === null) throw new PlanJobStateError(`the plan job has no results (it is ${row.status})`);
  return { dir: ctx.dataDir.resolveStored(row.resultPath), caseId: row.caseId, caseLabel: row.case.label };
}

/** The stored report.json of a succeeded job, validated against the PlanReport schema. */
export async function getPlanReport(ctx: ServiceContext, jobId: string): Promise<PlanReport> {
  const { dir } = await planJobResult(ctx, jobId);
  const json = JSON.parse(await readFile(join(dir, 'report.json'), 'utf8')) as unknown;
  return planReportSchema.parse(json);
}
