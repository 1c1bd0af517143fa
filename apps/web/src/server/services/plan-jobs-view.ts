/**
 * Plan jobs as the UI sees them: status, options, progress, error and times. Columns are selected
 * explicitly; the stored result path never leaves the server (`hasResult` says whether there is one).
 */
import 'server-only';
import { planJobProgressColumn, planJobRequestColumn } from '../db/column-schemas.ts';
import { readJsonColumn } from '../db/json-column.ts';
import { ACTIVE_PLAN_JOB_STATUSES, PLAN_JOB_STATUSES, type PlanJobStatus } from '@mewm/contracts';
import { DEFAULT_PLAN_RENDERER, type PlanJobOptions, type PlanJobRequest, type PlanPolicy, type PlanRenderer } from './plan-jobs-request.ts';

export { PLAN_JOB_STATUSES, type PlanJobStatus };
export const ACTIVE_STATUSES = ACTIVE_PLAN_JOB_STATUSES;

/** Progress of a job, from the planner's progress events (candidate i of N, sample k of K). */
export interface PlanJobProgress {
  phase: 'queued' | 'loading' | 'policy' | 'search' | 'simulate' | 'report' | 'done';
  message: string;
  /** 1-based, of `candidates`. */
  candidate: number | null;
  candidates: number | null;
  /** 1-based, of `samples`. */
  sample: number | null;
  samples: number | null;
  candidateName: string | null;
  search: { depth: number; depths: number; evaluated: number } | null;
  /** Overall fraction done, 0..1 (the simulations are 90 % of it). */
  fraction: number;
}

export interface PlanJobView {
  id: string;
  caseId: string;
  status: PlanJobStatus;
  options: {
    policy: PlanPolicy; samples: number; seed: number; renderer: PlanRenderer; userCandidates: number; clinicalSource: PlanJobRequest['clinicalSource'];
  };
  progress: PlanJobProgress;
  error: string | null;
  /** A failed job's stable error code (PLAN_REQUEST, PLAN_WORKER_CRASH, INTERRUPTED, ...) and the progress phase it failed in; null otherwise. */
  errorCode: string | null;
  errorStage: string | null;
  /** The runner was asked to stop this job and will at its next sample. */
  cancelRequested: boolean;
  hasResult: boolean;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

export const planJobViewSelect = {
  id: true, caseId: true, status: true, request: true, progress: true, error: true, errorCode: true, errorStage: true, resultPath: true,
  createdAt: true, startedAt: true, finishedAt: true,
} as const;

export interface PlanJobRow {
  id: string; caseId: string; status: string; request: string; progress: string; error: string | null; errorCode: string | null; errorStage: string | null; resultPath: string | null;
  createdAt: Date; startedAt: Date | null; finishedAt: Date | null;
}

export function queuedProgress(options: Pick<PlanJobOptions, 'samples'>): PlanJobProgress {
  return {
    phase: 'queued', message: 'waiting for the planner', candidate: null, candidates: null, sample: null, samples: options.samples,
    candidateName: null, search: null, fraction: 0,
  };
}

export function toPlanJobView(r: PlanJobRow, cancelRequested = false): PlanJobView {
  const request: PlanJobRequest = readJsonColumn(planJobRequestColumn, r.request, 'PlanJob.request');
  const status = (PLAN_JOB_STATUSES as readonly string[]).includes(r.status) ? (r.status as PlanJobStatus) : 'failed';
  return {
    id: r.id,
    caseId: r.caseId,
    status,
    options: {
      policy: request.options.policy,
      samples: request.options.samples,
      seed: request.options.seed,
      renderer: request.options.renderer ?? DEFAULT_PLAN_RENDERER,
      userCandidates: request.options.candidates?.length ?? 0,
      clinicalSource: request.clinicalSource,
    },
    progress: readJsonColumn(planJobProgressColumn, r.progress, 'PlanJob.progress'),
    error: r.error,
    errorCode: r.errorCode,
    errorStage: r.errorStage,
    cancelRequested: cancelRequested && ACTIVE_STATUSES.includes(status),
    hasResult: status === 'succeeded' && r.resultPath !== null,
    createdAt: r.createdAt.toISOString(),
    startedAt: r.startedAt?.toISOString() ?? null,
    finishedAt: r.finishedAt?.toISOString() ?? null,
  };
}
