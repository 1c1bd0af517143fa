/**
 * GET /api/series/:seriesId/body-mask — the series' body mask (NIfTI, uint8, 1 = body; the CT table
 * and anything else apart from the patient is 0), computed on the first request and cached
 * (services/body-mask.ts). The viewer's 3D render shows only what the mask covers.
 */
import { appContext } from '../../../../../server/services/app-context.ts';
import { seriesBodyMaskFile } from '../../../../../server/services/body-mask.ts';
import { badRequest, errorResponse, fileResponse } from '../../../../../server/http/file-response.ts';
import { seriesIdSchema } from '../../../../../server/trpc/ids.ts';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export async function GET(_req: Request, { params }: { params: Promise<{ seriesId: string }> }): Promise<Response> {
  const parsed = seriesIdSchema.safeParse((await params).seriesId);
  if (!parsed.success) return badRequest('invalid series id');
  try {
    return await fileResponse(await seriesBodyMaskFile(appContext(), parsed.data));
  } catch (e) {
    return errorResponse(e);
  }
}
