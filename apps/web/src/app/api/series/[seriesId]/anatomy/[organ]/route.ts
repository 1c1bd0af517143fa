/**
 * GET /api/series/:seriesId/anatomy/liver | vessels — the series' liver mask or its vessels ≥ 3 mm
 * (NIfTI, uint8, 1 = organ), segmented on the first request and cached (services/anatomy-masks.ts),
 * for the viewer's anatomy overlays.
 */
import { z } from 'zod';
import { appContext } from '../../../../../../server/services/app-context.ts';
import { ANATOMY_ORGANS, seriesAnatomyMaskFile } from '../../../../../../server/services/anatomy-masks.ts';
import { badRequest, errorResponse, fileResponse } from '../../../../../../server/http/file-response.ts';
import { seriesIdSchema } from '../../../../../../server/trpc/ids.ts';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

const organSchema = z.enum(ANATOMY_ORGANS);

export async function GET(_req: Request, { params }: { params: Promise<{ seriesId: string; organ: string }> }): Promise<Response> {
  const p = await params;
  const seriesId = seriesIdSchema.safeParse(p.seriesId);
  if (!seriesId.success) return badRequest('invalid series id');
  const organ = organSchema.safeParse(p.organ);
  if (!organ.success) return badRequest(`unknown organ "${p.organ}": one of ${ANATOMY_ORGANS.join(', ')}`);
  try {
    return await fileResponse(await seriesAnatomyMaskFile(appContext(), seriesId.data, organ.data));
  } catch (e) {
    return errorResponse(e);
  }
}
