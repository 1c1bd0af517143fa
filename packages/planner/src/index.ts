/**
 * @mewm/planner: candidate proposal (policies), the plan engine, runPlan (the one plan service), the
 * PlanReport's PDF and NIfTI bundle. The `mewm` CLI (src/cli/main.ts) is a caller of this package, not
 * part of its surface. See README.md for where each concept lives.
 */
// The plan service: request (from @mewm/contracts) → report.json, report.pdf and the NIfTI bundle.
export { runPlan, type RunPlanOptions, type RunPlanResult } from './plan/run-plan.ts';
export { requestPolicy, type RequestPolicy } from './plan/request-policy.ts';
export { loadPlanInputs, type LoadedPlanInputs } from './plan/load-plan-inputs.ts';
export { preparePlanAnatomy, type PreparedAnatomy } from './plan/plan-anatomy.ts';
export { REQUEST_ARGUMENT_NAMES, type PlanArgumentNames } from './plan/plan-argument-names.ts';
export { openRiskModel } from './plan/open-risk-model.ts';
export { previewCandidates, checkPlanRequest, type CandidatePreview, type CandidatePreviewResult } from './plan/preview-candidates.ts';

// Plan report: key-slice images and the PDF (see report/README.md).
export { renderKeySlices, keySlicePlanes, OUTLINE_RGB, type KeySliceOptions } from './report/render-key-slices.ts';
export { LIVER_WINDOW, windowToGrey, type CtWindow } from './report/ct-window.ts';
export { ReportError, ReportInputError, ReportWriteError, type ReportErrorCode } from './report/report-errors.ts';

// Candidate proposal: BCLC staging, guideline/search/user policies (see policy/README.md).
export * from './policy/index.ts';

// Planning: scoring engine, cache, ranking, orchestration and the PlanReport (see plan/README.md).
export type {
  Candidate, CandidateSource, KeySliceImages, PatientState, PlanInput, PlanModels, PlanProgress, Policy, PolicyContext,
  PolicyProposal, ProtocolEvaluator,
} from './plan/contracts.ts';
export { scoreCandidates, candidateAggregate, checkSampling, meanSurvivalCurve, MAX_SAMPLES, MAX_SEED, type CandidateScore, type CandidateAggregate, type ScoreCandidatesOptions } from './plan/score-candidates.ts';
export { createScoringContext, type ScoringContextOptions } from './plan/scoring-context.ts';
export { simulateSamples, type EngineContext, type EngineStats } from './plan/simulate-samples.ts';
export { createProtocolEvaluator, DEFAULT_SEARCH_SAMPLES, type EvaluatorCost, type ProtocolEvaluatorHandle } from './plan/protocol-evaluator.ts';
export { createSimulationCache, simulationCacheKey, SIMULATION_CACHE_FORMAT, type SimulationCache, type SimulationCacheOptions, type CacheEntry } from './plan/simulation-cache.ts';
export { sampleRecordSchema, type SampleRecord, type SampleVolumes, type SurvivalPoint } from './plan/sample-record.ts';
export { sampleInterval, tQuantile975, INTERVAL_METHOD, T_INTERVAL_MIN_SAMPLES, type SampleInterval, type IntervalBounds, type IntervalKind } from './plan/interval.ts';
export { tieGroups, TIE_DEFINITION } from './plan/tie-groups.ts';
export { probabilityBest, P_BEST_REPLICATES, P_BEST_METHOD } from './plan/probability-best.ts';
export { rankCandidates, type RankedCandidate } from './plan/rank-candidates.ts';
export { riskModalityOf, RISK_MODALITY_RULES, type RiskModality } from './plan/risk-modality.ts';
export { modelIdentity, type ModelIdentity } from './plan/model-identity.ts';
export { canonicalJson, sha256Text, volumeContentSha256, planInputHash } from './plan/content-hash.ts';
export { buildPlanReport, SOFTWARE_VERSION, type BuildPlanReportArgs } from './plan/build-plan-report.ts';
export { planTreatment, type PlanTreatmentOptions, type PlanResult } from './plan/plan-treatment.ts';
export { DEFAULT_RENDERER_CARD, DEFAULT_RISK_MODEL_CARD, DEFAULT_RISK_MODEL_IDS } from './plan/default-models.ts';
export { openRenderer, WHITE_NOISE_RENDERER } from './plan/open-renderer.ts';
export {
  planReportSchema, canonicalReportForComparison, PLAN_REPORT_SCHEMA_VERSION, PLAN_REPORT_KIND, PLAN_RESEARCH_USE,
  type PlanReport, type PlanReportCandidate, type PlanReportSample,
} from '@mewm/contracts';
export { writePlanPdf, renderPlanPdf, type PlanPdfOptions } from './report/write-plan-pdf.ts';
export { renderPlanFolderPdf } from './report/render-plan-folder-pdf.ts';
export { measurementRows } from './report/pdf-measurements.ts';
export { openPlanFolder, type PlanFolder } from './bundle/plan-folder.ts';
// The plan's output folder written all-or-nothing (report, PDF, NIfTI bundle), for the CLI and the web app's jobs.
export { openPlanBundle, slug as planBundleSlug, type PlanBundle } from './bundle/plan-bundle.ts';
export { bundleSampleWriter, type BundleSampleWriter } from './bundle/bundle-sample-writer.ts';
// A plan folder as DICOM a PACS stores (derived CT, SEG, TID 1500 SR, Encapsulated PDF), for the CLI and the web app.
export { exportPlanDicom, type DicomExportManifest, type ExportedObject, type ExportedObjectKind, type ExportPlanDicomOptions } from './dicom-export/export-plan-dicom.ts';
export { decodePart10 } from './dicom-export/part10.ts';

// The embedded demo case: a procedural abdominal CT phantom with a liver lesion (see phantom/README.md).
export {
  makeAbdominalPhantom, phantomAffineRas, PHANTOM_DEFAULTS, PHANTOM_PSF_SIGMA_MM, PHANTOM_NOISE_CORRELATION_MM,
  type AbdominalPhantom, type AbdominalPhantomOptions,
} from './phantom/make-abdominal-phantom.ts';
export { PHANTOM_TISSUES, type PhantomTissue, type PhantomTissueName } from './phantom/phantom-tissues.ts';
export { PhantomOptionsError } from './phantom/phantom-errors.ts';
