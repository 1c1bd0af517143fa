/**
 * Per-voxel tissue classes from HU relative to the patient's own references (see README.md for the
 * sources and the assumed figures):
 * - `nonEnhancing`: near the non-enhancing level (necrosis, ablation zone, fluid, cavity),
 * - `tumour`: nearer the baseline tumour's own HU than the liver's or the non-enhancing level,
 * - `liver`: nearer the liver reference,
 * - `lipiodol`: at least LIPIODOL_ABOVE_HU above both the liver and the tumour,
 * - `other`: fat or air (below the non-enhancing level by more than OTHER_BELOW_HU) or dense
 *   vessel / bone between the enhancing range and the Lipiodol threshold,
 * - `outside`: outside the post CT's field of view.
 */

export const TISSUE_CLASS = { other: 0, nonEnhancing: 1, tumour: 2, liver: 3, lipiodol: 4, outside: 5 } as const;
export type TissueClassCode = (typeof TISSUE_CLASS)[keyof typeof TISSUE_CLASS];

/** ASSUMED: HU of non-enhancing tissue (necrosis, coagulation, fluid ≈ 10-30 HU; the world model draws necrosis at 20 HU). */
export const NON_ENHANCING_HU = 20;
/** ASSUMED: voxels this far below NON_ENHANCING_HU are fat or air (fat ≈ −100 HU). */
export const OTHER_BELOW_HU = 50;
/** ASSUMED: voxels this far above the brighter of tumour and liver are vessel / bone, not tissue of interest. */
export const OTHER_ABOVE_HU = 60;
/**
 * ASSUMED: dense Lipiodol is at least this many HU above the liver and the tumour. The tumour-to-liver
 * contrast of Lipiodol 24 h after cTACE is 283 ± 152 HU on MDCT (the world model's cited figure);
 * 100 HU keeps portal-venous vessels (≈ +50 HU over liver) out.
 */
export const LIPIODOL_ABOVE_HU = 100;
/** ASSUMED: two references closer than this (HU) cannot be told apart on a smoothed CT voxel. */
export const MIN_CONTRAST_HU = 12;

/**
 * The class of one (smoothed) HU value, given the liver reference `l` and the expected viable-tumour HU `t`.
 * @param insideLesion whether the voxel lies in a baseline lesion: where tumour and liver cannot be told
 *   apart (isodense), a voxel inside a lesion counts as tumour and one outside as liver.
 */
export function classifyHu(h: number, l: number, t: number, insideLesion: boolean): TissueClassCode {
  const top = Math.max(l, t);
  if (h >= top + LIPIODOL_ABOVE_HU) return TISSUE_CLASS.lipiodol;
  if (h > top + OTHER_ABOVE_HU) return TISSUE_CLASS.other;
  if (h < NON_ENHANCING_HU - OTHER_BELOW_HU) return TISSUE_CLASS.other;
  const dn = Math.abs(h - NON_ENHANCING_HU);
  const dl = Math.abs(h - l);
  const isodense = Math.abs(t - l) < MIN_CONTRAST_HU;
  const dt = Math.abs(t - NON_ENHANCING_HU) < MIN_CONTRAST_HU ? Number.POSITIVE_INFINITY : Math.abs(h - t);
  if (isodense) {
    const de = Math.min(dl, dt);
    if (dn < de) return TISSUE_CLASS.nonEnhancing;
    return insideLesion ? TISSUE_CLASS.tumour : TISSUE_CLASS.liver;
  }
  if (dn <= dt && dn <= dl) return TISSUE_CLASS.nonEnhancing;
  return dt <= dl ? TISSUE_CLASS.tumour : TISSUE_CLASS.liver;
}
