'use client';
/**
 * Import from a PACS (shown when MEWM_DICOMWEB_ENDPOINTS names one): search studies by patient ID and
 * modality, list a study's series, import one into the case through the de-identified ingest, with its
 * progress. Patient identifiers appear in the search results only, for recognising the study; they are
 * kept in this component's state and nowhere else.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type SyntheticEvent } from 'react';
import { randomId } from '../client/random-id.ts';
import { useTRPC } from '../client/trpc.ts';
import { useViewerStore } from '../client/viewer-store.ts';
import { IngestProgress } from './ingest-progress.tsx';

interface Query {
  pacs: string;
  patientId: string;
  modality: string;
}

export function PacsImport({ caseId }: { caseId: string }) {
  const trpc = useTRPC();
  const endpoints = useQuery(trpc.pacs.endpoints.queryOptions());
  const list = endpoints.data ?? [];
  if (list.length === 0) return null;
  return <PacsSearch caseId={caseId} names={list.map((e) => e.name)} />;
}

function PacsSearch({ caseId, names }: { caseId: string; names: string[] }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const selectSeries = useViewerStore((s) => s.selectSeries);
  const [draft, setDraft] = useState<Query>({ pacs: names[0]!, patientId: '', modality: 'CT' });
  const [query, setQuery] = useState<Query | null>(null);
  const [study, setStudy] = useState<string | null>(null);
  const [progressId, setProgressId] = useState<string | null>(null);
  const studies = useQuery({
    ...trpc.pacs.searchStudies.queryOptions({
      pacs: query?.pacs ?? draft.pacs,
      ...(query?.patientId ? { patientId: query.patientId } : {}),
      ...(query?.modality ? { modality: query.modality } : {}),
    }),
    enabled: query !== null,
    staleTime: 0,
  });
  const series = useQuery({
    ...trpc.pacs.searchSeries.queryOptions({ pacs: query?.pacs ?? draft.pacs, studyInstanceUid: study ?? '0' }),
    enabled: query !== null && study !== null,
  });
  const importSeries = useMutation(trpc.pacs.importSeries.mutationOptions({
    onSuccess: async (outcome) => {
      await queryClient.invalidateQueries({ queryKey: trpc.uploads.listSeries.queryKey({ caseId }) });
      await queryClient.invalidateQueries({ queryKey: trpc.cases.get.queryKey({ caseId }) });
      selectSeries(outcome.series.id);
    },
  }));

  function search(e: SyntheticEvent) {
    e.preventDefault();
    setStudy(null);
    setQuery({ ...draft, patientId: draft.patientId.trim() });
  }

  function startImport(studyInstanceUid: string, seriesInstanceUid: string) {
    const id = randomId();
    setProgressId(id);
    importSeries.mutate({ caseId, pacs: query!.pacs, studyInstanceUid, seriesInstanceUid, progressId: id });
  }

  return (
    <section className="pacs-import" data-testid="pacs-import">
      <h2>Import from a PACS</h2>
      <form onSubmit={search}>
        <label>PACS{' '}
          <select value={draft.pacs} onChange={(e) => setDraft({ ...draft, pacs: e.target.value })} data-testid="pacs-name">
            {names.map((n) => <option key={n} value={n}>{n}</option>)}
          </select>
        </label>{' '}
        <label>Patient ID <input value={draft.patientId} onChange={(e) => setDraft({ ...draft, patientId: e.target.value })} data-testid="pacs-patient-id" autoComplete="off" /></label>{' '}
        <label>Modality{' '}
          <select value={draft.modality} onChange={(e) => setDraft({ ...draft, modality: e.target.value })}>
            <option value="CT">CT</option>
            <option value="">any</option>
          </select>
        </label>{' '}
        <button type="submit" data-testid="pacs-search">Search</button>
      </form>
      {studies.isFetching && <p>Searching…</p>}
      {studies.error && <p className="error" role="alert">{studies.error.message}</p>}
      {studies.data && (
        studies.data.length === 0 ? <p>No study found.</p> : (
          <table data-testid="pacs-studies">
            <thead><tr><th>Patient ID</th><th>Date</th><th>Modalities</th><th>Series</th><th>Description</th><th /></tr></thead>
            <tbody>
              {studies.data.map((s) => (
                <tr key={s.studyInstanceUid}>
                  <td>{s.patientId}</td><td>{s.studyDate}</td><td>{s.modalities.join('/')}</td><td>{s.seriesCount ?? '?'}</td><td>{s.studyDescription}</td>
                  <td><button type="button" onClick={() => setStudy(s.studyInstanceUid)}>Series…</button></td>
                </tr>
              ))}
            </tbody>
          </table>
        )
      )}
      {study !== null && series.data && (
        <table data-testid="pacs-series">
          <thead><tr><th>#</th><th>Modality</th><th>Images</th><th>Description</th><th /></tr></thead>
          <tbody>
            {series.data.map((s) => (
              <tr key={s.seriesInstanceUid}>
                <td>{s.seriesNumber ?? '-'}</td><td>{s.modality}</td><td>{s.instanceCount ?? '?'}</td><td>{s.seriesDescription}</td>
                <td>
                  <button type="button" disabled={importSeries.isPending} onClick={() => startImport(study, s.seriesInstanceUid)} data-testid="pacs-import-series">
                    Import into this case
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {series.error && <p className="error" role="alert">{series.error.message}</p>}
      {importSeries.isPending && progressId !== null && <IngestProgress progressId={progressId} />}
      {importSeries.isSuccess && <p className="ok" data-testid="pacs-imported">Imported and de-identified.</p>}
      {importSeries.error && <p className="error" role="alert">{importSeries.error.message}</p>}
    </section>
  );
}
