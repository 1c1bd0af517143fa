/**
 * The measured residual tumour after a curative-intent treatment (resection, thermal ablation), a
 * continuous value in [0, 1] read by the risk models' residualAfterCurative term:
 *
 *   residual = min(1, sumViableDiameterMm / sumBaselineDiameterMm)   (mRECIST target sums)
 *            = 1 when a new lesion is confirmed (viable disease at least as large as the treated one).
 *
 * 0 = complete (no viable target tumour, no new lesion), 1 = a full residual (as much viable tumour as
 * at baseline, or more, or new disease). A risk card scales it by its residual contrast, so a full
 * residual carries the card's residual-vs-complete hazard ratio and a partial residual the HR raised to
 * the fraction: log-linear in the fraction is an ASSUMPTION (the contrast was measured as a yes/no,
 * see the cards). 2 mL and 4 mL of residual tumour thus no longer score alike.
 * Without the diameter sums (only a category known) it falls back to the yes/no reading: 1 if
 * mRECIST is not CR, 0 if CR.
 */
import type { PatientImagingFeatures } from './imagingFeatures.ts';

export type ResidualInput = Pick<PatientImagingFeatures, 'mrecist'> &
  Partial<Pick<PatientImagingFeatures, 'newLesionCount' | 'sumBaselineDiameterMm' | 'sumViableDiameterMm'>>;

export interface ResidualFraction {
  readonly value: number;
  /** How the value was read (for the encoder's derivations). */
  readonly from: string;
}

export function residualViableFraction(img: ResidualInput): ResidualFraction {
  const newLesions = img.newLesionCount ?? 0;
  if (newLesions > 0) return { value: 1, from: `1: ${newLesions} new lesion(s) after the curative-intent treatment` };
  const bl = img.sumBaselineDiameterMm, fu = img.sumViableDiameterMm;
  if (bl !== undefined && fu !== undefined && Number.isFinite(bl) && Number.isFinite(fu) && bl > 0 && fu >= 0) {
    const value = Math.min(1, fu / bl);
    return { value, from: `residual viable fraction min(1, viable diameter sum ${fu.toFixed(1)} mm / baseline ${bl.toFixed(1)} mm) = ${value.toFixed(3)}` };
  }
  const value = img.mrecist === 'CR' ? 0 : 1;
  return { value, from: `${value}: mRECIST ${img.mrecist} (diameter sums not given: yes/no reading, 1 if not CR)` };
}
