/**
 * The custom protocol editor's form state: a protocol as the user is typing it, field by field as the
 * modality's form-field descriptors (plans.protocolVocabulary, from the world model's modality
 * registry) define them — numbers kept as the text in their inputs, so a half-typed value is not
 * lost — and conversions to the protocol object the server validates and back from a validated
 * protocol. No rules and no modality names here: the world model's validator (plans.validateProtocol)
 * judges what the draft turns into, and a new modality brings its own fields.
 */
import type { inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from '../server/trpc/app-router.ts';

type Outputs = inferRouterOutputs<AppRouter>['plans'];
export type ProtocolVocabulary = Outputs['protocolVocabulary'];
export type ProtocolValidation = Outputs['validateProtocol'];
export type ValidProtocol = Extract<ProtocolValidation, { ok: true }>;
export type ProtocolProblem = Extract<ProtocolValidation, { ok: false }>['problems'][number];
export type ModalityChoice = ProtocolVocabulary['modalities'][number];
export type Modality = ModalityChoice['id'];
export type FormField = ModalityChoice['fields'][number];

/** The value of one field as edited: a number as typed, a chosen option, or the checked options. */
export type FieldValue =
  | { kind: 'number'; text: string }
  | { kind: 'select'; value: string }
  | { kind: 'checklist'; values: string[] };

export interface ComponentDraft {
  modality: Modality;
  /** By field name, for every valued field of the modality's form. */
  values: Record<string, FieldValue>;
}

export interface ProtocolDraft {
  components: ComponentDraft[];
  /** Days, as typed; '' = the default. */
  followUpDays: string;
}

/** The form-field descriptors of `modality` (none for a modality the vocabulary does not list). */
export function fieldsOf(modality: Modality, v: ProtocolVocabulary): readonly FormField[] {
  return v.modalities.find((m) => m.id === modality)?.fields ?? [];
}

/** A new component of `modality` with its fields' initial values (doses left for the user to choose). */
export function newComponent(modality: Modality, v: ProtocolVocabulary): ComponentDraft {
  const values: Record<string, FieldValue> = {};
  for (const f of fieldsOf(modality, v)) {
    if (f.kind === 'number') values[f.name] = { kind: 'number', text: f.initial === undefined ? '' : String(f.initial) };
    else if (f.kind === 'select') values[f.name] = { kind: 'select', value: f.initial };
    else if (f.kind === 'checklist') values[f.name] = { kind: 'checklist', values: [] };
  }
  return { modality, values };
}

/** A number input's text → a number; text that is not one is passed on as typed, so the validator names it. */
function numberOf(text: string): number | string | undefined {
  const s = text.trim();
  if (s === '') return undefined;
  const n = Number(s);
  return Number.isFinite(n) ? n : s;
}

function componentInput(c: ComponentDraft): Record<string, unknown> {
  const out: Record<string, unknown> = { modality: c.modality };
  for (const [name, v] of Object.entries(c.values)) {
    if (v.kind === 'number') {
      const n = numberOf(v.text);
      if (n !== undefined) out[name] = n;
    } else if (v.kind === 'select') {
      if (v.value !== '') out[name] = v.value; // '' is a select's "none" choice: the field is left out

    } else {
      out[name] = [...v.values];
    }
  }
  return out;
}

/** The protocol object the draft stands for (unvalidated). */
export function draftToInput(d: ProtocolDraft): Record<string, unknown> {
  const out: Record<string, unknown> = { components: d.components.map(componentInput) };
  const followUp = numberOf(d.followUpDays);
  if (followUp !== undefined) out.followUpDays = followUp;
  return out;
}

/** A validated protocol → the form (e.g. after editing it as JSON), field by field as the vocabulary describes them. */
export function protocolToDraft(p: ValidProtocol['protocol'], v: ProtocolVocabulary): ProtocolDraft {
  return {
    followUpDays: String(p.followUpDays),
    components: p.components.map((component): ComponentDraft => {
      const c = component as Record<string, unknown> & { modality: Modality };
      const values: Record<string, FieldValue> = {};
      for (const f of fieldsOf(c.modality, v)) {
        if (f.kind === 'hint') continue;
        const value = c[f.name];
        if (f.kind === 'number') values[f.name] = { kind: 'number', text: typeof value === 'number' ? String(value) : '' };
        else if (f.kind === 'select') values[f.name] = { kind: 'select', value: typeof value === 'string' ? value : f.initial };
        else values[f.name] = { kind: 'checklist', values: Array.isArray(value) ? value.map(String) : [] };
      }
      return { modality: c.modality, values };
    }),
  };
}

/** The problems that belong to component `index` (their field starts with "components[index]"). */
export function problemsOfComponent(problems: readonly ProtocolProblem[], index: number): ProtocolProblem[] {
  const prefix = `components[${index}]`;
  return problems.filter((p) => p.field === prefix || p.field.startsWith(`${prefix}.`) || p.field.startsWith(`${prefix}[`));
}
