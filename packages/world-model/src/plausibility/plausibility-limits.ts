/**
 * The limits the follow-up plausibility checks apply. Each is a physical bound of CT or a tolerance
 * of the voxel model, not a fitted number; all are marked assumed with the reason. The model's own
 * numbers (doubling-time clamp, Lipiodol HU cap) are read from the dynamics card, not repeated here.
 */
export const PLAUSIBILITY_LIMITS = {
  /**
   * Air-range CT values, HU: below this a voxel is gas or lung, not soft tissue, fat or fluid (air
   * −1000 HU, lung parenchyma about −900 to −700 HU, fat about −100 HU, water 0 HU by the Hounsfield
   * scale's definition). Assumed bound half-way between fat and lung.
   */
  airHu: -400,
  /**
   * CT values above this outside Lipiodol are not produced by any modelled treatment effect in liver
   * (enhanced parenchyma and tumour stay well below 250 HU on portal-venous CT; dense contrast in a
   * large vessel or bone is not a simulated state). Assumed.
   */
  brightHu: 300,
  /**
   * Relative tolerance between the tumour volume painted on the image and the outcome model's volume
   * factor: one voxel shell of a 3 cm lesion on 0.8 × 0.8 × 5 mm CT is about 10 % of its volume.
   * Assumed.
   */
  volumeAgreement: 0.15,
  /**
   * Absolute floor of that tolerance, mL: below a few voxels a relative figure means nothing. Assumed.
   */
  volumeAgreementMinMl: 0.5,
  /**
   * How far (voxels, 6-connected) a changed voxel may lie outside the liver mask or a Lipiodol voxel
   * outside the baseline lesion: one voxel of partial volume at the border. Assumed.
   */
  borderVoxels: 1,
} as const;
