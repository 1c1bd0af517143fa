/**
 * Window/level arithmetic shared by the viewer and the compare grid: a preset (width and level, HU)
 * ↔ the display range NiiVue uses (cal_min, cal_max), and a custom window from a right-drag (NiiVue's
 * windowing drag sets cal_min/cal_max; niivue-windowing.ts reports them on release).
 */
import type { WindowPreset } from './viewer-store.ts';

/** The display range of a window: [level − width/2, level + width/2], HU. */
export function windowRange(p: Pick<WindowPreset, 'widthHu' | 'levelHu'>): { min: number; max: number } {
  return { min: p.levelHu - p.widthHu / 2, max: p.levelHu + p.widthHu / 2 };
}

/**
 * The custom window of a display range (HU), rounded to whole HU; a width under 1 HU becomes 1.
 * @throws RangeError when min or max is not finite
 */
export function customWindow(minHu: number, maxHu: number): WindowPreset {
  if (!Number.isFinite(minHu) || !Number.isFinite(maxHu)) throw new RangeError(`customWindow: min and max must be finite HU; got ${minHu}, ${maxHu}`);
  const lo = Math.min(minHu, maxHu), hi = Math.max(minHu, maxHu);
  const widthHu = Math.max(1, Math.round(hi - lo));
  const levelHu = Math.round((lo + hi) / 2);
  return { id: 'custom', label: `W ${widthHu} / L ${levelHu}`, widthHu, levelHu };
}

/** The data-window attribute: "min,max" in HU. */
export const windowAttr = (w: { min: number; max: number }): string => `${w.min},${w.max}`;
