'use client';
/**
 * Live state of a plan job: server-sent events from /api/plan-jobs/:jobId/events while it is active,
 * falling back to polling the tRPC `plans.job` query (every second) when the event stream fails.
 * When the job ends, the case's job list is refreshed.
 */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { inferRouterOutputs } from '@trpc/server';
import { useEffect, useState } from 'react';
import type { AppRouter } from '../server/trpc/app-router.ts';
import { useTRPC } from './trpc.ts';

export type PlanJob = inferRouterOutputs<AppRouter>['plans']['job'];
export type PlanReportView = inferRouterOutputs<AppRouter>['plans']['report'];

const isActive = (j: PlanJob | undefined) => j !== undefined && (j.status === 'queued' || j.status === 'running');

export function usePlanJobLive(caseId: string, jobId: string | null): { job: PlanJob | undefined; transport: 'sse' | 'polling' | 'idle' } {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [live, setLive] = useState<PlanJob | undefined>(undefined);
  const [sseFailed, setSseFailed] = useState(false);
  const polled = useQuery({
    ...trpc.plans.job.queryOptions({ jobId: jobId ?? '00000000-0000-4000-8000-000000000000' }),
    enabled: jobId !== null,
    refetchInterval: (q) => (sseFailed && isActive(q.state.data) ? 1000 : false),
  });

  useEffect(() => {
    setLive(undefined);
    setSseFailed(false);
    if (jobId === null || typeof EventSource === 'undefined') {
      if (jobId !== null) setSseFailed(true);
      return;
    }
    const source = new EventSource(`/api/plan-jobs/${jobId}/events`);
    source.addEventListener('job', (e) => setLive(JSON.parse((e as MessageEvent<string>).data) as PlanJob));
    source.addEventListener('end', () => {
      source.close();
      void queryClient.invalidateQueries({ queryKey: trpc.plans.list.queryKey({ caseId }) });
      void queryClient.invalidateQueries({ queryKey: trpc.plans.job.queryKey({ jobId }) });
    });
    source.onerror = () => {
      if (source.readyState === EventSource.CLOSED) return;
      source.close();
      setSseFailed(true);
    };
    return () => source.close();
  }, [caseId, jobId, queryClient, trpc]);

  // The event stream is newer while the job runs; a refetched query wins once the job has ended.
  const newest = live && polled.data && isActive(live) && !isActive(polled.data) ? polled.data : live ?? polled.data;
  return { job: jobId === null ? undefined : newest, transport: jobId === null ? 'idle' : sseFailed ? 'polling' : 'sse' };
}
