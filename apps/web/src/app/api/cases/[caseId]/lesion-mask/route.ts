/**
 * POST /api/cases/:caseId/lesion-mask?seriesId=<uuid>[&drawn=1] — the body is one mask file (NIfTI
 * .nii/.nii.gz label map or a DICOM SEG .dcm; X-Upload-Name gives the extension), streamed to a
 * temporary file with MEWM_MAX_UPLOAD_MB enforced, conformed to the series' CT grid and stored as the
 * case's new lesion mask. `drawn=1` marks a drawing edited in the viewer. Responds with the lesions.
 * Counts as an ingest (MEWM_MAX_CONCURRENT_INGESTS; one more gets 429 with Retry-After).
 */
import { z } from 'zod';
import { errorResponse } from '../../../../../server/http/file-response.ts';
import { appContext } from '../../../../../server/services/app-context.ts';
import { getCase } from '../../../../../server/services/cases.ts';
import { importLesionMask } from '../../../../../server/services/lesions-import.ts';
import { caseIdSchema, seriesIdSchema } from '../../../../../server/trpc/ids.ts';
import { receiveRequestBody } from '../../../../../server/upload/receive-request-body.ts';
import { refusedRequest } from '../../../../../request-guard.ts';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

const querySchema = z.object({ seriesId: seriesIdSchema, drawn: z.enum(['0', '1']).optional() });

export async function POST(req: Request, { params }: { params: Promise<{ caseId: string }> }): Promise<Response> {
  const refused = refusedRequest(req); // not behind src/proxy.ts (it would buffer the body)
  if (refused) return refused;
  try {
    const caseId = caseIdSchema.parse((await params).caseId);
    const query = querySchema.parse(Object.fromEntries(new URL(req.url).searchParams));
    const ctx = appContext();
    await getCase(ctx, caseId);
    const outcome = await ctx.ingestSlots.run(async () => {
      const received = await receiveRequestBody(req, ctx);
      return importLesionMask(ctx, {
        caseId, seriesId: query.seriesId, tempPath: received.tempPath, uploadSha256: received.sha256, drawn: query.drawn === '1',
      });
    });
    return Response.json(outcome, { status: 201 });
  } catch (e) {
    if (e instanceof z.ZodError) {
      return Response.json({ error: { code: 'BAD_REQUEST', message: e.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') } }, { status: 400 });
    }
    return errorResponse(e, 'lesion mask upload');
  }
}
