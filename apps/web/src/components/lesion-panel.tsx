'use client';
/**
 * Lesions beside the viewer: the tools (navigate, click-to-segment, pen, erase, save the edited
 * drawing), mask import (NIfTI / DICOM SEG), and the lesion list of the case's current mask
 * (volume mL, longest axial diameter mm, centroid RAS mm) with remove / clear.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { formatVolumeMl } from '@mewm/contracts';
import { savedDrawing } from '../client/niivue-handle.ts';
import { useTRPC } from '../client/trpc.ts';
import { uploadLesionMask } from '../client/upload-mask.ts';
import { useViewerStore, type ViewerTool } from '../client/viewer-store.ts';
import type { CaseLesions } from '../server/services/lesions.ts';

const TOOLS: { id: ViewerTool; label: string; title: string }[] = [
  { id: 'navigate', label: 'Navigate', title: 'a click moves the crosshair' },
  { id: 'segment', label: 'Click-to-segment', title: 'a click inside a lesion segments it' },
  { id: 'pen', label: 'Pen', title: 'draw lesion voxels on a 2D view' },
  { id: 'erase', label: 'Erase', title: 'erase lesion voxels on a 2D view' },
];

type Busy = { kind: 'idle' } | { kind: 'busy'; what: string } | { kind: 'error'; message: string };

export function LesionPanel({ caseId, seriesId }: { caseId: string; seriesId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const listKey = trpc.lesions.list.queryKey({ caseId });
  const lesions = useQuery(trpc.lesions.list.queryOptions({ caseId }));
  const tool = useViewerStore((s) => s.tool);
  const setTool = useViewerStore((s) => s.setTool);
  const setOverlayMaskId = useViewerStore((s) => s.setOverlayMaskId);
  const segmentRequest = useViewerStore((s) => s.segmentRequest);
  const goToPoint = useViewerStore((s) => s.goToPoint);
  const [busy, setBusy] = useState<Busy>({ kind: 'idle' });
  const [warnings, setWarnings] = useState<string[]>([]);
  const fileInput = useRef<HTMLInputElement>(null);
  const handled = useRef(0);

  const onLesions = (data: CaseLesions) => {
    queryClient.setQueryData(listKey, data);
    // the plan panel's preview depends on the case's mask
    void queryClient.invalidateQueries({ queryKey: trpc.plans.pathKey() });
    setBusy({ kind: 'idle' });
  };
  const onError = (e: unknown) => setBusy({ kind: 'error', message: e instanceof Error ? e.message : 'the request failed' });

  const segment = useMutation(trpc.lesions.segment.mutationOptions({
    onSuccess: (data) => {
      setWarnings(data.warnings);
      onLesions({ mask: data.mask, lesions: data.lesions });
    },
    onError,
  }));
  const remove = useMutation(trpc.lesions.remove.mutationOptions({ onSuccess: onLesions, onError }));
  const clear = useMutation(trpc.lesions.clear.mutationOptions({ onSuccess: () => onLesions({ mask: null, lesions: [] }), onError }));

  // the overlay follows the case's current mask (when it is on the series being viewed)
  const mask = lesions.data?.mask ?? null;
  useEffect(() => {
    setOverlayMaskId(mask && mask.seriesId === seriesId ? mask.id : null);
  }, [mask, seriesId, setOverlayMaskId]);

  // a click in the viewer with the segment tool
  useEffect(() => {
    if (!segmentRequest || segmentRequest.seq === handled.current) return;
    handled.current = segmentRequest.seq;
    setBusy({ kind: 'busy', what: 'Segmenting…' });
    segment.mutate({ caseId, seriesId, pointRas: segmentRequest.pointRas });
  }, [segmentRequest, caseId, seriesId, segment]);

  async function importFile(file: File) {
    setBusy({ kind: 'busy', what: 'Importing the mask…' });
    try {
      onLesions(await uploadLesionMask(caseId, seriesId, file, file.name));
      setWarnings([]);
    } catch (e) {
      onError(e);
    }
  }

  async function saveDrawing() {
    setBusy({ kind: 'busy', what: 'Saving the drawing…' });
    try {
      const bytes = await savedDrawing();
      if (!bytes) throw new Error('there is no drawing to save');
      const data = await uploadLesionMask(caseId, seriesId, new Blob([bytes as Uint8Array<ArrayBuffer>]), 'drawing.nii', { drawn: true });
      setTool('navigate');
      onLesions(data);
    } catch (e) {
      onError(e);
    }
  }

  const drawing = tool === 'pen' || tool === 'erase';
  const list = lesions.data?.lesions ?? [];
  return (
    <aside className="lesion-panel" data-testid="lesion-panel" aria-busy={busy.kind === 'busy'}>
      <h3>Lesions</h3>
      <div role="group" aria-label="Viewer tool" className="tools">
        {TOOLS.map((t) => (
          <button key={t.id} type="button" aria-pressed={tool === t.id} title={t.title} onClick={() => setTool(t.id)} data-testid={`tool-${t.id}`}>
            {t.label}
          </button>
        ))}
      </div>
      {drawing && (
        <p className="tools">
          <button type="button" onClick={() => void saveDrawing()} data-testid="save-drawing">Save drawing as the mask</button>
          <button type="button" onClick={() => setTool('navigate')}>Discard</button>
        </p>
      )}
      {tool === 'segment' && <p className="hint">Click inside a lesion on a 2D view.</p>}
      <p>
        <button type="button" onClick={() => fileInput.current?.click()}>Import mask (NIfTI / DICOM SEG)…</button>
        <input
          ref={fileInput} type="file" hidden accept=".nii,.nii.gz,.gz,.dcm,application/dicom" data-testid="mask-input"
          onChange={(e) => {
            const f = e.target.files?.[0];
            e.target.value = '';
            if (f) void importFile(f);
          }}
        />
      </p>
      {busy.kind === 'busy' && <p role="status">{busy.what}</p>}
      {busy.kind === 'error' && <p className="error" role="alert">{busy.message}</p>}
      {warnings.map((w) => <p key={w} className="warning">{w}</p>)}
      {list.length === 0 ? (
        <p data-testid="lesion-list-empty">No lesion yet: click-to-segment or import a mask.</p>
      ) : (
        <table className="lesions" data-testid="lesion-list">
          <thead>
            <tr><th>Lesion</th><th>Volume (mL)</th><th>Longest axial ⌀ (mm)</th><th>Centroid RAS (mm)</th><th /></tr>
          </thead>
          <tbody>
            {list.map((l) => (
              <tr key={l.index} data-testid="lesion-row">
                <td><button type="button" className="link" title="go to its centroid" onClick={() => goToPoint(l.centroidRas)}>{l.label}</button></td>
                <td data-testid="lesion-volume-ml">{formatVolumeMl(l.volumeMl)}</td>
                <td data-testid="lesion-diameter-mm">{l.longestAxialDiameterMm.toFixed(1)}</td>
                <td>{l.centroidRas.map((v) => v.toFixed(1)).join(', ')}</td>
                <td><button type="button" aria-label={`remove ${l.label}`} onClick={() => remove.mutate({ caseId, index: l.index })}>✕</button></td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {mask && (
        <p className="mask-meta" data-testid="lesion-mask-meta">
          Mask: {mask.origin}, {mask.seriesId === seriesId ? 'on this series' : 'on another series'}{' '}
          <button type="button" onClick={() => { if (window.confirm('Remove every lesion mask of this case?')) clear.mutate({ caseId }); }}>Clear all</button>
        </p>
      )}
    </aside>
  );
}
