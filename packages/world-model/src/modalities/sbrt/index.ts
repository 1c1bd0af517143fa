/** SBRT: the modality definition. */
import { invalidProblem } from '../../protocol/protocol-problem.ts';
import { uniform } from '../../outcome/sample-helpers.ts';
import { defineModality } from '../modality-definition.ts';
import { biologicallyEffectiveDoseGy } from './bed.ts';
import { SBRT_PARAMETERS } from './parameters.ts';
import { sampleSbrtResponse } from './response.ts';
import { SBRT_RANGES, SbrtComponentSchema } from './schema.ts';

const R = SBRT_RANGES;

function round(x: number, digits: number): string {
  return String(Number(x.toFixed(digits)));
}

export const sbrtModality = defineModality({
  id: 'sbrt',
  schema: SbrtComponentSchema,
  ranges: SBRT_RANGES,
  rules: {
    componentProblems: (c, at) => {
      const perFraction = c.totalDoseGy / c.fractions;
      const { min, max } = R.sbrtDosePerFractionGy;
      if (perFraction >= min && perFraction <= max) return [];
      return [invalidProblem(`${at}.totalDoseGy`,
        `SBRT dose per fraction ${perFraction.toFixed(1)} Gy (${c.totalDoseGy} Gy / ${c.fractions}) is outside ${min}–${max} Gy: ` +
        `SBRT here means ${R.sbrtTotalDoseGy.min}–${R.sbrtTotalDoseGy.max} Gy in ` +
        `${R.sbrtFractions.min}–${R.sbrtFractions.max} fractions of ${min}–${max} Gy`,
      )];
    },
    combination: { standalone: false, definitiveLocal: true, removesLesion: false, transarterial: false, radiation: true },
  },
  description: {
    label: 'SBRT',
    componentLabel: () => 'SBRT',
    duplicatePhrase: 'two SBRT components',
    describe: (c) => `SBRT ${c.totalDoseGy} Gy / ${c.fractions} fx (BED10 ${round(biologicallyEffectiveDoseGy(c.totalDoseGy, c.fractions), 1)} Gy)`,
    key: (c) => `sbrt:d=${c.totalDoseGy}:f=${c.fractions}`,
  },
  presets: [{ name: 'sbrt-60gy-3fx', component: { modality: 'sbrt', totalDoseGy: 60, fractions: 3 } }],
  response: { sample: sampleSbrtResponse, removal: null, readKey: (c) => `sbrt:d=${c.totalDoseGy}:f=${c.fractions}` },
  parameters: SBRT_PARAMETERS,
  appearance: {
    states: ['viable', 'necrosis', 'radiationChange', 'growth'],
    summary: 'the target regresses slowly over months; a shell of radiation-induced liver change (focal liver reaction) around it',
    fields: (_c, _d, rng, read) => {
      const mean = read('sbrt.radiationShellMm');
      return { radiationShellMm: uniform(rng.fork('radiation-shell'), mean - 3, mean + 3) };
    },
  },
  risk: {
    precedence: 40,
    ruleKey: () => 'sbrt',
    rules: {
      // No CRLM rule: the CRLM model has no SBRT term (the CRLM policy does not propose SBRT).
      sbrt: { hcc: { term: 'ctace', assumed: true, curative: false, note: 'ASSUMED: loco-regional treatment scored with the TACE term and its measured response term (no SBRT term)' } },
    },
  },
  form: {
    fields: [
      { kind: 'number', name: 'totalDoseGy', label: 'total dose', unit: 'Gy', range: R.sbrtTotalDoseGy, optional: false, testId: 'dose' },
      { kind: 'number', name: 'fractions', label: 'fractions', unit: 'count', range: R.sbrtFractions, optional: false, testId: 'fractions' },
      { kind: 'hint', text: `dose per fraction ${R.sbrtDosePerFractionGy.min}–${R.sbrtDosePerFractionGy.max} Gy` },
    ],
  },
});
