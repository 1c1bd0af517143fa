/**
 * @mewm/world-model: treatment protocols, the treatment-response (dynamics) model, the ONNX diffusion
 * renderer and the simulation pipeline. Research use only, not for clinical use.
 */
export * from './errors.ts';
export * from './random.ts';
export * from './model-parameter.ts';
export * from './lesion-outcome.ts';
export * from './onnx/index.ts';
export * from './renderer/index.ts';
export * from './protocol/index.ts';
export * from './outcome/index.ts';
export * from './dynamics/index.ts';
export * from './pipeline/index.ts';
export * from './evaluation/index.ts';
export * from './response-calibration/index.ts';
export * from './plausibility/index.ts';
export * from './modalities/ablation/anatomy/index.ts';
export {
  planResection, planResectionOptionsSchema, type PlanResectionInput, type ResectionPlan, type PhlfRiskLevel,
} from './modalities/resection/plan-resection.ts';
export {
  LIVER_CONDITIONS, LIVER_CONDITION_LABELS, defaultLiverCondition, minimumRemnantFraction, type LiverCondition,
} from './modalities/resection/liver-condition.ts';
