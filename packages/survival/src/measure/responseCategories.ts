/**
 * Response categories other than mRECIST (which lives in ../mrecist.ts, the package's one mRECIST):
 * - RECIST 1.1 (Eisenhauer EA et al., Eur J Cancer 2009;45:228-47): sum of the longest diameters of
 *   the target lesions, necrosis included. CR: all target lesions gone; PR: ≥ 30 % decrease from
 *   baseline; PD: ≥ 20 % increase over the nadir AND ≥ 5 mm absolute increase, or a new lesion.
 * - EASL (Bruix J et al., J Hepatol 2001;35:421-30): change of the enhancing (viable) tumour area.
 *   CR: no enhancing tumour; PR: ≥ 50 % decrease; PD: ≥ 25 % increase or a new lesion.
 *   The volumetric variant applies the same rule to the enhancing volume with thresholds derived
 *   geometrically for a sphere (area ∝ d², volume ∝ d³: −50 % area ≈ −65 % volume, +25 % area ≈
 *   +40 % volume): DERIVED here, not a cited cut-off.
 * - LI-RADS treatment response (ACR CT/MRI LI-RADS v2018 Treatment Response Algorithm; v2024 keeps
 *   these categories for non-radiation treatments): LR-TR Nonviable (no lesional enhancement, or the
 *   treatment-specific expected pattern), LR-TR Equivocal (enhancement atypical for the expected
 *   pattern and not meeting viable criteria), LR-TR Viable (nodular, mass-like or thick irregular
 *   tissue in or along the treated lesion that enhances like the pre-treatment tumour). "Nodular /
 *   mass-like / thick" is not sized by LI-RADS: here viable tissue whose longest viable chord is
 *   ≥ `LIRADS_TR_VIABLE_MIN_MM` (ASSUMED 5 mm) is Viable, smaller enhancing residue is Equivocal.
 */
import type { MrecistCategory } from '../mrecist.ts';

export type ResponseCategory = MrecistCategory;
export type LiradsTrCategory = 'LR-TR Nonviable' | 'LR-TR Equivocal' | 'LR-TR Viable';

export const RECIST_PR_DECREASE = 0.3;
export const RECIST_PD_INCREASE = 0.2;
export const RECIST_PD_MIN_ABSOLUTE_MM = 5;
export const EASL_PR_DECREASE = 0.5;
export const EASL_PD_INCREASE = 0.25;
/** Derived from the EASL area thresholds for a sphere (see header). */
export const EASL_VOLUME_PR_DECREASE = 1 - (1 - EASL_PR_DECREASE) ** 1.5;
export const EASL_VOLUME_PD_INCREASE = (1 + EASL_PD_INCREASE) ** 1.5 - 1;
/** ASSUMED: smallest longest viable chord (mm) of "nodular / mass-like / thick" viable tissue. */
export const LIRADS_TR_VIABLE_MIN_MM = 5;

/** RECIST 1.1 overall response from target sums of longest diameters (mm); nadir defaults to baseline. */
export function recistResponse(baselineSumMm: number, followUpSumMm: number, newLesions: number, nadirSumMm = baselineSumMm): ResponseCategory {
  if (newLesions > 0) return 'PD';
  if (followUpSumMm === 0) return 'CR';
  if (followUpSumMm >= nadirSumMm * (1 + RECIST_PD_INCREASE) && followUpSumMm - nadirSumMm >= RECIST_PD_MIN_ABSOLUTE_MM) return 'PD';
  if (followUpSumMm <= baselineSumMm * (1 - RECIST_PR_DECREASE)) return 'PR';
  return 'SD';
}

/** EASL response from the enhancing amount at baseline and follow-up (area or volume, same unit). */
export function easlResponse(baseline: number, followUp: number, newLesions: number, volumetric = false): ResponseCategory {
  if (newLesions > 0) return 'PD';
  if (followUp === 0) return 'CR';
  const pr = volumetric ? EASL_VOLUME_PR_DECREASE : EASL_PR_DECREASE;
  const pd = volumetric ? EASL_VOLUME_PD_INCREASE : EASL_PD_INCREASE;
  if (followUp >= baseline * (1 + pd)) return 'PD';
  if (followUp <= baseline * (1 - pr)) return 'PR';
  return 'SD';
}

/** LI-RADS TR category of one treated lesion from its viable voxels and their longest viable chord. */
export function liradsTrCategory(viableVoxels: number, longestViableChordMm: number): LiradsTrCategory {
  if (viableVoxels === 0) return 'LR-TR Nonviable';
  return longestViableChordMm >= LIRADS_TR_VIABLE_MIN_MM ? 'LR-TR Viable' : 'LR-TR Equivocal';
}

/** Patient-level LI-RADS TR: the worst lesion (Viable > Equivocal > Nonviable). */
export function worstLiradsTr(categories: readonly LiradsTrCategory[]): LiradsTrCategory {
  if (categories.includes('LR-TR Viable')) return 'LR-TR Viable';
  if (categories.includes('LR-TR Equivocal')) return 'LR-TR Equivocal';
  return 'LR-TR Nonviable';
}
