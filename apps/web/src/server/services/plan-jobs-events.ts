/**
 * A plan job's state as a server-sent-events stream: the current PlanJobView at once, then every
 * change (the database is read every `intervalMs`; progress is written at most every 400 ms), a
 * comment line as keep-alive, and `event: end` once the job has ended. Stops when the client leaves.
 */
import 'server-only';
import type { ServiceContext } from './context.ts';
import { getPlanJob } from './plan-jobs.ts';
import { ACTIVE_STATUSES } from './plan-jobs-view.ts';

export async function planJobEvents(ctx: ServiceContext, jobId: string, signal: AbortSignal, intervalMs = 500): Promise<ReadableStream<Uint8Array>> {
  const first = await getPlanJob(ctx, jobId); // NOT_FOUND before the stream starts
  const encoder = new TextEncoder();
  let last = '';
  let ticks = 0;
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  return new ReadableStream<Uint8Array>({
    start(controller) {
      const stop = () => {
        if (stopped) return;
        stopped = true;
        if (timer) clearTimeout(timer);
        try {
          controller.close();
        } catch {
          // already closed by the client
        }
      };
      signal.addEventListener('abort', stop, { once: true });
      const send = (job: Awaited<ReturnType<typeof getPlanJob>>) => {
        const data = JSON.stringify(job);
        if (data !== last) {
          last = data;
          controller.enqueue(encoder.encode(`event: job\ndata: ${data}\n\n`));
        } else if (++ticks % 30 === 0) {
          controller.enqueue(encoder.encode(': keep-alive\n\n'));
        }
        if (!ACTIVE_STATUSES.includes(job.status)) {
          controller.enqueue(encoder.encode('event: end\ndata: {}\n\n'));
          stop();
          return false;
        }
        return true;
      };
      const tick = async () => {
        if (stopped) return;
        try {
          if (send(await getPlanJob(ctx, jobId))) timer = setTimeout(() => void tick(), intervalMs);
        } catch {
          controller.enqueue(encoder.encode('event: end\ndata: {}\n\n'));
          stop();
        }
      };
      if (send(first)) timer = setTimeout(() => void tick(), intervalMs);
    },
    cancel() {
      stopped = true;
      if (timer) clearTimeout(timer);
    },
  });
}
