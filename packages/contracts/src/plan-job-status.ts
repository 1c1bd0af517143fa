/**
 * The life cycle of a plan job (web app, job queue, remote workers): queued → running → one of
 * succeeded, failed, cancelled. Queued and running are active: a job in them may still change.
 */
import { z } from 'zod';

export const PLAN_JOB_STATUSES = ['queued', 'running', 'succeeded', 'failed', 'cancelled'] as const;
export const planJobStatusSchema = z.enum(PLAN_JOB_STATUSES);
export type PlanJobStatus = z.infer<typeof planJobStatusSchema>;

export const ACTIVE_PLAN_JOB_STATUSES: readonly PlanJobStatus[] = ['queued', 'running'];

export function isActivePlanJobStatus(status: PlanJobStatus): boolean {
  return ACTIVE_PLAN_JOB_STATUSES.includes(status);
}
