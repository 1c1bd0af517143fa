/**
 * Post-treatment tissue states: the label values of the state map the dynamics model produces and
 * the renderer, the survival features and the viewer read. One byte per voxel on the CT grid.
 */
export const TISSUE_STATE = {
  /** Not part of any lesion or treatment effect: the real CT stays as it is. */
  unchanged: 0,
  /** Viable (enhancing) tumour. */
  viable: 1,
  /** Necrotic tumour without Lipiodol. */
  necrosis: 2,
  /** Necrotic tumour with dense Lipiodol deposition (cTACE). */
  lipiodol: 3,
  /** Thermal ablation zone (RFA/MWA): coagulation necrosis of tumour plus margin. */
  ablationZone: 4,
  /** Resection cavity (fluid, early) or post-operative defect. */
  resectionCavity: 5,
  /** Radiation-induced liver change around an SBRT target. */
  radiationChange: 6,
  /** Tumour growth beyond the baseline lesion (untreated or progressive disease). */
  growth: 7,
  /**
   * Former tumour volume that regressed (shrinkage under treatment): no longer tumour, drawn as the
   * surrounding liver parenchyma. Not unchanged: the real CT there still shows the baseline tumour.
   */
  regressed: 8,
} as const;

export type TissueStateName = keyof typeof TISSUE_STATE;
export type TissueStateValue = (typeof TISSUE_STATE)[TissueStateName];

export const TISSUE_STATE_NAMES: Record<number, TissueStateName> = Object.fromEntries(
  Object.entries(TISSUE_STATE).map(([k, v]) => [v, k as TissueStateName]),
);
