/**
 * `guidelinePolicy`: candidates from the patient's BCLC stage (BCLC 2022 update, Reig et al.,
 * J Hepatol 2022;76(3):681–693): the stage's recommended options, then its neighbours, with best
 * supportive care always included as the untreated reference. At most `maxCandidates` (default 6,
 * the default plan), ordered by recommendation strength. No evaluator calls.
 */
import { parseProtocol, resolveProtocol, type Protocol } from '@mewm/world-model';
import type { Candidate, PatientState, Policy, PolicyContext, PolicyProposal } from '../plan/contracts.ts';
import { PlannerInputError } from '../errors.ts';
import { bclcStage, BCLC_THRESHOLDS, type BclcStage } from './bclc-stage.ts';
import {
  ABLATION_MAX_DIAMETER_MM, ABLATION_MAX_LESIONS, TACE_ABLATION_MAX_DIAMETER_MM, feasibility, guidelineOptions,
} from './guideline-options.ts';
import { checkFollowUpDays, checkPositiveInt } from './option-checks.ts';
import { REFERENCES } from './references.ts';

export interface GuidelinePolicyOptions {
  /** Most candidates to return, best supportive care included (default 6; 1 gives only the reference). */
  maxCandidates?: number;
  /** Follow-up to simulate, days (default: the presets' 90). */
  followUpDays?: number;
  /**
   * Which stage drives the options when the clinical data record one (`clinical.bclcStage`) and it
   * differs from the computed stage: 'recorded' (default: the team knows what the images do not,
   * e.g. whether a performance status is cancer-related) or 'computed'. Both appear in the summary.
   */
  stageSource?: 'recorded' | 'computed';
}

export const DEFAULT_GUIDELINE_MAX_CANDIDATES = 6;

export function guidelinePolicy(options: GuidelinePolicyOptions = {}): Policy {
  const maxCandidates = checkPositiveInt('guideline.maxCandidates', options.maxCandidates ?? DEFAULT_GUIDELINE_MAX_CANDIDATES);
  const followUpDays = options.followUpDays === undefined ? undefined : checkFollowUpDays('guideline.followUpDays', options.followUpDays);
  const stageSource = options.stageSource ?? 'recorded';
  if (stageSource !== 'recorded' && stageSource !== 'computed') {
    throw new PlannerInputError('guideline.stageSource', `must be 'recorded' or 'computed', got ${String(stageSource)}`);
  }
  return {
    name: 'guideline',
    // eslint-disable-next-line @typescript-eslint/require-await -- async so that a staging error rejects the promise, as the Policy interface expects
    async propose(state: PatientState, ctx: PolicyContext): Promise<PolicyProposal> {
      const staging = bclcStage(state);
      const stage: BclcStage = stageSource === 'recorded' && staging.recordedStage !== null ? staging.recordedStage : staging.stage;
      const all = guidelineOptions(stage, staging);
      const chosen = all.filter((o) => o.role !== 'reference').slice(0, Math.max(0, maxCandidates - 1));
      const reference = all.find((o) => o.role === 'reference');
      if (reference) chosen.push(reference);
      const candidates: Candidate[] = chosen.slice(0, maxCandidates).map((o) => ({
        name: o.preset,
        protocol: withFollowUp(resolveProtocol(o.preset), followUpDays),
        source: 'guideline',
        rationale: o.rationale,
      }));
      ctx.onProgress?.({ phase: 'policy', policy: 'guideline', message: `BCLC ${stage}: ${candidates.length} guideline candidate(s)` });
      const f = feasibility(staging);
      return {
        candidates,
        summary: {
          policy: 'guideline',
          stage,
          stageSource: stage === staging.stage ? 'computed' : 'recorded',
          computedStage: staging.stage,
          recordedStage: staging.recordedStage,
          rationale: staging.rationale,
          assumptions: staging.assumptions,
          inputs: {
            lesionCount: staging.inputs.lesionCount,
            largestDiameterMm: staging.inputs.largestDiameterMm,
            ecog: staging.inputs.ecog,
            macrovascularInvasion: staging.inputs.macrovascularInvasion,
            extrahepaticSpread: staging.inputs.extrahepaticSpread,
            liverFunction: staging.inputs.liver.liverFunction,
            liverFunctionBasis: staging.inputs.liver.basis,
            childPughClass: staging.inputs.liver.childPughClass,
            albiGrade: staging.inputs.liver.albiGrade,
          },
          feasibility: { ablation: f.ablation, taceAblation: f.taceAblation, resection: f.resection, notes: f.notes },
          options: all.map((o) => ({ preset: o.preset, role: o.role, proposed: chosen.includes(o) })),
          maxCandidates,
          thresholds: {
            ...BCLC_THRESHOLDS,
            ablationMaxDiameterMm: ABLATION_MAX_DIAMETER_MM,
            ablationMaxLesions: ABLATION_MAX_LESIONS,
            taceAblationMaxDiameterMm: TACE_ABLATION_MAX_DIAMETER_MM,
          },
          references: [REFERENCES.bclc2022.full, REFERENCES.easl2018.full],
        },
      };
    },
  };
}

function withFollowUp(p: Protocol, followUpDays: number | undefined): Protocol {
  return followUpDays === undefined ? p : parseProtocol({ ...p, followUpDays });
}
