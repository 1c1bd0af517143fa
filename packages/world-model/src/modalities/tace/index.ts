/** TACE: the modality definition (schema, rules, description, presets, response, appearance, risk, form). */
import { choicesOf } from '../form-field.ts';
import { defineModality } from '../modality-definition.ts';
import { EMBOLIC_AGENTS, TACE_AGENT_LABELS, TACE_DRUG_EXCLUSIVE_GROUPS, TACE_DRUGS } from './agents.ts';
import { taceAppearance } from './appearance.ts';
import { TACE_PARAMETERS } from './parameters.ts';
import { sampleTaceResponse } from './response.ts';
import { taceProblems } from './rules.ts';
import { TACE_RANGES, TACE_TECHNIQUE_LABELS, TACE_TECHNIQUES, TaceComponentSchema } from './schema.ts';

const r = TACE_RANGES.agentsPerList;

export const taceModality = defineModality({
  id: 'tace',
  schema: TaceComponentSchema,
  ranges: TACE_RANGES,
  rules: {
    componentProblems: taceProblems,
    combination: { standalone: false, definitiveLocal: false, removesLesion: false, transarterial: true, radiation: false },
  },
  description: {
    label: 'TACE',
    componentLabel: () => 'TACE',
    duplicatePhrase: 'two TACE components',
    describe: (c) => `${TACE_TECHNIQUE_LABELS[c.technique]} (${c.drugs.map((d) => TACE_AGENT_LABELS[d]).join(' + ')}; ${c.embolics.map((e) => TACE_AGENT_LABELS[e]).join(' + ')})`,
    key: (c) => `tace:${c.technique}:d=${[...c.drugs].sort().join(',')}:e=${[...c.embolics].sort().join(',')}`,
  },
  presets: [
    { name: 'ctace-epirubicin-lipiodol', component: { modality: 'tace', technique: 'conventional', drugs: ['epirubicin'], embolics: ['lipiodol'] } },
    { name: 'ctace-oxaliplatin-lipiodol', component: { modality: 'tace', technique: 'conventional', drugs: ['oxaliplatin'], embolics: ['lipiodol'] } },
    { name: 'deb-tace-doxorubicin', component: { modality: 'tace', technique: 'deb', drugs: ['doxorubicin'], embolics: ['drug-eluting-beads'] } },
    { name: 'tace-epirubicin-gelatin', component: { modality: 'tace', technique: 'particle', drugs: ['epirubicin'], embolics: ['gelatin-sponge'] } },
  ],
  // the response reads the technique only (drugs alike: one tace.drugModifier), the appearance whether Lipiodol is used
  response: { sample: sampleTaceResponse, removal: null, readKey: (c) => `tace:${c.technique}:lipiodol=${c.embolics.includes('lipiodol')}` },
  parameters: TACE_PARAMETERS,
  appearance: {
    states: ['viable', 'necrosis', 'lipiodol', 'growth', 'regressed'],
    summary: 'non-enhancing necrosis from the centre with a viable rim when partial; after cTACE dense Lipiodol deposits (hundreds of HU) in part of the necrotic tumour',
    fields: (c, _d, rng, read, followUpDays) => taceAppearance(c, rng, read, followUpDays),
  },
  risk: {
    precedence: 30,
    ruleKey: () => 'tace',
    rules: {
      // No CRLM rule: TACE is not a CRLM option here and the CRLM model has no TACE term.
      tace: { hcc: { term: 'ctace', assumed: false, curative: false, note: 'the TACE reference of the HCC model (fitted on HCC-TACE-Seg: conventional and drug-eluting-bead TACE, no regimen term)' } },
    },
  },
  form: {
    fields: [
      { kind: 'select', name: 'technique', label: 'technique', choices: choicesOf(TACE_TECHNIQUES, (t) => TACE_TECHNIQUE_LABELS[t]), initial: 'conventional', testId: 'technique' },
      {
        kind: 'checklist', name: 'drugs', testId: 'drugs', choices: choicesOf(TACE_DRUGS, (d) => TACE_AGENT_LABELS[d]),
        legend: `drugs (${r.min}–${r.max}; at most ${TACE_DRUG_EXCLUSIVE_GROUPS.map((g) => `one of the ${g.name}`).join(', ')})`,
      },
      { kind: 'checklist', name: 'embolics', testId: 'embolics', choices: choicesOf(EMBOLIC_AGENTS, (e) => TACE_AGENT_LABELS[e]), legend: `embolic agents (${r.min}–${r.max})` },
    ],
  },
});
