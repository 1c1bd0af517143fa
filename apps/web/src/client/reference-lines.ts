'use client';
/**
 * The compare tiles' crosshair as reference lines drawn by the page over the canvas: a horizontal and a
 * vertical 1-pixel line through the crosshair, across the slice. NiiVue draws its 2D crosshair as thin
 * 3D cylinders through the crosshair point; in the compare tiles (wider than tall, the CT letterboxed)
 * one of the two was often missing in software WebGL, whatever its width (1 voxel or 1.5 screen
 * pixels) or depth test. Lines the page draws are always there and easy to test (data-reference-px).
 * NiiVue's own 2D crosshair is switched off (crosshairWidth 0) where these are used.
 */
import { SLICE_TYPE, type Niivue } from '@niivue/niivue';

/** CSS px relative to the canvas: the crosshair point and the slice's rectangle the lines span. */
export interface ReferenceLines {
  x: number;
  y: number;
  left: number;
  top: number;
  width: number;
  height: number;
}

/** Where the lines go in the view's first 2D tile; null without one (a 3D render) or outside the slice. */
export function referenceLinesOf(nv: Niivue, canvas: HTMLCanvasElement): ReferenceLines | null {
  const tile = nv.screenSlices.find((t) => (t.axCorSag === SLICE_TYPE.AXIAL || t.axCorSag === SLICE_TYPE.CORONAL || t.axCorSag === SLICE_TYPE.SAGITTAL) && Number.isFinite(t.sliceFrac));
  const pos = nv.frac2canvasPos(nv.scene.crosshairPos);
  if (!tile || !pos || pos.length < 2) return null;
  const scale = canvas.clientWidth > 0 ? canvas.width / canvas.clientWidth : 1;
  const [l = 0, t = 0, w = 0, h = 0] = tile.leftTopWidthHeight;
  const x = (pos[0] ?? 0) / scale;
  const y = (pos[1] ?? 0) / scale;
  const box = { left: l / scale, top: t / scale, width: w / scale, height: h / scale };
  if (x < box.left || x > box.left + box.width || y < box.top || y > box.top + box.height) return null;
  return { x, y, ...box };
}

/** Call `after` after each frame NiiVue draws (its own redraws and the linked views' included). */
export function afterEachDraw(nv: Niivue, after: () => void): void {
  const draw = nv.drawScene.bind(nv);
  nv.drawScene = (...args: Parameters<Niivue['drawScene']>) => {
    const out = draw(...args);
    after();
    return out;
  };
}
