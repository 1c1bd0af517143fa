/**
 * POST /api/cases/:caseId/upload — the body is one file (a DICOM zip, one DICOM file, or a NIfTI
 * .nii/.nii.gz); its kind comes from the X-Upload-Name header (only the extension is kept). Folders
 * are zipped by the browser first (see src/client/zip-folder.ts). The body is streamed to a temporary
 * file with MEWM_MAX_UPLOAD_MB enforced while streaming (413 JSON error), then ingested.
 * Optional query ?seriesKey=<16 hex> picks a series of a multi-series upload.
 */
import { z } from 'zod';
import { appContext } from '../../../../../server/services/app-context.ts';
import { getCase } from '../../../../../server/services/cases.ts';
import { ingestReceivedUpload } from '../../../../../server/services/ingest-upload.ts';
import { httpStatusOf } from '../../../../../server/trpc/error-mapping.ts';
import { caseIdSchema, seriesKeySchema } from '../../../../../server/trpc/ids.ts';
import { receiveRequestBody } from '../../../../../server/upload/receive-request-body.ts';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

const querySchema = z.object({ seriesKey: seriesKeySchema.optional() });

export async function POST(req: Request, { params }: { params: Promise<{ caseId: string }> }): Promise<Response> {
  try {
    const caseId = caseIdSchema.parse((await params).caseId);
    const query = querySchema.parse(Object.fromEntries(new URL(req.url).searchParams));
    const ctx = appContext();
    await getCase(ctx, caseId);
    const received = await receiveRequestBody(req, ctx);
    const outcome = await ingestReceivedUpload(ctx, {
      caseId, tempPath: received.tempPath, uploadSha256: received.sha256, seriesKey: query.seriesKey,
    });
    return Response.json(outcome, { status: 201 });
  } catch (e) {
    if (e instanceof z.ZodError) {
      return Response.json({ error: { code: 'BAD_REQUEST', message: e.issues.map((i) => i.message).join('; ') } }, { status: 400 });
    }
    const { status, code, message } = httpStatusOf(e);
    if (status >= 500) console.error(`[mewm] upload failed: ${e instanceof Error ? e.name : typeof e}`);
    return Response.json({ error: { code, message } }, { status });
  }
}
