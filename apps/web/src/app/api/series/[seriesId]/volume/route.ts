/** GET /api/series/:seriesId/volume — streams the stored, de-identified NIfTI (.nii.gz) to the viewer. */
import { appContext } from '../../../../../server/services/app-context.ts';
import { seriesVolumeFile } from '../../../../../server/services/series.ts';
import { badRequest, errorResponse, fileResponse } from '../../../../../server/http/file-response.ts';
import { seriesIdSchema } from '../../../../../server/trpc/ids.ts';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export async function GET(_req: Request, { params }: { params: Promise<{ seriesId: string }> }): Promise<Response> {
  const parsed = seriesIdSchema.safeParse((await params).seriesId);
  if (!parsed.success) return badRequest('invalid series id');
  try {
    const file = await seriesVolumeFile(appContext(), parsed.data);
    return await fileResponse(file.path, { filename: 'ct.nii.gz', sha256: file.sha256 });
  } catch (e) {
    return errorResponse(e);
  }
}
