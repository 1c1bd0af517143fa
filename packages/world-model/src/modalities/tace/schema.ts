/** Transarterial chemoembolisation: conventional (Lipiodol emulsion), DEB-TACE, or particles without Lipiodol. */
import { z } from 'zod';
import { EMBOLIC_AGENTS, TACE_DRUGS } from './agents.ts';

export const TACE_RANGES = {
  agentsPerList: { min: 1, max: 3 },
} as const;

export const TACE_TECHNIQUES = ['conventional', 'deb', 'particle'] as const;

export const TaceComponentSchema = z.strictObject({
  modality: z.literal('tace'),
  /**
   * 'conventional' = drug–Lipiodol emulsion (± particles); 'deb' = drug-eluting beads;
   * 'particle' = drug infusion with particulate/liquid embolic, without Lipiodol or beads.
   */
  technique: z.enum(TACE_TECHNIQUES),
  drugs: z.array(z.enum(TACE_DRUGS)).min(TACE_RANGES.agentsPerList.min).max(TACE_RANGES.agentsPerList.max),
  embolics: z.array(z.enum(EMBOLIC_AGENTS)).min(TACE_RANGES.agentsPerList.min).max(TACE_RANGES.agentsPerList.max),
});

export type TaceComponent = z.infer<typeof TaceComponentSchema>;

/** Names of the TACE techniques for people. */
export const TACE_TECHNIQUE_LABELS: Readonly<Record<TaceComponent['technique'], string>> = { conventional: 'cTACE', deb: 'DEB-TACE', particle: 'TACE without Lipiodol' };
