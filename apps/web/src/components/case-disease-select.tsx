'use client';
/**
 * The disease the case is planned for (HCC or CRLM), stored on the case. It picks the plan's
 * guideline and default risk model; until it is chosen a plan is refused (never HCC by default).
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { DISEASE_NAMES, DISEASES, isDisease } from '@mewm/contracts';
import { useTRPC } from '../client/trpc.ts';

export function CaseDiseaseSelect({ caseId }: { caseId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const q = useQuery(trpc.cases.get.queryOptions({ caseId }));
  const save = useMutation(trpc.cases.setDisease.mutationOptions({
    onSuccess: (data) => {
      queryClient.setQueryData(trpc.cases.get.queryKey({ caseId }), data);
      void queryClient.invalidateQueries({ queryKey: trpc.cases.list.queryKey() });
      // the plan panel's preview (candidates, BCLC stage) depends on the disease
      void queryClient.invalidateQueries({ queryKey: trpc.plans.pathKey() });
    },
  }));
  if (!q.data) return null;
  const value = q.data.disease ?? '';
  return (
    <p className="case-disease">
      <label>
        <span>Disease the case is planned for </span>
        <select
          name="disease"
          data-testid="case-disease"
          value={value}
          aria-invalid={value === ''}
          disabled={save.isPending}
          onChange={(e) => save.mutate({ caseId, disease: isDisease(e.target.value) ? e.target.value : null })}
        >
          <option value="">choose… (required to plan)</option>
          {DISEASES.map((d) => <option key={d} value={d}>{d.toUpperCase()}: {DISEASE_NAMES[d]}</option>)}
        </select>
      </label>
      {value === '' && <span className="hint"> A plan needs the disease: it picks the guideline (BCLC 2022 for HCC; ESMO/NCCN for CRLM) and the risk model.</span>}
      {save.error && <span className="error" role="alert"> {save.error.message}</span>}
    </p>
  );
}
