/**
 * Transarterial radioembolisation (TARE, selective internal radiation therapy) with yttrium-90
 * microspheres: the device, how selectively it is delivered, and optionally the planned absorbed dose
 * to the perfused volume. The response model does not yet depend on device, delivery or dose (see
 * parameters.ts); they describe the treatment and key it.
 */
import { z } from 'zod';

export const TARE_RANGES = {
  /** Plausibility bounds of a planned mean absorbed dose to the perfused volume (MIRD), Gy (ASSUMED bounds). */
  tarePerfusedDoseGy: { min: 25, max: 1000 },
} as const;

export const TARE_MICROSPHERES = ['glass', 'resin'] as const;
export const TARE_DELIVERIES = ['segmental', 'lobar'] as const;

export const TARE_MICROSPHERE_LABELS: Readonly<Record<(typeof TARE_MICROSPHERES)[number], string>> = { glass: 'glass microspheres', resin: 'resin microspheres' };
export const TARE_DELIVERY_LABELS: Readonly<Record<(typeof TARE_DELIVERIES)[number], string>> = { segmental: 'segmental (selective)', lobar: 'lobar' };

export const TareComponentSchema = z.strictObject({
  modality: z.literal('tare'),
  microspheres: z.enum(TARE_MICROSPHERES).default('glass'),
  /** 'segmental' = selective delivery to the tumour's segment(s) (as in LEGACY); 'lobar' = a whole lobe. */
  delivery: z.enum(TARE_DELIVERIES).default('segmental'),
  /** Planned mean absorbed dose to the perfused volume, Gy; absent = as planned by the site's dosimetry. */
  perfusedDoseGy: z.number().min(TARE_RANGES.tarePerfusedDoseGy.min).max(TARE_RANGES.tarePerfusedDoseGy.max).optional(),
});

export type TareComponent = z.infer<typeof TareComponentSchema>;
