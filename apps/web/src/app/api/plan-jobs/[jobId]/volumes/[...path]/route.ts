/**
 * GET /api/plan-jobs/:jobId/volumes/<path in the plan folder>.nii.gz — streams one NIfTI of a finished
 * plan job (pre-treatment CT, lesion mask, simulated CT, tissue states) to the compare grid. Only files
 * listed in the job's report.json are served.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { z } from 'zod';
import { appContext } from '../../../../../../server/services/app-context.ts';
import { planVolumeFile } from '../../../../../../server/services/compare.ts';
import { httpStatusOf } from '../../../../../../server/trpc/error-mapping.ts';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

const jobIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);

export async function GET(_req: Request, { params }: { params: Promise<{ jobId: string; path: string[] }> }): Promise<Response> {
  const p = await params;
  const jobId = jobIdSchema.safeParse(p.jobId);
  if (!jobId.success) return Response.json({ error: { code: 'BAD_REQUEST', message: 'invalid plan job id' } }, { status: 400 });
  try {
    const path = await planVolumeFile(appContext(), jobId.data, p.path.map(decodeURIComponent).join('/'));
    const { size } = await stat(path);
    const body = Readable.toWeb(createReadStream(path)) as unknown as ReadableStream<Uint8Array>;
    return new Response(body, {
      headers: { 'content-type': 'application/octet-stream', 'content-length': String(size), 'cache-control': 'private, max-age=3600' },
    });
  } catch (e) {
    const { status, code, message } = httpStatusOf(e);
    return Response.json({ error: { code, message } }, { status });
  }
}
