'use client';
/**
 * Delete a finished plan job, after an inline confirmation: its row and output folder go (the audit
 * trail keeps a record). Active jobs show no button: they must be cancelled first (the server refuses
 * with CONFLICT otherwise).
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { usePlanStore } from '../client/plan-store.ts';
import { useTRPC } from '../client/trpc.ts';

export function PlanJobDelete({ caseId, jobId, hasResult }: { caseId: string; jobId: string; hasResult: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const selected = usePlanStore((s) => s.selectedJobId);
  const selectJob = usePlanStore((s) => s.selectJob);
  const remove = useMutation(trpc.plans.delete.mutationOptions({
    onSuccess: async () => {
      if (selected === jobId) selectJob(null);
      setConfirming(false);
      await queryClient.invalidateQueries({ queryKey: trpc.plans.list.queryKey({ caseId }) });
      await queryClient.invalidateQueries({ queryKey: trpc.compare.jobs.queryKey({ caseId }) });
    },
  }));
  if (!confirming) {
    return <button type="button" className="link" onClick={() => setConfirming(true)} data-testid="plan-job-delete">delete</button>;
  }
  return (
    <span role="group" aria-label="confirm delete" data-testid="plan-job-delete-confirm">
      Delete this plan{hasResult ? ' and its results' : ''}?{' '}
      <button type="button" className="danger" disabled={remove.isPending} onClick={() => remove.mutate({ jobId })} data-testid="plan-job-delete-yes">Delete</button>{' '}
      <button type="button" onClick={() => setConfirming(false)} disabled={remove.isPending}>Keep</button>
      {remove.error && <span className="error"> {remove.error.message}</span>}
    </span>
  );
}
