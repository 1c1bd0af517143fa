'use client';
/**
 * One tile of the compare grid: a NiiVue view of one CT (pre-treatment or simulated, grey, in the grid's
 * shared window) with optional layers on top: for a difference tile, simulated − pre-treatment CT in the
 * diverging colormap, transparent where |difference| is under a threshold, with its colour bar; and an
 * overlay (the lesion mask in red, or the sample's tissue states in the legend's label colours). Once
 * loaded, the view moves its crosshair (and zoom/pan) to `startAt()` — the grid's current position, or
 * the lesion centre when the grid is new. The grid links the tiles (broadcastTo). A right-drag (NiiVue's
 * windowing drag, niivue-windowing.ts) on the CT reports the new window through `onWindowDrag`, for every view to follow.
 * Measurement tools as in the viewer (use-niivue-measurements.ts) on a CT tile.
 * Publishes data-render-state, data-volume-kind, data-start-mm (RAS mm, where it started), data-window
 * (the CT's display range, "min,max" HU) and data-difference-window (±HU, difference tiles), data-measure-state and data-measurements (the case's measurements on this tile's volume).
 */
import { Niivue, NVImage, SLICE_TYPE } from '@niivue/niivue';
import { useEffect, useRef, useState } from 'react';
import type { MeasurementTarget } from '@mewm/contracts';
import { registerDifferenceOverlayColormap } from '../client/difference-colormap.ts';
import { gpuIdle } from '../client/gpu-idle.ts';
import { afterEachDraw, referenceLinesOf } from '../client/reference-lines.ts';
import { attachWindowing } from '../client/niivue-windowing.ts';
import { skipUnusedGradientPasses } from '../client/niivue-gradient-passes.ts';
import { specializeOrientPass } from '../client/niivue-orient-pass.ts';
import { tissueStateLabelColormap } from '../client/tissue-state-colormap.ts';
import { useNiivueMeasurements } from '../client/use-niivue-measurements.ts';
import { windowAttr } from '../client/window-level.ts';
import { MeasureHint } from './measure-tools.tsx';


export type CompareVolumeKind = 'ct' | 'difference';

/** Where a view starts: a RAS mm point for the crosshair and, optionally, NiiVue's 2D pan/zoom. */
export interface CompareStart {
  mm: [number, number, number];
  pan2Dxyzmm?: [number, number, number, number];
}

export interface CompareViewProps {
  /** The grey CT (for a difference tile: the CT under the difference). */
  volumeUrl: string;
  kind: CompareVolumeKind;
  /** kind 'difference': the difference NIfTI (HU), its ±HU window and the |HU| under which it is transparent. */
  difference?: { url: string; windowHu: number; thresholdHu: number };
  overlayUrl: string | null;
  /** true: the overlay is a label map shown with NiiVue's label colours; false: a binary mask in red. */
  overlayIsLabels: boolean;
  sliceType: SLICE_TYPE;
  /** The CT's display window (HU), shared by the grid and the viewer. */
  windowHu: { min: number; max: number };
  /** A right-drag changed this view's CT window (HU). */
  onWindowDrag?: (minHu: number, maxHu: number) => void;
  /** Called once when the volume has loaded; null leaves NiiVue's default (the volume's middle). */
  startAt: () => CompareStart | null;
  onReady: (nv: Niivue | null) => void;
  /** The case, and what this tile's volume is for the measurement tools (null: not measurable, e.g. a difference). */
  caseId: string;
  measureTarget: MeasurementTarget | null;
}

export default function CompareView({ volumeUrl, kind, difference, overlayUrl, overlayIsLabels, sliceType, windowHu, onWindowDrag, startAt, onReady, caseId, measureTarget }: CompareViewProps) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const [state, setState] = useState<'loading' | 'ready' | 'error'>('loading');
  const [message, setMessage] = useState('');
  const [startMm, setStartMm] = useState<string | undefined>(undefined);
  const nvRef = useRef<Niivue | null>(null);
  const view = useRef<HTMLDivElement>(null);
  const hLine = useRef<HTMLDivElement>(null);
  const vLine = useRef<HTMLDivElement>(null);
  /** The reference lines through the crosshair, after every frame (set on the elements: no re-render). */
  const placeReferenceLines = (nv: Niivue) => {
    const el = canvas.current, h = hLine.current, v = vLine.current;
    if (!el || !h || !v) return;
    const lines = referenceLinesOf(nv, el);
    h.hidden = v.hidden = lines === null;
    if (lines === null) {
      view.current?.removeAttribute('data-reference-px');
      return;
    }
    Object.assign(h.style, { left: `${lines.left}px`, width: `${lines.width}px`, top: `${Math.round(lines.y)}px` });
    Object.assign(v.style, { top: `${lines.top}px`, height: `${lines.height}px`, left: `${Math.round(lines.x)}px` });
    view.current?.setAttribute('data-reference-px', `${lines.x.toFixed(1)},${lines.y.toFixed(1)}`);
  };
  const [readyNv, setReadyNv] = useState<Niivue | null>(null);
  const measure = useNiivueMeasurements(readyNv, caseId, measureTarget);
  const startAtRef = useRef(startAt);
  const onWindowDragRef = useRef(onWindowDrag);
  const [shownWindow, setShownWindow] = useState<string | undefined>(undefined);
  useEffect(() => {
    startAtRef.current = startAt;
    onWindowDragRef.current = onWindowDrag;
  });
  const differenceUrl = difference?.url ?? null;

  useEffect(() => {
    const el = canvas.current;
    if (!el) return;
    let cancelled = false;
    const isDifference = differenceUrl !== null;
    const nv = new Niivue({
      backColor: [0, 0, 0, 1], isResizeCanvas: true, isRadiologicalConvention: true, show3Dcrosshair: true,
      isColorbar: isDifference, sliceType, crosshairWidth: 0, // the page draws the crosshair as reference lines (reference-lines.ts)
    });
    nvRef.current = nv;
    afterEachDraw(nv, () => placeReferenceLines(nv));
    setState('loading');
    setStartMm(undefined);
    setShownWindow(undefined);
    // the window a right-drag sets on the CT (layer 0) becomes the grid's and the viewer's window
    const detachWindowing = attachWindowing(nv, el, (min, max) => onWindowDragRef.current?.(min, max));
    // the volumes download and decode while NiiVue compiles its shaders
    const volume = NVImage.loadFromUrl({ url: volumeUrl, name: 'ct.nii.gz', colormap: 'gray', cal_min: windowHu.min, cal_max: windowHu.max });
    const diff = differenceUrl ? NVImage.loadFromUrl({ url: differenceUrl, name: 'difference.nii.gz' }) : null;
    const overlay = overlayUrl
      ? NVImage.loadFromUrl({ url: overlayUrl, name: 'overlay.nii.gz', opacity: 0.45, ...(overlayIsLabels ? {} : { colormap: 'red' }) })
      : null;
    volume.catch(() => undefined); // awaited (and reported) below
    diff?.catch(() => undefined);
    overlay?.catch(() => undefined);
    (async () => {
      await nv.attachToCanvas(el);
      skipUnusedGradientPasses(nv);
      specializeOrientPass(nv);
      const ct = await volume;
      ct.colorbarVisible = false;
      const layers = [ct];
      if (diff && difference) {
        const d = await diff;
        d.colormap = registerDifferenceOverlayColormap(nv, difference.thresholdHu, difference.windowHu);
        d.cal_min = -difference.windowHu;
        d.cal_max = difference.windowHu;
        d.opacity = 1;
        layers.push(d);
      }
      if (overlay) {
        const vol = await overlay;
        vol.colorbarVisible = false;
        if (!overlayIsLabels && vol.hdr) {
          vol.hdr.intent_code = 0;
          vol.cal_min = 0;
          vol.cal_max = 1;
        } else {
          vol.setColormapLabel(tissueStateLabelColormap()); // the legend's table (tissue-state-colormap.ts)
        }
        layers.push(vol);
      }
      if (cancelled) return;
      // both layers in one upload (adding them one by one would upload and recolour the CT twice)
      nv.volumes = layers;
      nv.setVolume(layers[0]!, 0); // draws (the slice type was set when the view was created)
      const start = startAtRef.current();
      if (start) {
        nv.scene.crosshairPos = nv.mm2frac(start.mm);
        if (start.pan2Dxyzmm) nv.scene.pan2Dxyzmm = [...start.pan2Dxyzmm];
        setStartMm(start.mm.map((x) => x.toFixed(1)).join(','));
      }
      nv.drawScene();
      await gpuIdle(nv.gl); // "ready" once the frame is drawn, not when WebGL has only queued it
      if (cancelled) return;
      setShownWindow(windowAttr({ min: ct.cal_min ?? windowHu.min, max: ct.cal_max ?? windowHu.max }));
      setState('ready');
      setReadyNv(nv);
      onReady(nv);
    })().catch((e: unknown) => {
      if (cancelled) return;
      setState('error');
      setMessage(e instanceof Error ? e.message : 'the volume could not be displayed');
    });
    return () => {
      cancelled = true;
      detachWindowing();
      setReadyNv(null);
      onReady(null);
      nv.cleanup();
      nvRef.current = null;
    };
    // the windows and slice type are applied below without reloading (deliberately not dependencies)
  }, [volumeUrl, kind, differenceUrl, overlayUrl, overlayIsLabels]);

  useEffect(() => {
    const nv = nvRef.current;
    if (!nv || state !== 'ready') return;
    // only what changed: a window change re-uploads the volume, and a draw is not free in software GL
    if (nv.opts.sliceType !== sliceType) nv.setSliceType(sliceType);
    const v = nv.volumes[0];
    if (v && (v.cal_min !== windowHu.min || v.cal_max !== windowHu.max)) {
      v.cal_min = windowHu.min;
      v.cal_max = windowHu.max;
      nv.updateGLVolume();
    }
    if (v) setShownWindow(windowAttr({ min: v.cal_min ?? windowHu.min, max: v.cal_max ?? windowHu.max }));
  }, [sliceType, windowHu.min, windowHu.max, state]);

  // the difference layer's own ±HU window and transparency threshold
  const diffWindow = difference?.windowHu, diffThreshold = difference?.thresholdHu;
  useEffect(() => {
    const nv = nvRef.current;
    const d = nv?.volumes.find((v) => v.name === 'difference.nii.gz');
    if (!nv || !d || state !== 'ready' || diffWindow === undefined || diffThreshold === undefined) return;
    const colormap = registerDifferenceOverlayColormap(nv, diffThreshold, diffWindow);
    if (d.colormap === colormap && d.cal_max === diffWindow) return;
    d.colormap = colormap;
    d.cal_min = -diffWindow;
    d.cal_max = diffWindow;
    nv.updateGLVolume();
  }, [diffWindow, diffThreshold, state]);

  return (
    <div
      ref={view} className="compare-view" data-testid="compare-view" data-render-state={state} data-volume-kind={kind} data-start-mm={startMm}
      data-window={shownWindow} data-difference-window={difference ? `-${difference.windowHu},${difference.windowHu}` : undefined}
      data-measure-state={measure.state} data-measurements={measure.shown}
    >
      <canvas ref={canvas} data-testid="compare-canvas" />
      <div ref={hLine} className="reference-line horizontal" hidden />
      <div ref={vLine} className="reference-line vertical" hidden />
      {state === 'loading' && <p className="viewer-status">Loading…</p>}
      {state === 'error' && <p className="error viewer-status" role="alert">{message}</p>}
      <MeasureHint state={measure.state} error={measure.error} />
    </div>
  );
}
