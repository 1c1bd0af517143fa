'use client';
/**
 * The stored CT of the chosen series, fetched and decoded (NiiVue's NVImage) as soon as the series is
 * chosen, so that the download runs while the page renders and NiiVue compiles its shaders instead of
 * after. One volume is kept: choosing another series (or none) drops the one not yet taken, and the
 * viewer takes it once, so that a later viewer never shares an NVImage with an earlier one.
 */
import { NVImage } from '@niivue/niivue';

export const seriesVolumeUrl = (seriesId: string) => `/api/series/${seriesId}/volume`;

let pending: { seriesId: string; volume: Promise<NVImage> } | null = null;

function load(seriesId: string): Promise<NVImage> {
  performance.mark('mewm:volume:fetch');
  const volume = NVImage.loadFromUrl({ url: seriesVolumeUrl(seriesId), name: 'ct.nii.gz', colormap: 'gray' }).then((vol) => {
    performance.mark('mewm:volume:decoded');
    return vol;
  });
  volume.catch(() => undefined); // handled: the viewer reports the error when it awaits the volume
  return volume;
}

/** Start loading the series' volume (nothing when it is loading already); null drops the pending one. */
export function prefetchSeriesVolume(seriesId: string | null): void {
  if (seriesId === null) {
    pending = null;
    return;
  }
  if (pending?.seriesId === seriesId) return;
  pending = { seriesId, volume: load(seriesId) };
}

/** The series' volume: the prefetched one when there is one (handed over once), else a new load. */
export function takeSeriesVolume(seriesId: string): Promise<NVImage> {
  if (pending?.seriesId === seriesId) {
    const { volume } = pending;
    pending = null;
    return volume;
  }
  return load(seriesId);
}
