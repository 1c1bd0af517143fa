/**
 * CT display windows: Hounsfield units → 8-bit grey.
 *
 * The liver window W 150 / L 60 HU (grey ramp from −15 to 135 HU) is the conventional narrow
 * "liver window" used to read portal-venous CT, where enhanced parenchyma (~100–130 HU) is bright and
 * hypodense lesions stand out; centres use slightly different presets (level 30–70 HU), and reading
 * abdominal CT with a liver window in addition to the soft-tissue window (W 350–400 / L 40–50) is
 * routine practice (Dang & Mandarano, "A review of the benefits and rationale of viewing liver window
 * settings for abdominal computed tomography scans", The Radiographer 2006;53(1), doi:10.1002/j.2051-3909.2006.tb00044.x).
 */
import { ReportInputError } from './report-errors.ts';

export interface CtWindow {
  /** Window width, HU (> 0). */
  widthHu: number;
  /** Window level (centre), HU. */
  levelHu: number;
}

/** The conventional liver window, W 150 / L 60 HU. */
export const LIVER_WINDOW: Readonly<CtWindow> = Object.freeze({ widthHu: 150, levelHu: 60 });

/** Throws ReportInputError unless the window is finite with a positive width. */
export function assertCtWindow(w: CtWindow): void {
  if (!(w.widthHu > 0) || !Number.isFinite(w.widthHu) || !Number.isFinite(w.levelHu)) {
    throw new ReportInputError(`window: widthHu must be positive and levelHu finite, got W ${w.widthHu} / L ${w.levelHu}`);
  }
}

/** Linear window: level − width/2 → 0, level + width/2 → 255, clamped; NaN → 0. */
export function windowToGrey(hu: number, w: CtWindow): number {
  const g = ((hu - (w.levelHu - w.widthHu / 2)) / w.widthHu) * 255;
  if (!(g > 0)) return 0;
  return g >= 255 ? 255 : Math.round(g);
}
