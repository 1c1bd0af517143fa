/** Options of measureResponse, validated with zod (ranges in the messages). */
import type { LabelVolume } from '@mewm/dicom';
import { z } from 'zod';
import { SurvivalInputError } from '../errors.ts';
import { MRECIST_MAX_TARGETS, MRECIST_MAX_TARGETS_PER_ORGAN } from '../mrecist.ts';

const labelVolume = z.custom<LabelVolume>((v) => v !== null && typeof v === 'object' && 'data' in v && 'dims' in v, 'expected a label volume { data, dims, spacingMm, affineRas }');

export const measureOptionsSchema = z
  .object({
    /** Mask of the treated lesion(s) on the post CT's grid: replaces the transported baseline mask as the place to look at follow-up. */
    postMask: labelVolume.optional(),
    /** Liver mask on the pre CT's grid: replaces the ring as the liver reference and bounds where growth and new lesions are looked for. */
    liverMask: labelVolume.optional(),
    /** 'components' (default, 26-connected, largest first) or 'labels' (each non-zero label value is one lesion). */
    lesionLabelling: z.enum(['components', 'labels']).default('components'),
    /** Most target lesions (mRECIST / RECIST 1.1: 2 per organ, 5 in total). */
    maxTargetLesions: z.number().int().min(1).max(MRECIST_MAX_TARGETS).default(MRECIST_MAX_TARGETS_PER_ORGAN),
    /** Smallest target viable diameter sum since treatment started (mm), the mRECIST PD reference; default the baseline sum. */
    nadirSumViableDiameterMm: z.number().min(0).optional(),
    /** Inner and outer distance (mm) of the liver-reference ring outside the baseline lesions. */
    ringInnerMm: z.number().min(0).max(50).default(5),
    ringOuterMm: z.number().min(1).max(80).default(20),
    /** How far around the lesions (mm) growth and new lesions are looked for (the crop). */
    searchMarginMm: z.number().min(5).max(150).default(30),
    /** In-plane Gaussian σ (mm) applied before classifying voxels; 0 = none. */
    smoothingSigmaMm: z.number().min(0).max(5).default(1),
    /** Also return the voxel maps (viable, necrotic, Lipiodol, treatment zone) on the measurement box. */
    includeMasks: z.boolean().default(false),
  })
  .strict()
  .refine((o) => o.ringOuterMm > o.ringInnerMm, { error: 'ringOuterMm must exceed ringInnerMm', path: ['ringOuterMm'] });

export type MeasureOptionsInput = z.input<typeof measureOptionsSchema>;
export type MeasureOptions = z.output<typeof measureOptionsSchema>;

/** @throws SurvivalInputError naming the first bad option and its allowed range. */
export function parseMeasureOptions(input: unknown): MeasureOptions {
  const r = measureOptionsSchema.safeParse(input ?? {});
  if (r.success) return r.data;
  const issue = r.error.issues[0]!;
  throw new SurvivalInputError(`options.${issue.path.join('.')}`, issue.message);
}
