/**
 * GET /api/plan-jobs/:jobId/events — server-sent events with the job's state (`event: job`, data: the
 * PlanJobView JSON) whenever it changes, until the job ends (then `event: end`). It reads the same
 * database rows as the tRPC `plans.job` query, so polling that query is an equivalent fallback.
 */
import { z } from 'zod';
import { appContext } from '../../../../../server/services/app-context.ts';
import { planJobEvents } from '../../../../../server/services/plan-jobs-events.ts';
import { httpStatusOf } from '../../../../../server/trpc/error-mapping.ts';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export async function GET(req: Request, { params }: { params: Promise<{ jobId: string }> }): Promise<Response> {
  const parsed = z.uuid().safeParse((await params).jobId);
  if (!parsed.success) return Response.json({ error: { code: 'BAD_REQUEST', message: 'invalid plan job id' } }, { status: 400 });
  try {
    const stream = await planJobEvents(appContext(), parsed.data, req.signal);
    return new Response(stream, {
      headers: { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache, no-transform', connection: 'keep-alive', 'x-accel-buffering': 'no' },
    });
  } catch (e) {
    const { status, code, message } = httpStatusOf(e);
    return Response.json({ error: { code, message } }, { status });
  }
}
