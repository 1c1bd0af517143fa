/**
 * GET /api/lesion-masks/:maskId/mask.nii.gz — streams a stored lesion mask (binary NIfTI label map) to
 * the viewer. The path ends in .nii.gz so that NiiVue's loaders (overlay, drawing) know the format.
 */
import { z } from 'zod';
import { appContext } from '../../../../../server/services/app-context.ts';
import { lesionMaskFile } from '../../../../../server/services/lesions.ts';
import { badRequest, errorResponse, fileResponse } from '../../../../../server/http/file-response.ts';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export async function GET(_req: Request, { params }: { params: Promise<{ maskId: string }> }): Promise<Response> {
  const parsed = z.uuid().safeParse((await params).maskId);
  if (!parsed.success) return badRequest('invalid lesion mask id');
  try {
    const file = await lesionMaskFile(appContext(), parsed.data);
    return await fileResponse(file.path, { filename: 'mask.nii.gz', sha256: file.sha256 });
  } catch (e) {
    return errorResponse(e);
  }
}
