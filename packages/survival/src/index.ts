/**
 * @mewm/survival: survival statistics that agree with R's survival package (see
 * reference/make-reference.R). Research use only, not for clinical use.
 */
export { SurvivalError, SurvivalInputError, CollinearityError, ConvergenceError } from './errors.ts';
export type { SurvivalOutcome } from './outcome.ts';
export { kaplanMeier, confidenceBounds } from './kaplanMeier.ts';
export type { ConfidenceType, KaplanMeierCurve, KaplanMeierOptions } from './kaplanMeier.ts';
export { medianSurvival } from './survivalMedian.ts';
export type { MedianSurvival, SurvivalCurveLike } from './survivalMedian.ts';
export { restrictedMeanSurvival } from './restrictedMean.ts';
export type { RestrictedMean, StepCurve } from './restrictedMean.ts';
export { logRankTest } from './logRank.ts';
export type { LogRankResult } from './logRank.ts';
export { coxPh } from './coxPh.ts';
export type { ChiSquareTest, CoxFit, CoxOptions } from './coxPh.ts';
export type { CovariateColumns } from './coxDesign.ts';
export type { CoxTies } from './coxLikelihood.ts';
export { coxBaselineHazard, coxLinearPredictor, coxPredictSurvival, coxSurvivalPredictor } from './coxBaseline.ts';
export type { CumulativeHazard, PredictedSurvival } from './coxBaseline.ts';
export { concordanceIndex } from './concordance.ts';
export type { ConcordanceOptions, ConcordanceResult } from './concordance.ts';
export { timeDependentAuc } from './timeDependentAuc.ts';
export type { TimeDependentAuc } from './timeDependentAuc.ts';
export { brierScore, integratedBrierScore } from './brierScore.ts';
export type { SurvivalPredictor } from './brierScore.ts';
export { checkCoxLinearModel, coxLinearModelFromFit, predictCoxLinearModel } from './coxLinearModel.ts';
export type { CoxLinearModel, CoxScores } from './coxLinearModel.ts';
export { exportCoxModelToOnnx, exportCoxLinearModelToOnnx, rmstGrid, COX_ONNX_OPSET, COX_ONNX_IR_VERSION } from './coxOnnxExport.ts';
export type { CoxOnnxOptions, RmstGrid } from './coxOnnxExport.ts';
export { crossValidatedConcordance } from './crossValidatedConcordance.ts';
export type { CrossValidatedConcordance, CrossValidationOptions } from './crossValidatedConcordance.ts';
export { HCC_COVARIATE_CODING, hepatoCellularCohort, parseNumericCsv } from './hepatoCellularCohort.ts';
export type { HccCohort } from './hepatoCellularCohort.ts';
export { MODALITY_EVIDENCE, MRECIST_RESPONDER_HR, RESIDUAL_AFTER_CURATIVE_EFFECT } from './publishedEffects.ts';
export type { Citation, ModalityEvidence, TreatmentModality } from './publishedEffects.ts';
export {
  buildDefaultRiskModel,
  DEFAULT_CV,
  DEFAULT_RISK_MODEL_NAME,
  DEFAULT_RISK_MODEL_VERSION,
  DEFAULT_RISK_TIMES_MONTHS,
  DEFAULT_RMST_HORIZON_MONTHS,
  RESIDUAL_AFTER_CURATIVE_FEATURE,
} from './defaultRiskModel.ts';
export type { DefaultRiskModel, ModalityTerm } from './defaultRiskModel.ts';
export { buildDefaultRiskModelArtifacts, defaultRiskModelCard } from './defaultRiskModelCard.ts';
export type { DefaultRiskModelArtifacts } from './defaultRiskModelCard.ts';
export { seededUniform } from './seededUniform.ts';
export { RiskModelError } from './errors.ts';
export { CATEGORY_CODE, MEWM_TISSUE_STATE_ENCODING, TISSUE_CATEGORIES, categoryLookup, tissueStateEncodingSchema } from './tissueStateEncoding.ts';
export type { TissueCategory, TissueStateEncoding } from './tissueStateEncoding.ts';
export {
  MRECIST_MAX_TARGETS,
  MRECIST_MAX_TARGETS_PER_ORGAN,
  MRECIST_MEASURABLE_MIN_MM,
  MRECIST_PD_INCREASE,
  MRECIST_PR_DECREASE,
  mrecistNonTargetResponse,
  mrecistOverallResponse,
  mrecistTargetResponse,
} from './mrecist.ts';
export type { MrecistCategory, NonTargetResponse, TargetResponse } from './mrecist.ts';
export { extractImagingFeatures } from './imagingFeatures.ts';
export type {
  ImagingFeatureInput,
  ImagingFeatureOptions,
  ImagingFeatures,
  LesionFeatures,
  NewLesionFeatures,
  PatientImagingFeatures,
} from './imagingFeatures.ts';
export { CLINICAL_COVARIATE_NAMES, albiGradeOf, albiScore, clinicalCovariatesSchema, parseClinicalCovariates } from './clinicalCovariates.ts';
export type { ClinicalCovariateName, ClinicalCovariates, ClinicalCovariatesInput } from './clinicalCovariates.ts';
export { asRiskModelError, parseRiskModelCard } from './riskModelCard.ts';
export type { RiskModelCard, RiskModelSignature } from './riskModelCard.ts';
export { AFP_HIGH_NG_PER_ML, TUMOUR_LARGE_MM, encodeRiskFeatures } from './riskFeatureEncoder.ts';
export type { EncodedRiskFeatures, ImputedCovariate, RiskEncodingInput } from './riskFeatureEncoder.ts';
export { createRiskModel, loadRiskModel } from './riskModel.ts';
export type { RiskModel, RiskModelOptions, RiskScores } from './riskModel.ts';
export {
  applyComparison, cohortCovariateColumns, covariateSourcesOf, defaultPlanSource, describeSource, fittedCovariateSources, IMAGING_SOURCE_TYPES, parsePlanSourceSpec, PLAN_SOURCES,
} from './riskCovariateSources.ts';
export type { PlanSourceType } from './riskCovariateSources.ts';
export { scoreSimulatedSample } from './scoreSimulatedSample.ts';
export type { SampleScore, SampleScoringContext } from './scoreSimulatedSample.ts';
export { scorePatientFeatures } from './scorePatientFeatures.ts';
export type { RiskScore, RiskScoringContext } from './scorePatientFeatures.ts';
export { scoreMeasuredResponse } from './scoreMeasuredResponse.ts';
export type { MeasuredResponseScore, MeasuredScoringContext } from './scoreMeasuredResponse.ts';
export { residualViableFraction } from './residualViableFraction.ts';
export type { ResidualFraction, ResidualInput } from './residualViableFraction.ts';
export { exportFittedCoxModel } from './fittedCoxModelCard.ts';
export type { FittedCoxExport, FittedCoxExportOptions } from './fittedCoxModelCard.ts';
export { measureResponse, MIN_CHANGE_HU, CHANGE_SIGMAS } from './measure/measureResponse.ts';
export { measureOptionsSchema, parseMeasureOptions } from './measure/measureOptions.ts';
export type { MeasureOptions, MeasureOptionsInput } from './measure/measureOptions.ts';
export type {
  EaslResult, MeasuredLesion, MeasuredNewLesion, MeasuredPatient, MeasurementMasks, MeasureReferenceReport, RecistResult, ResponseMeasurement, TreatmentZone, TreatmentZoneKind,
} from './measure/measureResult.ts';
/** Re-exported from @mewm/dicom (one implementation, shared with the world model's response summary). */
export { longestViableDiameterMm } from '@mewm/dicom';
export { LIPIODOL_ABOVE_HU } from './measure/tissueClasses.ts';
export { easlResponse, liradsTrCategory, recistResponse, LIRADS_TR_VIABLE_MIN_MM } from './measure/responseCategories.ts';
export type { LiradsTrCategory, ResponseCategory } from './measure/responseCategories.ts';
export { parseCohortCsv, parseCsvRecords } from './cohorts/cohortCsv.ts';
export type { CohortCsv } from './cohorts/cohortCsv.ts';
export { cohortTableMappingSchema, derivedColumnSchema } from './cohorts/cohortTableMapping.ts';
export type { CohortTableMapping, DerivedColumn } from './cohorts/cohortTableMapping.ts';
export { readCohortTable } from './cohorts/readCohortTable.ts';
export type { CohortGap, CohortRead } from './cohorts/readCohortTable.ts';
export { HCC_TACE_COHORT_SOURCES, HCC_TACE_MAPPING, HCC_TACE_MRECIST_PAIRS, HCC_TACE_REGIMENS, WEEKS_TO_MONTHS, hccTaceGaps, hccTaceUnitEvidence } from './cohorts/hccTaceCohort.ts';
export type { HccTaceGaps, UnitEvidence } from './cohorts/hccTaceCohort.ts';
export { CEA_ELEVATED_NG_PER_ML, CRLM_COHORT_SOURCES, CRLM_MAPPING, crlmGaps } from './cohorts/crlmCohort.ts';
export type { CrlmGaps } from './cohorts/crlmCohort.ts';
export { buildRiskHccTace, RISK_HCC_TACE_NAME } from './cohorts/riskHccTaceModel.ts';
export { buildRiskCrlm, RISK_CRLM_NAME } from './cohorts/riskCrlmModel.ts';
export { fitCohortRiskModel } from './cohortRiskModel.ts';
export type { CalibrationGroup, CohortCrossValidation, CohortFitOptions, CohortRiskFit } from './cohortRiskModel.ts';
export { cohortRiskModelArtifacts } from './cohortRiskModelCard.ts';
export type { CohortCardSpec, FittedCovariateSpec, ModalityTermSpec } from './cohortRiskModelCard.ts';
export { crossValidatedPredictions } from './crossValidatedPredictions.ts';
export type { OutOfFoldPredictions } from './crossValidatedPredictions.ts';
export { evaluateTableScores, scoreCohortTable } from './scoreCohortTable.ts';
export type { TableEvaluation, TablePrediction, TableScores } from './scoreCohortTable.ts';
