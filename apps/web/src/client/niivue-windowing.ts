'use client';
/**
 * Window/level by right-drag, as on a PACS: NiiVue's windowing drag (horizontal = width, vertical =
 * level) on the CT (layer 0). NiiVue changes that view's window while the mouse moves but reports
 * nothing at the end, so the new range is read when the right button is released and handed to
 * `report` (the shared window: every CT view follows). A window NiiVue sets otherwise (a double click
 * resets to the robust range) is reported through onIntensityChange.
 */
import { DRAG_MODE, type Niivue } from '@niivue/niivue';

const RIGHT_BUTTON = 2;

/** Wire the right-drag window of `nv` (on canvas `el`) to `report`; returns the detach function. */
export function attachWindowing(nv: Niivue, el: HTMLCanvasElement, report: (minHu: number, maxHu: number) => void): () => void {
  nv.opts.dragMode = DRAG_MODE.windowing;
  let start: [number, number] | null = null;
  const range = (): [number, number] | null => {
    const v = nv.volumes[0];
    return v && v.cal_min !== undefined && v.cal_max !== undefined ? [v.cal_min, v.cal_max] : null;
  };
  const onDown = (e: PointerEvent) => {
    if (e.button === RIGHT_BUTTON) start = range();
  };
  const onUp = (e: PointerEvent) => {
    if (e.button !== RIGHT_BUTTON || start === null) return;
    const now = range();
    if (now && (now[0] !== start[0] || now[1] !== start[1])) report(now[0], now[1]);
    start = null;
  };
  nv.onIntensityChange = (vol) => {
    if (vol === nv.volumes[0] && vol.cal_min !== undefined && vol.cal_max !== undefined) report(vol.cal_min, vol.cal_max);
  };
  el.addEventListener('pointerdown', onDown);
  window.addEventListener('pointerup', onUp);
  return () => {
    el.removeEventListener('pointerdown', onDown);
    window.removeEventListener('pointerup', onUp);
  };
}
