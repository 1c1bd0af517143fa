/** Treatment protocol vocabulary: schemas, validation and conflict rules, presets, descriptions. */
export {
  TACE_DRUGS, EMBOLIC_AGENTS, SYSTEMIC_REGIMENS, TACE_DRUG_EXCLUSIVE_GROUPS, EMBOLIC_EXCLUSIONS, AGENT_LABELS,
  type TaceDrug, type EmbolicAgent, type SystemicRegimen,
} from './agents.ts';
export { biologicallyEffectiveDoseGy, TUMOUR_ALPHA_BETA_GY } from './bed.ts';
export {
  ProtocolSchema, TreatmentComponentSchema, TaceComponentSchema, AblationComponentSchema, ResectionComponentSchema,
  SbrtComponentSchema, SystemicComponentSchema, SupportiveCareComponentSchema,
  DEFAULT_FOLLOW_UP_DAYS, MAX_FOLLOW_UP_DAYS, PROTOCOL_RANGES, MODALITY_ORDER,
  type Protocol, type ProtocolInput, type TreatmentComponent, type Modality, type TaceComponent, type AblationComponent,
  type ResectionComponent, type SbrtComponent, type SystemicComponent, type SupportiveCareComponent,
} from './protocol-schema.ts';
export { checkProtocolRules } from './protocol-rules.ts';
export { parseProtocol } from './parse-protocol.ts';
export { PRESETS, PRESET_NAMES, presetComponents, type ComponentInput } from './presets.ts';
export { resolveProtocol } from './resolve-protocol.ts';
export { describeProtocol, protocolKey } from './describe-protocol.ts';
