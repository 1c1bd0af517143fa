'use client';
/**
 * The viewer's anatomy overlays: the series' liver (translucent green) and its vessels ≥ 3 mm (yellow),
 * segmented on the server on first request (GET /api/series/:id/anatomy/:organ, services/anatomy-masks.ts)
 * and shown as NiiVue layers while their toggles are on. Each overlay's state is returned for the
 * viewer's data attributes: off | loading | shown | error.
 */
import { NVImage, type Niivue } from '@niivue/niivue';
import { useEffect, useState, type RefObject } from 'react';
import { useViewerStore, type AnatomyOrgan } from './viewer-store.ts';

export type AnatomyOverlayState = 'off' | 'loading' | 'shown' | 'error';

export const anatomyMaskUrl = (seriesId: string, organ: AnatomyOrgan) => `/api/series/${seriesId}/anatomy/${organ}`;

const LAYER: Record<AnatomyOrgan, { name: string; colormap: string; opacity: number }> = {
  liver: { name: 'liver-mask.nii.gz', colormap: 'green', opacity: 0.25 },
  vessels: { name: 'vessel-mask.nii.gz', colormap: 'warm', opacity: 0.7 },
};

function useOverlay(nvRef: RefObject<Niivue | null>, ready: boolean, seriesId: string, organ: AnatomyOrgan): AnatomyOverlayState {
  const on = useViewerStore((s) => s.anatomyOverlays[organ]);
  const [state, setState] = useState<AnatomyOverlayState>('off');
  useEffect(() => {
    const nv = nvRef.current;
    if (!nv || !ready) return;
    const layer = LAYER[organ];
    const shown = nv.volumes.filter((v) => v.name === layer.name);
    for (const v of shown) nv.removeVolume(v);
    if (!on) {
      if (shown.length > 0) nv.drawScene();
      setState('off');
      return;
    }
    let cancelled = false;
    setState('loading');
    NVImage.loadFromUrl({ url: anatomyMaskUrl(seriesId, organ), name: layer.name })
      .then((vol) => {
        if (cancelled) return;
        if (vol.hdr) vol.hdr.intent_code = 0; // a plain 0..1 volume: 0 is transparent under the colormap
        vol.colormap = layer.colormap;
        vol.cal_min = 0;
        vol.cal_max = 1;
        vol.opacity = layer.opacity;
        nv.addVolume(vol);
        nv.drawScene();
        setState('shown');
      })
      .catch(() => {
        if (!cancelled) setState('error');
      });
    return () => {
      cancelled = true;
    };
  }, [nvRef, ready, seriesId, organ, on]);
  return state;
}

/** Both overlays' states (the toggles live in the viewer store). */
export function useAnatomyOverlays(nvRef: RefObject<Niivue | null>, ready: boolean, seriesId: string): Record<AnatomyOrgan, AnatomyOverlayState> {
  return { liver: useOverlay(nvRef, ready, seriesId, 'liver'), vessels: useOverlay(nvRef, ready, seriesId, 'vessels') };
}
