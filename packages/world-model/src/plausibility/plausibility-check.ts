/** One plausibility check of a simulated follow-up: what was measured against which limit. */

export const PLAUSIBILITY_CHECK_IDS = [
  /** The tumour painted on the image has the volume the outcome model drew (viable + necrotic). */
  'tumourVolumeMatchesModel',
  /** Growth on the image is no faster than the model's shortest doubling time. */
  'growthWithinDoublingTime',
  /** Every changed voxel lies in the liver (or, without a liver mask, in soft tissue of the CT). */
  'changesInsideLiver',
  /** No air-range CT values appear where the CT had none (no modelled process puts gas there). */
  'noNewAir',
  /** No CT values above the bright-HU bound outside Lipiodol deposits. */
  'noBrightOutsideLipiodol',
  /** Lipiodol lies in the baseline tumour only. */
  'lipiodolInsideTumour',
  /** Lipiodol CT values lie within the model's range (unenhanced liver .. the Lipiodol cap). */
  'lipiodolHuInRange',
  /** A resection removes liver to the capsule: the cavity touches the liver's outer surface. */
  'resectionReachesCapsule',
] as const;
export type PlausibilityCheckId = (typeof PLAUSIBILITY_CHECK_IDS)[number];

export interface PlausibilityCheck {
  id: PlausibilityCheckId;
  passed: boolean;
  /** The measured quantity, in `unit`. */
  measured: number;
  /** The limit it was held to, in `unit` (a maximum unless `detail` says otherwise). */
  limit: number;
  unit: string;
  /** One plain sentence with the numbers (no pixel values beyond counts and summary HU). */
  detail: string;
}
