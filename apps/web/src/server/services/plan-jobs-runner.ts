/**
 * One plan-job runner per database (per process in the server; per test context in tests), kept on
 * globalThis so that every Next.js route bundle shares it. Creating it first recovers jobs that a
 * previous server process left queued or running: they are marked failed ("interrupted by a server
 * restart"), never resumed (a plan is cheap to run again and its inputs may have changed), and their
 * partial output folders are removed. So no job is ever stuck "running".
 */
import 'server-only';
import { planJobProgressColumn } from '../db/column-schemas.ts';
import { readJsonColumn } from '../db/json-column.ts';
import type { Db } from '../db/prisma.ts';
import { recordAudit } from './audit.ts';
import type { ServiceContext } from './context.ts';
import { JobRunner } from './job-runner.ts';
import { removePlanOutputs, runPlanJob, type RunPlanJobOptions } from './plan-jobs-run.ts';

export const INTERRUPTED_MESSAGE = 'interrupted by a server restart';

interface Entry {
  runner: JobRunner;
  ready: Promise<void>;
}

const holder = globalThis as unknown as { mewmPlanRunners?: WeakMap<Db, Entry> };

/** Options for runners created from now on (tests: a shorter progress interval, a stand-in planner bridge). */
let runOptions: RunPlanJobOptions = {};
export function configurePlanJobRuns(opts: RunPlanJobOptions): void {
  runOptions = opts;
}

/** The stable code of a job a previous server process left queued or running. */
export const INTERRUPTED_CODE = 'INTERRUPTED';

/** Mark jobs left queued/running by another process failed and remove partial outputs. */
export async function recoverInterruptedPlanJobs(ctx: ServiceContext, keep: (jobId: string) => boolean = () => false): Promise<string[]> {
  const stale = await ctx.db.planJob.findMany({
    where: { status: { in: ['queued', 'running'] } },
    select: { id: true, caseId: true, progress: true },
  });
  const recovered: string[] = [];
  for (const job of stale.filter((j) => !keep(j.id))) {
    const progress = { ...readJsonColumn(planJobProgressColumn, job.progress, 'PlanJob.progress'), message: INTERRUPTED_MESSAGE };
    const r = await ctx.db.planJob.updateMany({
      where: { id: job.id, status: { in: ['queued', 'running'] } },
      data: { status: 'failed', error: INTERRUPTED_MESSAGE, errorCode: INTERRUPTED_CODE, errorStage: progress.phase, finishedAt: new Date(), progress: JSON.stringify(progress) },
    });
    if (r.count === 0) continue;
    recovered.push(job.id);
    await removePlanOutputs(ctx, job.caseId, job.id);
    await recordAudit(ctx, 'plan-run', job.caseId, { jobId: job.id, event: 'failed', reason: 'interrupted' });
  }
  if (recovered.length > 0) console.log(`[mewm] ${recovered.length} plan job(s) ${INTERRUPTED_MESSAGE}: marked failed`);
  return recovered;
}

/** The runner for ctx's database; the first call recovers interrupted jobs before anything runs. */
export async function planJobRunner(ctx: ServiceContext): Promise<JobRunner> {
  holder.mewmPlanRunners ??= new WeakMap();
  let entry = holder.mewmPlanRunners.get(ctx.db);
  if (!entry) {
    const opts = runOptions;
    const runner = new JobRunner({
      run: (job) => runPlanJob(ctx, job, opts),
      onUnhandled: (_jobId, e) => console.error(`[mewm] plan job runner: ${e instanceof Error ? e.name : typeof e}`),
    });
    const ready = recoverInterruptedPlanJobs(ctx).then(() => undefined, (e: unknown) => {
      holder.mewmPlanRunners?.delete(ctx.db);
      throw e;
    });
    entry = { runner, ready };
    holder.mewmPlanRunners.set(ctx.db, entry);
  }
  await entry.ready;
  return entry.runner;
}
