/**
 * Executes one queued plan job (called by the job runner, never in a request): marks it running,
 * loads the stored CT and lesion mask paths, runs the planner's runPlan in a worker process (plan-jobs-worker.ts)
 * with its progress events written to the row and the job's cancel signal passed on, and records the
 * outcome. Outputs go to <dataDir>/cases/<caseId>/plans/<jobId>/, written all-or-nothing by the
 * planner's bundle (hidden partial folder, renamed when complete), so a failed or cancelled job leaves
 * no files — also when the worker was killed (its partial folder is removed here). Logs carry error
 * class names only.
 */
import 'server-only';
import { planJobProgressColumn, planJobRequestColumn } from '../db/column-schemas.ts';
import { readJsonColumn } from '../db/json-column.ts';
import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { InvalidInputError } from '../errors.ts';
import { recordAudit } from './audit.ts';
import { seriesDicomDirOf } from './series.ts';
import type { ServiceContext } from './context.ts';
import { JobCancelledError, type JobHandle } from './job-runner.ts';
import { toPlanInputError } from './plan-jobs-bridge.ts';
import { createProgressWriter, nextProgress } from './plan-jobs-progress.ts';
import { planRequestOf } from './plan-jobs-plan-request.ts';
import type { PlanJobRequest } from './plan-jobs-request.ts';
import type { PlanJobProgress, PlanJobStatus } from './plan-jobs-view.ts';
import { runPlanInWorker, type PlanWorkerOptions } from './plan-jobs-worker.ts';
import { PlanWorkerCrashError } from './plan-jobs-worker-protocol.ts';

const JOB_ID = /^[0-9a-f-]{36}$/;

/** The job's output folder (absolute). */
export function planDirOf(ctx: Pick<ServiceContext, 'dataDir'>, caseId: string, jobId: string): string {
  if (!JOB_ID.test(jobId)) throw new Error('invalid plan job id');
  return join(ctx.dataDir.caseDir(caseId), 'plans', jobId);
}

/** Remove a job's output folder, its DICOM export and any hidden partial folder of them (a killed worker's, an interrupted run's). */
export async function removePlanOutputs(ctx: Pick<ServiceContext, 'dataDir'>, caseId: string, jobId: string): Promise<void> {
  const plans = join(ctx.dataDir.caseDir(caseId), 'plans');
  const names = await readdir(plans).catch(() => [] as string[]);
  for (const name of names) {
    // the plan, its DICOM export (<jobId>.dicom) and their hidden partial folders
    if (name === jobId || name === `${jobId}.dicom` || name.startsWith(`.${jobId}.partial-`) || name.startsWith(`.${jobId}.dicom.partial-`)) {
      await rm(join(plans, name), { recursive: true, force: true });
    }
  }
}

export interface RunPlanJobOptions {
  progressIntervalMs?: number;
  worker?: PlanWorkerOptions;
}

/** The code recorded for a failed job whose error carries none. */
export const PLAN_FAILED_CODE = 'PLAN_FAILED';
/** The code of a planner process that stopped without reporting (crash, kill). */
export const PLAN_WORKER_CRASH_CODE = 'PLAN_WORKER_CRASH';

/** A failed job's stable error code: the typed error's own code (input errors, worker errors), else a generic one. */
function failedJobCode(e: unknown, mapped: unknown): string {
  if (e instanceof PlanWorkerCrashError) return PLAN_WORKER_CRASH_CODE;
  for (const x of [mapped, e]) {
    const code = (x as { code?: unknown } | null)?.code;
    if (typeof code === 'string' && /^[A-Z][A-Z0-9_]{1,63}$/.test(code)) return code;
  }
  return PLAN_FAILED_CODE;
}

async function finish(
  ctx: ServiceContext, jobId: string, status: Extract<PlanJobStatus, 'succeeded' | 'failed' | 'cancelled'>,
  data: { progress: PlanJobProgress; error?: string | null; errorCode?: string | null; resultPath?: string | null },
): Promise<boolean> {
  const failed = status === 'failed';
  const r = await ctx.db.planJob.updateMany({
    where: { id: jobId, status: 'running' },
    data: {
      status, finishedAt: new Date(), progress: JSON.stringify(data.progress), error: data.error ?? null, resultPath: data.resultPath ?? null,
      errorCode: failed ? data.errorCode ?? PLAN_FAILED_CODE : null, errorStage: failed ? data.progress.phase : null,
    },
  });
  return r.count > 0;
}

export async function runPlanJob(ctx: ServiceContext, job: JobHandle, opts: RunPlanJobOptions = {}): Promise<void> {
  const row = await ctx.db.planJob.findUnique({
    where: { id: job.jobId },
    select: { caseId: true, status: true, request: true, progress: true, case: { select: { label: true } } },
  });
  if (!row || row.status !== 'queued') return;
  const startedAt = new Date();
  const initial: PlanJobProgress = { ...readJsonColumn(planJobProgressColumn, row.progress, 'PlanJob.progress'), phase: 'loading', message: 'loading the CT and the lesion mask', fraction: 0.01 };
  const claimed = await ctx.db.planJob.updateMany({
    where: { id: job.jobId, status: 'queued' },
    data: { status: 'running', startedAt, progress: JSON.stringify(initial) },
  });
  if (claimed.count === 0) return;
  const request: PlanJobRequest = readJsonColumn(planJobRequestColumn, row.request, 'PlanJob.request');
  const outDir = planDirOf(ctx, row.caseId, job.jobId);
  const progress = createProgressWriter(initial, async (p) => {
    await ctx.db.planJob.updateMany({ where: { id: job.jobId, status: 'running' }, data: { progress: JSON.stringify(p) } });
  }, opts.progressIntervalMs === undefined ? {} : { minIntervalMs: opts.progressIntervalMs });
  const audit = { jobId: job.jobId, policy: request.options.policy, samples: request.options.samples, seed: request.options.seed };

  try {
    const [series, mask] = await Promise.all([
      ctx.db.series.findUnique({ where: { id: request.seriesId }, select: { filePath: true, caseId: true, dicomReference: true } }),
      ctx.db.lesionMask.findUnique({ where: { id: request.lesionMaskId }, select: { filePath: true } }),
    ]);
    if (!series) throw new InvalidInputError('the CT series of this plan was deleted');
    if (!mask) throw new InvalidInputError('the lesion mask of this plan was deleted');
    job.throwIfCancelled();
    const files = {
      ctPath: ctx.dataDir.resolveStored(series.filePath), lesionMaskPath: ctx.dataDir.resolveStored(mask.filePath),
      ctDicomDir: await seriesDicomDirOf(ctx, request.seriesId, series),
    };
    const summary = await runPlanInWorker(planRequestOf(files, request.options, outDir, row.case.label), {
      onProgress: (e) => progress.update(nextProgress(progress.current, e)),
      signal: job.signal,
    }, opts.worker);
    await progress.flush();
    const done: PlanJobProgress = { ...progress.current, phase: 'done', message: 'finished', fraction: 1 };
    const recorded = await finish(ctx, job.jobId, 'succeeded', { progress: done, resultPath: ctx.dataDir.relativePath(outDir) });
    if (!recorded) {
      await rm(outDir, { recursive: true, force: true });
      return;
    }
    await recordAudit(ctx, 'plan-run', row.caseId, {
      ...audit, event: 'succeeded', candidates: summary.candidates, files: summary.files, reportSha256: summary.reportSha256,
      durationMs: Date.now() - startedAt.getTime(),
    });
  } catch (e) {
    await progress.flush().catch(() => undefined);
    const cancelled = e instanceof JobCancelledError || (job.cancelRequested && (e as { name?: unknown })?.name === 'JobCancelledError');
    const mapped = toPlanInputError(e);
    const error = cancelled ? null
      : mapped instanceof InvalidInputError || e instanceof PlanWorkerCrashError ? (mapped as Error).message
        : `the plan failed (${e instanceof Error ? e.name : 'error'}); see the server log`;
    if (!cancelled && !(mapped instanceof InvalidInputError)) {
      const code = (e as { code?: unknown })?.code;
      const detail = e instanceof PlanWorkerCrashError ? `: ${e.message}` : typeof code === 'string' ? ` (${code})` : '';
      console.error(`[mewm] plan job failed: ${e instanceof Error ? e.name : typeof e}${detail}`);
    }
    await removePlanOutputs(ctx, row.caseId, job.jobId).catch(() => undefined);
    const status = cancelled ? 'cancelled' : 'failed';
    const errorCode = failedJobCode(e, mapped);
    if (await finish(ctx, job.jobId, status, { progress: { ...progress.current, message: cancelled ? 'cancelled' : 'failed' }, error, errorCode })) {
      await recordAudit(ctx, 'plan-run', row.caseId, { ...audit, event: status, durationMs: Date.now() - startedAt.getTime() });
    }
  }
}
