'use client';
/**
 * One tile of the compare grid: a NiiVue view of one volume (pre-treatment CT, a simulated CT, or a
 * difference simulated − pre-treatment in the diverging colormap with its colour bar) with an optional
 * overlay (the lesion mask, or the sample's tissue states drawn with NiiVue's label colours). Once
 * loaded, the view moves its crosshair (and zoom/pan) to `startAt()` — the grid's current position, or
 * the lesion centre when the grid is new. The grid links the tiles (broadcastTo).
 * Measurement tools as in the viewer (use-niivue-measurements.ts) on a CT tile.
 * Publishes data-render-state, data-volume-kind, data-start-mm (RAS mm, where it started), data-measure-state
 * and data-measurements (the case's measurements on this tile's volume).
 */
import { Niivue, NVImage, SLICE_TYPE } from '@niivue/niivue';
import { useEffect, useRef, useState } from 'react';
import type { MeasurementTarget } from '@mewm/contracts';
import { DIFFERENCE_COLORMAP, registerDifferenceColormap } from '../client/difference-colormap.ts';
import { gpuIdle } from '../client/gpu-idle.ts';
import { skipUnusedGradientPasses } from '../client/niivue-gradient-passes.ts';
import { specializeOrientPass } from '../client/niivue-orient-pass.ts';
import { useNiivueMeasurements } from '../client/use-niivue-measurements.ts';
import { MeasureHint } from './measure-tools.tsx';

export type CompareVolumeKind = 'ct' | 'difference';

/** Where a view starts: a RAS mm point for the crosshair and, optionally, NiiVue's 2D pan/zoom. */
export interface CompareStart {
  mm: [number, number, number];
  pan2Dxyzmm?: [number, number, number, number];
}

export interface CompareViewProps {
  volumeUrl: string;
  kind: CompareVolumeKind;
  overlayUrl: string | null;
  /** true: the overlay is a label map shown with NiiVue's label colours; false: a binary mask in red. */
  overlayIsLabels: boolean;
  sliceType: SLICE_TYPE;
  /** Display window (HU): the CT preset, or ±w for a difference. */
  windowHu: { min: number; max: number };
  /** Called once when the volume has loaded; null leaves NiiVue's default (the volume's middle). */
  startAt: () => CompareStart | null;
  onReady: (nv: Niivue | null) => void;
  /** The case, and what this tile's volume is for the measurement tools (null: not measurable, e.g. a difference). */
  caseId: string;
  measureTarget: MeasurementTarget | null;
}

export default function CompareView({ volumeUrl, kind, overlayUrl, overlayIsLabels, sliceType, windowHu, startAt, onReady, caseId, measureTarget }: CompareViewProps) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const [state, setState] = useState<'loading' | 'ready' | 'error'>('loading');
  const [message, setMessage] = useState('');
  const [startMm, setStartMm] = useState<string | undefined>(undefined);
  const nvRef = useRef<Niivue | null>(null);
  const [readyNv, setReadyNv] = useState<Niivue | null>(null);
  const measure = useNiivueMeasurements(readyNv, caseId, measureTarget);
  const startAtRef = useRef(startAt);
  useEffect(() => {
    startAtRef.current = startAt;
  });

  useEffect(() => {
    const el = canvas.current;
    if (!el) return;
    let cancelled = false;
    const isDifference = kind === 'difference';
    const nv = new Niivue({
      backColor: [0, 0, 0, 1], isResizeCanvas: true, isRadiologicalConvention: true, show3Dcrosshair: true,
      isColorbar: isDifference, sliceType,
    });
    nvRef.current = nv;
    setState('loading');
    setStartMm(undefined);
    if (isDifference) registerDifferenceColormap(nv); // NiiVue's colormap table: no GL needed
    // the volumes download and decode while NiiVue compiles its shaders
    const volume = NVImage.loadFromUrl({
      url: volumeUrl, name: isDifference ? 'difference.nii.gz' : 'ct.nii.gz', colormap: isDifference ? DIFFERENCE_COLORMAP : 'gray',
      cal_min: windowHu.min, cal_max: windowHu.max,
    });
    const overlay = overlayUrl
      ? NVImage.loadFromUrl({ url: overlayUrl, name: 'overlay.nii.gz', opacity: 0.45, ...(overlayIsLabels ? {} : { colormap: 'red' }) })
      : null;
    volume.catch(() => undefined); // awaited (and reported) below
    overlay?.catch(() => undefined);
    (async () => {
      await nv.attachToCanvas(el);
      skipUnusedGradientPasses(nv);
      specializeOrientPass(nv);
      const layers = [await volume];
      if (overlay) {
        const vol = await overlay;
        vol.colorbarVisible = false;
        if (!overlayIsLabels && vol.hdr) {
          vol.hdr.intent_code = 0;
          vol.cal_min = 0;
          vol.cal_max = 1;
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
      setReadyNv(null);
      onReady(null);
      nv.cleanup();
      nvRef.current = null;
    };
    // the window and slice type are applied below without reloading (deliberately not dependencies)
  }, [volumeUrl, kind, overlayUrl, overlayIsLabels]);

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
  }, [sliceType, windowHu.min, windowHu.max, state]);

  return (
    <div className="compare-view" data-testid="compare-view" data-render-state={state} data-volume-kind={kind} data-start-mm={startMm}
      data-measure-state={measure.state} data-measurements={measure.shown}>
      <canvas ref={canvas} data-testid="compare-canvas" />
      {state === 'loading' && <p className="viewer-status">Loading…</p>}
      {state === 'error' && <p className="error viewer-status" role="alert">{message}</p>}
      <MeasureHint state={measure.state} error={measure.error} />
    </div>
  );
}
