/** GET /api/plan-jobs/:jobId/export/(pdf|json|bundle) — a finished plan's report or NIfTI bundle (audited). */
import { z } from 'zod';
import { appContext } from '../../../../../../server/services/app-context.ts';
import { PLAN_EXPORT_KINDS, planExportResponse } from '../../../../../../server/services/exports.ts';
import { httpStatusOf } from '../../../../../../server/trpc/error-mapping.ts';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

const paramsSchema = z.object({ jobId: z.uuid(), kind: z.enum(PLAN_EXPORT_KINDS) });

export async function GET(_req: Request, { params }: { params: Promise<{ jobId: string; kind: string }> }): Promise<Response> {
  const parsed = paramsSchema.safeParse(await params);
  if (!parsed.success) return Response.json({ error: { code: 'BAD_REQUEST', message: 'invalid plan job id or export kind (pdf, json, bundle)' } }, { status: 400 });
  try {
    return await planExportResponse(appContext(), parsed.data.jobId, parsed.data.kind);
  } catch (e) {
    const { status, code, message } = httpStatusOf(e);
    return Response.json({ error: { code, message } }, { status });
  }
}
