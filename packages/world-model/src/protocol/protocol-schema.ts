/**
 * The Protocol: a validated, serialisable description of one candidate treatment — one or more
 * treatment components given to every segmented lesion, plus the follow-up interval to simulate.
 * Zod schemas with inferred types; `parseProtocol` adds the cross-field and conflict rules.
 *
 * Units are in the field names: millimetres (`marginMm`), gray (`totalDoseGy`), days (`followUpDays`).
 */
import { z } from 'zod';
import { EMBOLIC_AGENTS, SYSTEMIC_REGIMENS, TACE_DRUGS } from './agents.ts';

/**
 * Default follow-up, days. mRECIST response after TACE is usually read on the CT 4–12 weeks after
 * the procedure; 90 days (~13 weeks) is the end of that window, when necrosis and Lipiodol retention
 * are established (see the `protocol.defaultFollowUpDays` parameter of the model card).
 */
export const DEFAULT_FOLLOW_UP_DAYS = 90;
/** Longest follow-up the model extrapolates to: 5 years. */
export const MAX_FOLLOW_UP_DAYS = 1826;

/** Allowed ranges, stated once so that schema, messages and documentation agree. */
export const PROTOCOL_RANGES = {
  followUpDays: { min: 1, max: MAX_FOLLOW_UP_DAYS },
  ablationMarginMm: { min: 0, max: 20 },
  ablationZoneDiameterMm: { min: 10, max: 80 },
  resectionMarginMm: { min: 0, max: 30 },
  sbrtTotalDoseGy: { min: 15, max: 75 },
  sbrtFractions: { min: 1, max: 10 },
  sbrtDosePerFractionGy: { min: 5, max: 30 },
  agentsPerList: { min: 1, max: 3 },
  components: { min: 1, max: 4 },
} as const;

const r = PROTOCOL_RANGES;

/** Transarterial chemoembolisation: conventional (Lipiodol emulsion), DEB-TACE, or particles without Lipiodol. */
export const TaceComponentSchema = z.strictObject({
  modality: z.literal('tace'),
  /**
   * 'conventional' = drug–Lipiodol emulsion (± particles); 'deb' = drug-eluting beads;
   * 'particle' = drug infusion with particulate/liquid embolic, without Lipiodol or beads.
   */
  technique: z.enum(['conventional', 'deb', 'particle']),
  drugs: z.array(z.enum(TACE_DRUGS)).min(r.agentsPerList.min).max(r.agentsPerList.max),
  embolics: z.array(z.enum(EMBOLIC_AGENTS)).min(r.agentsPerList.min).max(r.agentsPerList.max),
});

/** Percutaneous thermal ablation. The ablation zone covers the lesion plus `marginMm` all round. */
export const AblationComponentSchema = z.strictObject({
  modality: z.literal('ablation'),
  technique: z.enum(['rfa', 'mwa']),
  marginMm: z.number().min(r.ablationMarginMm.min).max(r.ablationMarginMm.max).default(5),
  /** Planned ablation-zone diameter (device/protocol), mm; absent = sized to lesion + margin. */
  zoneDiameterMm: z.number().min(r.ablationZoneDiameterMm.min).max(r.ablationZoneDiameterMm.max).optional(),
});

/** Surgical resection of the lesion with a margin of liver, mm. */
export const ResectionComponentSchema = z.strictObject({
  modality: z.literal('resection'),
  marginMm: z.number().min(r.resectionMarginMm.min).max(r.resectionMarginMm.max).default(10),
});

/** Stereotactic body radiotherapy; BED10 is derived (`biologicallyEffectiveDoseGy`), not stored. */
export const SbrtComponentSchema = z.strictObject({
  modality: z.literal('sbrt'),
  totalDoseGy: z.number().min(r.sbrtTotalDoseGy.min).max(r.sbrtTotalDoseGy.max),
  fractions: z.number().int().min(r.sbrtFractions.min).max(r.sbrtFractions.max),
});

/** First-line systemic therapy. */
export const SystemicComponentSchema = z.strictObject({
  modality: z.literal('systemic'),
  regimen: z.enum(SYSTEMIC_REGIMENS),
});

/** No anticancer treatment: the tumour grows as untreated. Cannot be combined. */
export const SupportiveCareComponentSchema = z.strictObject({
  modality: z.literal('best-supportive-care'),
});

export const TreatmentComponentSchema = z.discriminatedUnion('modality', [
  TaceComponentSchema, AblationComponentSchema, ResectionComponentSchema,
  SbrtComponentSchema, SystemicComponentSchema, SupportiveCareComponentSchema,
]);

export const ProtocolSchema = z.strictObject({
  /** Optional label (a preset name); not part of `protocolKey`. */
  name: z.string().min(1).max(120).optional(),
  components: z.array(TreatmentComponentSchema).min(r.components.min).max(r.components.max),
  followUpDays: z.number().int().min(r.followUpDays.min).max(r.followUpDays.max).default(DEFAULT_FOLLOW_UP_DAYS),
});

export type TaceComponent = z.infer<typeof TaceComponentSchema>;
export type AblationComponent = z.infer<typeof AblationComponentSchema>;
export type ResectionComponent = z.infer<typeof ResectionComponentSchema>;
export type SbrtComponent = z.infer<typeof SbrtComponentSchema>;
export type SystemicComponent = z.infer<typeof SystemicComponentSchema>;
export type SupportiveCareComponent = z.infer<typeof SupportiveCareComponentSchema>;
export type TreatmentComponent = z.infer<typeof TreatmentComponentSchema>;
export type Modality = TreatmentComponent['modality'];
/** A validated protocol (output of `parseProtocol`: defaults filled in, conflicts ruled out). */
export type Protocol = z.infer<typeof ProtocolSchema>;
/** What callers may write: defaults optional. */
export type ProtocolInput = z.input<typeof ProtocolSchema>;

/** Canonical order of modalities in keys and descriptions. */
export const MODALITY_ORDER: readonly Modality[] = ['tace', 'ablation', 'resection', 'sbrt', 'systemic', 'best-supportive-care'];
