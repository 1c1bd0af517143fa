/**
 * TARE: transarterial radioembolisation with yttrium-90 microspheres (selective internal radiation
 * therapy). The modality definition; figures and decisions are in README.md next to this file.
 */
import { choicesOf } from '../form-field.ts';
import { defineModality } from '../modality-definition.ts';
import { tareAppearance } from './appearance.ts';
import { TARE_PARAMETERS } from './parameters.ts';
import { sampleTareResponse } from './response.ts';
import {
  TARE_DELIVERIES, TARE_DELIVERY_LABELS, TARE_MICROSPHERE_LABELS, TARE_MICROSPHERES, TARE_RANGES, TareComponentSchema,
} from './schema.ts';

export const tareModality = defineModality({
  id: 'tare',
  schema: TareComponentSchema,
  ranges: TARE_RANGES,
  rules: {
    componentProblems: () => [],
    // Transarterial (not with TACE, nothing to treat after resection) and radiation (not with SBRT).
    combination: { standalone: false, definitiveLocal: false, removesLesion: false, transarterial: true, radiation: true },
  },
  description: {
    label: 'TARE (Y-90 radioembolisation)',
    componentLabel: () => 'TARE',
    duplicatePhrase: 'two TARE components',
    describe: (c) => `TARE Y-90 (${TARE_MICROSPHERE_LABELS[c.microspheres]}, ${c.delivery}${c.perfusedDoseGy !== undefined ? `, ${c.perfusedDoseGy} Gy to the perfused volume` : ''})`,
    key: (c) => `tare:${c.microspheres}:${c.delivery}${c.perfusedDoseGy !== undefined ? `:d=${c.perfusedDoseGy}` : ''}`,
  },
  presets: [{ name: 'tare-y90', component: { modality: 'tare', microspheres: 'glass', delivery: 'segmental' } }],
  // neither the response nor the appearance reads the component's fields (microspheres, delivery, dose)
  response: { sample: (_c, d, rng, read) => sampleTareResponse(d, rng, read), removal: null, readKey: () => 'tare' },
  parameters: TARE_PARAMETERS,
  appearance: {
    states: ['viable', 'necrosis', 'radiationChange', 'growth', 'regressed'],
    summary: 'non-enhancing necrosis of the responding tumour without Lipiodol, radiation-induced change of the treated parenchyma around it, slow shrinkage; residual viable tumour as peripheral nodules',
    fields: (_c, _d, rng, read) => tareAppearance(rng, read),
  },
  risk: {
    precedence: 35,
    ruleKey: () => 'tare',
    rules: {
      // No CRLM rule: the CRLM model has no TARE term.
      tare: {
        hcc: {
          term: 'ctace', assumed: true, curative: false,
          note: 'ASSUMED: transarterial loco-regional treatment scored with the TACE term and its measured response term (no TARE term, no offset: SARAH HR 1.15 [0.94–1.41] and SIRveNIB HR 1.1 [0.9–1.4] vs sorafenib were not significant, and no TARE-vs-TACE hazard ratio was verified)',
        },
      },
    },
  },
  form: {
    fields: [
      { kind: 'select', name: 'microspheres', label: 'microspheres', choices: choicesOf(TARE_MICROSPHERES, (m) => TARE_MICROSPHERE_LABELS[m]), initial: 'glass', testId: 'microspheres' },
      { kind: 'select', name: 'delivery', label: 'delivery', choices: choicesOf(TARE_DELIVERIES, (x) => TARE_DELIVERY_LABELS[x]), initial: 'segmental', testId: 'delivery' },
      { kind: 'number', name: 'perfusedDoseGy', label: 'dose to the perfused volume', unit: 'Gy', range: TARE_RANGES.tarePerfusedDoseGy, optional: true, testId: 'dose' },
      { kind: 'hint', text: 'response model: LEGACY (solitary HCC ≤ 8 cm, selective glass Y-90); device, delivery and dose do not change it yet' },
    ],
  },
});
