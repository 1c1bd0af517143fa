'use client';
/**
 * NiiVue viewer of one stored series: multiplanar views plus a 3D render, with window/level presets.
 * Needs WebGL2; when it is missing the viewer says so instead of failing silently. Its state is
 * published as data-render-state (idle | loading | ready | error) for people and browser tests.
 */
import { Niivue, SHOW_RENDER, SLICE_TYPE } from '@niivue/niivue';
import { useEffect, useRef } from 'react';
import { useViewerStore, type ViewLayout } from '../client/viewer-store.ts';

const SLICE_TYPE_OF: Record<ViewLayout, SLICE_TYPE> = {
  multiplanar: SLICE_TYPE.MULTIPLANAR,
  axial: SLICE_TYPE.AXIAL,
  coronal: SLICE_TYPE.CORONAL,
  sagittal: SLICE_TYPE.SAGITTAL,
  render: SLICE_TYPE.RENDER,
};

export default function NiivueViewer({ seriesId }: { seriesId: string }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const nvRef = useRef<Niivue | null>(null);
  const preset = useViewerStore((s) => s.preset);
  const layout = useViewerStore((s) => s.layout);
  const render = useViewerStore((s) => s.render);
  const setRender = useViewerStore((s) => s.setRender);

  useEffect(() => {
    const el = canvas.current;
    if (!el) return;
    if (!document.createElement('canvas').getContext('webgl2')) {
      setRender({ kind: 'error', message: 'this browser has no WebGL2, which the viewer needs' });
      return;
    }
    let cancelled = false;
    // radiological convention: the patient's right on the image left, as on a PACS and in the plan report
    const nv = new Niivue({ backColor: [0, 0, 0, 1], show3Dcrosshair: true, multiplanarShowRender: SHOW_RENDER.ALWAYS, isResizeCanvas: true, isRadiologicalConvention: true });
    nvRef.current = nv;
    setRender({ kind: 'loading' });
    const { preset: p, layout: l } = useViewerStore.getState();
    (async () => {
      await nv.attachToCanvas(el);
      await nv.loadVolumes([{
        url: `/api/series/${seriesId}/volume`, name: 'ct.nii.gz', colormap: 'gray',
        cal_min: p.levelHu - p.widthHu / 2, cal_max: p.levelHu + p.widthHu / 2,
      }]);
      if (cancelled) return;
      nv.setSliceType(SLICE_TYPE_OF[l]);
      const vol = nv.volumes[0];
      const dims = vol?.hdr?.dims;
      nv.drawScene();
      setRender({ kind: 'ready', dims: dims ? [dims[1] ?? 0, dims[2] ?? 0, dims[3] ?? 0] : [0, 0, 0] });
    })().catch((e: unknown) => {
      if (!cancelled) setRender({ kind: 'error', message: e instanceof Error ? e.message : 'the volume could not be displayed' });
    });
    return () => {
      cancelled = true;
      nv.cleanup();
      nvRef.current = null;
    };
  }, [seriesId, setRender]);

  useEffect(() => {
    const nv = nvRef.current;
    const vol = nv?.volumes[0];
    if (!nv || !vol) return;
    vol.cal_min = preset.levelHu - preset.widthHu / 2;
    vol.cal_max = preset.levelHu + preset.widthHu / 2;
    nv.updateGLVolume();
  }, [preset, render.kind]);

  useEffect(() => {
    nvRef.current?.setSliceType(SLICE_TYPE_OF[layout]);
  }, [layout, render.kind]);

  return (
    <div className="viewer" data-testid="viewer" data-render-state={render.kind}>
      <canvas ref={canvas} data-testid="viewer-canvas" />
      {render.kind === 'loading' && <p className="viewer-status">Loading volume…</p>}
      {render.kind === 'error' && <p className="error viewer-status" role="alert">{render.message}</p>}
    </div>
  );
}
