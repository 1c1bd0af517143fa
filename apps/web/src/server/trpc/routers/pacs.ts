/**
 * PACS router: the configured DICOMweb endpoints, study and series search, import into a case
 * (counts as an ingest: MEWM_MAX_CONCURRENT_INGESTS, 429 past it), and a finished plan pushed back as DICOM. Search answers carry patient
 * identifiers for the planner to recognise the study; they are not stored or logged.
 */
import 'server-only';
import { z } from 'zod';
import { withIngestProgress } from '../../services/ingest-progress.ts';
import { importFromPacs, listPacs, searchPacsSeries, searchPacsStudies } from '../../services/pacs.ts';
import { pushPlanToPacs } from '../../services/plan-dicom.ts';
import { caseIdSchema } from '../ids.ts';
import { publicProcedure, router } from '../init.ts';

const pacsName = z.string().regex(/^[A-Za-z0-9_-]{1,40}$/, 'a configured PACS name');
const uid = z.string().regex(/^[0-9]+(\.[0-9]+)*$/, 'a DICOM UID (digits and dots)').max(64);

export const pacsRouter = router({
  endpoints: publicProcedure.query(({ ctx }) => listPacs(ctx)),
  searchStudies: publicProcedure
    .input(z.object({ pacs: pacsName, patientId: z.string().max(64).optional(), modality: z.string().regex(/^[A-Z]{2,4}$/).optional() }))
    .query(({ ctx, input }) => searchPacsStudies(ctx, input)),
  searchSeries: publicProcedure
    .input(z.object({ pacs: pacsName, studyInstanceUid: uid }))
    .query(({ ctx, input }) => searchPacsSeries(ctx, input)),
  /** `progressId` (optional, made by the browser): progress is published under it, as for an upload. */
  importSeries: publicProcedure
    .input(z.object({ caseId: caseIdSchema, pacs: pacsName, studyInstanceUid: uid, seriesInstanceUid: uid.optional(), progressId: z.uuid().optional() }))
    .mutation(({ ctx, input: { progressId, ...input } }) =>
      ctx.ingestSlots.run(() => withIngestProgress(progressId, (onProgress) => importFromPacs(ctx, input, onProgress)))),
  /** Store a finished plan as DICOM (derived CT, SEG, SR, PDF) in a configured PACS over STOW-RS. */
  pushPlan: publicProcedure
    .input(z.object({ jobId: z.uuid(), pacs: pacsName }))
    .mutation(({ ctx, input }) => pushPlanToPacs(ctx, input)),
});
