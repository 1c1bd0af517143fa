/**
 * Options of segmentLesion, validated with zod; every default is stated here once.
 */
import { z } from 'zod';
import { InputError } from '../errors.ts';

export const segmentOptionsSchema = z
  .object({
    /**
     * Radius of the first spherical ROI around the seed, mm. A region that reaches it is tried again
     * in an ROI twice as large, up to the whole volume (no size cap); only then has it leaked.
     */
    maxRadiusMm: z.number().min(5).max(200).default(75),
    /** 'auto' tries a hypodense lesion first, then a hyper-enhancing one (brighter than its surroundings). */
    polarity: z.enum(['auto', 'hypo', 'hyper']).default('auto'),
    /** Gaussian smoothing before thresholding (noise suppression), mm. 0 = none. */
    smoothingSigmaMm: z.number().min(0).max(5).default(1),
    /** Radius of the seed neighbourhood whose median is the seed intensity, mm. */
    seedRadiusMm: z.number().min(0).max(10).default(2.5),
    /** A seed intensity outside this range is air/lung/fat (below) or bone/dense contrast (above), HU. */
    seedHuRange: z.tuple([z.number(), z.number()]).default([-150, 300]),
    /** Lower threshold = seed intensity − lowerMarginHu (keeps fat and air out), HU. */
    lowerMarginHu: z.number().min(5).max(1000).default(50),
    /** Voxels within this distance of something darker than the lower threshold are not entered, mm. */
    barrierMarginMm: z.number().min(0).max(10).default(3),
    /** Dark channels thinner than about twice this (mm) cannot carry the region (grayscale dilation before the flood). */
    channelRadiusMm: z.number().min(0).max(10).default(2.4),
    /**
     * When the region leaks, the flood is tried once more with this channel radius, mm: a lesion
     * touching tissue of its own density (abdominal wall, diaphragm, bowel) through a neck narrower
     * than about twice this is cut there. 0 (or ≤ channelRadiusMm) = no second try.
     */
    leakCutRadiusMm: z.number().min(0).max(15).default(5),
    /**
     * Give back the barrier margin where the lesion meets fat (voxels within barrierMarginMm of the
     * region, in its HU range): the edge against fat then lies midway between lesion and fat, not
     * barrierMarginMm inside it. Off by default so that existing reference volumes stay as they were
     * (on CRLM-CT-1006 it adds about 0.8 mL to 8.7 mL); see packages/dicom/README.md.
     */
    fatEdgeGiveBack: z.boolean().default(false),
    /** The surroundings must be at least this much brighter than the seed, HU. */
    minContrastHu: z.number().min(2).max(500).default(15),
    /** Half-width of the threshold-stability window, HU. */
    stabilityDeltaHu: z.number().int().min(1).max(50).default(5),
    /** Opening radius (cuts leaks thinner than twice this), mm; reduced for small lesions. */
    openingRadiusMm: z.number().min(0).max(10).default(2),
    /** Closing radius (smooths the outline, closes notches), mm. */
    closingRadiusMm: z.number().min(0).max(10).default(2),
    /** Enhancing-rim capture: thickness looked for, mm. */
    rimMaxThicknessMm: z.number().min(0).max(10).default(4),
    /** Enhancing-rim capture: rim voxels are this much brighter than the parenchyma, HU. */
    rimContrastHu: z.number().min(0).max(500).default(20),
    /** Enhancing-rim capture: fraction of directions that must see the rim (0..1). */
    rimMinCoverage: z.number().min(0).max(1).default(0.5),
    /** A region filling more than this fraction of the ROI sphere has leaked. */
    leakFraction: z.number().gt(0).max(1).default(0.5),
  })
  .strict()
  .refine((o) => o.seedHuRange[0] < o.seedHuRange[1], { error: 'seedHuRange must be [low, high] with low < high' });

export type SegmentOptionsInput = z.input<typeof segmentOptionsSchema>;
export type SegmentOptions = z.output<typeof segmentOptionsSchema>;

/**
 * Validate options and fill defaults.
 * @throws InputError naming the option and its allowed range
 */
export function parseSegmentOptions(opts: unknown): SegmentOptions {
  const r = segmentOptionsSchema.safeParse(opts ?? {});
  if (!r.success) {
    const issues = r.error.issues.map((i) => `${i.path.join('.') || 'options'}: ${i.message}`).join('; ');
    throw new InputError(`segmentLesion options are invalid: ${issues}`);
  }
  return r.data;
}
