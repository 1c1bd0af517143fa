/** Thermal ablation (RFA, MWA): the modality definition. */
import { invalidProblem } from '../../protocol/protocol-problem.ts';
import { choicesOf } from '../form-field.ts';
import { defineModality } from '../modality-definition.ts';
import { RESIDUAL_NOTE } from '../risk-term.ts';
import { ABLATION_PARAMETERS } from './parameters.ts';
import { effectiveAblationMarginMm, sampleAblationResponse } from './response.ts';
import { ABLATION_APPLICATORS, ABLATION_APPLICATOR_IDS } from './applicators.ts';
import { ABLATION_RANGES, ABLATION_TECHNIQUES, AblationComponentSchema, type AblationComponent } from './schema.ts';

/** Every field that changes the treatment; the applicator only when named (older keys unchanged). */
function ablationKey(c: AblationComponent): string {
  return `ablation:${c.technique}:m=${c.marginMm}${c.zoneDiameterMm !== undefined ? `:z=${c.zoneDiameterMm}` : ''}${c.applicator !== undefined ? `:a=${c.applicator}` : ''}`;
}

/** An applicator must match the technique and is not combined with a free zone diameter. */
function applicatorProblems(c: AblationComponent, at: string) {
  if (c.applicator === undefined) return [];
  const a = ABLATION_APPLICATORS[c.applicator];
  if (a.technique !== c.technique) {
    return [invalidProblem(`${at}.applicator`, `ablation applicator "${a.id}" is a ${a.technique.toUpperCase()} setting, but technique is ${c.technique.toUpperCase()}`)];
  }
  if (c.zoneDiameterMm !== undefined) {
    return [invalidProblem(`${at}.zoneDiameterMm`, `give either applicator ("${a.id}", zone ${a.shortAxisMm} × ${a.longAxisMm} mm) or zoneDiameterMm (${c.zoneDiameterMm} mm), not both`)];
  }
  return [];
}

export const ablationModality = defineModality({
  id: 'ablation',
  schema: AblationComponentSchema,
  ranges: ABLATION_RANGES,
  rules: {
    componentProblems: (c, at) => [
      ...(c.zoneDiameterMm !== undefined && c.zoneDiameterMm <= 2 * c.marginMm
        ? [invalidProblem(`${at}.zoneDiameterMm`,
          `ablation zoneDiameterMm (${c.zoneDiameterMm} mm) must exceed twice marginMm (${2 * c.marginMm} mm): the zone must hold the lesion plus the margin on both sides`,
        )]
        : []),
      ...applicatorProblems(c, at),
    ],
    combination: { standalone: false, definitiveLocal: true, removesLesion: false, transarterial: false, radiation: false },
  },
  description: {
    label: 'thermal ablation',
    componentLabel: (c) => c.technique.toUpperCase(),
    duplicatePhrase: 'two thermal ablation components',
    describe: (c) => `${c.technique.toUpperCase()} (margin ${c.marginMm} mm${c.zoneDiameterMm !== undefined ? `, zone ${c.zoneDiameterMm} mm` : ''}${c.applicator !== undefined ? `, ${ABLATION_APPLICATORS[c.applicator].label.replace(/^(RFA|MWA), /, '')}` : ''})`,
    key: ablationKey,
  },
  presets: [
    // The applicators of one head-to-head in vivo study (the same animals and conditions), so RFA and MWA
    // differ by what the literature compares: zone size at the same study's settings and the heat sink.
    { name: 'rfa', component: { modality: 'ablation', technique: 'rfa', marginMm: 5, applicator: 'rfa-cooltip-12min' } },
    { name: 'mwa', component: { modality: 'ablation', technique: 'mwa', marginMm: 5, applicator: 'mwa-perfusion-80w-5min' } },
  ],
  response: { sample: sampleAblationResponse, removal: null, readKey: ablationKey },
  parameters: ABLATION_PARAMETERS,
  appearance: {
    states: ['ablationZone', 'viable', 'lipiodol', 'growth'],
    summary: 'a non-enhancing ablation zone covering the lesion plus the margin, with a thin enhancing rim on early follow-up; a residual nodule after incomplete ablation',
    fields: (c, d) => ({ ablationMarginMm: Math.max(0, effectiveAblationMarginMm(c, d)) }),
  },
  risk: {
    precedence: 20,
    ruleKey: () => 'ablation',
    rules: {
      ablation: {
        hcc: { term: 'resection', assumed: true, curative: true, note: `ASSUMED: curative-intent local treatment scored with the resection term (the HCC model has no ablation term); ${RESIDUAL_NOTE}` },
        crlm: { term: 'thermalAblation', assumed: false, curative: true, note: `the CRLM model's thermal-ablation term (its card: HR 1 vs resection ASSUMED for small lesions); ${RESIDUAL_NOTE}` },
      },
    },
  },
  form: {
    fields: [
      { kind: 'select', name: 'technique', label: 'technique', choices: choicesOf(ABLATION_TECHNIQUES, (t) => t.toUpperCase()), initial: 'rfa', testId: 'technique' },
      { kind: 'number', name: 'marginMm', label: 'margin', unit: 'mm', range: ABLATION_RANGES.ablationMarginMm, optional: false, initial: 5, testId: 'margin' },
      { kind: 'number', name: 'zoneDiameterMm', label: 'ablation zone diameter', unit: 'mm', range: ABLATION_RANGES.ablationZoneDiameterMm, optional: true, testId: 'zone' },
      // '' = no applicator: the zone is the lesion grown by the margin (or the zone diameter above)
      {
        kind: 'select', name: 'applicator', label: 'applicator (published zone)', testId: 'applicator', initial: '',
        choices: [{ id: '', label: 'none: lesion + margin' }, ...choicesOf(ABLATION_APPLICATOR_IDS, (id) => ABLATION_APPLICATORS[id].label)],
      },
    ],
  },
});
