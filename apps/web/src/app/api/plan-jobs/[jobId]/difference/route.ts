/**
 * GET /api/plan-jobs/:jobId/difference?candidate=<name>&sample=<k> — the difference NIfTI (simulated −
 * pre-treatment CT, HU, on the CT's grid) of one sample of a finished plan, for the compare grid.
 * Only candidate/sample pairs listed in the job's report.json are accepted (else 404); the file is
 * computed on the first request and cached in the plan's folder (services/compare-difference.ts).
 */
import { z } from 'zod';
import { appContext } from '../../../../../server/services/app-context.ts';
import { planDifferenceFile } from '../../../../../server/services/compare-difference.ts';
import { badRequest, errorResponse, fileResponse } from '../../../../../server/http/file-response.ts';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

const jobIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);
const querySchema = z.object({
  candidate: z.string().min(1).max(200),
  sample: z.string().regex(/^\d{1,4}$/).transform(Number).pipe(z.number().int().max(1023)),
});

export async function GET(req: Request, { params }: { params: Promise<{ jobId: string }> }): Promise<Response> {
  const jobId = jobIdSchema.safeParse((await params).jobId);
  const url = new URL(req.url);
  const query = querySchema.safeParse({ candidate: url.searchParams.get('candidate') ?? '', sample: url.searchParams.get('sample') ?? '' });
  if (!jobId.success || !query.success) {
    return badRequest('invalid plan job id, candidate (1..200 characters) or sample (integer 0..1023)');
  }
  try {
    return await fileResponse(await planDifferenceFile(appContext(), jobId.data, query.data.candidate, query.data.sample));
  } catch (e) {
    return errorResponse(e);
  }
}
