'use client';
/**
 * The server-side ingest of an upload, as it goes: the upload route publishes ingestCt's stages under
 * the id the browser sent (`?progressId=`), polled here through `uploads.ingestProgress`.
 */
import { useQuery } from '@tanstack/react-query';
import type { IngestProgressView } from '../server/services/ingest-progress.ts';
import { useTRPC } from '../client/trpc.ts';

const POLL_MS = 250;

export function ingestProgressLabel(p: IngestProgressView | null | undefined): string {
  if (!p) return 'starting';
  switch (p.stage) {
    case 'retrieve': return `retrieving from the PACS: ${p.done} instance(s)`;
    case 'read': return `reading files: ${p.done} of ${p.total}`;
    case 'deidentify': return `de-identifying: ${p.done} of ${p.total}`;
    case 'parse': return `de-identifying and reading DICOM files: ${p.done} of ${p.total}`;
    case 'assemble': return `assembling the volume: slice ${p.done} of ${p.total}`;
    case 'store': return 'writing the volume';
    case 'done': return 'done';
    case 'failed': return 'failed';
  }
}

export function IngestProgress({ progressId }: { progressId: string }) {
  const trpc = useTRPC();
  const progress = useQuery(trpc.uploads.ingestProgress.queryOptions({ progressId }, { refetchInterval: POLL_MS, staleTime: 0 }));
  const p = progress.data;
  return (
    <p data-testid="ingest-progress" data-stage={p?.stage ?? 'starting'}>
      Reading and de-identifying on the server… {ingestProgressLabel(p)}
      {p && p.total > 0 && p.stage !== 'done' && <> <progress max={p.total} value={p.done} /></>}
    </p>
  );
}
