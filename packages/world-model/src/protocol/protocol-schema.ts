/**
 * The Protocol: a validated, serialisable description of one candidate treatment — one or more
 * treatment components given to every segmented lesion, plus the follow-up interval to simulate.
 * Zod schemas with inferred types; `parseProtocol` adds the cross-field and conflict rules.
 * The component union, the modality ids, their order and the ranges come from the modality registry
 * (modalities/registry.ts): each modality's schema lives in its folder.
 *
 * Units are in the field names: millimetres (`marginMm`), gray (`totalDoseGy`), days (`followUpDays`).
 */
import { z } from 'zod';
import { COMPONENT_SCHEMAS, MODALITIES, MODALITY_IDS, type ModalityId } from '../modalities/registry.ts';

/**
 * Default follow-up, days. mRECIST response after TACE is usually read on the CT 4–12 weeks after
 * the procedure; 90 days (~13 weeks) is the end of that window, when necrosis and Lipiodol retention
 * are established (see the `protocol.defaultFollowUpDays` parameter of the model card).
 */
export const DEFAULT_FOLLOW_UP_DAYS = 90;
/** Longest follow-up the model extrapolates to: 5 years. */
export const MAX_FOLLOW_UP_DAYS = 1826;

type UnionToIntersection<U> = (U extends unknown ? (x: U) => void : never) extends (x: infer I) => void ? I : never;
type ModalityRanges = UnionToIntersection<(typeof MODALITIES)[number]['ranges']>;

/**
 * Allowed ranges, stated once so that schema, messages and documentation agree: the protocol's own
 * (follow-up, number of components) and every modality's (from its folder).
 */
export const PROTOCOL_RANGES = {
  followUpDays: { min: 1, max: MAX_FOLLOW_UP_DAYS },
  ...(Object.assign({}, ...MODALITIES.map((m) => m.ranges)) as ModalityRanges),
  components: { min: 1, max: 4 },
} as const;

export { TaceComponentSchema, type TaceComponent } from '../modalities/tace/schema.ts';
export { AblationComponentSchema, type AblationComponent } from '../modalities/ablation/schema.ts';
export { ResectionComponentSchema, type ResectionComponent } from '../modalities/resection/index.ts';
export { SbrtComponentSchema, type SbrtComponent } from '../modalities/sbrt/schema.ts';
export { SystemicComponentSchema, type SystemicComponent } from '../modalities/systemic/schema.ts';
export { SupportiveCareComponentSchema, type SupportiveCareComponent } from '../modalities/best-supportive-care/index.ts';

/** One treatment component: the union of the registered modalities' schemas, told apart by `modality`. */
export const TreatmentComponentSchema = z.discriminatedUnion('modality', COMPONENT_SCHEMAS);

export const ProtocolSchema = z.strictObject({
  /** Optional label (a preset name); not part of `protocolKey`. */
  name: z.string().min(1).max(120).optional(),
  components: z.array(TreatmentComponentSchema).min(PROTOCOL_RANGES.components.min).max(PROTOCOL_RANGES.components.max),
  followUpDays: z.number().int().min(PROTOCOL_RANGES.followUpDays.min).max(PROTOCOL_RANGES.followUpDays.max).default(DEFAULT_FOLLOW_UP_DAYS),
});

export type TreatmentComponent = z.infer<typeof TreatmentComponentSchema>;
export type Modality = ModalityId;
/** A validated protocol (output of `parseProtocol`: defaults filled in, conflicts ruled out). */
export type Protocol = z.infer<typeof ProtocolSchema>;
/** What callers may write: defaults optional. */
export type ProtocolInput = z.input<typeof ProtocolSchema>;

/** Canonical order of modalities in keys and descriptions: the registry's order. */
export const MODALITY_ORDER: readonly Modality[] = MODALITY_IDS;
