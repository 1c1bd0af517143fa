/**
 * The colours of the tissue-state label map (packages/contracts TISSUE_STATE) in the compare grid: one
 * table, given to NiiVue as the states volume's label colormap (setColormapLabel) and read by the legend,
 * so the legend shows exactly what the views draw. 0 (unchanged) is transparent.
 */
import { TISSUE_STATE, type TissueStateName } from '@mewm/contracts';

export interface TissueStateColour {
  value: number;
  name: TissueStateName;
  label: string;
  rgb: [number, number, number];
}

const COLOURS: Record<Exclude<TissueStateName, 'unchanged'>, { label: string; rgb: [number, number, number] }> = {
  viable: { label: 'viable tumour', rgb: [230, 40, 40] },
  necrosis: { label: 'necrosis', rgb: [150, 90, 40] },
  lipiodol: { label: 'Lipiodol deposition', rgb: [255, 230, 60] },
  ablationZone: { label: 'ablation zone', rgb: [255, 140, 0] },
  resectionCavity: { label: 'resection cavity', rgb: [60, 110, 255] },
  radiationChange: { label: 'radiation change', rgb: [200, 70, 220] },
  growth: { label: 'tumour growth', rgb: [255, 60, 170] },
  regressed: { label: 'regressed tumour', rgb: [60, 200, 200] },
};

/** The drawn states (not 'unchanged'), in label order. */
export const TISSUE_STATE_COLOURS: readonly TissueStateColour[] = (Object.keys(COLOURS) as Array<keyof typeof COLOURS>)
  .map((name) => ({ value: TISSUE_STATE[name], name, ...COLOURS[name] }))
  .sort((a, b) => a.value - b.value);

/** NiiVue's label colormap (R, G, B, A, I, labels) of the table; label 0 transparent. */
export function tissueStateLabelColormap(): { R: number[]; G: number[]; B: number[]; A: number[]; I: number[]; labels: string[] } {
  const rows = [{ value: TISSUE_STATE.unchanged, label: 'unchanged', rgb: [0, 0, 0] as [number, number, number] }, ...TISSUE_STATE_COLOURS];
  return {
    R: rows.map((r) => r.rgb[0]), G: rows.map((r) => r.rgb[1]), B: rows.map((r) => r.rgb[2]),
    A: rows.map((r) => (r.value === TISSUE_STATE.unchanged ? 0 : 255)), I: rows.map((r) => r.value), labels: rows.map((r) => r.label),
  };
}
