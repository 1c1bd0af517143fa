'use client';
/** One case: its label, the upload area and PACS import, the series list and picker, and the viewer. */
import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useEffect } from 'react';
import { useTRPC } from '../client/trpc.ts';
import { useViewerStore } from '../client/viewer-store.ts';
import { CaseNote } from './case-note.tsx';
import { ClinicalForm } from './clinical-form.tsx';
import { ComparePanel } from './compare-panel.tsx';
import { PacsImport } from './pacs-import.tsx';
import { PlanPanel } from './plan-panel.tsx';
import { ResultsPanel } from './results-panel.tsx';
import { SeriesList } from './series-list.tsx';
import { UploadArea } from './upload-area.tsx';
import { ViewerPanel } from './viewer-panel.tsx';

export function CaseWorkspace({ caseId }: { caseId: string }) {
  const trpc = useTRPC();
  const c = useQuery(trpc.cases.get.queryOptions({ caseId }));
  const selectSeries = useViewerStore((s) => s.selectSeries);
  useEffect(() => () => selectSeries(null), [caseId, selectSeries]);
  if (c.error) return <p className="error">{c.error.message} — <Link href="/">back to the cases</Link></p>;
  return (
    <>
      <p><Link href="/">← Cases</Link></p>
      <h1 data-testid="case-label">{c.data?.label ?? '…'}</h1>
      <UploadArea caseId={caseId} />
      <PacsImport caseId={caseId} />
      <SeriesList caseId={caseId} />
      <ViewerPanel caseId={caseId} />
      <ClinicalForm caseId={caseId} />
      <CaseNote caseId={caseId} />
      <PlanPanel caseId={caseId} />
      <ResultsPanel />
      <ComparePanel caseId={caseId} />
    </>
  );
}
