/** First-line systemic therapy. */
import { z } from 'zod';
import { SYSTEMIC_REGIMENS } from './regimens.ts';

export const SystemicComponentSchema = z.strictObject({
  modality: z.literal('systemic'),
  regimen: z.enum(SYSTEMIC_REGIMENS),
});

export type SystemicComponent = z.infer<typeof SystemicComponentSchema>;
