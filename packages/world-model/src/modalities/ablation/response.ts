/**
 * Thermal ablation of one lesion: complete-ablation probability by diameter (≤ 3 cm: assumed > 90 %;
 * > 3 cm: Livraghi 2000, interpolated), MWA vs RFA odds (Tang 2022), a penalty when the planned zone
 * leaves less than the 5 mm safety margin (assumed size of the penalty). Incomplete ablation leaves a
 * residual nodule that regrows; its size comes from the position of the class-choosing uniform inside
 * the incomplete interval (see `positionInInterval`). RFA and MWA share the zone geometry (lesion +
 * planned margin) unless a measured 3D margin is passed (`assessAblation`, anatomy/README.md):
 * applicator zone sizes, the heat sink and the margin itself are modelled there.
 */
import type { Rng } from '../../random.ts';
import type { AblationComponent } from './schema.ts';
import type { ParameterReader } from '../../outcome/parameter-reader.ts';
import type { ComponentResponse } from '../../outcome/response-trajectory.ts';
import { positionInInterval, scaleOdds } from '../../outcome/sample-helpers.ts';
import type { ResponseContext } from '../modality-definition.ts';
import { ltpHazardMultiplier } from './anatomy/local-progression.ts';

/** Margin actually achieved around the lesion, mm (negative = the zone does not cover the lesion). */
export function effectiveAblationMarginMm(c: AblationComponent, diameterMm: number): number {
  return c.zoneDiameterMm !== undefined ? (c.zoneDiameterMm - diameterMm) / 2 : c.marginMm;
}

/** Probability of complete ablation of a lesion of `diameterMm` (with the measured margin, when given, instead of the planned one). */
export function completeAblationProbability(c: AblationComponent, diameterMm: number, read: ParameterReader, measuredMarginMm?: number): number {
  const margin = measuredMarginMm ?? effectiveAblationMarginMm(c, diameterMm);
  if (margin < 0) return 0;
  const pSmall = read('ablation.rfa.completeRateSmall');
  const dSmall = read('ablation.smallDiameterMm');
  const pLarge = read('ablation.rfa.completeRateLarge');
  const dLarge = read('ablation.rfa.largeAnchorDiameterMm');
  let p = diameterMm <= dSmall
    ? pSmall
    : Math.max(read('ablation.minimumCompleteRate'), pSmall + ((pLarge - pSmall) * (diameterMm - dSmall)) / (dLarge - dSmall));
  if (c.technique === 'mwa') p = scaleOdds(p, read('ablation.mwa.relativeOdds'));
  if (margin < read('ablation.safetyMarginMm')) p = scaleOdds(p, read('ablation.insufficientMarginOdds'));
  return p;
}

/**
 * With `context.measuredAblationMarginMm` (from `assessAblation`) the measured 3D margin replaces the
 * planned one: tumour outside the zone (margin < 0) is never completely ablated, a thin margin lowers the
 * complete-ablation odds, and the local-progression hazard scales with the margin (Wang et al. 2013,
 * `localProgressionRiskTwoYear`). Without it the model is unchanged.
 */
export function sampleAblationResponse(c: AblationComponent, diameterMm: number, rng: Rng, read: ParameterReader, context?: ResponseContext): ComponentResponse {
  const measured = context?.measuredAblationMarginMm;
  const pComplete = completeAblationProbability(c, diameterMm, read, measured);
  const u = rng.next();
  const complete = u < pComplete;
  const onsetDays = read('ablation.responseOnsetDays');
  if (complete) {
    const multiplier = measured !== undefined ? ltpHazardMultiplier(measured, read) : 1;
    const hazard = (-Math.log(1 - read('ablation.localProgressionTwoYear')) * multiplier) / 730;
    return {
      modality: 'ablation', effect: 'complete', viableAtResponse: 0, onsetDays,
      progressionDays: onsetDays - Math.log(1 - rng.next()) / hazard, pattern: 'nodular',
    };
  }
  // Residual size from where u lies in this protocol's incomplete interval [pComplete, 1) (quantile
  // transform): same distribution as a fresh uniform, but it moves with the technique's odds.
  const ratioMin = 0.2;
  const ratio = ratioMin + (read('ablation.incompleteResidualDiameterRatioMax') - ratioMin) * positionInInterval(u, pComplete, 1);
  const margin = measured ?? effectiveAblationMarginMm(c, diameterMm);
  const uncovered = measured === undefined && margin < 0 && c.zoneDiameterMm !== undefined ? 1 - Math.pow(c.zoneDiameterMm / diameterMm, 3) : 0;
  const viable = Math.max(Math.pow(ratio, 3), uncovered);
  // Residual viable tumour after incomplete ablation keeps growing from the start.
  return { modality: 'ablation', effect: 'partial', viableAtResponse: viable, onsetDays, progressionDays: onsetDays, pattern: 'nodular' };
}

