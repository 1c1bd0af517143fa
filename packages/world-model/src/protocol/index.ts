/**
 * Treatment protocol vocabulary: schemas, validation and conflict rules, presets, descriptions, and
 * the modality registry they are derived from (modalities/registry.ts). This module (the package's
 * `./protocol` subpath) imports zod and plain data only, never ONNX Runtime: the web bundles it.
 */
export {
  TACE_DRUGS, EMBOLIC_AGENTS, SYSTEMIC_REGIMENS, TACE_DRUG_EXCLUSIVE_GROUPS, EMBOLIC_EXCLUSIONS, AGENT_LABELS,
  HCC_SYSTEMIC_REGIMENS, CRLM_SYSTEMIC_REGIMENS, SYSTEMIC_REGIMEN_DISEASE,
  type TaceDrug, type EmbolicAgent, type SystemicRegimen, type CrlmSystemicRegimen,
} from './agents.ts';
export { biologicallyEffectiveDoseGy, TUMOUR_ALPHA_BETA_GY } from '../modalities/sbrt/bed.ts';
export {
  ProtocolSchema, TreatmentComponentSchema, TaceComponentSchema, AblationComponentSchema, ResectionComponentSchema,
  SbrtComponentSchema, SystemicComponentSchema, SupportiveCareComponentSchema,
  DEFAULT_FOLLOW_UP_DAYS, MAX_FOLLOW_UP_DAYS, PROTOCOL_RANGES, MODALITY_ORDER,
  type Protocol, type ProtocolInput, type TreatmentComponent, type Modality, type TaceComponent, type AblationComponent,
  type ResectionComponent, type SbrtComponent, type SystemicComponent, type SupportiveCareComponent,
} from './protocol-schema.ts';
export { checkProtocolRules, protocolRuleProblems, MODALITY_LABELS } from './protocol-rules.ts';
export { checkProtocol, parseProtocol } from './parse-protocol.ts';
export { type ProtocolCheck, type ProtocolProblem, type ProtocolProblemCode } from './protocol-problem.ts';
export { PRESETS, PRESET_NAMES, presetComponents, type ComponentInput } from './presets.ts';
export { checkProtocolSpec, resolveProtocol } from './resolve-protocol.ts';
export { describeProtocol, protocolKey, TACE_TECHNIQUE_LABELS } from './describe-protocol.ts';
export { modelReadKey } from '../modalities/model-read-key.ts';
export { MODALITIES, MODALITY_IDS, modalityOf, type ModalityId, type RegisteredModality } from '../modalities/registry.ts';
export {
  defineModality, type AnyModalityDefinition, type ModalityDefinition, type CombinationTraits, type ModalityRiskMapping,
  type ModalityAppearance, type ModalityResponse, type ModalityDescription, type ModalityRules, type ModalityPreset, type AppearanceFields,
} from '../modalities/modality-definition.ts';
export { type FormField, type ModalityForm, type Choice, type Range } from '../modalities/form-field.ts';
export { RISK_TERMS, type RiskTerm, type RiskRule, type DiseaseRiskRules } from '../modalities/risk-term.ts';
