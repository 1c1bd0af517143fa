/** Cases router: list, get, create (optionally with the disease), set the disease or the research note, delete. */
import 'server-only';
import { DISEASES } from '@mewm/contracts';
import { z } from 'zod';
import { listAudit } from '../../services/audit.ts';
import { CASE_NOTE_MAX_CHARS, createCase, deleteCase, getCase, listCases, setCaseDisease, setCaseNote } from '../../services/cases.ts';
import { caseIdSchema } from '../ids.ts';
import { publicProcedure, router } from '../init.ts';

export const casesRouter = router({
  list: publicProcedure.query(({ ctx }) => listCases(ctx)),
  get: publicProcedure.input(z.object({ caseId: caseIdSchema })).query(({ ctx, input }) => getCase(ctx, input.caseId)),
  create: publicProcedure
    .input(z.object({ disease: z.enum(DISEASES).nullable().default(null) }).optional())
    .mutation(({ ctx, input }) => createCase(ctx, input?.disease ?? null)),
  /** The disease the case is planned for (null clears it). */
  setDisease: publicProcedure
    .input(z.object({ caseId: caseIdSchema, disease: z.enum(DISEASES).nullable() }))
    .mutation(({ ctx, input }) => setCaseDisease(ctx, input.caseId, input.disease)),
  /** A free-text research note (no identifiers; '' clears it). */
  setNote: publicProcedure
    .input(z.object({ caseId: caseIdSchema, note: z.string().max(CASE_NOTE_MAX_CHARS + 100) }))
    .mutation(({ ctx, input }) => setCaseNote(ctx, input.caseId, input.note)),
  delete: publicProcedure
    .input(z.object({ caseId: caseIdSchema }))
    .mutation(async ({ ctx, input }) => {
      await deleteCase(ctx, input.caseId);
      return { deleted: input.caseId };
    }),
  audit: publicProcedure.input(z.object({ caseId: caseIdSchema })).query(({ ctx, input }) => listAudit(ctx, input.caseId)),
});
