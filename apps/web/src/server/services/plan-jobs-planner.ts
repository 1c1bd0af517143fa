// The risk model's statistics library has no published types; @mewm/survival declares them.
/// <reference path="../../../../../packages/survival/src/jstat.d.ts" />
/**
 * The planner bridge: with plan-jobs-renderer.ts (which it alone imports), the only code of the web app
 * that imports @mewm/planner, the world model's ONNX code and the risk model (ONNX Runtime). It is not
 * bundled by Next.js: plan-jobs-bridge.ts loads it at run time
 * through tsx (as the `mewm` CLI loads the planner), so the packages run from their sources with their
 * model files where they expect them. It must therefore not import `server-only` or anything of the
 * web app, and it speaks plain data: absolute paths in, plain objects out, errors thrown as the
 * packages throw them (the caller maps them by `code`, since class identity differs across loaders).
 *
 * runPlan mirrors `mewm plan` (packages/planner/src/cli/commands/plan.ts): CT + lesion mask → policy →
 * K samples per candidate → ranked PlanReport; report.json, report.pdf and the NIfTI bundle are written
 * into a hidden folder beside `outDir` and renamed to `outDir` only when complete (openPlanBundle).
 * Research use only, not for clinical use.
 */
import { readFile } from 'node:fs/promises';
import { loadMask, measureMask, readNifti, type LabelVolume, type Volume } from '@mewm/dicom';
import {
  bundleSampleWriter, canonicalJson, sha256Text, DEFAULT_RISK_MODEL_CARD, fixedCandidatesPolicy, guidelinePolicy, openPlanBundle, planReportSchema, planTreatment,
  policyFor, PlannerInputError, userCandidates, volumeContentSha256, createSimulationCache, writePlanPdf,
  type Candidate, type PlanInput, type PlanProgress, type PlanReport, type Policy,
} from '@mewm/planner';
import { loadRiskModel, parseClinicalCovariates, type ClinicalCovariates } from '@mewm/survival';
import { describeProtocol, labelLesions, type RegionRenderer } from '@mewm/world-model';
import { openPlanRenderer } from './plan-jobs-renderer.ts';
import type { PlanJobOptions } from './plan-jobs-request.ts';

export interface PlanInputFiles {
  /** Stored de-identified CT (NIfTI), absolute path. */
  ctPath: string;
  /** Stored lesion mask (NIfTI label map on the CT's grid), absolute path. */
  lesionMaskPath: string;
}

export interface CandidatePreview {
  name: string;
  source: 'guideline' | 'search' | 'user';
  description: string;
  rationale: string;
}

export interface CandidatePreviewResult {
  candidates: CandidatePreview[];
  bclcStage: string | null;
  /** Set when part of the policy only runs with the plan (the search policy simulates to propose). */
  note: string | null;
}

export interface PlanHooks {
  /** Every planner progress event; may throw to stop the plan (cancellation). */
  onProgress: (e: PlanProgress) => void;
  /** Awaited after each sample is written: yields the event loop and may throw to stop the plan. */
  checkpoint: () => Promise<void>;
}

export interface PlanRunSummary {
  candidates: number;
  samples: number;
  files: number;
  reportSha256: string;
  bclcStage: string | null;
  topCandidate: string;
}

interface CheckedOptions {
  users: Candidate[];
  clinical: ClinicalCovariates;
}

/** Validate what the planner will be given (user candidates, clinical covariates, policy). */
function check(options: PlanJobOptions): CheckedOptions {
  const users = options.candidates === null || options.candidates.length === 0 ? [] : userCandidates(options.candidates);
  if (options.policy === 'user' && users.length === 0) {
    throw new PlannerInputError('candidates', 'the "user" policy plans only your candidates: give at least one');
  }
  return { users, clinical: parseClinicalCovariates(options.clinical, 'clinical') };
}

function policyOf(options: PlanJobOptions, users: Candidate[]): Policy {
  return options.policy === 'user' ? fixedCandidatesPolicy(users) : policyFor(options.policy, { userCandidates: users });
}

/** @throws PlannerInputError / UserCandidateError / SurvivalInputError naming the field. */
export function checkPlanOptions(options: PlanJobOptions): { userCandidates: string[] } {
  return { userCandidates: check(options).users.map((c) => c.name) };
}

async function loadInputs(files: PlanInputFiles): Promise<{ ct: Volume; lesionMask: LabelVolume }> {
  const ct = readNifti(new Uint8Array(await readFile(files.ctPath))).volume;
  const { mask } = await loadMask(files.lesionMaskPath, ct);
  if (!mask.data.some((v) => v !== 0)) throw new PlannerInputError('lesionMask', 'the lesion mask is empty; mark at least one lesion');
  return { ct, lesionMask: mask };
}

/**
 * The candidates the policy proposes, without simulating anything: the guideline policy (instant)
 * and the user's candidates. The search policy needs simulations to propose, so it runs with the plan.
 */
export async function previewCandidates(files: PlanInputFiles, options: PlanJobOptions): Promise<CandidatePreviewResult> {
  const { users, clinical } = check(options);
  const { lesionMask } = await loadInputs(files);
  const labelled = labelLesions(lesionMask);
  const lesions = Object.keys(labelled.labels).map(Number).map((label) => {
    const m = measureMask(labelled, label);
    return { label, volumeMl: m.volumeMl, longestAxialDiameterMm: m.longestAxialDiameterMm };
  });
  const parts: Policy[] = [];
  if (options.policy === 'guideline' || options.policy === 'both') parts.push(guidelinePolicy());
  if (users.length > 0) parts.push(fixedCandidatesPolicy(users));
  const note = options.policy === 'search' || options.policy === 'both'
    ? 'the search policy proposes its TACE candidates by simulating them: they appear when the plan runs'
    : null;
  if (parts.length === 0) return { candidates: [], bclcStage: null, note };
  const policy = parts.length === 1 ? parts[0]! : policyFor('guideline', { userCandidates: users });
  const proposal = await policy.propose({ lesions, clinical }, {
    evaluate: () => Promise.reject(new PlannerInputError('policy', 'the preview does not simulate')),
  });
  const summary = proposal.summary as { stage?: unknown; bclcStage?: unknown; policies?: Record<string, { stage?: unknown }> };
  const stage = summary.stage ?? summary.bclcStage ?? summary.policies?.guideline?.stage;
  return {
    candidates: proposal.candidates.map((c) => ({ name: c.name, source: c.source, description: describeProtocol(c.protocol), rationale: c.rationale })),
    bclcStage: typeof stage === 'string' ? stage : null,
    note,
  };
}

/** Run one plan into `outDir` (which must not exist or be empty); all-or-nothing. */
export async function runPlan(args: {
  files: PlanInputFiles;
  options: PlanJobOptions;
  outDir: string;
  pseudonym: string;
  hooks: PlanHooks;
}): Promise<PlanRunSummary> {
  const t0 = performance.now();
  const { users, clinical } = check(args.options);
  const policy = policyOf(args.options, users);
  const { ct, lesionMask } = await loadInputs(args.files);
  await args.hooks.checkpoint();
  const tInputs = performance.now();
  const input: PlanInput = {
    ct, lesionMask, clinical,
    inputHashes: {
      ct: volumeContentSha256(ct), lesionMask: volumeContentSha256(lesionMask),
      clinical: sha256Text(canonicalJson(clinical)),
    },
    casePseudonym: args.pseudonym,
    lesionSource: { kind: 'mask' },
  };
  const bundle = await openPlanBundle(args.outDir);
  let renderer: RegionRenderer | undefined;
  let riskModel: Awaited<ReturnType<typeof loadRiskModel>> | undefined;
  try {
    renderer = await openPlanRenderer(args.options.renderer);
    riskModel = await loadRiskModel(DEFAULT_RISK_MODEL_CARD);
    const samplesOut = bundleSampleWriter(bundle, ct, lesionMask, args.hooks.checkpoint);
    const { report } = await planTreatment(input, {
      policy, renderer, riskModel, samples: args.options.samples, seed: args.options.seed,
      cache: createSimulationCache({}),
      onProgress: args.hooks.onProgress,
      onSampleVolumes: samplesOut.onSampleVolumes,
      finalise: (ranked) => bundle.finalise(ranked, ct, lesionMask),
    });
    await args.hooks.checkpoint();
    const tPdf = performance.now();
    await writePlanPdf(report, samplesOut.images, `${bundle.tmpDir}/report.pdf`);
    report.timings = {
      loadInputsMs: tInputs - t0, ...report.timings, keySlicesMs: samplesOut.keySlicesMs(), pdfMs: performance.now() - tPdf, totalMs: performance.now() - t0,
    };
    const json = `${JSON.stringify(report, null, 2)}\n`;
    await bundle.writeText('report.json', json);
    await args.hooks.checkpoint();
    await bundle.commit();
    return {
      candidates: report.candidates.length,
      samples: report.settings.samples,
      files: report.files.length,
      reportSha256: sha256Text(json),
      bclcStage: report.bclcStage,
      topCandidate: report.candidates[0]!.name,
    };
  } catch (e) {
    await bundle.abort();
    throw e;
  } finally {
    await renderer?.dispose();
    await riskModel?.dispose();
  }
}

/** Validate a stored report.json against the PlanReport schema. */
export function parsePlanReport(json: unknown): PlanReport {
  return planReportSchema.parse(json);
}
