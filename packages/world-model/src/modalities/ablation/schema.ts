/** Percutaneous thermal ablation. The ablation zone covers the lesion plus `marginMm` all round. */
import { z } from 'zod';
import { ABLATION_APPLICATOR_IDS } from './applicators.ts';

export const ABLATION_RANGES = {
  ablationMarginMm: { min: 0, max: 20 },
  ablationZoneDiameterMm: { min: 10, max: 80 },
} as const;

export const ABLATION_TECHNIQUES = ['rfa', 'mwa'] as const;

export const AblationComponentSchema = z.strictObject({
  modality: z.literal('ablation'),
  technique: z.enum(ABLATION_TECHNIQUES),
  marginMm: z.number().min(ABLATION_RANGES.ablationMarginMm.min).max(ABLATION_RANGES.ablationMarginMm.max).default(5),
  /** Planned ablation-zone diameter (device/protocol), mm; absent = sized to lesion + margin. */
  zoneDiameterMm: z.number().min(ABLATION_RANGES.ablationZoneDiameterMm.min).max(ABLATION_RANGES.ablationZoneDiameterMm.max).optional(),
  /**
   * A named applicator setting (applicators.ts) with a published zone size; optional. When given, the
   * anatomy model (`assessAblation`) builds its ellipsoidal zone; without it the zone is sized as
   * before (zoneDiameterMm, or lesion + margin). Its technique must match `technique`.
   */
  applicator: z.enum(ABLATION_APPLICATOR_IDS).optional(),
});

export type AblationComponent = z.infer<typeof AblationComponentSchema>;
