/**
 * mRECIST response categories from measurements (Lencioni R, Llovet JM. Modified RECIST (mRECIST)
 * assessment for hepatocellular carcinoma. Semin Liver Dis 2010;30(1):52-60).
 *
 * Target lesions (sum of the longest diameters of their VIABLE, arterially enhancing, part):
 * - CR: disappearance of any intratumoral arterial enhancement in all target lesions;
 * - PD: an increase of at least 20 % in the sum, taking as reference the smallest sum recorded
 *   since treatment started (the nadir; with one follow-up it is the baseline);
 * - PR: a decrease of at least 30 % in the sum, taking as reference the baseline sum;
 * - SD: neither PR nor PD.
 * Non-target lesions: CR = no enhancement left in any of them; PD = unequivocal progression;
 * otherwise incomplete response / stable disease ('nonCRnonPD'). "Unequivocal progression" is a
 * reader's judgement; here its stand-in is an increase of at least 20 % of the non-target viable
 * diameter sum over its baseline and nadir (the target-lesion threshold), stated in the result.
 * Overall: PD if target PD, non-target PD or a new lesion; CR if target CR, non-target CR (or none)
 * and no new lesion; PR if target CR with persisting non-target enhancement, or target PR without
 * PD; SD otherwise. Without target lesions the non-target response decides (non-CR/non-PD → SD).
 * New lesion (mRECIST): a new nodule of at least 1 cm with the typical vascular pattern of HCC;
 * smaller ones are equivocal and do not make PD on their own.
 */
import { SurvivalInputError } from './errors.ts';

export type MrecistCategory = 'CR' | 'PR' | 'SD' | 'PD';
export type TargetResponse = MrecistCategory | 'notEvaluable';
export type NonTargetResponse = 'CR' | 'nonCRnonPD' | 'PD' | 'none';

/** Fractions of the mRECIST rules. */
export const MRECIST_PR_DECREASE = 0.3;
export const MRECIST_PD_INCREASE = 0.2;
/**
 * Target lesions (Lencioni & Llovet 2010, following RECIST 1.1): at most 2 per organ and 5 in total.
 * The lesions of a MeWM lesion mask are liver lesions (one organ), so at most 2 are targets.
 */
export const MRECIST_MAX_TARGETS_PER_ORGAN = 2;
export const MRECIST_MAX_TARGETS = 5;
/** Smallest longest diameter of a measurable (target) lesion and of a confirmed new lesion, mm. */
export const MRECIST_MEASURABLE_MIN_MM = 10;

function checkMm(argument: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) throw new SurvivalInputError(argument, 'must be a finite number >= 0 (mm)');
  return v;
}

/**
 * Target-lesion response from sums of longest viable diameters (mm).
 * @param viableRemaining whether any viable tumour voxel remains in the target lesions (CR needs none:
 *   a single viable voxel measures 0 mm but is still enhancing tumour).
 * @param nadirSumMm smallest sum since treatment started (default: the baseline sum).
 * @throws SurvivalInputError for negative / non-finite sums, a zero baseline sum or a nadir above the baseline.
 */
export function mrecistTargetResponse(
  baselineSumMm: number,
  followUpSumMm: number,
  viableRemaining: boolean,
  nadirSumMm: number = baselineSumMm,
): MrecistCategory {
  checkMm('baselineSumMm', baselineSumMm);
  checkMm('followUpSumMm', followUpSumMm);
  checkMm('nadirSumMm', nadirSumMm);
  if (baselineSumMm === 0) throw new SurvivalInputError('baselineSumMm', 'must be > 0: target lesions are measurable at baseline');
  if (nadirSumMm > baselineSumMm) throw new SurvivalInputError('nadirSumMm', `must be in [0, baselineSumMm = ${baselineSumMm}]`);
  if (!viableRemaining) return 'CR';
  if (nadirSumMm > 0 ? followUpSumMm >= nadirSumMm * (1 + MRECIST_PD_INCREASE) : followUpSumMm > 0) return 'PD';
  if (followUpSumMm <= baselineSumMm * (1 - MRECIST_PR_DECREASE)) return 'PR';
  return 'SD';
}

/**
 * Non-target response: 'none' without non-target lesions, CR when no viable tumour remains in them,
 * PD when their viable diameter sum rose by at least 20 % over baseline (the stand-in for
 * "unequivocal progression"), otherwise non-CR/non-PD.
 */
export function mrecistNonTargetResponse(count: number, baselineSumMm: number, followUpSumMm: number, viableRemaining: boolean): NonTargetResponse {
  if (!Number.isInteger(count) || count < 0) throw new SurvivalInputError('count', 'must be an integer >= 0');
  checkMm('baselineSumMm', baselineSumMm);
  checkMm('followUpSumMm', followUpSumMm);
  if (count === 0) return 'none';
  if (!viableRemaining) return 'CR';
  if (baselineSumMm > 0 ? followUpSumMm >= baselineSumMm * (1 + MRECIST_PD_INCREASE) : followUpSumMm >= MRECIST_MEASURABLE_MIN_MM) return 'PD';
  return 'nonCRnonPD';
}

/** Overall mRECIST response from the target and non-target responses and the number of confirmed new lesions. */
export function mrecistOverallResponse(target: TargetResponse, nonTarget: NonTargetResponse, newLesions: number): MrecistCategory {
  if (!Number.isInteger(newLesions) || newLesions < 0) throw new SurvivalInputError('newLesions', 'must be an integer >= 0');
  if (target === 'notEvaluable' && nonTarget === 'none') {
    throw new SurvivalInputError('target', 'no target and no non-target lesions: there is nothing to assess');
  }
  if (target === 'PD' || nonTarget === 'PD' || newLesions > 0) return 'PD';
  if (target === 'notEvaluable') return nonTarget === 'CR' ? 'CR' : 'SD';
  if (target === 'CR') return nonTarget === 'CR' || nonTarget === 'none' ? 'CR' : 'PR';
  return target;
}
