'use client';
/**
 * The viewer with its toolbar (window/level presets, layout, go to a RAS point, measurement tools), the lesion
 * panel beside it and the case's measurements below; NiiVue is loaded only in the browser.
 */
import dynamic from 'next/dynamic';
import { useState, type SubmitEvent } from 'react';
import { WINDOW_PRESETS, useViewerStore, type ViewLayout } from '../client/viewer-store.ts';
import { RENDER_PRESETS, type ClipOrientation, type RenderPresetId } from '../client/render-3d.ts';
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
  const renderPreset = useViewerStore((s) => s.renderPreset);
  const setRenderPreset = useViewerStore((s) => s.setRenderPreset);
  const clipPlane = useViewerStore((s) => s.clipPlane);
  const setClipPlane = useViewerStore((s) => s.setClipPlane);
  const anatomyOverlays = useViewerStore((s) => s.anatomyOverlays);
  const setAnatomyOverlay = useViewerStore((s) => s.setAnatomyOverlay);
  const [point, setPoint] = useState('');
  const [pointError, setPointError] = useState<string | null>(null);
  if (seriesId === null) return null;
  const has3d = layout === 'render' || layout === 'multiplanar';

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
      {/* a row of its own, always the same controls: the row above never changes width, so the viewer below never moves */}
      <div className="toolbar">
        <MeasureToolButtons />
        <span role="group" aria-label="3D render" className="render-tools" title={has3d ? undefined : 'for the multiplanar and 3D layouts'}>
          <select value={renderPreset} disabled={!has3d} onChange={(e) => setRenderPreset(e.target.value as RenderPresetId)} aria-label="3D preset" data-testid="render-preset">
            {RENDER_PRESETS.map((p) => <option key={p.id} value={p.id}>{p.label}</option>)}
          </select>
          <select
            value={clipPlane.orientation} disabled={!has3d} aria-label="Clip plane" data-testid="clip-orientation"
            onChange={(e) => setClipPlane({ ...clipPlane, orientation: e.target.value as ClipOrientation })}
          >
            {(['off', 'axial', 'coronal', 'sagittal'] as const).map((o) => <option key={o} value={o}>{o === 'off' ? 'no clip' : `clip ${o}`}</option>)}
          </select>
          <input
            type="range" min={-0.5} max={0.5} step={0.05} value={clipPlane.depth} aria-label="Clip depth" data-testid="clip-depth"
            disabled={!has3d || clipPlane.orientation === 'off'}
            onChange={(e) => setClipPlane({ ...clipPlane, depth: Number(e.target.value) })}
          />
        </span>
        <span role="group" aria-label="Anatomy overlays" className="anatomy-tools" title="segmented from this CT on first use (a few seconds)">
          <label><input type="checkbox" checked={anatomyOverlays.liver} onChange={(e) => setAnatomyOverlay('liver', e.target.checked)} data-testid="overlay-liver" /> liver</label>
          <label><input type="checkbox" checked={anatomyOverlays.vessels} onChange={(e) => setAnatomyOverlay('vessels', e.target.checked)} data-testid="overlay-vessels" /> vessels ≥ 3 mm</label>
        </span>
        <span className="window-readout" data-testid="window-custom" data-preset={preset.id}>{preset.id === 'custom' ? preset.label : ''}</span>
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
