'use client';
/** The case's plan jobs, newest first; selecting a finished one shows its results; finished ones can be deleted. */
import { useQuery } from '@tanstack/react-query';
import { usePlanStore } from '../client/plan-store.ts';
import { useTRPC } from '../client/trpc.ts';
import { PlanJobDelete } from './plan-job-delete.tsx';

const RENDERER_LABELS: Record<string, string> = { 'white-noise-baseline': 'baseline', 'renderer-ct': 'renderer-ct' };

const time = (iso: string | null) => (iso === null ? '' : new Date(iso).toLocaleTimeString());

export function PlanJobList({ caseId }: { caseId: string }) {
  const trpc = useTRPC();
  const jobs = useQuery({
    ...trpc.plans.list.queryOptions({ caseId }),
    refetchInterval: (q) => (q.state.data?.some((j) => j.status === 'queued' || j.status === 'running') ? 3000 : false),
  });
  const selected = usePlanStore((s) => s.selectedJobId);
  const selectJob = usePlanStore((s) => s.selectJob);
  if (jobs.isPending) return <p>Loading plan jobs…</p>;
  if (jobs.error) return <p className="error">{jobs.error.message}</p>;
  if (jobs.data.length === 0) return <p className="hint">No plan has run for this case yet.</p>;
  return (
    <table className="lesions" data-testid="plan-jobs">
      <thead>
        <tr><th>started</th><th>policy</th><th>samples</th><th>seed</th><th>renderer</th><th>status</th><th /></tr>
      </thead>
      <tbody>
        {jobs.data.map((j) => (
          <tr key={j.id} data-job-id={j.id} data-status={j.status} aria-selected={selected === j.id}>
            <td>{time(j.startedAt ?? j.createdAt)}</td>
            <td>{j.options.policy}{j.options.userCandidates > 0 ? ` +${j.options.userCandidates} yours` : ''}</td>
            <td>{j.options.samples}</td>
            <td>{j.options.seed}</td>
            <td data-renderer={j.options.renderer}>{RENDERER_LABELS[j.options.renderer] ?? j.options.renderer}</td>
            <td>{j.status}{j.status === 'running' ? ` ${Math.round(j.progress.fraction * 100)} %` : ''}{j.error ? ` — ${j.error}` : ''}{j.errorCode ? <span className="hint" data-testid="plan-job-error-code"> [{j.errorCode}{j.errorStage ? ` at ${j.errorStage}` : ''}]</span> : null}</td>
            <td>
              <button type="button" className="link" onClick={() => selectJob(j.id)} aria-pressed={selected === j.id}>
                {j.hasResult ? 'results' : 'show'}
              </button>
              {j.status !== 'queued' && j.status !== 'running' && <>{' · '}<PlanJobDelete caseId={caseId} jobId={j.id} hasResult={j.hasResult} /></>}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
