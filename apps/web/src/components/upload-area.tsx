'use client';
/**
 * Upload: drop (or choose) one zip / NIfTI / DICOM file, several DICOM files, or a DICOM folder.
 * Several files and folders are zipped in the browser (client/zip-files.ts); one file goes as is.
 * Progress: zipping → sending (bar, XMLHttpRequest progress) → ingesting (server: its stages and counts,
 * components/ingest-progress.tsx) → done or error.
 */
import { useQueryClient } from '@tanstack/react-query';
import { useRef, useState, type DragEvent } from 'react';
import { droppedFiles } from '../client/dropped-files.ts';
import { randomId } from '../client/random-id.ts';
import { useHydrated } from '../client/use-hydrated.ts';
import { useTRPC } from '../client/trpc.ts';
import { uploadFile, type UploadPhase } from '../client/upload-file.ts';
import { useViewerStore } from '../client/viewer-store.ts';
import { zipFiles, type PickedFile } from '../client/zip-files.ts';
import { IngestProgress } from './ingest-progress.tsx';

type UploadState =
  | { kind: 'idle' }
  | { kind: 'zipping'; files: number }
  | UploadPhase
  | { kind: 'done'; seriesCount: number; warnings: string[] }
  | { kind: 'error'; message: string };

export function UploadArea({ caseId }: { caseId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const selectSeries = useViewerStore((s) => s.selectSeries);
  const [state, setState] = useState<UploadState>({ kind: 'idle' });
  const [over, setOver] = useState(false);
  const fileInput = useRef<HTMLInputElement>(null);
  const folderInput = useRef<HTMLInputElement>(null);
  const hydrated = useHydrated();
  /** Not yet hydrated, or an upload in progress. */
  const inactive = !hydrated || state.kind === 'zipping' || state.kind === 'sending' || state.kind === 'ingesting';

  async function send(files: PickedFile[]) {
    if (files.length === 0 || inactive) return;
    try {
      let blob: Blob;
      let name: string;
      if (files.length === 1) {
        blob = files[0]!.file;
        name = files[0]!.file.name;
      } else {
        setState({ kind: 'zipping', files: files.length });
        blob = await zipFiles(files);
        name = 'folder.zip';
      }
      setState({ kind: 'sending', fraction: 0 });
      const outcome = await uploadFile(caseId, blob, name, setState, randomId());
      setState({ kind: 'done', seriesCount: outcome.found.length, warnings: outcome.series.warnings });
      await queryClient.invalidateQueries({ queryKey: trpc.uploads.listSeries.queryKey({ caseId }) });
      await queryClient.invalidateQueries({ queryKey: trpc.cases.get.queryKey({ caseId }) });
      selectSeries(outcome.series.id);
    } catch (e) {
      setState({ kind: 'error', message: e instanceof Error ? e.message : 'upload failed' });
    }
  }

  const fromInput = (list: FileList | null) =>
    void send([...(list ?? [])].map((file) => ({ path: file.webkitRelativePath || file.name, file })));

  async function onDrop(e: DragEvent<HTMLElement>) {
    e.preventDefault();
    setOver(false);
    await send(await droppedFiles(e.dataTransfer));
  }

  return (
    <section
      className={`upload ${over ? 'over' : ''}`}
      data-testid="upload-area"
      data-upload-state={state.kind}
      onDragOver={(e) => { e.preventDefault(); setOver(true); }}
      onDragLeave={() => setOver(false)}
      onDrop={(e) => void onDrop(e)}
    >
      <p>Drop a DICOM folder, a zip of DICOM files or a NIfTI file (.nii, .nii.gz) here, or</p>
      <p>
        <button type="button" disabled={inactive} onClick={() => fileInput.current?.click()}>Choose files…</button>{' '}
        <button type="button" disabled={inactive} onClick={() => folderInput.current?.click()}>Choose a DICOM folder…</button>
      </p>
      <input ref={fileInput} type="file" multiple hidden data-testid="upload-files" accept=".zip,.nii,.gz,.dcm,application/zip,application/dicom"
        onChange={(e) => { fromInput(e.target.files); e.target.value = ''; }} />
      <input ref={folderInput} type="file" multiple hidden
        {...{ webkitdirectory: '', directory: '' }}
        onChange={(e) => { fromInput(e.target.files); e.target.value = ''; }} />
      {state.kind === 'zipping' && <p>Packing {state.files} files…</p>}
      {state.kind === 'sending' && (
        <p>
          Uploading… <progress max={1} value={state.fraction} data-testid="upload-progress" /> {Math.round(state.fraction * 100)}%
        </p>
      )}
      {state.kind === 'ingesting' && <IngestProgress progressId={state.progressId} />}
      {state.kind === 'done' && (
        <p className="ok">
          Ingested. {state.seriesCount > 1 ? `The upload holds ${state.seriesCount} series: pick others below.` : ''}
          {state.warnings.map((w) => <span key={w} className="warning"> {w}</span>)}
        </p>
      )}
      {state.kind === 'error' && <p className="error" role="alert" data-testid="upload-error">{state.message}</p>}
    </section>
  );
}
