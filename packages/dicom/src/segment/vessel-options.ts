/**
 * Options of segmentVessels, validated with zod; every default is stated here once.
 */
import { z } from 'zod';
import { InputError } from '../errors.ts';

export const vesselOptionsSchema = z
  .object({
    /** Gaussian smoothing before thresholding (noise), mm; small against a 3 mm vessel. */
    smoothingSigmaMm: z.number().min(0).max(3).default(1),
    /** The parenchyma median is taken this far inside the liver surface (partial volume with fat stays out), mm. */
    parenchymaInsetMm: z.number().min(0).max(20).default(5),
    /** A vessel voxel is brighter than the parenchyma median by at least this, HU … */
    minContrastHu: z.number().min(5).max(300).default(25),
    /** … and by at least this many robust standard deviations of the parenchyma (1.4826 × MAD). */
    contrastSigmas: z.number().min(0).max(10).default(3),
    /** Smallest vessel diameter kept, mm: an opening with a ball of half this radius removes thinner branches. */
    minDiameterMm: z.number().min(1).max(20).default(3),
    /** Connected vessel pieces smaller than this are dropped (noise, enhancing spots), mm³. */
    minComponentMm3: z.number().min(0).max(1e5).default(50),
    /** A piece with at least rimFraction of its voxels within this distance of hypodense liver tissue is an enhancing lesion rim, not a vessel, mm (0 = no rim test). */
    rimDistanceMm: z.number().min(0).max(20).default(3),
    /** See rimDistanceMm (0..1). */
    rimFraction: z.number().min(0).max(1).default(0.5),
    /** Largest liver bounding box worked on at full resolution (voxels): bounds memory (≈ 40 bytes a voxel at the peak). */
    maxBoxVoxels: z.number().int().min(1e5).max(128e6).default(32 * 1024 * 1024),
  })
  .strict();

export type VesselOptionsInput = z.input<typeof vesselOptionsSchema>;
export type VesselOptions = z.output<typeof vesselOptionsSchema>;

/**
 * Validate options and fill defaults.
 * @throws InputError naming the option and its allowed range
 */
export function parseVesselOptions(opts: unknown): VesselOptions {
  const r = vesselOptionsSchema.safeParse(opts ?? {});
  if (!r.success) {
    const issues = r.error.issues.map((i) => `${i.path.join('.') || 'options'}: ${i.message}`).join('; ');
    throw new InputError(`segmentVessels options are invalid: ${issues}`);
  }
  return r.data;
}
