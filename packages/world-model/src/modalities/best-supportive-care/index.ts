/**
 * Best supportive care: no anticancer treatment; the tumour grows as untreated. Cannot be combined.
 * The modality definition.
 */
import { z } from 'zod';
import { defineModality } from '../modality-definition.ts';

export const SupportiveCareComponentSchema = z.strictObject({
  modality: z.literal('best-supportive-care'),
});

export type SupportiveCareComponent = z.infer<typeof SupportiveCareComponentSchema>;

export const bestSupportiveCareModality = defineModality({
  id: 'best-supportive-care',
  schema: SupportiveCareComponentSchema,
  ranges: {},
  rules: {
    componentProblems: () => [],
    combination: { standalone: true, definitiveLocal: false, removesLesion: false, transarterial: false, radiation: false },
  },
  description: {
    label: 'best supportive care',
    componentLabel: () => 'best supportive care',
    duplicatePhrase: 'two best supportive care components',
    describe: () => 'best supportive care',
    key: () => 'bsc',
  },
  presets: [{ name: 'best-supportive-care', component: { modality: 'best-supportive-care' } }],
  response: {
    sample: () => ({ modality: 'best-supportive-care', effect: 'refractory', viableAtResponse: 1, onsetDays: 0, progressionDays: 0, pattern: 'diffuse' }),
    removal: null,
    readKey: () => 'bsc',
  },
  // Untreated growth reads the shared growth parameters (outcome/parameters/general-parameters.ts).
  parameters: [],
  appearance: {
    states: ['viable', 'growth'],
    summary: 'the lesion grows as untreated (doubling time drawn per lesion); no treatment effect',
    fields: () => ({}),
  },
  risk: {
    precedence: 60,
    ruleKey: () => 'best-supportive-care',
    rules: {
      'best-supportive-care': {
        hcc: { term: 'bestSupportiveCare', assumed: false, curative: false, note: 'SHARP placebo arm: HR 1/0.69 vs the sorafenib term' },
        crlm: { term: 'bestSupportiveCare', assumed: false, curative: false, note: 'supportive care vs palliative chemotherapy: HR 1/0.65 vs the systemic-chemotherapy term (the CRLM card)' },
      },
    },
  },
  form: { fields: [{ kind: 'hint', text: 'no anticancer treatment' }] },
});
