/**
 * The custom protocol editor's form state: a protocol as the user is typing it (numbers kept as the
 * text in their inputs, so a half-typed value is not lost), and conversions to the protocol object the
 * server validates and back from a validated protocol. No rules here: the world model's validator
 * (plans.validateProtocol) judges what the draft turns into.
 */
import type { inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from '../server/trpc/app-router.ts';

type Outputs = inferRouterOutputs<AppRouter>['plans'];
export type ProtocolVocabulary = Outputs['protocolVocabulary'];
export type ProtocolValidation = Outputs['validateProtocol'];
export type ValidProtocol = Extract<ProtocolValidation, { ok: true }>;
export type ProtocolProblem = Extract<ProtocolValidation, { ok: false }>['problems'][number];
export type Modality = ProtocolVocabulary['modalities'][number]['id'];

export type ComponentDraft =
  | { modality: 'tace'; technique: string; drugs: string[]; embolics: string[] }
  | { modality: 'ablation'; technique: string; marginMm: string; zoneDiameterMm: string }
  | { modality: 'resection'; marginMm: string }
  | { modality: 'sbrt'; totalDoseGy: string; fractions: string }
  | { modality: 'systemic'; regimen: string }
  | { modality: 'best-supportive-care' };

export interface ProtocolDraft {
  components: ComponentDraft[];
  /** Days, as typed; '' = the default. */
  followUpDays: string;
}

/** A new component of `modality` with the schema's defaults (doses left for the user to choose). */
export function newComponent(modality: Modality, v: ProtocolVocabulary): ComponentDraft {
  switch (modality) {
    case 'tace':
      return { modality, technique: v.tace.techniques[0]?.id ?? 'conventional', drugs: [], embolics: [] };
    case 'ablation':
      return { modality, technique: v.ablation.techniques[0]?.id ?? 'rfa', marginMm: String(v.defaults.ablationMarginMm), zoneDiameterMm: '' };
    case 'resection':
      return { modality, marginMm: String(v.defaults.resectionMarginMm) };
    case 'sbrt':
      return { modality, totalDoseGy: '', fractions: '' };
    case 'systemic':
      return { modality, regimen: v.systemic.regimens[0]?.id ?? 'sorafenib' };
    case 'best-supportive-care':
      return { modality };
  }
}

/** A number input's text → a number; text that is not one is passed on as typed, so the validator names it. */
function numberOf(text: string): number | string | undefined {
  const s = text.trim();
  if (s === '') return undefined;
  const n = Number(s);
  return Number.isFinite(n) ? n : s;
}

function withNumbers<T extends Record<string, unknown>>(base: T, numbers: Record<string, string>): T & Record<string, number | string> {
  const out: Record<string, unknown> = { ...base };
  for (const [k, text] of Object.entries(numbers)) {
    const n = numberOf(text);
    if (n !== undefined) out[k] = n;
  }
  return out as T & Record<string, number | string>;
}

function componentInput(c: ComponentDraft): Record<string, unknown> {
  switch (c.modality) {
    case 'ablation':
      return withNumbers({ modality: c.modality, technique: c.technique }, { marginMm: c.marginMm, zoneDiameterMm: c.zoneDiameterMm });
    case 'resection':
      return withNumbers({ modality: c.modality }, { marginMm: c.marginMm });
    case 'sbrt':
      return withNumbers({ modality: c.modality }, { totalDoseGy: c.totalDoseGy, fractions: c.fractions });
    default:
      return { ...c };
  }
}

/** The protocol object the draft stands for (unvalidated). */
export function draftToInput(d: ProtocolDraft): Record<string, unknown> {
  return withNumbers({ components: d.components.map(componentInput) }, { followUpDays: d.followUpDays });
}

const text = (n: number | undefined): string => (n === undefined ? '' : String(n));

/** A validated protocol → the form (e.g. after editing it as JSON). */
export function protocolToDraft(p: ValidProtocol['protocol']): ProtocolDraft {
  return {
    followUpDays: String(p.followUpDays),
    components: p.components.map((c): ComponentDraft => {
      switch (c.modality) {
        case 'tace':
          return { modality: c.modality, technique: c.technique, drugs: [...c.drugs], embolics: [...c.embolics] };
        case 'ablation':
          return { modality: c.modality, technique: c.technique, marginMm: text(c.marginMm), zoneDiameterMm: text(c.zoneDiameterMm) };
        case 'resection':
          return { modality: c.modality, marginMm: text(c.marginMm) };
        case 'sbrt':
          return { modality: c.modality, totalDoseGy: text(c.totalDoseGy), fractions: text(c.fractions) };
        case 'systemic':
          return { modality: c.modality, regimen: c.regimen };
        case 'best-supportive-care':
          return { modality: c.modality };
      }
    }),
  };
}

/** The problems that belong to component `index` (their field starts with "components[index]"). */
export function problemsOfComponent(problems: readonly ProtocolProblem[], index: number): ProtocolProblem[] {
  const prefix = `components[${index}]`;
  return problems.filter((p) => p.field === prefix || p.field.startsWith(`${prefix}.`) || p.field.startsWith(`${prefix}[`));
}
