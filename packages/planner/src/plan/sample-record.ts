/**
 * One simulated and scored sample as the engine keeps it (and caches it): the response MEASURED on
 * the simulated follow-up CT (survival measureResponse: the image, never the simulator's labels),
 * the risk model's outputs on those measured features, the dynamics model's own label-map numbers
 * beside them (agreement, not scored), and content hashes of the simulated volume and tissue-state
 * map (never the voxels).
 */
import { z } from 'zod';
import type { LabelVolume, Volume } from '@mewm/dicom';
import { measuredLesionSchema, recistResultSchema, sampleAnatomySchema } from '@mewm/contracts';

export const survivalPointSchema = z.strictObject({ months: z.number().nonnegative(), s: z.number().min(0).max(1) });
export type SurvivalPoint = z.infer<typeof survivalPointSchema>;

const mrecistSchema = z.enum(['CR', 'PR', 'SD', 'PD']);

export const sampleRecordSchema = z.strictObject({
  seed: z.number().int(),
  /** Measured on the image: mRECIST on the longest viable chord, volumes and fractions below likewise. */
  mrecist: mrecistSchema,
  viableVolumeMl: z.number().nonnegative(),
  baselineVolumeMl: z.number().nonnegative(),
  necrosisFraction: z.number().min(0).max(1),
  lipiodolCoverage: z.number().min(0).max(1),
  /** Measured: (viable − baseline) / baseline of the mRECIST target diameter sums; null without target lesions. */
  diameterSumChange: z.number().nullable(),
  sumBaselineDiameterMm: z.number().nonnegative(),
  sumViableDiameterMm: z.number().nonnegative(),
  /** Measured confirmed new lesions (≥ 10 mm). */
  newLesionCount: z.number().int().nonnegative(),
  /** Measured LI-RADS treatment-response category (worst lesion). */
  liradsTr: z.string(),
  /**
   * Measured per baseline lesion (the target-lesion table): `lesion` is its number in the report's
   * lesion list (1 = the largest; measureResponse numbers the mask's components as labelLesions does).
   */
  lesions: z.array(measuredLesionSchema).min(1),
  /** Measured RECIST 1.1 on the same target lesions (the mRECIST sums are above). */
  recist: recistResultSchema,
  /**
   * The dynamics model's own label-map numbers of the same sample (the world model's response
   * summary), beside the measured ones to show their agreement; never scored.
   */
  labelMap: z.strictObject({
    viableVolumeMl: z.number().nonnegative(),
    /** (viable − baseline) / baseline of the summed longest diameters (null without baseline diameter). */
    diameterSumChange: z.number().nullable(),
  }),
  logRisk: z.number(),
  rmstMonths: z.number().nonnegative(),
  /** S(t) at the risk model's times, with S(0) = 1 first. */
  survival: z.array(survivalPointSchema),
  /** Risk-model modality the sample was scored with (see risk-modality.ts). */
  riskModality: z.string(),
  /**
   * The risk model's residualAfterCurative value for this sample (when the model has the term), read
   * from the measured image: residual viable tumour after curative-intent treatment (0 = complete),
   * 0 for a non-curative modality (see risk-modality.ts).
   */
  residualAfterCurative: z.number().min(0).max(1).optional(),
  /** Risk-model covariates that were unknown and imputed (name, value, rule). */
  imputed: z.array(z.strictObject({ name: z.string(), value: z.number(), rule: z.string() })),
  /** sha256 of the simulated CT's voxel content (volumeContentSha256), and of the tissue-state map's. */
  volumeSha256: z.string().regex(/^[0-9a-f]{64}$/),
  statesSha256: z.string().regex(/^[0-9a-f]{64}$/),
  /** The anatomy-dependent quantities of the sample (world model: margin and remnant measured on its state map, nearest vessel, feasibility); absent without a liver or vessel mask. */
  anatomy: sampleAnatomySchema.optional(),
});
export type SampleRecord = z.infer<typeof sampleRecordSchema>;

/** The simulated volumes of one sample (only where a caller needs them: NIfTI bundle, key slices). */
export interface SampleVolumes {
  volume: Volume;
  states: LabelVolume;
}
