'use client';
/** The viewer with its toolbar (window/level presets, layout); NiiVue is loaded only in the browser. */
import dynamic from 'next/dynamic';
import { WINDOW_PRESETS, useViewerStore, type ViewLayout } from '../client/viewer-store.ts';

const NiivueViewer = dynamic(() => import('./niivue-viewer.tsx'), { ssr: false, loading: () => <p>Loading viewer…</p> });

const LAYOUTS: ViewLayout[] = ['multiplanar', 'axial', 'coronal', 'sagittal', 'render'];

export function ViewerPanel() {
  const seriesId = useViewerStore((s) => s.seriesId);
  const preset = useViewerStore((s) => s.preset);
  const setPreset = useViewerStore((s) => s.setPreset);
  const layout = useViewerStore((s) => s.layout);
  const setLayout = useViewerStore((s) => s.setLayout);
  const render = useViewerStore((s) => s.render);
  if (seriesId === null) return null;
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
        {render.kind === 'ready' && <span data-testid="viewer-dims">{render.dims.join('×')}</span>}
      </div>
      <NiivueViewer key={seriesId} seriesId={seriesId} />
    </section>
  );
}
