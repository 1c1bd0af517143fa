/** First-line systemic therapy (HCC and CRLM regimens, each tagged with its disease): the modality definition. */
import { choicesOf } from '../form-field.ts';
import { defineModality } from '../modality-definition.ts';
import { SYSTEMIC_REGIMEN_LABELS, SYSTEMIC_REGIMENS } from './regimens.ts';
import { SYSTEMIC_PARAMETERS } from './parameters.ts';
import { sampleSystemicResponse } from './response.ts';
import { SYSTEMIC_RISK_RULES } from './risk.ts';
import { SystemicComponentSchema } from './schema.ts';

export const systemicModality = defineModality({
  id: 'systemic',
  schema: SystemicComponentSchema,
  ranges: {},
  rules: {
    componentProblems: () => [],
    combination: { standalone: false, definitiveLocal: false, removesLesion: false, transarterial: false, radiation: false },
  },
  description: {
    label: 'systemic therapy',
    componentLabel: (c) => SYSTEMIC_REGIMEN_LABELS[c.regimen],
    duplicatePhrase: 'two systemic regimens together',
    describe: (c) => SYSTEMIC_REGIMEN_LABELS[c.regimen],
    key: (c) => `systemic:${c.regimen}`,
  },
  presets: SYSTEMIC_REGIMENS.map((regimen) => ({ name: regimen, component: { modality: 'systemic' as const, regimen } })),
  response: { sample: (c, _d, rng, read) => sampleSystemicResponse(c, rng, read), removal: null, readKey: (c) => `systemic:${c.regimen}` },
  parameters: SYSTEMIC_PARAMETERS,
  appearance: {
    states: ['viable', 'necrosis', 'growth', 'regressed'],
    summary: 'diffuse loss of enhancement in responding lesions, shrinkage over months; no Lipiodol, no ablation zone',
    fields: () => ({}),
  },
  risk: {
    precedence: 50,
    ruleKey: (c) => `systemic:${c.regimen}`,
    rules: Object.fromEntries(SYSTEMIC_REGIMENS.map((g) => [`systemic:${g}`, SYSTEMIC_RISK_RULES[g]])),
  },
  form: {
    fields: [
      { kind: 'select', name: 'regimen', label: 'regimen', choices: choicesOf(SYSTEMIC_REGIMENS, (g) => SYSTEMIC_REGIMEN_LABELS[g]), initial: 'sorafenib', testId: 'regimen' },
    ],
  },
});
