/** Cases router: list, get, create, delete. */
import 'server-only';
import { z } from 'zod';
import { listAudit } from '../../services/audit.ts';
import { createCase, deleteCase, getCase, listCases } from '../../services/cases.ts';
import { caseIdSchema } from '../ids.ts';
import { publicProcedure, router } from '../init.ts';

export const casesRouter = router({
  list: publicProcedure.query(({ ctx }) => listCases(ctx)),
  get: publicProcedure.input(z.object({ caseId: caseIdSchema })).query(({ ctx, input }) => getCase(ctx, input.caseId)),
  create: publicProcedure.mutation(({ ctx }) => createCase(ctx)),
  delete: publicProcedure
    .input(z.object({ caseId: caseIdSchema }))
    .mutation(async ({ ctx, input }) => {
      await deleteCase(ctx, input.caseId);
      return { deleted: input.caseId };
    }),
  audit: publicProcedure.input(z.object({ caseId: caseIdSchema })).query(({ ctx, input }) => listAudit(ctx, input.caseId)),
});
