'use client';
/**
 * NiiVue viewer of one stored series: multiplanar views plus a 3D render, with window/level presets,
 * the case's lesion mask as a red overlay, click-to-segment and NiiVue's drawing tools (pen / erase).
 * Needs WebGL2; when it is missing the viewer says so instead of failing silently. Its state is
 * published for people and browser tests: data-render-state (idle | loading | ready | error; ready = the
 * CT's 2D slices are drawn), data-render3d-state (pending | ready: the multiplanar layout's 3D render is
 * drawn from the frame after the first one on; in software WebGL it costs more than the slices together),
 * data-overlay-state (none | loading | shown | error), data-drawing (off | pen | erase), data-crosshair-mm (RAS mm, 3 decimals) and
 * data-crosshair-px (CSS px of the crosshair in the first 2D tile that shows it, relative to the canvas),
 * data-window (the CT's display range, "min,max" HU: a right-drag sets the shared window, see
 * window-level.ts), data-body-mask (none | loading | applied | error: the 3D render shows the body only),
 * data-render-preset and data-clip-plane (NiiVue's [depth, azimuth, elevation]),
 * data-measure-state (off | ready | short-axis | saving: the measurement tools), data-measurements (how many
 * of the case's measurements are on this series) and data-liver-overlay / data-vessel-overlay (off | loading |
 * shown | error: the anatomy overlays, use-anatomy-overlays.ts).
 */
import { NVImage, Niivue, SHOW_RENDER, SLICE_TYPE } from '@niivue/niivue';
import { useEffect, useMemo, useRef, useState } from 'react';
import { gpuIdle } from '../client/gpu-idle.ts';
import { attachWindowing } from '../client/niivue-windowing.ts';
import { skipUnusedGradientPasses } from '../client/niivue-gradient-passes.ts';
import { setViewerNiivue } from '../client/niivue-handle.ts';
import { specializeOrientPass } from '../client/niivue-orient-pass.ts';
import { takeSeriesVolume } from '../client/series-volume.ts';
import { useAnatomyOverlays } from '../client/use-anatomy-overlays.ts';
import { useNiivueMeasurements } from '../client/use-niivue-measurements.ts';
import { useViewerStore, type ViewLayout } from '../client/viewer-store.ts';
import { MeasureHint } from './measure-tools.tsx';
import { RENDER_PRESETS, bodyMaskUrl, clipPlaneArgs, maskOutside } from '../client/render-3d.ts';
import { customWindow, windowAttr, windowRange } from '../client/window-level.ts';

/** Layer names: the lesion mask overlay, and the body-only copy that gives the 3D render its opacity. */
const LESION_LAYER = 'mask.nii.gz';
const BODY_LAYER = 'body-render.nii.gz';
const lesionLayerIndex = (nv: Niivue) => nv.volumes.findIndex((v) => v.name === LESION_LAYER);

const SLICE_TYPE_OF: Record<ViewLayout, SLICE_TYPE> = {
  multiplanar: SLICE_TYPE.MULTIPLANAR,
  axial: SLICE_TYPE.AXIAL,
  coronal: SLICE_TYPE.CORONAL,
  sagittal: SLICE_TYPE.SAGITTAL,
  render: SLICE_TYPE.RENDER,
};

export const lesionMaskUrl = (maskId: string) => `/api/lesion-masks/${maskId}/mask.nii.gz`;

type OverlayState = 'none' | 'loading' | 'shown' | 'error';

interface Crosshair {
  mm: [number, number, number];
  px: [number, number] | null;
  /** The CT value of the voxel under the crosshair (HU for a CT ingested as HU), null before a volume is shown. */
  value: number | null;
}

function readCrosshair(nv: Niivue, canvas: HTMLCanvasElement): Crosshair {
  const frac = nv.scene.crosshairPos;
  const mm = nv.frac2mm(frac, 0, true);
  const pos = nv.frac2canvasPos(frac);
  const scale = canvas.clientWidth > 0 ? canvas.width / canvas.clientWidth : 1;
  // the HU probe: the voxel NiiVue maps the crosshair to (nearest voxel), read with the NIfTI's scaling
  const ct = nv.volumes[0];
  const vox = ct ? nv.frac2vox(frac) : undefined;
  const value = ct && vox ? ct.getValue(vox[0] ?? 0, vox[1] ?? 0, vox[2] ?? 0) : null;
  return {
    mm: [mm[0] ?? 0, mm[1] ?? 0, mm[2] ?? 0],
    px: pos && pos.length >= 2 ? [(pos[0] ?? 0) / scale, (pos[1] ?? 0) / scale] : null,
    value: typeof value === 'number' && Number.isFinite(value) ? value : null,
  };
}

const animationFrames = (n: number): Promise<void> =>
  new Promise((resolve) => {
    const step = (left: number) => (left === 0 ? resolve() : requestAnimationFrame(() => step(left - 1)));
    step(n);
  });

export default function NiivueViewer({ caseId, seriesId }: { caseId: string; seriesId: string }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const nvRef = useRef<Niivue | null>(null);
  const preset = useViewerStore((s) => s.preset);
  const layout = useViewerStore((s) => s.layout);
  const render = useViewerStore((s) => s.render);
  const setRender = useViewerStore((s) => s.setRender);
  const tool = useViewerStore((s) => s.tool);
  const overlayMaskId = useViewerStore((s) => s.overlayMaskId);
  const goTo = useViewerStore((s) => s.goTo);
  const [overlay, setOverlay] = useState<OverlayState>('none');
  const [drawingOn, setDrawingOn] = useState(false);
  const [crosshair, setCrosshair] = useState<Crosshair | null>(null);
  const [render3d, setRender3d] = useState<'pending' | 'ready'>('pending');
  // the view once its CT is shown, for the measurement tools
  const [readyNv, setReadyNv] = useState<Niivue | null>(null);
  const target = useMemo(() => ({ kind: 'series' as const, seriesId }), [seriesId]);
  const measure = useNiivueMeasurements(readyNv, caseId, target);
  const anatomy = useAnatomyOverlays(nvRef, render.kind === 'ready', seriesId);
  const renderPreset = useViewerStore((s) => s.renderPreset);
  const clipPlane = useViewerStore((s) => s.clipPlane);
  const [bodyMask, setBodyMask] = useState<'none' | 'loading' | 'applied' | 'error'>('none');

  useEffect(() => {
    const el = canvas.current;
    if (!el) return;
    if (!document.createElement('canvas').getContext('webgl2')) {
      setRender({ kind: 'error', message: 'this browser has no WebGL2, which the viewer needs' });
      return;
    }
    let cancelled = false;
    const { layout: l } = useViewerStore.getState();
    // usually prefetched when the series was chosen: decoding runs while NiiVue compiles its shaders
    const volume = takeSeriesVolume(seriesId);
    // radiological convention: the patient's right on the image left, as on a PACS and in the plan report.
    // The first frame shows the 2D slices only (multiplanar's 3D tile comes right after it, see below).
    const nv = new Niivue({
      backColor: [0, 0, 0, 1], show3Dcrosshair: true, multiplanarShowRender: SHOW_RENDER.NEVER, isResizeCanvas: true,
      isRadiologicalConvention: true, sliceType: SLICE_TYPE_OF[l],
    });
    nvRef.current = nv;
    setRender({ kind: 'loading' });
    setRender3d('pending');
    // click-to-segment: the crosshair after a click (pointer down … up) in a 2D view is the seed
    let armed = false;
    let clicked: [number, number, number] | null = null;
    const onDown = () => {
      armed = useViewerStore.getState().tool === 'segment';
      clicked = null;
    };
    const onUp = () => {
      if (!armed) return;
      armed = false;
      setTimeout(() => {
        if (clicked) useViewerStore.getState().requestSegment(clicked);
        clicked = null;
      }, 0);
    };
    nv.onLocationChange = (loc: unknown) => {
      const mm = (loc as { mm?: ArrayLike<number> }).mm;
      if (armed && mm) clicked = [mm[0] ?? 0, mm[1] ?? 0, mm[2] ?? 0];
      setCrosshair(readCrosshair(nv, el));
    };
    // a right-drag sets the shared window: the compare grid follows
    const detachWindowing = attachWindowing(nv, el, (min, max) => useViewerStore.getState().setPreset(customWindow(min, max)));
    el.addEventListener('pointerdown', onDown);
    window.addEventListener('pointerup', onUp);
    (async () => {
      await nv.attachToCanvas(el);
      skipUnusedGradientPasses(nv);
      specializeOrientPass(nv);
      const vol = await volume;
      if (cancelled) return;
      const { preset } = useViewerStore.getState(); // the window chosen by now
      vol.cal_min = preset.levelHu - preset.widthHu / 2;
      vol.cal_max = preset.levelHu + preset.widthHu / 2;
      nv.addVolume(vol); // uploads the volume and draws the first frame: the CT's 2D slices
      // WebGL returns before the GPU is done (in software GL the upload and recolouring take ~1 s):
      // "ready" waits until the frame is complete, without blocking the page meanwhile
      await gpuIdle(nv.gl);
      if (cancelled) return;
      const dims = vol.hdr?.dims;
      setViewerNiivue(nv);
      setReadyNv(nv);
      setCrosshair(readCrosshair(nv, el));
      setRender({ kind: 'ready', dims: dims ? [dims[1] ?? 0, dims[2] ?? 0, dims[3] ?? 0] : [0, 0, 0] });
      performance.mark('mewm:viewer:ready');
      // The 3D render (a ray cast: in software WebGL it costs more than the three slices together) once
      // the 2D frame is on screen: two frames later, in a task of its own.
      await animationFrames(2);
      await new Promise((r) => setTimeout(r, 0));
      if (cancelled) return;
      nv.opts.multiplanarShowRender = SHOW_RENDER.ALWAYS;
      nv.drawScene();
      await gpuIdle(nv.gl);
      if (cancelled) return;
      setRender3d('ready');
      performance.mark('mewm:viewer:render3d');
    })().catch((e: unknown) => {
      if (!cancelled) setRender({ kind: 'error', message: e instanceof Error ? e.message : 'the volume could not be displayed' });
    });
    return () => {
      cancelled = true;
      el.removeEventListener('pointerdown', onDown);
      window.removeEventListener('pointerup', onUp);
      detachWindowing();
      setViewerNiivue(null);
      setReadyNv(null);
      nv.cleanup();
      nvRef.current = null;
    };
  }, [seriesId, setRender]);

  useEffect(() => {
    const nv = nvRef.current;
    const vol = nv?.volumes[0];
    if (!nv || !vol) return;
    const calMin = preset.levelHu - preset.widthHu / 2;
    const calMax = preset.levelHu + preset.widthHu / 2;
    // the preset was applied when the volume was added: a second updateGLVolume when the viewer turns
    // ready would upload and recolour the whole volume again for nothing
    if (vol.cal_min === calMin && vol.cal_max === calMax) return;
    vol.cal_min = calMin;
    vol.cal_max = calMax;
    nv.updateGLVolume();
  }, [preset, render.kind]);

  useEffect(() => {
    const nv = nvRef.current;
    const el = canvas.current;
    if (!nv || !el || render.kind !== 'ready') return;
    if (nv.opts.sliceType === SLICE_TYPE_OF[layout]) return; // set when the viewer was created: no redraw
    nv.setSliceType(SLICE_TYPE_OF[layout]);
    // tiles move with the layout: publish where the crosshair now is
    requestAnimationFrame(() => setCrosshair(readCrosshair(nv, el)));
  }, [layout, render.kind]);

  // "Go to" a RAS mm point: move the crosshair (and so the slices) there.
  useEffect(() => {
    const nv = nvRef.current;
    const el = canvas.current;
    if (!nv || !el || !goTo || render.kind !== 'ready') return;
    const frac = nv.mm2frac([goTo.pointRas[0], goTo.pointRas[1], goTo.pointRas[2]]);
    nv.scene.crosshairPos = frac;
    nv.drawScene();
    requestAnimationFrame(() => setCrosshair(readCrosshair(nv, el)));
  }, [goTo, render.kind]);

  // The case's lesion mask as a red overlay.
  useEffect(() => {
    const nv = nvRef.current;
    if (!nv || render.kind !== 'ready') return;
    let cancelled = false;
    const shown = nv.volumes.filter((v) => v.name === LESION_LAYER);
    for (const v of shown) nv.removeVolume(v);
    if (overlayMaskId === null) {
      if (shown.length > 0) nv.drawScene();
      setOverlay('none');
      return;
    }
    setOverlay('loading');
    NVImage.loadFromUrl({ url: lesionMaskUrl(overlayMaskId), name: LESION_LAYER, colormap: 'red', opacity: 0.4 })
      .then((vol) => {
        if (cancelled) return;
        // the stored mask declares NIFTI_INTENT_LABEL, which NiiVue draws with a label table; a plain
        // 0..1 volume with the red colormap is the overlay we want (0 is transparent)
        if (vol.hdr) vol.hdr.intent_code = 0;
        vol.colormap = 'red';
        vol.cal_min = 0;
        vol.cal_max = 1;
        vol.opacity = 0.4;
        nv.addVolume(vol);
        nv.drawScene();
        setOverlay('shown');
      })
      .catch(() => {
        if (!cancelled) setOverlay('error');
      });
    return () => {
      cancelled = true;
    };
  }, [overlayMaskId, render.kind]);

  // Drawing tools: pen (label 1) and erase (0) on the mask, opened as NiiVue's drawing layer.
  useEffect(() => {
    const nv = nvRef.current;
    if (!nv || render.kind !== 'ready') return;
    const drawing = tool === 'pen' || tool === 'erase';
    let cancelled = false;
    if (!drawing) {
      // each step only when needed: setOpacity re-uploads every layer, and a draw is not free in software GL
      let changed = false;
      if (nv.drawBitmap) {
        nv.setDrawingEnabled(false);
        nv.closeDrawing();
        changed = true;
      }
      const lesion = lesionLayerIndex(nv);
      if (lesion > 0 && nv.volumes[lesion]?.opacity !== 0.4) nv.setOpacity(lesion, 0.4);
      else if (changed) nv.drawScene();
      setDrawingOn(false);
      return;
    }
    (async () => {
      if (!nv.drawBitmap) {
        const maskId = useViewerStore.getState().overlayMaskId;
        if (maskId === null || !(await nv.loadDrawingFromUrl(lesionMaskUrl(maskId)))) nv.createEmptyDrawing();
      }
      if (cancelled) return;
      const lesion = lesionLayerIndex(nv);
      if (lesion > 0 && nv.volumes[lesion]?.opacity !== 0) nv.setOpacity(lesion, 0);
      nv.setDrawOpacity(0.5);
      nv.setDrawingEnabled(true);
      nv.setPenValue(tool === 'pen' ? 1 : 0, false);
      setDrawingOn(true);
    })().catch(() => undefined);
    return () => {
      cancelled = true;
    };
  }, [tool, render.kind]);

  // The 3D render without the CT table: a body-only copy of the CT (the server's body mask, see
  // services/body-mask.ts) as a hidden layer right after the CT, NiiVue's modulation image for the CT's
  // alpha; the render preset is its opaque HU range. The 2D slices keep the whole CT.
  useEffect(() => {
    const nv = nvRef.current;
    const ct = nv?.volumes[0];
    if (!nv || !ct || render3d !== 'ready') return;
    let cancelled = false;
    setBodyMask('loading');
    NVImage.loadFromUrl({ url: bodyMaskUrl(seriesId), name: 'body-mask.nii.gz' })
      .then((mask) => {
        if (cancelled || !ct.img || !mask.img || !ct.hdr) return;
        const body = ct.clone();
        body.name = BODY_LAYER;
        const slope = ct.hdr.scl_slope || 1, inter = ct.hdr.scl_inter || 0;
        maskOutside(ct.img as Int16Array, mask.img, Math.round((-1024 - inter) / slope), body.img as Int16Array);
        const preset = RENDER_PRESETS.find((p) => p.id === useViewerStore.getState().renderPreset) ?? RENDER_PRESETS[0];
        body.cal_min = preset.minHu;
        body.cal_max = preset.maxHu;
        body.opacity = 0;
        body.colorbarVisible = false;
        nv.addVolume(body);
        nv.setVolume(body, 1); // right after the CT: lesion layers come and go after it
        nv.setModulationImage(ct.id, body.id, 1); // uploads and draws
        setBodyMask('applied');
      })
      .catch(() => {
        if (!cancelled) setBodyMask('error');
      });
    return () => {
      cancelled = true;
    };
  }, [render3d, seriesId]);

  useEffect(() => {
    const nv = nvRef.current;
    const body = nv?.volumes.find((v) => v.name === BODY_LAYER);
    const preset = RENDER_PRESETS.find((p) => p.id === renderPreset);
    if (!nv || !body || !preset || bodyMask !== 'applied') return;
    if (body.cal_min === preset.minHu && body.cal_max === preset.maxHu) return;
    body.cal_min = preset.minHu;
    body.cal_max = preset.maxHu;
    nv.updateGLVolume();
  }, [renderPreset, bodyMask]);

  const appliedClip = useRef('2,0,0'); // NiiVue starts without a clip plane (depth 2)
  useEffect(() => {
    const nv = nvRef.current;
    if (!nv || render.kind !== 'ready') return;
    const args = clipPlaneArgs(clipPlane);
    if (args.join(',') === appliedClip.current) return; // a draw is not free in software GL
    appliedClip.current = args.join(',');
    nv.setClipPlane(args); // draws
  }, [clipPlane, render.kind]);

  const fmt = (v: number) => v.toFixed(1);
  return (
    <div
      className={`viewer tool-${tool}`}
      data-testid="viewer"
      data-render-state={render.kind}
      data-render3d-state={render3d}
      data-overlay-state={overlay}
      data-overlay-mask={overlayMaskId ?? ''}
      data-drawing={drawingOn ? tool : 'off'}
      data-crosshair-mm={crosshair ? crosshair.mm.map((v) => v.toFixed(3)).join(',') : ''}
      data-crosshair-px={crosshair?.px ? crosshair.px.map(fmt).join(',') : ''}
      data-measure-state={measure.state}
      data-measurements={measure.shown}
      data-window={render.kind === 'ready' ? windowAttr(windowRange(preset)) : ''}
      data-body-mask={bodyMask}
      data-render-preset={renderPreset}
      data-clip-plane={clipPlaneArgs(clipPlane).join(',')}
      data-liver-overlay={anatomy.liver}
      data-vessel-overlay={anatomy.vessels}
    >
      <canvas ref={canvas} data-testid="viewer-canvas" />
      {render.kind === 'loading' && <p className="viewer-status">Loading volume…</p>}
      {render.kind === 'error' && <p className="error viewer-status" role="alert">{render.message}</p>}
      <MeasureHint state={measure.state} error={measure.error} />
      {render.kind === 'ready' && crosshair && (
        <p className="viewer-crosshair" data-testid="crosshair-readout">
          RAS {crosshair.mm.map(fmt).join(', ')} mm
          {crosshair.value !== null && <> · <span data-testid="hu-readout" data-hu={crosshair.value}>{Math.round(crosshair.value)} HU</span></>}
        </p>
      )}
    </div>
  );
}
