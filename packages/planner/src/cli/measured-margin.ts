/**
 * The 3D minimal ablative margin read from a follow-up CT: the critic (measureResponse) finds the
 * ablation zone and the ablated tumour on the image; the margin is the least distance from the baseline
 * tumour's surface to the outside of that region, negative when tumour lies outside it (world model
 * `measureMinimalMargin`, the same measurement the plan makes on its simulated follow-ups).
 */
import type { LabelVolume, Vec3 } from '@mewm/dicom';
import type { ResponseMeasurement } from '@mewm/survival';
import { measureMinimalMargin } from '@mewm/world-model';

export interface MeasuredAblationMargin {
  minimalMarginMm: number;
  /** Baseline tumour voxels outside the ablated region. */
  uncoveredVoxels: number;
  lesionVoxels: number;
}

/**
 * @param m a measurement made with `includeMasks` (its boxes are on the pre CT grid)
 * @returns null when the image shows no ablation zone
 */
export function measuredAblationMargin(m: ResponseMeasurement, lesions: LabelVolume): MeasuredAblationMargin | null {
  if (!m.masks || !(m.patient.ablationZoneVolumeMl > 0)) return null;
  const { min, dims, treatmentZone, necrotic } = m.masks;
  const [nx, ny] = lesions.dims;
  const lesion = new Uint8Array(treatmentZone.length);
  const ablated = new Uint8Array(treatmentZone.length);
  let b = 0;
  for (let k = 0; k < dims[2]; k++) for (let j = 0; j < dims[1]; j++) for (let i = 0; i < dims[0]; i++, b++) {
    lesion[b] = lesions.data[min[0] + i + nx * (min[1] + j + ny * (min[2] + k))] ? 1 : 0;
    ablated[b] = treatmentZone[b] || necrotic[b] ? 1 : 0;
  }
  const r = measureMinimalMargin(lesion, ablated, [...dims] as Vec3, lesions.spacingMm);
  return { minimalMarginMm: r.marginMm, uncoveredVoxels: r.uncoveredVoxels, lesionVoxels: r.lesionVoxels };
}
