/** Percutaneous thermal ablation. The ablation zone covers the lesion plus `marginMm` all round. */
import { z } from 'zod';

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
});

export type AblationComponent = z.infer<typeof AblationComponentSchema>;
