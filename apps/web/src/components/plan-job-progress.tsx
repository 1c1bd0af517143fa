'use client';
/** A job's live progress: status, a bar (candidate i of N, sample k of K), and Cancel while it is active. */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { usePlanJobLive } from '../client/plan-job-events.ts';
import { useTRPC } from '../client/trpc.ts';

export function PlanJobProgress({ caseId, jobId }: { caseId: string; jobId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { job, transport } = usePlanJobLive(caseId, jobId);
  const cancel = useMutation(trpc.plans.cancel.mutationOptions({
    onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.plans.list.queryKey({ caseId }) }),
  }));
  if (!job) return <p>Loading the job…</p>;
  const active = job.status === 'queued' || job.status === 'running';
  const p = job.progress;
  return (
    <div className="plan-progress" data-testid="plan-progress" data-status={job.status}>
      <p>
        <strong data-testid="plan-status">{job.cancelRequested ? 'cancelling…' : job.status}</strong>
        {' · '}
        <span data-testid="plan-progress-message">{p.message}</span>
        {p.phase === 'simulate' && p.candidateName !== null && <> · {p.candidateName}</>}
      </p>
      <progress max={1} value={p.fraction} data-testid="plan-progress-bar" aria-label="plan progress" style={{ width: '100%' }} />
      {p.candidates !== null && p.samples !== null && p.candidate !== null && p.sample !== null && (
        <p className="hint" data-testid="plan-progress-counts">
          candidate {p.candidate} of {p.candidates} · sample {p.sample} of {p.samples}
        </p>
      )}
      {job.error !== null && <p className="error" data-testid="plan-error">{job.error}</p>}
      {cancel.error && <p className="error">{cancel.error.message}</p>}
      {active && (
        <button type="button" className="danger" disabled={cancel.isPending || job.cancelRequested} onClick={() => cancel.mutate({ jobId })} data-testid="plan-cancel">
          Cancel
        </button>
      )}
      {active && <span className="hint"> live updates: {transport === 'sse' ? 'server-sent events' : 'polling'}</span>}
    </div>
  );
}
