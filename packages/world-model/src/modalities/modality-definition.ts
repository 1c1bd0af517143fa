/**
 * `ModalityDefinition`: everything the system knows about one treatment modality, in one value whose
 * every member is required, so the compiler rejects a modality that lacks a part:
 * - `schema`: the component's zod schema (`modality: z.literal(id)`), with its `ranges`;
 * - `rules`: cross-field rules of one component and how it combines with others;
 * - `description`: names and the one-line description and canonical key of a component;
 * - `presets`: named single-component protocols;
 * - `response`: the outcome model of one lesion (response class, kinetics) and `parameters`, the
 *   cited numbers it reads (each published with a citation or assumed with a rationale);
 * - `appearance`: what the follow-up CT shows (the tissue states it produces, the outcome fields set);
 * - `risk`: which term of each disease's risk model scores it, and its precedence in combinations;
 * - `form`: form-field descriptors the web's protocol editor renders.
 * The registry (`registry.ts`) lists the definitions; everything modality-specific elsewhere is derived
 * from it.
 */
import type { z } from 'zod';
import type { TissueStateName } from '@mewm/contracts';
import type { LesionOutcome } from '../lesion-outcome.ts';
import type { ModelParameter } from '../model-parameter.ts';
import type { Rng } from '../random.ts';
import type { ParameterReader } from '../outcome/parameter-reader.ts';
import type { ComponentResponse } from '../outcome/response-trajectory.ts';
import type { ProtocolProblem } from '../protocol/protocol-problem.ts';
import type { ModalityForm, Range } from './form-field.ts';
import type { DiseaseRiskRules } from './risk-term.ts';

/** A component schema: a strict zod object whose `modality` is the literal id. */
export type ComponentSchema<Id extends string> = z.ZodObject<{ modality: z.ZodLiteral<Id> } & z.ZodRawShape, z.core.$strict>;

/** How a component combines with the other components of a protocol (pair rules in protocol-rules.ts). */
export interface CombinationTraits {
  /** Cannot be combined with anything (best supportive care). */
  standalone: boolean;
  /** Removes or destroys the whole lesion: at most one such component per protocol. */
  definitiveLocal: boolean;
  /** Removes the lesion, so nothing is left at follow-up for a transarterial treatment to act on. */
  removesLesion: boolean;
  /** Acts through the tumour's arterial supply: at most one transarterial treatment per protocol. */
  transarterial: boolean;
  /** Irradiates the lesion and the liver around it: at most one radiation treatment per protocol. */
  radiation: boolean;
}

export interface ModalityRules<C> {
  /** Problems of one schema-valid component, each naming its field below `at` (e.g. "components[0]"). */
  componentProblems(c: C, at: string): ProtocolProblem[];
  combination: CombinationTraits;
}

export interface ModalityDescription<C> {
  /** Name of the modality for people ("TACE", "thermal ablation"). */
  label: string;
  /** Name of one component in conflict messages ("MWA", "sorafenib", "TACE"). */
  componentLabel(c: C): string;
  /** What two components of this modality are, in the one-per-modality message ("two TACE components"). */
  duplicatePhrase: string;
  /** One line for people ("SBRT 60 Gy / 3 fx (BED10 180 Gy)"). */
  describe(c: C): string;
  /** Canonical, stable key of the component's treatment (every field that changes the treatment). */
  key(c: C): string;
}

/** A named single-component protocol. */
export interface ModalityPreset<I> {
  name: string;
  component: I;
}

/** Per-lesion measurements a response model may use when the caller has them (all optional). */
export interface ResponseContext {
  /**
   * The 3D minimal ablative margin measured on the simulated zone (`assessAblation`), mm; negative when
   * tumour lies outside the zone. Thermal ablation then uses it instead of the planned margin.
   */
  measuredAblationMarginMm?: number;
}

export interface ModalityResponse<C> {
  /**
   * Draw the response of one lesion of longest axial diameter `diameterMm` (the caller passes
   * `rng.fork(<modality id>)`; every number is read through `read`).
   */
  sample(c: C, diameterMm: number, rng: Rng, read: ParameterReader, context?: ResponseContext): ComponentResponse;
  /**
   * For a modality that removes the lesion (resection): the margin of the cavity, mm; the outcome is
   * then fixed (no response is drawn for any component). null for every other modality.
   */
  removal: ((c: C) => { marginMm: number }) | null;
  /**
   * Canonical key of the component fields that `sample`, `removal` and `appearance.fields` read (the
   * "model-read key"): two components with the same key get the same outcome, appearance and, with
   * the risk rule (`risk.ruleKey`), the same score for the same seed. Coarser than `description.key`
   * where the models ignore a field (TACE drugs); see model-read-key.ts.
   */
  readKey(c: C): string;
}

/** Outcome fields a modality sets to draw what the follow-up CT shows. */
export type AppearanceFields = Partial<Pick<LesionOutcome, 'lipiodolFraction' | 'lipiodolHu' | 'ablationMarginMm' | 'radiationShellMm'>>;

export interface ModalityAppearance<C> {
  /** Tissue states (packages/contracts TISSUE_STATE) this modality produces at follow-up. */
  states: readonly TissueStateName[];
  /** What follow-up CT shows, for people and the README. */
  summary: string;
  /**
   * The outcome fields this component sets (Lipiodol deposits, ablation margin, radiation shell); `rng`
   * is the lesion's outcome stream (fork a named sub-stream from it); `followUpDays` the time of the
   * simulated follow-up scan (Lipiodol washes out over months).
   */
  fields(c: C, diameterMm: number, rng: Rng, read: ParameterReader, followUpDays: number): AppearanceFields;
}

export interface ModalityRiskMapping<C> {
  /** In a combination the component with the lowest precedence decides the risk term (resection first). */
  precedence: number;
  /** Key of the rule a component uses ('tace', 'systemic:lenvatinib'). */
  ruleKey(c: C): string;
  /**
   * Every rule of this modality by key (the report lists them; `ruleKey` always returns one of these
   * keys), each per disease: which term of that disease's risk model scores it (a disease left out
   * has no term for it).
   */
  rules: Readonly<Record<string, DiseaseRiskRules>>;
}

export interface ModalityDefinition<Id extends string, S extends ComponentSchema<Id>, R extends Readonly<Record<string, Range>>> {
  id: Id;
  schema: S;
  /** Ranges of the component's numbers, stated once (schema, messages, form). */
  ranges: R;
  rules: ModalityRules<z.output<S>>;
  description: ModalityDescription<z.output<S>>;
  presets: readonly ModalityPreset<z.input<S>>[];
  response: ModalityResponse<z.output<S>>;
  /** The cited numbers of the response and appearance models (ids start with the modality's prefix). */
  parameters: readonly ModelParameter[];
  appearance: ModalityAppearance<z.output<S>>;
  risk: ModalityRiskMapping<z.output<S>>;
  form: ModalityForm;
}

/** Any modality definition (what the registry holds). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyModalityDefinition = ModalityDefinition<string, any, Readonly<Record<string, Range>>>;

/** Identity with inference: `defineModality({...})` checks a definition and keeps its literal types. */
export function defineModality<const Id extends string, S extends ComponentSchema<Id>, const R extends Readonly<Record<string, Range>>>(
  definition: ModalityDefinition<Id, S, R>,
): ModalityDefinition<Id, S, R> {
  return definition;
}
