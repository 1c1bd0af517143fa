/**
 * Lesions router: the case's current lesion mask and its lesion list, click-to-segment at a RAS mm
 * point, removing a lesion, clearing. Mask files (import, edited drawing) arrive through the
 * streaming route handler app/api/cases/[caseId]/lesion-mask.
 */
import 'server-only';
import { z } from 'zod';
import { clearLesionMasks, removeLesion } from '../../services/lesions-edit.ts';
import { segmentLesionAt } from '../../services/lesions-segment.ts';
import { getCaseLesions } from '../../services/lesions.ts';
import { caseIdSchema, seriesIdSchema } from '../ids.ts';
import { publicProcedure, router } from '../init.ts';

const mm = z.number().min(-1e5).max(1e5);

export const lesionsRouter = router({
  list: publicProcedure.input(z.object({ caseId: caseIdSchema })).query(({ ctx, input }) => getCaseLesions(ctx, input.caseId)),
  segment: publicProcedure
    .input(z.object({ caseId: caseIdSchema, seriesId: seriesIdSchema, pointRas: z.tuple([mm, mm, mm]) }))
    .mutation(({ ctx, input }) => segmentLesionAt(ctx, input)),
  remove: publicProcedure
    .input(z.object({ caseId: caseIdSchema, index: z.number().int().min(1).max(255) }))
    .mutation(({ ctx, input }) => removeLesion(ctx, input)),
  clear: publicProcedure.input(z.object({ caseId: caseIdSchema })).mutation(({ ctx, input }) => clearLesionMasks(ctx, input.caseId)),
});
