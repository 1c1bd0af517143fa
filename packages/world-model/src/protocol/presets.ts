/**
 * Named protocols for the CLI, the planner and tests. Each is a ProtocolInput (defaults such as
 * the 90-day follow-up filled by `parseProtocol`); `resolveProtocol('name')` returns it validated.
 * Single-component presets come from each modality's folder (standalone modalities first: the
 * untreated reference leads the list), combinations from modalities/combination-presets.ts.
 */
import { COMBINATION_PRESETS } from '../modalities/combination-presets.ts';
import { MODALITIES } from '../modalities/registry.ts';
import type { ProtocolInput } from './protocol-schema.ts';

/** One treatment component as written (defaults optional). */
export type ComponentInput = ProtocolInput['components'][number];

const ordered = [...MODALITIES].sort((a, b) => Number(b.rules.combination.standalone) - Number(a.rules.combination.standalone));
const single: Array<[string, ComponentInput[]]> = ordered.flatMap((m) => m.presets.map((p): [string, ComponentInput[]] => [p.name, [p.component]]));
const byName = new Map(single);
const combined: Array<[string, ComponentInput[]]> = COMBINATION_PRESETS.map((parts) => [parts.join('+'), parts.flatMap((n) => byName.get(n)!)]);
const presetList = [...single, ...combined];

/** Preset name → protocol input (frozen; copy before changing). */
export const PRESETS: Readonly<Record<string, Readonly<ProtocolInput>>> = Object.freeze(
  Object.fromEntries(presetList.map(([name, components]) => [name, Object.freeze({ name, components })])),
);

export const PRESET_NAMES: readonly string[] = presetList.map(([name]) => name);

/** Structural copy of a preset's components (so callers can never mutate the table). */
export function presetComponents(name: string): ComponentInput[] | undefined {
  const p = PRESETS[name];
  return p ? (JSON.parse(JSON.stringify(p.components)) as ComponentInput[]) : undefined;
}
