/**
 * The candidates a plan request's policy would propose, without simulating anything: the guideline
 * policy (instant) and the user's candidates. The search policy needs simulations to propose, so its
 * candidates appear only when the plan runs (the result's `note` says so). Used by the web app's
 * plan panel before a plan is started.
 */
import { parsePlanPreviewRequest, type Disease } from '@mewm/contracts';
import { measureMask } from '@mewm/dicom';
import { describeProtocol, labelLesions } from '@mewm/world-model';
import { PlannerInputError } from '../errors.ts';
import { crlmGuidelinePolicy, fixedCandidatesPolicy, guidelinePolicy, policyFor } from '../policy/index.ts';
import type { CandidateSource, Policy } from './contracts.ts';
import { loadPlanInputs } from './load-plan-inputs.ts';
import { parseNamedRequest } from './parse-named-request.ts';
import { argumentNames, type PlanArgumentNames } from './plan-argument-names.ts';
import { requestPolicy } from './request-policy.ts';

export interface CandidatePreview {
  name: string;
  source: CandidateSource;
  description: string;
  rationale: string;
}

export interface CandidatePreviewResult {
  candidates: CandidatePreview[];
  /** The disease the candidates are for. */
  disease: Disease;
  bclcStage: string | null;
  /** Set when part of the policy only runs with the plan (the search policy simulates to propose). */
  note: string | null;
}

/** The user candidates' names of a request, checked as runPlan checks them. @throws naming the field. */
export function checkPlanRequest(request: unknown, names?: Partial<PlanArgumentNames>): { userCandidates: string[] } {
  const resolved = argumentNames(names);
  const { options } = parseNamedRequest(parsePlanPreviewRequest, request, resolved);
  return { userCandidates: requestPolicy(options, resolved).users.map((c) => c.name) };
}

export async function previewCandidates(request: unknown, names?: Partial<PlanArgumentNames>): Promise<CandidatePreviewResult> {
  const resolved = argumentNames(names);
  const { inputs, options } = parseNamedRequest(parsePlanPreviewRequest, request, resolved);
  // requestPolicy checks the disease against the policy and the user's candidates (e.g. no search for crlm).
  const { users, clinical } = requestPolicy(options, resolved);
  const { disease } = options;
  const { lesionMask } = await loadPlanInputs(inputs, resolved);
  const labelled = labelLesions(lesionMask);
  const lesions = Object.keys(labelled.labels).map(Number).map((label) => {
    const m = measureMask(labelled, label);
    return { label, volumeMl: m.volumeMl, longestAxialDiameterMm: m.longestAxialDiameterMm };
  });
  const choice = options.policy ?? (users.length > 0 ? 'user' : 'guideline');
  const parts: Policy[] = [];
  if (choice === 'guideline' || choice === 'both') parts.push(disease === 'crlm' ? crlmGuidelinePolicy() : guidelinePolicy());
  if (users.length > 0) parts.push(fixedCandidatesPolicy(users));
  const note = choice === 'search' || choice === 'both'
    ? 'the search policy proposes its TACE candidates by simulating them: they appear when the plan runs'
    : null;
  if (parts.length === 0) return { candidates: [], disease, bclcStage: null, note };
  const policy = parts.length === 1 ? parts[0]! : policyFor('guideline', { disease, userCandidates: users });
  const proposal = await policy.propose({ lesions, clinical }, {
    evaluate: () => Promise.reject(new PlannerInputError(resolved.policy, 'the preview does not simulate')),
  });
  const summary = proposal.summary as { stage?: unknown; bclcStage?: unknown; policies?: Record<string, { stage?: unknown }> };
  const stage = summary.stage ?? summary.bclcStage ?? summary.policies?.guideline?.stage;
  return {
    candidates: proposal.candidates.map((c) => ({ name: c.name, source: c.source, description: describeProtocol(c.protocol), rationale: c.rationale })),
    disease,
    bclcStage: disease === 'hcc' && typeof stage === 'string' ? stage : null,
    note,
  };
}
