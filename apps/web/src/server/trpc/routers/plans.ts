/**
 * Plans router: start a plan job for a case (runs in the background), list and get jobs, cancel,
 * delete, preview the policy's candidates, read a finished job's report; for the candidate editor, live
 * protocol validation (the world model's own validator), the protocol vocabulary and the renderers.
 * Progress streams from GET /api/plan-jobs/:jobId/events (server-sent events); exports from
 * /api/plan-jobs/:jobId/export/:kind.
 */
import 'server-only';
import { z } from 'zod';
import { cancelPlanJob, deletePlanJob, getPlanJob, getPlanReport, listPlanJobs, previewPlanCandidates, startPlanJob } from '../../services/plan-jobs.ts';
import { planJobOptionsInputSchema } from '../../services/plan-jobs-request.ts';
import { protocolVocabulary, validateProtocolSpec } from '../../services/plan-protocols.ts';
import { planRendererChoices } from '../../services/plan-renderers.ts';
import { caseIdSchema } from '../ids.ts';
import { publicProcedure, router } from '../init.ts';

const jobIdSchema = z.uuid();
// Ranges are checked by the service (typed InvalidInputError → BAD_REQUEST naming the field).
const optionsSchema = z.object({
  policy: z.string().optional(),
  candidates: z.array(z.unknown()).nullable().optional(),
  samples: z.number().optional(),
  seed: z.number().optional(),
  renderer: z.string().optional(),
  clinical: z.record(z.string(), z.unknown()).nullable().optional(),
});
type Options = z.input<typeof planJobOptionsInputSchema>;

/** Longest protocol text accepted for validation (a protocol is a few hundred characters). */
const MAX_PROTOCOL_TEXT = 20_000;
const protocolSpecSchema = z.discriminatedUnion('kind', [
  /** A preset name, presets joined with '+', or JSON text. */
  z.object({ kind: z.literal('text'), text: z.string().max(MAX_PROTOCOL_TEXT, `text: at most ${MAX_PROTOCOL_TEXT} characters`) }),
  /** A protocol object, as the structured form builds it. */
  z.object({ kind: z.literal('protocol'), protocol: z.unknown() }),
]);

export const plansRouter = router({
  start: publicProcedure
    .input(z.object({ caseId: caseIdSchema, options: optionsSchema.default({}) }))
    .mutation(({ ctx, input }) => startPlanJob(ctx, input.caseId, input.options as Options)),
  list: publicProcedure.input(z.object({ caseId: caseIdSchema })).query(({ ctx, input }) => listPlanJobs(ctx, input.caseId)),
  job: publicProcedure.input(z.object({ jobId: jobIdSchema })).query(({ ctx, input }) => getPlanJob(ctx, input.jobId)),
  cancel: publicProcedure.input(z.object({ jobId: jobIdSchema })).mutation(({ ctx, input }) => cancelPlanJob(ctx, input.jobId)),
  delete: publicProcedure.input(z.object({ jobId: jobIdSchema })).mutation(({ ctx, input }) => deletePlanJob(ctx, input.jobId)),
  preview: publicProcedure
    .input(z.object({ caseId: caseIdSchema, options: optionsSchema.default({}) }))
    .query(({ ctx, input }) => previewPlanCandidates(ctx, input.caseId, input.options as Options)),
  report: publicProcedure.input(z.object({ jobId: jobIdSchema })).query(({ ctx, input }) => getPlanReport(ctx, input.jobId)),
  /** The canonical protocol (key, description) or every problem naming its field; never throws for a bad protocol. */
  validateProtocol: publicProcedure.input(protocolSpecSchema).query(({ input }) => validateProtocolSpec(input)),
  protocolVocabulary: publicProcedure.query(() => protocolVocabulary()),
  renderers: publicProcedure.query(() => planRendererChoices()),
});
