'use client';
/**
 * The Plan panel: options (policy, your candidates, samples 1–8, seed), the policy's candidate preview
 * (no simulation), "Run plan" (a background job), the selected job's live progress with Cancel, and
 * the case's job list. Clinical covariates come from the case's clinical form.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { usePlanStore } from '../client/plan-store.ts';
import { useTRPC } from '../client/trpc.ts';
import { PlanJobList } from './plan-job-list.tsx';
import { PlanJobProgress } from './plan-job-progress.tsx';

type Policy = 'guideline' | 'search' | 'both' | 'user';
const POLICY_LABELS: Record<Policy, string> = {
  guideline: 'guideline (BCLC 2022)',
  search: 'search (MeWM-style TACE beam search)',
  both: 'guideline + search',
  user: 'only my candidates',
};

function parseCandidates(text: string): string[] | null {
  const names = text.split(/[\n,]/).map((s) => s.trim()).filter((s) => s.length > 0);
  return names.length === 0 ? null : names;
}

export function PlanPanel({ caseId }: { caseId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [policy, setPolicy] = useState<Policy>('guideline');
  const [candidatesText, setCandidatesText] = useState('');
  const [samples, setSamples] = useState(2);
  const [seed, setSeed] = useState(1);
  const selectedJobId = usePlanStore((s) => s.selectedJobId);
  const selectJob = usePlanStore((s) => s.selectJob);
  useEffect(() => () => selectJob(null), [caseId, selectJob]);
  const candidates = parseCandidates(candidatesText);
  const options = { policy, candidates, samples, seed };

  const preview = useQuery({
    ...trpc.plans.preview.queryOptions({ caseId, options: { policy, candidates } }),
    retry: false,
    // Until the case has a CT and a lesion mask, look again now and then (the lesion panel adds one).
    refetchInterval: (q) => (q.state.data?.ready === false ? 5000 : false),
  });
  const start = useMutation(trpc.plans.start.mutationOptions({
    onSuccess: async (job) => {
      selectJob(job.id);
      await queryClient.invalidateQueries({ queryKey: trpc.plans.list.queryKey({ caseId }) });
    },
  }));

  return (
    <section className="plan-panel" data-testid="plan-panel">
      <h2>Plan</h2>
      <form
        className="clinical"
        onSubmit={(e) => {
          e.preventDefault();
          start.mutate({ caseId, options });
        }}
      >
        <label>
          Policy
          <select value={policy} onChange={(e) => setPolicy(e.target.value as Policy)} data-testid="plan-policy">
            {(Object.keys(POLICY_LABELS) as Policy[]).map((p) => <option key={p} value={p}>{POLICY_LABELS[p]}</option>)}
          </select>
        </label>
        <label>
          Your candidates (preset names, comma-separated; e.g. rfa, sorafenib, ctace-epirubicin-lipiodol+mwa)
          <input value={candidatesText} onChange={(e) => setCandidatesText(e.target.value)} data-testid="plan-candidates" />
        </label>
        <label>
          Samples per candidate (1–8)
          <input type="number" min={1} max={8} step={1} value={samples} onChange={(e) => setSamples(Math.min(8, Math.max(1, Math.round(Number(e.target.value) || 1))))} data-testid="plan-samples" />
        </label>
        <label>
          Seed
          <input type="number" min={0} step={1} value={seed} onChange={(e) => setSeed(Math.max(0, Math.round(Number(e.target.value) || 0)))} data-testid="plan-seed" />
        </label>
        <p>
          <button type="submit" disabled={start.isPending || preview.data?.ready === false} data-testid="plan-run">Run plan</button>
          {start.error && <span className="error" data-testid="plan-start-error"> {start.error.message}</span>}
        </p>
      </form>

      <h3>Candidates from the policy</h3>
      {preview.isPending && <p>Proposing candidates…</p>}
      {preview.error && <p className="hint" data-testid="plan-preview-error">{preview.error.message}</p>}
      {preview.data && (
        <>
          {preview.data.bclcStage !== null && <p>BCLC stage (from the lesion and the clinical data): <strong>{preview.data.bclcStage}</strong></p>}
          <ol data-testid="plan-preview">
            {preview.data.candidates.map((c) => (
              <li key={c.name} title={c.rationale}>
                <strong>{c.name}</strong> ({c.source}) — {c.description}
                <div className="hint">{c.rationale}</div>
              </li>
            ))}
          </ol>
          {preview.data.note !== null && <p className="hint">{preview.data.note}</p>}
        </>
      )}

      {selectedJobId !== null && <PlanJobProgress key={selectedJobId} caseId={caseId} jobId={selectedJobId} />}
      <h3>Plan jobs</h3>
      <PlanJobList caseId={caseId} />
    </section>
  );
}
