/**
 * One simulated and scored sample as the engine keeps it (and caches it): the response numbers read
 * from the simulated follow-up, the risk model's outputs, and content hashes of the simulated
 * volume and tissue-state map (never the voxels).
 */
import { z } from 'zod';
import type { LabelVolume, Volume } from '@mewm/dicom';

export const survivalPointSchema = z.strictObject({ months: z.number().nonnegative(), s: z.number().min(0).max(1) });
export type SurvivalPoint = z.infer<typeof survivalPointSchema>;

export const sampleRecordSchema = z.strictObject({
  seed: z.number().int(),
  mrecist: z.enum(['CR', 'PR', 'SD', 'PD']),
  viableVolumeMl: z.number().nonnegative(),
  baselineVolumeMl: z.number().nonnegative(),
  necrosisFraction: z.number().min(0).max(1),
  lipiodolCoverage: z.number().min(0).max(1),
  logRisk: z.number(),
  rmstMonths: z.number().nonnegative(),
  /** S(t) at the risk model's times, with S(0) = 1 first. */
  survival: z.array(survivalPointSchema),
  /** Risk-model modality the sample was scored with (see risk-modality.ts). */
  riskModality: z.string(),
  /**
   * The risk model's residualAfterCurative value for this sample (when the model has the term): 1 =
   * viable tumour left after curative-intent treatment (mRECIST not CR or new lesions), 0 = complete
   * or a non-curative modality (see risk-modality.ts).
   */
  residualAfterCurative: z.number().min(0).max(1).optional(),
  /** Risk-model covariates that were unknown and imputed (name, value, rule). */
  imputed: z.array(z.strictObject({ name: z.string(), value: z.number(), rule: z.string() })),
  /** sha256 of the simulated CT's voxel content (volumeContentSha256), and of the tissue-state map's. */
  volumeSha256: z.string().regex(/^[0-9a-f]{64}$/),
  statesSha256: z.string().regex(/^[0-9a-f]{64}$/),
});
export type SampleRecord = z.infer<typeof sampleRecordSchema>;

/** The simulated volumes of one sample (only where a caller needs them: NIfTI bundle, key slices). */
export interface SampleVolumes {
  volume: Volume;
  states: LabelVolume;
}
