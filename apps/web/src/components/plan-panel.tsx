'use client';
/**
 * The Plan panel: your candidates (presets from the world model's list, typed preset names, custom
 * protocols from the editor — all validated live by the world model), the options (policy, samples
 * 1–8, seed, renderer), the policy's candidate preview (no simulation), "Run plan" (a background job),
 * the selected job's live progress with Cancel, and the case's job list. Clinical covariates come from
 * the case's clinical form. The draft and the job shown survive a page reload (plan-draft-store.ts).
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { DISEASE_NAMES } from '@mewm/contracts';
import { useEffect } from 'react';
import type { PlanCandidate } from '../client/plan-candidates.ts';
import { DEFAULT_PLAN_DRAFT, rehydratePlanDrafts, usePlanDraftStore, type PlanPolicy } from '../client/plan-draft-store.ts';
import { usePlanStore } from '../client/plan-store.ts';
import { useTRPC } from '../client/trpc.ts';
import { splitCandidateText, useTextEntriesValidation } from '../client/use-protocol-validation.ts';
import { CandidateList } from './candidate-list.tsx';
import { CandidateTextField } from './candidate-text-field.tsx';
import { PlanJobList } from './plan-job-list.tsx';
import { PlanJobProgress } from './plan-job-progress.tsx';
import { PresetPicker } from './preset-picker.tsx';
import { ProtocolEditor } from './protocol-editor.tsx';
import { RendererChoice, type PlanRendererId } from './renderer-choice.tsx';

type Policy = PlanPolicy;
const POLICY_LABELS: Record<Policy, string> = {
  guideline: 'guideline (HCC: BCLC 2022; CRLM: ESMO 2023 / NCCN)',
  search: 'search (MeWM-style TACE beam search; HCC only)',
  both: 'guideline + search',
  user: 'only my candidates',
};

export function PlanPanel({ caseId }: { caseId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  // the draft survives a page reload (the tab's sessionStorage), as does the job shown
  const draft = usePlanDraftStore((s) => s.drafts[caseId]) ?? DEFAULT_PLAN_DRAFT;
  const update = usePlanDraftStore((s) => s.update);
  const { policy, added, candidatesText, samples, seed } = draft;
  const chosenRenderer = draft.renderer as PlanRendererId | null;
  const setPolicy = (p: Policy) => update(caseId, () => ({ policy: p }));
  const setAdded = (f: (a: PlanCandidate[]) => PlanCandidate[]) => update(caseId, (d) => ({ added: f(d.added) }));
  const setCandidatesText = (t: string) => update(caseId, () => ({ candidatesText: t }));
  const setSamples = (n: number) => update(caseId, () => ({ samples: n }));
  const setSeed = (n: number) => update(caseId, () => ({ seed: n }));
  const setRenderer = (r: PlanRendererId) => update(caseId, () => ({ renderer: r }));
  const selectedJobId = usePlanStore((s) => s.selectedJobId);
  const selectJob = usePlanStore((s) => s.selectJob);
  const enterCase = usePlanStore((s) => s.enterCase);
  useEffect(() => {
    void rehydratePlanDrafts().then(() => enterCase(caseId));
  }, [caseId, enterCase]);

  const vocabulary = useQuery({ ...trpc.plans.protocolVocabulary.queryOptions(), staleTime: Infinity });
  const renderers = useQuery({ ...trpc.plans.renderers.queryOptions(), staleTime: 60_000 });
  const renderer = chosenRenderer ?? renderers.data?.find((r) => r.isDefault)?.id ?? 'white-noise-baseline';
  const typed = useTextEntriesValidation(candidatesText);
  const typedValid = candidatesText.trim() === '' || (typed.current && typed.entries.every((e) => e.result?.ok === true));
  const typedNames = splitCandidateText(candidatesText);
  const takenNames = new Set([...added.map((c) => c.name), ...typedNames]);
  const all = [...added.map((c) => c.spec), ...typedNames];
  const candidates = all.length === 0 ? null : all;
  const validForPreview = [...added.map((c) => c.spec), ...typed.entries.filter((e) => e.result?.ok === true).map((e) => e.text)];
  const options = { policy, candidates, samples, seed, renderer };

  const preview = useQuery({
    ...trpc.plans.preview.queryOptions({ caseId, options: { policy, candidates: validForPreview.length === 0 ? null : validForPreview } }),
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
      <h3>Your candidates</h3>
      <CandidateList candidates={added} onRemove={(name) => setAdded((a) => a.filter((c) => c.name !== name))} />
      {vocabulary.error && <p className="error">{vocabulary.error.message}</p>}
      {vocabulary.data && <PresetPicker presets={vocabulary.data.presets} takenNames={takenNames} onAdd={(c) => setAdded((a) => [...a, c])} />}
      <CandidateTextField text={candidatesText} onChange={setCandidatesText} entries={typed.entries} current={typed.current} />
      {vocabulary.data && (
        <details className="custom-protocol" data-testid="custom-protocol">
          <summary>Custom protocol…</summary>
          <ProtocolEditor vocabulary={vocabulary.data} takenNames={takenNames} onAdd={(c) => setAdded((a) => [...a, c])} />
        </details>
      )}

      <h3>Options</h3>
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
          Samples per candidate (1–8)
          <input type="number" min={1} max={8} step={1} value={samples} onChange={(e) => setSamples(Math.min(8, Math.max(1, Math.round(Number(e.target.value) || 1))))} data-testid="plan-samples" />
        </label>
        <label>
          Seed
          <input type="number" min={0} step={1} value={seed} onChange={(e) => setSeed(Math.max(0, Math.round(Number(e.target.value) || 0)))} data-testid="plan-seed" />
        </label>
        {renderers.data && <RendererChoice choices={renderers.data} value={renderer} onChange={setRenderer} />}
        <p>
          <button type="submit" disabled={start.isPending || preview.data?.ready === false || !typedValid} data-testid="plan-run">Run plan</button>
          {!typedValid && typed.current && <span className="error"> fix or remove the typed candidates marked above</span>}
          {start.error && <span className="error" data-testid="plan-start-error"> {start.error.message}</span>}
        </p>
      </form>

      <h3>Candidates from the policy</h3>
      {preview.isPending && <p>Proposing candidates…</p>}
      {preview.error && <p className="hint" data-testid="plan-preview-error">{preview.error.message}</p>}
      {preview.data && (
        <>
          {preview.data.disease !== null && <p data-testid="plan-disease">Planning for <strong>{DISEASE_NAMES[preview.data.disease]}</strong> ({preview.data.disease.toUpperCase()}; set in the clinical data)</p>}
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
