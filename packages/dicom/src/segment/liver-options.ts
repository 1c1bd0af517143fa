/**
 * Options of segmentLiver, validated with zod; every default is stated here once.
 * Distances are physical (mm) so that they mean the same on 0.7 mm and 3 mm voxels.
 */
import { z } from 'zod';
import { InputError } from '../errors.ts';

const vec3 = z.tuple([z.number(), z.number(), z.number()]);

export const liverOptionsSchema = z
  .object({
    /** Optional point inside the liver, RAS+ mm: picks the component under it instead of the largest right-sided one. */
    seedRas: vec3.optional(),
    /** The work grid's voxels are at least this size in-plane (block-averaged), mm: bounds time and memory. */
    workSpacingMm: z.number().min(0.5).max(5).default(2.5),
    /** Largest work grid we allocate (voxels); the grid is coarsened further past it. */
    maxWorkVoxels: z.number().int().min(1e5).max(64e6).default(6e6),
    /** Gaussian smoothing of the work grid before thresholding, mm. */
    smoothingSigmaMm: z.number().min(0).max(5).default(1.5),
    /** Body voxels nearer than this to the skin are not liver candidates (abdominal wall, subcutaneous fat), mm. */
    bodyWallMm: z.number().min(0).max(60).default(12),
    /** Plausible parenchyma HU (unenhanced ≈ 50–65, portal-venous ≈ 100–140): the mode is sought in this range. */
    parenchymaHuRange: z.tuple([z.number(), z.number()]).default([30, 200]),
    /** Half-width of the parenchyma window, at least this (HU) … */
    minWindowHalfWidthHu: z.number().min(5).max(200).default(25),
    /** … or this many robust standard deviations of the parenchyma peak, whichever is wider. */
    windowSigmas: z.number().min(1).max(10).default(2.5),
    /** Erosion that cuts bridges to the heart, stomach, kidney, spleen and bowel before the component is chosen, mm. */
    erosionMm: z.number().min(0).max(30).default(7),
    /** Reconstruction grows the eroded core back by erosionMm plus this, within the window, mm. */
    reconstructExtraMm: z.number().min(0).max(10).default(1.5),
    /** Closing that brings in capsule-touching lesions, vessels and fissures (only voxels above fatHu), mm. */
    closingRadiusMm: z.number().min(0).max(30).default(8),
    /** Voxels darker than this (smoothed HU) are fat or air: never added by closing or lesion filling. */
    fatHu: z.number().min(-500).max(100).default(-30),
    /** A non-liver soft-tissue region (a lesion) is added when at least this fraction of its surface touches the liver. */
    lesionEnclosedFraction: z.number().min(0).max(1).default(0.6),
    /** A wider closing in each axial slice, adding only voxels of at least lesionMinHu: lesions bulging from the capsule, mm. */
    axialClosingRadiusMm: z.number().min(0).max(40).default(15),
    /** Darker than this (smoothed HU) is bile, fluid or fat, not a solid lesion: the axial closing leaves it out. */
    lesionMinHu: z.number().min(-200).max(200).default(25),
    /** Hypodense tissue outside the liver, joined to a lesion deep inside it, is added up to this distance from that lesion, mm (0 = off). */
    lesionBulgeMm: z.number().min(0).max(40).default(10),
    /** Below this volume the result is not a liver, mL. */
    minVolumeMl: z.number().min(0).max(5000).default(150),
  })
  .strict()
  .refine((o) => o.parenchymaHuRange[0] < o.parenchymaHuRange[1], { error: 'parenchymaHuRange must be [low, high] with low < high' });

export type LiverOptionsInput = z.input<typeof liverOptionsSchema>;
export type LiverOptions = z.output<typeof liverOptionsSchema>;

/**
 * Validate options and fill defaults.
 * @throws InputError naming the option and its allowed range
 */
export function parseLiverOptions(opts: unknown): LiverOptions {
  const r = liverOptionsSchema.safeParse(opts ?? {});
  if (!r.success) {
    const issues = r.error.issues.map((i) => `${i.path.join('.') || 'options'}: ${i.message}`).join('; ');
    throw new InputError(`segmentLiver options are invalid: ${issues}`);
  }
  return r.data;
}
