/**
 * GET /api/plan-jobs/:jobId/volumes/<path in the plan folder>.nii.gz — streams one NIfTI of a finished
 * plan job (pre-treatment CT, lesion mask, simulated CT, tissue states) to the compare grid. Only files
 * listed in the job's report.json are served.
 */
import { z } from 'zod';
import { appContext } from '../../../../../../server/services/app-context.ts';
import { planVolumeFile } from '../../../../../../server/services/compare.ts';
import { badRequest, errorResponse, fileResponse } from '../../../../../../server/http/file-response.ts';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

const jobIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);

export async function GET(_req: Request, { params }: { params: Promise<{ jobId: string; path: string[] }> }): Promise<Response> {
  const p = await params;
  const jobId = jobIdSchema.safeParse(p.jobId);
  if (!jobId.success) return badRequest('invalid plan job id');
  try {
    return await fileResponse(await planVolumeFile(appContext(), jobId.data, p.path.map(decodeURIComponent).join('/')));
  } catch (e) {
    return errorResponse(e);
  }
}
