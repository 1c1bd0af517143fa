/**
 * The patient's anatomy in a plan (issue "a patient-specific world model"): the liver and vessel masks
 * the plan used, and per candidate and sample the anatomy-dependent quantities measured on the
 * simulated follow-up — the 3D minimal ablative margin, the nearest vessel of at least 3 mm, the future
 * liver remnant after a resection, and whether the treatment is feasible (with the reason when not).
 * Shown by the PDF and the web app through `anatomyRows`, one set of strings for both.
 * Research use only, not for clinical use.
 */
import { z } from 'zod';

/** Vessels this thin or thicker count for heat sink and vessel contact (3 mm: the heat-sink literature's threshold). */
export const VESSEL_MIN_DIAMETER_MM = 3;

/**
 * One sample's anatomy-dependent quantities. Null where the candidate has no such component (no
 * ablation → no margin; no resection → no remnant) or the plan has no vessel mask. Absent in reports
 * written before the plan knew the anatomy.
 */
export const sampleAnatomySchema = z.strictObject({
  /**
   * 3D minimal ablative margin measured on the simulated ablation zone: the least distance from the
   * tumour's surface to the zone's outside, mm; negative when part of the tumour is left uncovered.
   */
  minimalMarginMm: z.number().nullable(),
  /** The vessel (≥ 3 mm) nearest to the treated tumour: distance from the tumour surface and its diameter, mm. */
  vesselContact: z.strictObject({ distanceMm: z.number().nonnegative(), diameterMm: z.number().positive() }).nullable(),
  /** Future liver remnant after the resection, as a fraction (0–1) of the functional liver (liver minus tumour), and in mL. */
  futureLiverRemnantFraction: z.number().min(0).max(1).nullable(),
  futureLiverRemnantMl: z.number().nonnegative().nullable(),
  feasible: z.boolean(),
  /** Why the treatment is not feasible, with the numbers; present exactly when `feasible` is false. */
  reason: z.string().min(1).optional(),
}).refine((a) => a.feasible === (a.reason === undefined), { error: 'reason is given exactly when feasible is false', path: ['reason'] });
export type SampleAnatomy = z.infer<typeof sampleAnatomySchema>;

/** Where a mask came from: given with the request, segmented from the CT by the plan, or the phantom's own. */
export const ANATOMY_SOURCES = ['mask', 'segmented', 'phantom'] as const;

/** The anatomy the plan used (report.json `anatomy`); absent in reports written before it. */
export const planAnatomySchema = z.strictObject({
  liver: z.strictObject({ source: z.enum(ANATOMY_SOURCES), volumeMl: z.number().positive() }).nullable(),
  vessels: z.strictObject({ source: z.enum(ANATOMY_SOURCES), volumeMl: z.number().nonnegative() }).nullable(),
  /** What a reader should know: a mask that could not be made and what that leaves out. */
  notes: z.array(z.string()),
});
export type PlanAnatomy = z.infer<typeof planAnatomySchema>;
