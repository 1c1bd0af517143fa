'use client';
/**
 * One tile of the compare grid: a NiiVue view of one volume (pre-treatment CT or a simulated CT) with an
 * optional overlay (the lesion mask, or the sample's tissue states drawn with NiiVue's label colours).
 * The grid links the tiles (broadcastTo) once every tile has loaded. Publishes data-render-state.
 */
import { Niivue, NVImage, SLICE_TYPE } from '@niivue/niivue';
import { useEffect, useRef, useState } from 'react';

export interface CompareViewProps {
  volumeUrl: string;
  overlayUrl: string | null;
  /** true: the overlay is a label map shown with NiiVue's label colours; false: a binary mask in red. */
  overlayIsLabels: boolean;
  sliceType: SLICE_TYPE;
  windowHu: { min: number; max: number };
  onReady: (nv: Niivue | null) => void;
}

export default function CompareView({ volumeUrl, overlayUrl, overlayIsLabels, sliceType, windowHu, onReady }: CompareViewProps) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const [state, setState] = useState<'loading' | 'ready' | 'error'>('loading');
  const [message, setMessage] = useState('');
  const nvRef = useRef<Niivue | null>(null);

  useEffect(() => {
    const el = canvas.current;
    if (!el) return;
    let cancelled = false;
    const nv = new Niivue({ backColor: [0, 0, 0, 1], isResizeCanvas: true, isRadiologicalConvention: true, show3Dcrosshair: true });
    nvRef.current = nv;
    setState('loading');
    (async () => {
      await nv.attachToCanvas(el);
      await nv.loadVolumes([{ url: volumeUrl, name: 'ct.nii.gz', colormap: 'gray', cal_min: windowHu.min, cal_max: windowHu.max }]);
      if (overlayUrl) {
        const vol = await NVImage.loadFromUrl({ url: overlayUrl, name: 'overlay.nii.gz', opacity: 0.45, ...(overlayIsLabels ? {} : { colormap: 'red' }) });
        if (!overlayIsLabels && vol.hdr) {
          vol.hdr.intent_code = 0;
          vol.cal_min = 0;
          vol.cal_max = 1;
        }
        if (cancelled) return;
        nv.addVolume(vol);
      }
      if (cancelled) return;
      nv.setSliceType(sliceType);
      nv.drawScene();
      setState('ready');
      onReady(nv);
    })().catch((e: unknown) => {
      if (cancelled) return;
      setState('error');
      setMessage(e instanceof Error ? e.message : 'the volume could not be displayed');
    });
    return () => {
      cancelled = true;
      onReady(null);
      nv.cleanup();
      nvRef.current = null;
    };
    // the window and slice type are applied below without reloading
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [volumeUrl, overlayUrl, overlayIsLabels]);

  useEffect(() => {
    const nv = nvRef.current;
    if (!nv || state !== 'ready') return;
    nv.setSliceType(sliceType);
    const v = nv.volumes[0];
    if (v) {
      v.cal_min = windowHu.min;
      v.cal_max = windowHu.max;
      nv.updateGLVolume();
    }
  }, [sliceType, windowHu.min, windowHu.max, state]);

  return (
    <div className="compare-view" data-testid="compare-view" data-render-state={state}>
      <canvas ref={canvas} data-testid="compare-canvas" />
      {state === 'loading' && <p className="viewer-status">Loading…</p>}
      {state === 'error' && <p className="error viewer-status" role="alert">{message}</p>}
    </div>
  );
}
