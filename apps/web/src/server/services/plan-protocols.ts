/**
 * Treatment protocols for the plan panel's editor, straight from the world model (no rules here):
 * `validateProtocolSpec` checks what the user typed or built — a preset name, presets joined with '+',
 * JSON text, or a protocol object — with the world model's own validator and returns the canonical
 * protocol (defaults filled, with its canonical key and description) or every problem, each naming
 * its field; `protocolVocabulary` lists the schema's own enumerations, ranges and presets for the form.
 * Only the protocol module is imported (zod and plain data), never the ONNX parts of the world model.
 */
import {
  AblationComponentSchema, AGENT_LABELS, checkProtocol, checkProtocolSpec, DEFAULT_FOLLOW_UP_DAYS, describeProtocol, EMBOLIC_AGENTS,
  EMBOLIC_EXCLUSIONS, MODALITY_LABELS, MODALITY_ORDER, PRESET_NAMES, PROTOCOL_RANGES, protocolKey, resolveProtocol, ResectionComponentSchema,
  SYSTEMIC_REGIMENS, TACE_DRUG_EXCLUSIVE_GROUPS, TACE_DRUGS, TACE_TECHNIQUE_LABELS, TaceComponentSchema,
  type Modality, type Protocol, type ProtocolProblem,
} from '@mewm/world-model/protocol';

/** What the editor sends: text (preset, 'a+b', JSON) or a protocol object built by the form. */
export type ProtocolSpec = { kind: 'text'; text: string } | { kind: 'protocol'; protocol: unknown };

export type ProtocolValidation =
  | { ok: true; protocol: Protocol; key: string; description: string }
  | { ok: false; problems: ProtocolProblem[] };

export function validateProtocolSpec(spec: ProtocolSpec): ProtocolValidation {
  const check = spec.kind === 'text' ? checkProtocolSpec(spec.text) : checkProtocol(spec.protocol);
  if (!check.ok) return { ok: false, problems: check.problems };
  return { ok: true, protocol: check.protocol, key: protocolKey(check.protocol), description: describeProtocol(check.protocol) };
}

export interface Choice<T extends string = string> {
  id: T;
  label: string;
}

export interface ProtocolVocabulary {
  modalities: Choice<Modality>[];
  tace: {
    techniques: Choice[];
    drugs: Choice[];
    embolics: Choice[];
    /** At most one drug of each group per TACE (shown as a hint; the validator enforces it). */
    exclusiveDrugGroups: { name: string; members: string[] }[];
    embolicExclusions: [string, string][];
  };
  ablation: { techniques: Choice[] };
  systemic: { regimens: Choice[] };
  ranges: typeof PROTOCOL_RANGES;
  defaults: { followUpDays: number; ablationMarginMm: number; resectionMarginMm: number };
  presets: { name: string; description: string; key: string }[];
}

const labelled = <T extends string>(ids: readonly T[], label: (id: T) => string): Choice<T>[] => ids.map((id) => ({ id, label: label(id) }));
const agentLabel = (id: string): string => AGENT_LABELS[id as keyof typeof AGENT_LABELS];

let vocabulary: ProtocolVocabulary | undefined;

/** The protocol schema's enumerations, ranges, defaults and presets (computed once). */
export function protocolVocabulary(): ProtocolVocabulary {
  vocabulary ??= {
    modalities: labelled(MODALITY_ORDER, (m) => MODALITY_LABELS[m]),
    tace: {
      techniques: labelled(TaceComponentSchema.shape.technique.options, (t) => TACE_TECHNIQUE_LABELS[t]),
      drugs: labelled(TACE_DRUGS, agentLabel),
      embolics: labelled(EMBOLIC_AGENTS, agentLabel),
      exclusiveDrugGroups: TACE_DRUG_EXCLUSIVE_GROUPS.map((g) => ({ name: g.name, members: [...g.members] })),
      embolicExclusions: EMBOLIC_EXCLUSIONS.map(([a, b]) => [a, b]),
    },
    ablation: { techniques: labelled(AblationComponentSchema.shape.technique.options, (t) => t.toUpperCase()) },
    systemic: { regimens: labelled(SYSTEMIC_REGIMENS, agentLabel) },
    ranges: PROTOCOL_RANGES,
    defaults: {
      followUpDays: DEFAULT_FOLLOW_UP_DAYS,
      ablationMarginMm: AblationComponentSchema.parse({ modality: 'ablation', technique: 'rfa' }).marginMm,
      resectionMarginMm: ResectionComponentSchema.parse({ modality: 'resection' }).marginMm,
    },
    presets: PRESET_NAMES.map((name) => {
      const p = resolveProtocol(name);
      return { name, description: describeProtocol(p), key: protocolKey(p) };
    }),
  };
  return vocabulary;
}
