'use client';
/**
 * The case's research note: free text beside the pseudonymous data (what the case is for, what was
 * seen). No identifiers: the server refuses ID-like digit runs and dates, and says why.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTRPC } from '../client/trpc.ts';

export function CaseNote({ caseId }: { caseId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const q = useQuery(trpc.cases.get.queryOptions({ caseId }));
  const [text, setText] = useState<string | null>(null);
  useEffect(() => {
    if (q.data && text === null) setText(q.data.note);
  }, [q.data, text]);
  const save = useMutation(trpc.cases.setNote.mutationOptions({
    onSuccess: (data) => {
      queryClient.setQueryData(trpc.cases.get.queryKey({ caseId }), data);
      setText(data.note);
    },
  }));
  if (!q.data || text === null) return null;
  const changed = text.trim() !== q.data.note;
  return (
    <section className="case-note">
      <h3>Research note</h3>
      <p className="hint">Free text for the research team. No names, record numbers or dates: write intervals (&ldquo;3 months after TACE&rdquo;).</p>
      <textarea value={text} rows={3} maxLength={2000} onChange={(e) => { setText(e.target.value); save.reset(); }} data-testid="case-note" aria-label="Research note" />
      <p>
        <button type="button" disabled={!changed || save.isPending} onClick={() => save.mutate({ caseId, note: text })} data-testid="case-note-save">Save note</button>
        {save.error && <span className="error" role="alert" data-testid="case-note-error"> {save.error.message}</span>}
        {save.isSuccess && !changed && <span className="ok" role="status" data-testid="case-note-saved"> Saved.</span>}
      </p>
    </section>
  );
}
