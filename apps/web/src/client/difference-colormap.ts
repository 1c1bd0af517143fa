/**
 * The diverging colormap of the compare grid's difference view (simulated − pre-treatment CT, HU):
 * blue = lower than before, white = unchanged, red = higher, symmetric around 0 (RdBu-like, reversed).
 * Opaque everywhere, so that unchanged tissue reads as white rather than as the black background.
 */
import type { Niivue } from '@niivue/niivue';

export const DIFFERENCE_COLORMAP = 'mewm-difference';

type ColorMap = Parameters<Niivue['addColormap']>[1];

const MAP: ColorMap = {
  R: [5, 67, 247, 214, 103],
  G: [48, 147, 247, 96, 0],
  B: [97, 195, 247, 77, 31],
  A: [255, 255, 255, 255, 255],
  I: [0, 64, 128, 192, 255],
};

/** Register the colormap with NiiVue (its colormap table is shared by every instance; idempotent). */
export function registerDifferenceColormap(nv: Niivue): void {
  nv.addColormap(DIFFERENCE_COLORMAP, MAP);
}

/** The base map's colour at index 0..255 (linear between its nodes). */
function colourAt(x: number): [number, number, number] {
  const I = MAP.I;
  let n = 0;
  while (n < I.length - 2 && x > I[n + 1]!) n++;
  const t = Math.min(1, Math.max(0, (x - I[n]!) / (I[n + 1]! - I[n]!)));
  const mix = (c: number[]) => Math.round(c[n]! + t * (c[n + 1]! - c[n]!));
  return [mix(MAP.R), mix(MAP.G), mix(MAP.B)];
}

/**
 * The difference as an overlay on the CT: the same diverging colours, transparent where
 * |difference| < `thresholdHu` (the CT shows through), for a window of ±`windowHu`.
 * @throws RangeError for a window ≤ 0 or a threshold < 0
 */
export function differenceOverlayColormap(thresholdHu: number, windowHu: number): ColorMap {
  if (!(windowHu > 0) || !(thresholdHu >= 0)) throw new RangeError(`differenceOverlayColormap: windowHu must be > 0 and thresholdHu ≥ 0; got ${windowHu}, ${thresholdHu}`);
  // index 128 is 0 HU; the transparent band is ±k indices around it (at least the centre)
  const k = Math.min(126, Math.round((Math.min(thresholdHu, windowHu) / windowHu) * 128));
  const nodes = [0, 64, 127 - k, 128 - k, 128 + k, 129 + k, 192, 255].filter((x, i, a) => i === 0 || x > a[i - 1]!);
  const rgb = nodes.map(colourAt);
  return {
    R: rgb.map((c) => c[0]), G: rgb.map((c) => c[1]), B: rgb.map((c) => c[2]),
    A: nodes.map((x) => (x >= 128 - k && x <= 128 + k ? 0 : 255)), I: nodes,
  };
}

/** Register the overlay colormap for a threshold and window; returns its name. */
export function registerDifferenceOverlayColormap(nv: Niivue, thresholdHu: number, windowHu: number): string {
  const name = `${DIFFERENCE_COLORMAP}-overlay-${thresholdHu}-${windowHu}`;
  nv.addColormap(name, differenceOverlayColormap(thresholdHu, windowHu));
  return name;
}

/** Default and allowed threshold under which the difference overlay is transparent, HU. */
export const DIFFERENCE_THRESHOLD_HU = { default: 20, min: 0, max: 500 } as const;

/** Default and allowed half-width of the symmetric difference window, HU. */
export const DIFFERENCE_WINDOW_HU = { default: 200, min: 10, max: 2000 } as const;
