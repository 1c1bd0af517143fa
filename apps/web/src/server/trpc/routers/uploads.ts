/**
 * Uploads router. The bytes themselves arrive through the streaming route handler
 * (app/api/cases/[caseId]/upload); this router lists a case's series, ingests another series of a
 * staged multi-series upload (the series picker), and reports an upload's ingest progress.
 */
import 'server-only';
import { z } from 'zod';
import { ingestProgressRegistry, withIngestProgress } from '../../services/ingest-progress.ts';
import { ingestStagedSeries } from '../../services/ingest-upload.ts';
import { listSeries } from '../../services/series.ts';
import { caseIdSchema, seriesKeySchema, stagingIdSchema } from '../ids.ts';
import { publicProcedure, router } from '../init.ts';

export const uploadsRouter = router({
  listSeries: publicProcedure.input(z.object({ caseId: caseIdSchema })).query(({ ctx, input }) => listSeries(ctx, input.caseId)),
  /** `progressId` (optional, made by the browser): the ingest's progress is published under it, as for an upload. */
  pickSeries: publicProcedure
    .input(z.object({ caseId: caseIdSchema, stagingId: stagingIdSchema, seriesKey: seriesKeySchema, progressId: z.uuid().optional() }))
    .mutation(({ ctx, input: { progressId, ...input } }) =>
      ctx.ingestSlots.run(() => withIngestProgress(progressId, (onProgress) => ingestStagedSeries(ctx, input, onProgress)))),
  /** The ingest progress the upload route publishes for `?progressId=`; null when unknown or expired. */
  ingestProgress: publicProcedure.input(z.object({ progressId: z.uuid() })).query(({ input }) => ingestProgressRegistry().get(input.progressId)),
});
