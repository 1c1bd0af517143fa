/**
 * The modality registry: every treatment modality the system knows, one definition per folder, in
 * canonical order (the order of keys, descriptions and form menus). Adding a modality is one folder
 * (`modalities/<id>/`, exporting a `defineModality({...})`) plus one entry here; the protocol schema,
 * rules, descriptions, presets, outcome dispatch, model-card parameters, risk mapping and the web's
 * form are all derived from this list. `satisfies` makes the compiler reject an entry that lacks a part.
 */
import type { AnyModalityDefinition } from './modality-definition.ts';
import { taceModality } from './tace/index.ts';
import { ablationModality } from './ablation/index.ts';
import { resectionModality } from './resection/index.ts';
import { sbrtModality } from './sbrt/index.ts';
import { tareModality } from './tare/index.ts';
import { systemicModality } from './systemic/index.ts';
import { bestSupportiveCareModality } from './best-supportive-care/index.ts';

export const MODALITIES = [
  taceModality,
  ablationModality,
  resectionModality,
  sbrtModality,
  tareModality,
  systemicModality,
  bestSupportiveCareModality,
] as const satisfies readonly AnyModalityDefinition[];

/** One registered modality definition. */
export type RegisteredModality = (typeof MODALITIES)[number];
/** Id of a registered modality. */
export type ModalityId = RegisteredModality['id'];

/** The component schemas in registry order, as a tuple (for the protocol's discriminated union). */
type SchemasOf<T extends readonly unknown[]> = { readonly [K in keyof T]: T[K] extends { schema: infer S } ? S : never };
export type ComponentSchemas = SchemasOf<typeof MODALITIES>;
export const COMPONENT_SCHEMAS = MODALITIES.map((m) => m.schema) as unknown as ComponentSchemas;

/** Registry order of the modality ids. */
export const MODALITY_IDS: readonly ModalityId[] = MODALITIES.map((m) => m.id);

const BY_ID: ReadonlyMap<string, AnyModalityDefinition> = new Map(MODALITIES.map((m) => [m.id, m]));

/**
 * The definition of a component's modality, with functions that accept that component. Components
 * come from the schema derived from this registry, so every id is registered.
 */
export function modalityOf(component: { modality: ModalityId }): AnyModalityDefinition {
  return BY_ID.get(component.modality)!;
}

/** Position of each modality in the registry (canonical order). */
export const MODALITY_RANK: Readonly<Record<ModalityId, number>> = Object.fromEntries(MODALITIES.map((m, i) => [m.id, i])) as Record<ModalityId, number>;
