/** Per-lesion numbers for the report: volume (mL), longest axial diameter (mm), centroid (RAS mm). */
import { measureMask } from '@mewm/dicom';
import { labelLesions } from '@mewm/world-model';
import type { PlanInput } from './contracts.ts';
import type { PlanReport } from '@mewm/contracts';

export function summariseLesions(input: PlanInput): PlanReport['lesions'] {
  const lesions = labelLesions(input.lesionMask);
  return Object.keys(lesions.labels).map(Number).map((label) => {
    const m = measureMask(lesions, label);
    return { label, volumeMl: m.volumeMl, longestAxialDiameterMm: m.longestAxialDiameterMm, centroidRas: m.centroidRas };
  });
}
