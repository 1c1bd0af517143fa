/**
 * Plans router: start a plan job for a case (runs in the background), list and get jobs, cancel,
 * preview the policy's candidates, and read a finished job's report. Progress streams from
 * GET /api/plan-jobs/:jobId/events (server-sent events); exports from /api/plan-jobs/:jobId/export/:kind.
 */
import { z } from 'zod';
import { cancelPlanJob, getPlanJob, getPlanReport, listPlanJobs, previewPlanCandidates, startPlanJob } from '../../services/plan-jobs.ts';
import { planJobOptionsInputSchema } from '../../services/plan-jobs-request.ts';
import { caseIdSchema } from '../ids.ts';
import { publicProcedure, router } from '../init.ts';

const jobIdSchema = z.uuid();
// Ranges are checked by the service (typed InvalidInputError → BAD_REQUEST naming the field).
const optionsSchema = z.object({
  policy: z.string().optional(),
  candidates: z.array(z.unknown()).nullable().optional(),
  samples: z.number().optional(),
  seed: z.number().optional(),
  clinical: z.record(z.string(), z.unknown()).nullable().optional(),
});
type Options = z.input<typeof planJobOptionsInputSchema>;

export const plansRouter = router({
  start: publicProcedure
    .input(z.object({ caseId: caseIdSchema, options: optionsSchema.default({}) }))
    .mutation(({ ctx, input }) => startPlanJob(ctx, input.caseId, input.options as Options)),
  list: publicProcedure.input(z.object({ caseId: caseIdSchema })).query(({ ctx, input }) => listPlanJobs(ctx, input.caseId)),
  job: publicProcedure.input(z.object({ jobId: jobIdSchema })).query(({ ctx, input }) => getPlanJob(ctx, input.jobId)),
  cancel: publicProcedure.input(z.object({ jobId: jobIdSchema })).mutation(({ ctx, input }) => cancelPlanJob(ctx, input.jobId)),
  preview: publicProcedure
    .input(z.object({ caseId: caseIdSchema, options: optionsSchema.default({}) }))
    .query(({ ctx, input }) => previewPlanCandidates(ctx, input.caseId, input.options as Options)),
  report: publicProcedure.input(z.object({ jobId: jobIdSchema })).query(({ ctx, input }) => getPlanReport(ctx, input.jobId)),
});
