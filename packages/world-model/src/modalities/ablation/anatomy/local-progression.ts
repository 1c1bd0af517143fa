/**
 * Local tumour progression (LTP) within 2 years of an ablation, as a function of the minimal
 * ablative margin. Proportional hazards: the 2-year LTP of a complete ablation at the safety margin
 * (`ablation.localProgressionTwoYear` at `ablation.safetyMarginMm`) is rescaled by the published
 * hazard ratio per 5 mm of margin (Wang et al. 2013), margins capped at the series' largest
 * category. A negative margin means tumour outside the zone: residual disease, not progression
 * after a complete ablation; the risk is then 1 by definition.
 */
import type { ParameterReader } from '../../../outcome/parameter-reader.ts';

/** Hazard multiplier of LTP at `marginMm` relative to the safety margin (1 there; > 1 below it). */
export function ltpHazardMultiplier(marginMm: number, read: ParameterReader): number {
  const m = Math.min(Math.max(marginMm, 0), read('ablation.ltp.marginCapMm'));
  return Math.pow(read('ablation.ltp.hazardRatioPer5Mm'), (m - read('ablation.safetyMarginMm')) / 5);
}

/** Probability of local tumour progression within 2 years, given the minimal ablative margin (mm). */
export function localProgressionRiskTwoYear(marginMm: number, read: ParameterReader): number {
  if (!(marginMm >= 0)) return 1;
  const base = read('ablation.localProgressionTwoYear');
  return 1 - Math.pow(1 - base, ltpHazardMultiplier(marginMm, read));
}
