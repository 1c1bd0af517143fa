/** The anatomy-dependent ablation model (README.md here): zone, heat sink, minimal margin, LTP risk, feasibility. */
export { assessAblation, type AblationAssessment, type AblationVesselContact, type AssessAblationInput } from './assess-ablation.ts';
export { AblationInputError } from './ablation-input-error.ts';
export { minimalAblativeMarginMm, measureMinimalMargin, type MarginMeasurement } from './minimal-margin.ts';
export { nearestVessel, DEFAULT_VESSEL_SEARCH_MM, type NearestVesselOptions, type VesselContact } from './nearest-vessel.ts';
export { vesselDiameterMap } from './vessel-diameter.ts';
export { coolingDepthMm } from './heat-sink.ts';
export { localProgressionRiskTwoYear, ltpHazardMultiplier } from './local-progression.ts';
export { ABLATION_APPLICATORS, ABLATION_APPLICATOR_IDS, ablationApplicator, type AblationApplicator, type AblationApplicatorId } from '../applicators.ts';
