/**
 * POST /api/cases/:caseId/upload — the body is one file (a DICOM zip, one DICOM file, or a NIfTI
 * .nii/.nii.gz); its kind comes from the X-Upload-Name header (only the extension is kept). Folders
 * are zipped by the browser first (see src/client/zip-folder.ts). The body is streamed to a temporary
 * file with MEWM_MAX_UPLOAD_MB enforced while streaming (413 JSON error), then ingested.
 * Optional query ?seriesKey=<16 hex> picks a series of a multi-series upload; ?progressId=<uuid> (made by
 * the browser) publishes the ingest's progress under that id for `uploads.ingestProgress`.
 * The answer carries a Server-Timing header (receive, ingest, store; ms) for bench/web and devtools.
 * At most MEWM_MAX_CONCURRENT_INGESTS uploads are received and ingested at once; one more gets 429 with
 * Retry-After before its body is read.
 */
import { z } from 'zod';
import { errorResponse } from '../../../../../server/http/file-response.ts';
import { appContext } from '../../../../../server/services/app-context.ts';
import { getCase } from '../../../../../server/services/cases.ts';
import { withIngestProgress } from '../../../../../server/services/ingest-progress.ts';
import { ingestReceivedUpload } from '../../../../../server/services/ingest-upload.ts';
import { caseIdSchema, seriesKeySchema } from '../../../../../server/trpc/ids.ts';
import { receiveRequestBody } from '../../../../../server/upload/receive-request-body.ts';
import { refusedRequest } from '../../../../../request-guard.ts';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

const querySchema = z.object({ seriesKey: seriesKeySchema.optional(), progressId: z.uuid().optional() });

export async function POST(req: Request, { params }: { params: Promise<{ caseId: string }> }): Promise<Response> {
  const refused = refusedRequest(req); // not behind src/proxy.ts (it would buffer the body)
  if (refused) return refused;
  try {
    const caseId = caseIdSchema.parse((await params).caseId);
    const query = querySchema.parse(Object.fromEntries(new URL(req.url).searchParams));
    const ctx = appContext();
    await getCase(ctx, caseId);
    const t0 = performance.now();
    let t1 = t0;
    const outcome = await ctx.ingestSlots.run(() => withIngestProgress(query.progressId, async (onProgress) => {
      const received = await receiveRequestBody(req, ctx);
      t1 = performance.now();
      return ingestReceivedUpload(ctx, {
        caseId, tempPath: received.tempPath, uploadSha256: received.sha256, seriesKey: query.seriesKey,
      }, onProgress);
    }));
    const store = outcome.storeTimingsMs.niftiEncode + outcome.storeTimingsMs.fileWrite + outcome.storeTimingsMs.database;
    const timing = { receive: t1 - t0, ingest: performance.now() - t1 - store, store };
    const serverTiming = Object.entries(timing).map(([k, v]) => `${k};dur=${v.toFixed(1)}`).join(', ');
    return Response.json(outcome, { status: 201, headers: { 'server-timing': serverTiming } });
  } catch (e) {
    if (e instanceof z.ZodError) {
      return Response.json({ error: { code: 'BAD_REQUEST', message: e.issues.map((i) => i.message).join('; ') } }, { status: 400 });
    }
    return errorResponse(e, 'upload');
  }
}
