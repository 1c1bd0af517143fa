/** The outcome model: protocol + lesion size + follow-up + seed → LesionOutcome, with its cited parameters and card. */
export { sampleLesionOutcome, type LesionSize } from './sample-lesion-outcome.ts';
export { DYNAMICS_PARAMETERS, parameterValue, validateParameterTable } from './dynamics-parameters.ts';
export { mrecistFromViableFraction } from './mrecist-from-viable.ts';
export { taceResponseProbabilities } from '../modalities/tace/response.ts';
export { completeAblationProbability, effectiveAblationMarginMm } from '../modalities/ablation/response.ts';
export { sbrtResponseScale } from '../modalities/sbrt/response.ts';
export { systemicResponseProbabilities } from '../modalities/systemic/response.ts';
export { createParameterReader, type ParameterOverrides, type ParameterReader } from './parameter-reader.ts';
export { buildDynamicsCard, dynamicsCardJson, DYNAMICS_MODEL_VERSION, type DynamicsModelCard } from './dynamics-card.ts';
export { readDynamicsCard, DYNAMICS_CARD_PATH } from './read-dynamics-card.ts';
export { loadAppearanceParameters } from './load-appearance-parameters.ts';
