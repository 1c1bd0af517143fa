'use client';
/**
 * Compare: a grid of synchronised NiiVue views of a finished plan — the pre-treatment CT (with the
 * lesion mask) and each candidate's simulated CT (with its tissue-state map), in rank order — with
 * linked crosshair, slice, zoom/pan and view type (NiiVue broadcastTo), and a sample switcher. A
 * difference mode shows each candidate as simulated − pre-treatment CT (HU, diverging colormap, ±w HU).
 * The views start at the lesion centre; a view that reloads (sample, mode, layout) takes the grid's position.
 * Reading tools: one CT window for the grid and the viewer (a right-drag on any CT view sets it),
 * layouts (all, 1×1 / 1×2 / 2×2 paged, baseline + one candidate), a full-screen button per tile
 * (Escape restores), the tissue-state legend, and the difference drawn over the grey CT.
 */
import { useQuery } from '@tanstack/react-query';
import { SLICE_TYPE, type Niivue } from '@niivue/niivue';
import dynamic from 'next/dynamic';
import { useCallback, useEffect, useRef, useState } from 'react';
import { COMPARE_LAYOUTS, COMPARE_LAYOUT_LABELS, layoutTiles, type CompareLayout } from '../client/compare-layout.ts';
import { customWindow, windowRange } from '../client/window-level.ts';
import { TissueStateLegend } from './tissue-state-legend.tsx';
import { usePlanStore } from '../client/plan-store.ts';
import { useTRPC } from '../client/trpc.ts';
import { DIFFERENCE_THRESHOLD_HU, DIFFERENCE_WINDOW_HU } from '../client/difference-colormap.ts';
import { useViewerStore } from '../client/viewer-store.ts';
import type { CompareStart } from './compare-view.tsx';
import { MeasureToolButtons } from './measure-tools.tsx';
import { sampleLabel, sampleNumber, type MeasurementTarget } from '@mewm/contracts';

const CompareView = dynamic(() => import('./compare-view.tsx'), { ssr: false, loading: () => <p>Loading viewer…</p> });

const SLICE_TYPES = { axial: SLICE_TYPE.AXIAL, coronal: SLICE_TYPE.CORONAL, sagittal: SLICE_TYPE.SAGITTAL, render: SLICE_TYPE.RENDER } as const;
type CompareSlice = keyof typeof SLICE_TYPES;
const SYNC = { '2d': true, '3d': true, crosshair: true, zoomPan: true, sliceType: true };

export function ComparePanel({ caseId }: { caseId: string }) {
  const trpc = useTRPC();
  const jobs = useQuery({ ...trpc.compare.jobs.queryOptions({ caseId }), refetchInterval: 5000 });
  const [jobId, setJobId] = useState<string | null>(null);
  // default: the job selected in the plan panel when it has finished, else the newest finished one
  const selectedInPlans = usePlanStore((s) => s.selectedJobId);
  const chosen = jobId ?? jobs.data?.find((j) => j.id === selectedInPlans)?.id ?? jobs.data?.[0]?.id ?? null;
  const set = useQuery({ ...trpc.compare.get.queryOptions({ caseId, jobId: chosen ?? '' }), enabled: chosen !== null });
  const [sample, setSample] = useState(0);
  const [showStates, setShowStates] = useState(true);
  const [difference, setDifference] = useState(false);
  // the ±HU field as typed, and the window applied (the last value typed within the allowed range)
  const [diffWindowText, setDiffWindowText] = useState(String(DIFFERENCE_WINDOW_HU.default));
  const [diffWindowHu, setDiffWindowHu] = useState<number>(DIFFERENCE_WINDOW_HU.default);
  const [thresholdHu, setThresholdHu] = useState<number>(DIFFERENCE_THRESHOLD_HU.default);
  const [diffUnder, setDiffUnder] = useState<'simulated' | 'pre'>('simulated');
  const [slice, setSlice] = useState<CompareSlice>('axial');
  const [layout, setLayout] = useState<CompareLayout>('all');
  const [page, setPage] = useState(0);
  const [pinned, setPinned] = useState<string | undefined>(undefined);
  const [maximised, setMaximised] = useState<string | null>(null);
  const preset = useViewerStore((s) => s.preset);
  const setPreset = useViewerStore((s) => s.setPreset);
  const onWindowDrag = useCallback((min: number, max: number) => setPreset(customWindow(min, max)), [setPreset]);
  const views = useRef(new Map<string, Niivue>());
  const [readyCount, setReadyCount] = useState(0);

  const register = useCallback((key: string, nv: Niivue | null) => {
    if (nv) views.current.set(key, nv);
    else views.current.delete(key);
    setReadyCount(views.current.size);
  }, []);

  // a loading view starts where the grid is (any loaded view), else at the lesion centre
  const lesionCentre = set.data?.lesionCentreRas ?? null;
  const startAt = useCallback((): CompareStart | null => {
    const other = views.current.values().next().value;
    if (other) {
      const mm = other.frac2mm(other.scene.crosshairPos);
      const p = other.scene.pan2Dxyzmm;
      return { mm: [mm[0], mm[1], mm[2]], pan2Dxyzmm: [p[0], p[1], p[2], p[3]] };
    }
    return lesionCentre ? { mm: [...lesionCentre] } : null;
  }, [lesionCentre]);

  // link every view to all the others (NiiVue syncs only from the focused canvas, so no loops)
  useEffect(() => {
    const all = [...views.current.values()];
    for (const nv of all) nv.broadcastTo(all.filter((o) => o !== nv), SYNC);
  }, [readyCount]);

  // Escape leaves a full-screen tile
  useEffect(() => {
    if (maximised === null) return;
    const onKey = (e: KeyboardEvent) => { if (e.key === 'Escape') setMaximised(null); };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [maximised]);

  if (!jobs.data || jobs.data.length === 0) return null;
  const data = set.data;
  const k = Math.min(sample, Math.max(0, (data?.sampleCount ?? 1) - 1));
  const windowHu = windowRange(preset);
  type Tile = { key: string; candidate?: string; title: string; kind: 'ct' | 'difference'; volumeUrl: string; overlayUrl: string | null; labels: boolean; difference?: { url: string; windowHu: number; thresholdHu: number };
    /** What a measurement on this tile measures (null: not measurable, a difference). */
    measure: MeasurementTarget | null;
  };
  const tiles: Tile[] = data
    ? [
        {
          key: 'pre', title: 'Pre-treatment CT', kind: 'ct', volumeUrl: data.ctUrl, overlayUrl: data.lesionMaskUrl, labels: false,
          // the plan's CT is its series, in the same RAS space: the series' measurements show here
          measure: data.seriesId === null ? null : { kind: 'series', seriesId: data.seriesId },
        },
        ...data.candidates.flatMap((c): Tile[] => {
          const s = c.samples.find((x) => x.sample === k) ?? c.samples[0];
          if (!s) return [];
          const overlayUrl = showStates ? s.statesUrl : null;
          const key = `${c.name}-${s.sample}`;
          return [difference
            ? {
                key, candidate: c.name, title: `#${c.rank} ${c.name} · ${sampleLabel(s.sample)} · simulated − pre-treatment on the ${diffUnder === 'pre' ? 'pre-treatment' : 'simulated'} CT`,
                kind: 'difference', volumeUrl: diffUnder === 'pre' ? data.ctUrl : s.volumeUrl, overlayUrl, labels: true,
                difference: { url: s.differenceUrl, windowHu: diffWindowHu, thresholdHu }, measure: null,
              }
            : {
                key, candidate: c.name, title: `#${c.rank} ${c.name} · ${sampleLabel(s.sample)}`, kind: 'ct', volumeUrl: s.volumeUrl, overlayUrl, labels: true,
                measure: { kind: 'sample', jobId: data.jobId, candidate: c.name, sample: s.sample },
              }];
        }),
      ]
    : [];
  const view = layoutTiles(tiles.map((t) => t.key), layout, page, tiles.find((t) => t.candidate === pinned)?.key);
  const shown = view.shown.map((key) => tiles.find((t) => t.key === key)!);

  return (
    <section data-testid="compare-panel">
      <div className="toolbar">
        <h2>Compare</h2>
        <label>Plan <select value={chosen ?? ''} onChange={(e) => setJobId(e.target.value)} aria-label="Plan job">
          {jobs.data.map((j) => <option key={j.id} value={j.id}>{j.finishedAt ? new Date(j.finishedAt).toLocaleString() : j.id}</option>)}
        </select></label>
        <label>Sample <select value={k} onChange={(e) => setSample(Number(e.target.value))} aria-label="Sample" data-testid="compare-sample">
          {Array.from({ length: data?.sampleCount ?? 1 }, (_, i) => <option key={i} value={i}>{sampleNumber(i)}</option>)}
        </select></label>
        <select value={slice} onChange={(e) => setSlice(e.target.value as CompareSlice)} aria-label="Compare view">
          {Object.keys(SLICE_TYPES).map((s) => <option key={s} value={s}>{s === 'render' ? '3D render' : s}</option>)}
        </select>
        <label>Tiles <select value={layout} onChange={(e) => { setLayout(e.target.value as CompareLayout); setPage(0); }} aria-label="Compare tiles" data-testid="compare-layout">
          {COMPARE_LAYOUTS.map((l) => <option key={l} value={l}>{COMPARE_LAYOUT_LABELS[l]}</option>)}
        </select></label>
        {view.pageCount > 1 && (
          <span role="group" aria-label="Page">
            <button type="button" disabled={view.page === 0} onClick={() => setPage(view.page - 1)} data-testid="compare-prev">‹ Prev</button>
            <span data-testid="compare-page">{view.page + 1}/{view.pageCount}</span>
            <button type="button" disabled={view.page >= view.pageCount - 1} onClick={() => setPage(view.page + 1)} data-testid="compare-next">Next ›</button>
          </span>
        )}
        {layout === 'baseline' && data && (
          <select value={pinned ?? data.candidates[0]?.name ?? ''} onChange={(e) => setPinned(e.target.value)} aria-label="Candidate beside the baseline" data-testid="compare-pinned">
            {data.candidates.map((c) => <option key={c.name} value={c.name}>#{c.rank} {c.name}</option>)}
          </select>
        )}
        <label><input type="checkbox" checked={showStates} onChange={(e) => setShowStates(e.target.checked)} data-testid="compare-states" /> tissue states</label>
        <label><input type="checkbox" checked={difference} onChange={(e) => setDifference(e.target.checked)} data-testid="compare-difference" /> difference</label>
        {difference && (
          <label>±<input
            type="number" min={DIFFERENCE_WINDOW_HU.min} max={DIFFERENCE_WINDOW_HU.max} step={10} value={diffWindowText} aria-label="Difference window (± HU)"
            data-testid="compare-difference-window" style={{ width: '5rem' }}
            onChange={(e) => {
              setDiffWindowText(e.target.value);
              const w = Number(e.target.value);
              if (e.target.value !== '' && w >= DIFFERENCE_WINDOW_HU.min && w <= DIFFERENCE_WINDOW_HU.max) setDiffWindowHu(w);
            }}
          /> HU</label>
        )}
        {difference && (
          <label>hide |Δ| &lt; <input
            type="number" min={DIFFERENCE_THRESHOLD_HU.min} max={DIFFERENCE_THRESHOLD_HU.max} step={5} defaultValue={thresholdHu} aria-label="Difference threshold (HU)"
            data-testid="compare-difference-threshold" style={{ width: '4rem' }}
            onChange={(e) => {
              const t = Number(e.target.value);
              if (e.target.value !== '' && t >= DIFFERENCE_THRESHOLD_HU.min && t <= DIFFERENCE_THRESHOLD_HU.max) setThresholdHu(t);
            }}
          /> HU</label>
        )}
        {difference && (
          <select value={diffUnder} onChange={(e) => setDiffUnder(e.target.value as 'simulated' | 'pre')} aria-label="CT under the difference" data-testid="compare-difference-under">
            <option value="simulated">on the simulated CT</option>
            <option value="pre">on the pre-treatment CT</option>
          </select>
        )}
        <MeasureToolButtons idPrefix="compare-tool" />
        <span className="hint">Linked: crosshair, slice, zoom/pan, window (right-drag). Window: <span data-testid="compare-window-label">{preset.label}</span>.</span>
      </div>
      {difference && (
        <p className="hint" data-testid="compare-difference-caption">
          Difference = simulated − pre-treatment CT, in HU (window ±{diffWindowHu} HU: blue = lower, red = higher), drawn over the grey CT;
          transparent where |difference| &lt; {thresholdHu} HU.
          A model output, research use only, not for clinical use.
        </p>
      )}
      {set.error && <p className="error" role="alert">{set.error.message}</p>}
      <div className="compare-body">
        <div className="compare-grid" data-testid="compare-grid" data-layout={layout} style={layout === 'all' ? undefined : { gridTemplateColumns: `repeat(${view.columns}, minmax(0, 1fr))` }}>
          {shown.map((t) => (
            <figure key={t.key} className={maximised === t.key ? 'compare-tile maximised' : 'compare-tile'} data-testid="compare-tile" data-tile={t.key} data-maximised={maximised === t.key}>
              <figcaption>
                <span>{t.title}</span>
                <span className="hint" data-testid="compare-tile-window"> · CT {preset.label}{t.difference ? ` · Δ ±${t.difference.windowHu} HU` : ''}</span>
                <button
                  type="button" className="tile-maximise" data-testid="compare-fullscreen" aria-pressed={maximised === t.key}
                  onClick={() => setMaximised(maximised === t.key ? null : t.key)}
                >{maximised === t.key ? 'Restore (Esc)' : 'Full screen'}</button>
              </figcaption>
              <CompareView
                volumeUrl={t.volumeUrl} kind={t.kind} difference={t.difference} overlayUrl={t.overlayUrl} overlayIsLabels={t.labels}
                sliceType={SLICE_TYPES[slice]} windowHu={windowHu} onWindowDrag={onWindowDrag} startAt={startAt} onReady={(nv) => register(t.key, nv)} caseId={caseId} measureTarget={t.measure}
              />
            </figure>
          ))}
        </div>
        {showStates && <TissueStateLegend />}
      </div>
    </section>
  );
}
