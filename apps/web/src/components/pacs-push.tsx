'use client';
/**
 * "Send to PACS": a finished plan stored as DICOM (simulated CT series, SEGs, the TID 1500 SR, the PDF)
 * in a configured research PACS over STOW-RS. Shown only when the server has DICOMweb endpoints. A plan
 * of a series imported or uploaded as DICOM joins that series' de-identified study; others start a new one.
 */
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTRPC } from '../client/trpc.ts';

export function PacsPush({ jobId }: { jobId: string }) {
  const trpc = useTRPC();
  const endpoints = useQuery(trpc.pacs.endpoints.queryOptions());
  const names = (endpoints.data ?? []).map((e) => e.name);
  const [pacs, setPacs] = useState<string | null>(null);
  const push = useMutation(trpc.pacs.pushPlan.mutationOptions());
  if (names.length === 0) return null;
  const target = pacs ?? names[0]!;
  return (
    <div className="toolbar" data-testid="pacs-push">
      <label>
        PACS{' '}
        <select value={target} onChange={(e) => setPacs(e.target.value)} data-testid="pacs-push-target">
          {names.map((n) => <option key={n} value={n}>{n}</option>)}
        </select>
      </label>
      <button type="button" disabled={push.isPending} onClick={() => push.mutate({ jobId, pacs: target })} data-testid="pacs-push-button">
        {push.isPending ? 'Sending…' : 'Send plan to PACS (DICOM)'}
      </button>
      {push.error && <span className="error" role="alert">{push.error.message}</span>}
      {push.data && (
        <span data-testid="pacs-push-result">
          Stored {push.data.stored} object(s) in {push.data.series} series on {push.data.pacs}
          {push.data.failed > 0 ? `, ${push.data.failed} refused` : ''}
          {push.data.joinsSourceStudy ? ', in the CT\'s de-identified study' : ', in a new study (the CT was not DICOM)'}.
        </span>
      )}
    </div>
  );
}
