/** Compare router: finished plan jobs of a case and the volumes of one, for the synchronised grid. */
import 'server-only';
import { z } from 'zod';
import { getCompareSet, listFinishedPlanJobs } from '../../services/compare.ts';
import { caseIdSchema } from '../ids.ts';
import { publicProcedure, router } from '../init.ts';

const jobIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'a plan job id is 1..64 letters, digits, _ or -');

export const compareRouter = router({
  jobs: publicProcedure.input(z.object({ caseId: caseIdSchema })).query(({ ctx, input }) => listFinishedPlanJobs(ctx, input.caseId)),
  get: publicProcedure.input(z.object({ caseId: caseIdSchema, jobId: jobIdSchema })).query(({ ctx, input }) => getCompareSet(ctx, input)),
});
