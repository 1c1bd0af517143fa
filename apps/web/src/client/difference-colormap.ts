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

/** Default and allowed half-width of the symmetric difference window, HU. */
export const DIFFERENCE_WINDOW_HU = { default: 200, min: 10, max: 2000 } as const;
