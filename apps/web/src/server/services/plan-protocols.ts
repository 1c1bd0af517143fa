/**
 * Treatment protocols for the plan panel's editor, straight from the world model (no rules here):
 * `validateProtocolSpec` checks what the user typed or built — a preset name, presets joined with '+',
 * JSON text, or a protocol object — with the world model's own validator and returns the canonical
 * protocol (defaults filled, with its canonical key and description) or every problem, each naming
 * its field; `protocolVocabulary` lists the registered modalities with their form-field descriptors
 * (from each modality's folder in the world model), the ranges and the presets for the form.
 * Only the protocol module is imported (zod and plain data), never the ONNX parts of the world model.
 */
import 'server-only';
import {
  checkProtocol, checkProtocolSpec, DEFAULT_FOLLOW_UP_DAYS, describeProtocol, MODALITIES, PRESET_NAMES, PROTOCOL_RANGES, protocolKey,
  resolveProtocol, type FormField, type Modality, type Protocol, type ProtocolProblem,
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

/** One registered modality as the form sees it: its id, its name and its fields (in display order). */
export interface ModalityChoice {
  id: Modality;
  label: string;
  fields: readonly FormField[];
}

export interface ProtocolVocabulary {
  /** The registered modalities in registry order, each with the form-field descriptors of its folder. */
  modalities: ModalityChoice[];
  ranges: typeof PROTOCOL_RANGES;
  defaults: { followUpDays: number };
  presets: { name: string; description: string; key: string }[];
}

let vocabulary: ProtocolVocabulary | undefined;

/** The registry's modalities and form fields, the ranges, defaults and presets (computed once). */
export function protocolVocabulary(): ProtocolVocabulary {
  vocabulary ??= {
    modalities: MODALITIES.map((m) => ({ id: m.id, label: m.description.label, fields: m.form.fields })),
    ranges: PROTOCOL_RANGES,
    defaults: { followUpDays: DEFAULT_FOLLOW_UP_DAYS },
    presets: PRESET_NAMES.map((name) => {
      const p = resolveProtocol(name);
      return { name, description: describeProtocol(p), key: protocolKey(p) };
    }),
  };
  return vocabulary;
}
