/** Stereotactic body radiotherapy; BED10 is derived (`biologicallyEffectiveDoseGy`), not stored. */
import { z } from 'zod';

export const SBRT_RANGES = {
  sbrtTotalDoseGy: { min: 15, max: 75 },
  sbrtFractions: { min: 1, max: 10 },
  sbrtDosePerFractionGy: { min: 5, max: 30 },
} as const;

export const SbrtComponentSchema = z.strictObject({
  modality: z.literal('sbrt'),
  totalDoseGy: z.number().min(SBRT_RANGES.sbrtTotalDoseGy.min).max(SBRT_RANGES.sbrtTotalDoseGy.max),
  fractions: z.number().int().min(SBRT_RANGES.sbrtFractions.min).max(SBRT_RANGES.sbrtFractions.max),
});

export type SbrtComponent = z.infer<typeof SbrtComponentSchema>;
