'use client';
/**
 * Compare: a grid of synchronised NiiVue views of a finished plan — the pre-treatment CT (with the
 * lesion mask) and each candidate's simulated CT (with its tissue-state map), in rank order — with
 * linked crosshair, slice, zoom/pan and view type (NiiVue broadcastTo), and a sample switcher. A
 * difference mode shows each candidate as simulated − pre-treatment CT (HU, diverging colormap, ±w HU).
 * The views start at the lesion centre; a view that reloads (sample, mode) takes the grid's position.
 */
import { useQuery } from '@tanstack/react-query';
import { SLICE_TYPE, type Niivue } from '@niivue/niivue';
import dynamic from 'next/dynamic';
import { useCallback, useEffect, useRef, useState } from 'react';
import { usePlanStore } from '../client/plan-store.ts';
import { useTRPC } from '../client/trpc.ts';
import { DIFFERENCE_WINDOW_HU } from '../client/difference-colormap.ts';
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
  const [slice, setSlice] = useState<CompareSlice>('axial');
  const preset = useViewerStore((s) => s.preset);
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

  if (!jobs.data || jobs.data.length === 0) return null;
  const data = set.data;
  const k = Math.min(sample, Math.max(0, (data?.sampleCount ?? 1) - 1));
  const windowHu = { min: preset.levelHu - preset.widthHu / 2, max: preset.levelHu + preset.widthHu / 2 };
  const diffWindow = { min: -diffWindowHu, max: diffWindowHu };
  const tiles = data
    ? [
        {
          key: 'pre', title: 'Pre-treatment CT', kind: 'ct' as const, volumeUrl: data.ctUrl, overlayUrl: data.lesionMaskUrl, labels: false, window: windowHu,
          // the plan's CT is its series, in the same RAS space: the series' measurements show here
          measure: data.seriesId === null ? null : { kind: 'series', seriesId: data.seriesId } as MeasurementTarget | null,
        },
        ...data.candidates.flatMap((c) => {
          const s = c.samples.find((x) => x.sample === k) ?? c.samples[0];
          if (!s) return [];
          const overlayUrl = showStates ? s.statesUrl : null;
          return [difference
            ? { key: `${c.name}-${s.sample}`, title: `#${c.rank} ${c.name} · ${sampleLabel(s.sample)} · simulated − pre-treatment`, kind: 'difference' as const, volumeUrl: s.differenceUrl, overlayUrl, labels: true, window: diffWindow, measure: null }
            : {
                key: `${c.name}-${s.sample}`, title: `#${c.rank} ${c.name} · ${sampleLabel(s.sample)}`, kind: 'ct' as const, volumeUrl: s.volumeUrl, overlayUrl, labels: true, window: windowHu,
                measure: { kind: 'sample', jobId: data.jobId, candidate: c.name, sample: s.sample } as MeasurementTarget | null,
              }];
        }),
      ]
    : [];

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
        <label><input type="checkbox" checked={showStates} onChange={(e) => setShowStates(e.target.checked)} /> tissue states</label>
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
        <MeasureToolButtons idPrefix="compare-tool" />
        <span className="hint">Linked: crosshair, slice, zoom/pan. Window: {preset.label}.</span>
      </div>
      {difference && (
        <p className="hint" data-testid="compare-difference-caption">
          Difference = simulated − pre-treatment CT, in HU (window ±{diffWindowHu} HU: blue = lower, white = unchanged, red = higher).
          A model output, research use only, not for clinical use.
        </p>
      )}
      {set.error && <p className="error" role="alert">{set.error.message}</p>}
      <div className="compare-grid">
        {tiles.map((t) => (
          <figure key={t.key} className="compare-tile">
            <figcaption>{t.title}</figcaption>
            <CompareView
              volumeUrl={t.volumeUrl} kind={t.kind} overlayUrl={t.overlayUrl} overlayIsLabels={t.labels} sliceType={SLICE_TYPES[slice]} windowHu={t.window}
              startAt={startAt} onReady={(nv) => register(t.key, nv)} caseId={caseId} measureTarget={t.measure}
            />
          </figure>
        ))}
      </div>
    </section>
  );
}
