/**
 * Surgical resection of the lesion with a margin of liver: the modality definition. No response is drawn
 * (the outcome is fixed: mRECIST CR). What the resection removes and leaves (the region to the capsule,
 * the future liver remnant, feasibility) is `planResection` (plan-resection.ts; README here).
 */
import { z } from 'zod';
import { defineModality } from '../modality-definition.ts';
import { RESIDUAL_NOTE } from '../risk-term.ts';
import { RESECTION_PARAMETERS } from './parameters.ts';

export const RESECTION_RANGES = {
  resectionMarginMm: { min: 0, max: 30 },
} as const;

export const ResectionComponentSchema = z.strictObject({
  modality: z.literal('resection'),
  marginMm: z.number().min(RESECTION_RANGES.resectionMarginMm.min).max(RESECTION_RANGES.resectionMarginMm.max).default(10),
});

export type ResectionComponent = z.infer<typeof ResectionComponentSchema>;

export const resectionModality = defineModality({
  id: 'resection',
  schema: ResectionComponentSchema,
  ranges: RESECTION_RANGES,
  rules: {
    componentProblems: () => [],
    combination: { standalone: false, definitiveLocal: true, removesLesion: true, transarterial: false, radiation: false },
  },
  description: {
    label: 'resection',
    componentLabel: () => 'resection',
    duplicatePhrase: 'two resection components',
    describe: (c) => `resection (margin ${c.marginMm} mm)`,
    key: (c) => `resection:m=${c.marginMm}`,
  },
  presets: [{ name: 'resection', component: { modality: 'resection', marginMm: 10 } }],
  response: {
    // Never drawn: `removal` fixes the outcome of a protocol with a resection.
    sample: () => ({ modality: 'resection', effect: 'refractory', viableAtResponse: 1, onsetDays: 0, progressionDays: 0, pattern: 'diffuse' }),
    removal: (c) => ({ marginMm: c.marginMm }),
    readKey: (c) => `resection:m=${c.marginMm}`,
  },
  parameters: RESECTION_PARAMETERS,
  appearance: {
    states: ['resectionCavity', 'growth'],
    summary: 'with a liver mask, a post-resection bed (fat, fluid along the cut surface) where the lesion, its margin and the liver up to the capsule were: a contour defect; without one, a fluid cavity where the lesion and its margin were; a recurrence nodule at the wall when the outcome has viable tumour',
    fields: () => ({}),
  },
  risk: {
    precedence: 10,
    ruleKey: () => 'resection',
    rules: {
      resection: {
        hcc: { term: 'resection', assumed: false, curative: true, note: `the HCC model's resection term (an assumed contrast in its card, see the card); ${RESIDUAL_NOTE}` },
        crlm: { term: 'resection', assumed: false, curative: true, note: `the reference of the CRLM model (resected cohort, read as complete resections); ${RESIDUAL_NOTE}` },
      },
    },
  },
  form: {
    fields: [
      { kind: 'number', name: 'marginMm', label: 'margin', unit: 'mm', range: RESECTION_RANGES.resectionMarginMm, optional: false, initial: 10, testId: 'margin' },
    ],
  },
});
