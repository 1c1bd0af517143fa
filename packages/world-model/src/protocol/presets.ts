/**
 * Named protocols for the CLI, the planner and tests. Each is a ProtocolInput (defaults such as
 * the 90-day follow-up filled by `parseProtocol`); `resolveProtocol('name')` returns it validated.
 */
import type { ProtocolInput } from './protocol-schema.ts';

/** One treatment component as written (defaults optional). */
export type ComponentInput = ProtocolInput['components'][number];

const ctaceEpirubicin: ComponentInput = { modality: 'tace', technique: 'conventional', drugs: ['epirubicin'], embolics: ['lipiodol'] };
const mwa: ComponentInput = { modality: 'ablation', technique: 'mwa', marginMm: 5 };
const sbrt60: ComponentInput = { modality: 'sbrt', totalDoseGy: 60, fractions: 3 };
const sorafenib: ComponentInput = { modality: 'systemic', regimen: 'sorafenib' };

const presetList: Array<[string, ComponentInput[]]> = [
  ['best-supportive-care', [{ modality: 'best-supportive-care' }]],
  ['ctace-epirubicin-lipiodol', [ctaceEpirubicin]],
  ['ctace-oxaliplatin-lipiodol', [{ modality: 'tace', technique: 'conventional', drugs: ['oxaliplatin'], embolics: ['lipiodol'] }]],
  ['deb-tace-doxorubicin', [{ modality: 'tace', technique: 'deb', drugs: ['doxorubicin'], embolics: ['drug-eluting-beads'] }]],
  ['tace-epirubicin-gelatin', [{ modality: 'tace', technique: 'particle', drugs: ['epirubicin'], embolics: ['gelatin-sponge'] }]],
  ['rfa', [{ modality: 'ablation', technique: 'rfa', marginMm: 5 }]],
  ['mwa', [mwa]],
  ['resection', [{ modality: 'resection', marginMm: 10 }]],
  ['sbrt-60gy-3fx', [sbrt60]],
  ['sorafenib', [sorafenib]],
  ['lenvatinib', [{ modality: 'systemic', regimen: 'lenvatinib' }]],
  ['atezolizumab-bevacizumab', [{ modality: 'systemic', regimen: 'atezolizumab-bevacizumab' }]],
  ['durvalumab-tremelimumab', [{ modality: 'systemic', regimen: 'durvalumab-tremelimumab' }]],
  ['ctace-epirubicin-lipiodol+mwa', [ctaceEpirubicin, mwa]],
  ['ctace-epirubicin-lipiodol+sorafenib', [ctaceEpirubicin, sorafenib]],
  ['ctace-epirubicin-lipiodol+sbrt-60gy-3fx', [ctaceEpirubicin, sbrt60]],
];

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
