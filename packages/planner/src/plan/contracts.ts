/**
 * The planner's internal contracts: what a policy proposes, what the scorer gives back, and what the
 * report writers need. The PlanReport itself (the schema-versioned JSON) is in ../packages/contracts/src/plan-report.ts.
 *
 * Flow (MeWM: policy → dynamics → inverse dynamics → planner):
 *   PatientState ──policy.propose──► Candidate[] ──scoreCandidates (K simulated samples each, risk model
 *   on every sample)──► CandidateScore[] ──rankCandidates──► PlanReport ──► report.json, report.pdf, NIfTI bundle
 * Research use only, not for clinical use.
 */
import type { LabelVolume, Vec3, Volume } from '@mewm/dicom';
import type { ClinicalCovariates } from '@mewm/survival';
import type { BaselineLesion, LiverCondition, Protocol, RegionRenderer } from '@mewm/world-model';
import type { DicomSourceReference, Disease, PlanAnatomy, PlanProgress } from '@mewm/contracts';

/** Where a candidate came from. */
export type CandidateSource = 'guideline' | 'search' | 'user';

export interface Candidate {
  /** Short unique name shown in tables (a preset name, or a generated one such as `tace:epirubicin+lipiodol`). */
  name: string;
  protocol: Protocol;
  source: CandidateSource;
  /** Why the policy proposed it (e.g. "BCLC B: TACE is the recommended first-line option (Reig et al., J Hepatol 2022)"). */
  rationale: string;
}

/** What a policy knows about the patient: measured lesions and clinical covariates (unknowns allowed). */
export interface PatientState {
  lesions: BaselineLesion[];
  clinical: ClinicalCovariates;
}

/**
 * Scores a batch of protocols for the search policy: larger is better (expected RMST to the horizon,
 * months). The engine provides it (it simulates and scores), so policies never touch volumes.
 */
export type ProtocolEvaluator = (protocols: Protocol[]) => Promise<number[]>;

export interface PolicyContext {
  evaluate: ProtocolEvaluator;
  onProgress?: (e: PlanProgress) => void;
}

/** A policy proposes candidates; a cloud or learned policy can implement the same interface later. */
export interface Policy {
  readonly name: string;
  propose(state: PatientState, ctx: PolicyContext): Promise<PolicyProposal>;
}

export interface PolicyProposal {
  candidates: Candidate[];
  /** Free-form summary of what the policy did (BCLC stage and its inputs; beam search trace). */
  summary: Record<string, unknown>;
}

/** Progress events for the CLI's progress bar and the web app: the contract of @mewm/contracts. */
export type { PlanProgress } from '@mewm/contracts';

/** Everything the engine needs for one plan. */
export interface PlanInput {
  ct: Volume;
  lesionMask: LabelVolume;
  liverMask?: LabelVolume;
  /** Vessels ≥ 3 mm inside the liver (segmentVessels): ablation heat sink, the nearest vessel. */
  vesselMask?: LabelVolume;
  /** The liver's condition (minimum future liver remnant of a resection); absent: the world model's 'normal'. */
  liverCondition?: LiverCondition;
  /** The anatomy as the report states it (where the masks came from, their volumes, notes). */
  anatomy?: PlanAnatomy;
  clinical: ClinicalCovariates;
  /** The disease the plan is for (recorded in the report; the policy and risk model were chosen by it). */
  disease: Disease;
  /** sha256 of the inputs as given (de-identified bytes), for the report; never pixels. */
  inputHashes: { ct: string; lesionMask: string; clinical?: string };
  /** A pseudonym for the case (never a patient name or ID). */
  casePseudonym: string;
  /** How the lesion was marked (for the report). */
  lesionSource: { kind: 'mask' } | { kind: 'point'; pointRas: Vec3 } | { kind: 'phantom' };
  /** The CT's de-identified DICOM identity when it came in as DICOM (report.inputs.dicom). */
  dicomReference?: DicomSourceReference;
}

/** Images for one candidate in the PDF: PNG bytes, liver window, pre vs simulated post. */
export interface KeySliceImages {
  axialPre: Uint8Array;
  axialPost: Uint8Array;
  coronalPre: Uint8Array;
  coronalPost: Uint8Array;
}

/** The renderer and the risk model a plan uses (opened once, disposed by the caller). */
export interface PlanModels {
  renderer: RegionRenderer;
  /** Path of the risk model card (models/risk-cox-hcc.json by default). */
  riskModelCard: string;
}
