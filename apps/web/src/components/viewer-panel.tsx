'use client';
/**
 * The viewer with its toolbar (window/level presets, layout, go to a RAS point, measurement tools), the lesion
 * panel beside it and the case's measurements below; NiiVue is loaded only in the browser.
 */
import dynamic from 'next/dynamic';
import { useState, type SubmitEvent } from 'react';
import { WINDOW_PRESETS, useViewerStore, type ViewLayout } from '../client/viewer-store.ts';
import { LesionPanel } from './lesion-panel.tsx';
import { MeasureToolButtons } from './measure-tools.tsx';
import { MeasurementList } from './measurement-list.tsx';

const NiivueViewer = dynamic(() => import('./niivue-viewer.tsx'), { ssr: false, loading: () => <p>Loading viewer…</p> });

const LAYOUTS: ViewLayout[] = ['multiplanar', 'axial', 'coronal', 'sagittal', 'render'];

export function ViewerPanel({ caseId }: { caseId: string }) {
  const seriesId = useViewerStore((s) => s.seriesId);
  const preset = useViewerStore((s) => s.preset);
  const setPreset = useViewerStore((s) => s.setPreset);
  const layout = useViewerStore((s) => s.layout);
  const setLayout = useViewerStore((s) => s.setLayout);
  const render = useViewerStore((s) => s.render);
  const goToPoint = useViewerStore((s) => s.goToPoint);
  const [point, setPoint] = useState('');
  const [pointError, setPointError] = useState<string | null>(null);
  if (seriesId === null) return null;

  function onGoTo(e: SubmitEvent<HTMLFormElement>) {
    e.preventDefault();
    const xyz = point.split(/[\s,;]+/).filter(Boolean).map(Number);
    if (xyz.length !== 3 || !xyz.every(Number.isFinite)) {
      setPointError('three numbers: R, A, S in mm');
      return;
    }
    setPointError(null);
    goToPoint([xyz[0]!, xyz[1]!, xyz[2]!]);
  }

  return (
    <section>
      <div className="toolbar">
        <h2>Viewer</h2>
        <span role="group" aria-label="Window/level">
          {WINDOW_PRESETS.map((p) => (
            <button key={p.id} type="button" aria-pressed={preset.id === p.id} onClick={() => setPreset(p)}>{p.label}</button>
          ))}
        </span>
        <select value={layout} onChange={(e) => setLayout(e.target.value as ViewLayout)} aria-label="Layout">
          {LAYOUTS.map((l) => <option key={l} value={l}>{l === 'render' ? '3D render' : l}</option>)}
        </select>
        <form onSubmit={onGoTo} className="goto">
          <label>Go to RAS (mm) <input value={point} onChange={(e) => setPoint(e.target.value)} placeholder="R, A, S" size={16} data-testid="goto-ras" /></label>
          <button type="submit">Go</button>
          {pointError && <span className="error">{pointError}</span>}
        </form>
      </div>
      {/* a row of its own: the row above stays as wide as before, so the viewer below never moves when a width changes */}
      <div className="toolbar">
        <MeasureToolButtons />
        {render.kind === 'ready' && <span data-testid="viewer-dims">{render.dims.join('×')}</span>}
      </div>
      <div className="viewer-row">
        <NiivueViewer key={seriesId} caseId={caseId} seriesId={seriesId} />
        <LesionPanel caseId={caseId} seriesId={seriesId} />
      </div>
      <MeasurementList caseId={caseId} />
    </section>
  );
}
