/**
 * BCLC stage (0, A, B, C, D) from the measured lesions and the clinical covariates, following the
 * BCLC 2022 update: Reig M, Forner A, Rimola J, et al. "BCLC strategy for prognosis prediction and
 * treatment recommendation: the 2022 update." J Hepatol 2022;76(3):681–693.
 *
 * Stage definitions of the update's staging figure, as applied here:
 *   0 (very early):  single nodule ≤ 2 cm, preserved liver function, ECOG-PS 0
 *   A (early):       single nodule (any size), or 2–3 nodules each ≤ 3 cm; preserved liver function, ECOG-PS 0
 *   B (intermediate): multinodular beyond A; preserved liver function, ECOG-PS 0, no vascular invasion or spread
 *   C (advanced):    portal (macrovascular) invasion and/or extrahepatic spread, or ECOG-PS 1–2
 *   D (terminal):    end-stage liver function (here Child–Pugh C) or ECOG-PS 3–4
 * D is checked first, then C, then tumour burden (0 → A → B).
 *
 * Inputs: nodule count = number of segmented lesions; nodule size = longest axial diameter (mm)
 * measured on the CT. Unknown covariates are not guessed silently: each default is returned in
 * `assumptions` (unknown ECOG → 0, unknown macrovascular invasion → absent, unknown extrahepatic
 * spread → absent, unknown liver function → preserved; see liver-function.ts for Child–Pugh/ALBI).
 * Research use only, not for clinical use.
 */
import type { PatientState } from '../plan/contracts.ts';
import { PlannerInputError } from '../errors.ts';
import { assessLiverFunction, type LiverFunctionAssessment } from './liver-function.ts';
import { REFERENCES } from './references.ts';

export type BclcStage = '0' | 'A' | 'B' | 'C' | 'D';

/** Size and count thresholds of the BCLC 2022 staging figure (Reig et al., J Hepatol 2022). */
export const BCLC_THRESHOLDS = Object.freeze({
  /** BCLC 0: single nodule ≤ 2 cm. */
  veryEarlyMaxDiameterMm: 20,
  /** BCLC A, multinodular: at most 3 nodules ... */
  earlyMaxNodules: 3,
  /** ... each ≤ 3 cm. */
  earlyMultinodularMaxDiameterMm: 30,
  /** ECOG-PS 1–2 → C; ECOG-PS 3–4 → D. */
  advancedMaxEcog: 2,
});

export interface BclcStaging {
  stage: BclcStage;
  /** Why, one step per line, in the order the rules were applied. */
  rationale: string[];
  /** Every default used for an unknown covariate, and every judgement call. Empty when all was known. */
  assumptions: string[];
  /** The values the rules saw (after the assumptions). */
  inputs: {
    lesionCount: number;
    largestDiameterMm: number;
    ecog: number;
    macrovascularInvasion: boolean;
    extrahepaticSpread: boolean;
    liver: LiverFunctionAssessment;
  };
  /** The stage recorded in the clinical data (`clinical.bclcStage`), when given; may differ. */
  recordedStage: BclcStage | null;
  reference: string;
}

function checkLesions(state: PatientState): number[] {
  if (!Array.isArray(state.lesions) || state.lesions.length === 0) {
    throw new PlannerInputError('state.lesions', 'at least one measured lesion is needed to stage BCLC; got none');
  }
  return state.lesions.map((l, i) => {
    const d = l.longestAxialDiameterMm;
    if (typeof d !== 'number' || !Number.isFinite(d) || d <= 0) {
      throw new PlannerInputError(`state.lesions[${i}].longestAxialDiameterMm`, `must be a finite diameter > 0 mm, got ${String(d)}`);
    }
    return d;
  });
}

const mm = (x: number) => `${Number(x.toFixed(1))} mm`;

/** BCLC 2022 stage with its rationale and the assumptions made for unknown covariates. */
export function bclcStage(state: PatientState): BclcStaging {
  const diameters = checkLesions(state);
  const c = state.clinical ?? {};
  const assumptions: string[] = [];
  const rationale: string[] = [];
  const t = BCLC_THRESHOLDS;

  let ecog = c.ecog ?? null;
  if (ecog === null) {
    ecog = 0;
    assumptions.push('ECOG performance status unknown: assumed 0');
  }
  let mvi = c.macrovascularInvasion ?? null;
  if (mvi === null) {
    mvi = false;
    assumptions.push('macrovascular invasion unknown: assumed absent');
  }
  let ehs = c.extrahepaticSpread ?? null;
  if (ehs === null) {
    ehs = false;
    assumptions.push('extrahepatic spread unknown: assumed absent');
  }
  const liver = assessLiverFunction(c);
  assumptions.push(...liver.assumptions);

  const count = diameters.length;
  const largest = Math.max(...diameters);
  rationale.push(`${count} nodule${count === 1 ? '' : 's'} on CT, largest longest axial diameter ${mm(largest)}`);

  let stage: BclcStage;
  if (liver.liverFunction === 'end-stage' || ecog > t.advancedMaxEcog) {
    stage = 'D';
    if (liver.liverFunction === 'end-stage') rationale.push(`${liver.note} → BCLC D (end-stage liver function)`);
    if (ecog > t.advancedMaxEcog) rationale.push(`ECOG ${ecog} (3–4) → BCLC D`);
  } else if (mvi || ehs || ecog >= 1) {
    stage = 'C';
    if (mvi) rationale.push('macrovascular invasion → BCLC C');
    if (ehs) rationale.push('extrahepatic spread → BCLC C');
    if (ecog >= 1) {
      rationale.push(`ECOG ${ecog} (1–2) → BCLC C`);
      assumptions.push(`ECOG ${ecog} taken as cancer-related (BCLC 2022 stages by cancer-related performance status)`);
    }
  } else {
    rationale.push(`ECOG 0, no macrovascular invasion, no extrahepatic spread; ${liver.note}`);
    const allWithinEarly = diameters.every((d) => d <= t.earlyMultinodularMaxDiameterMm);
    if (count === 1 && largest <= t.veryEarlyMaxDiameterMm && liver.liverFunction === 'preserved') {
      stage = '0';
      rationale.push(`single nodule ≤ 2 cm with preserved liver function → BCLC 0`);
    } else if (count === 1) {
      stage = 'A';
      rationale.push(largest <= t.veryEarlyMaxDiameterMm
        ? 'single nodule ≤ 2 cm, but liver function not preserved (BCLC 0 requires it) → BCLC A'
        : `single nodule (> 2 cm) → BCLC A`);
    } else if (count <= t.earlyMaxNodules && allWithinEarly) {
      stage = 'A';
      rationale.push(`${count} nodules, each ≤ 3 cm → BCLC A`);
    } else {
      stage = 'B';
      rationale.push(count > t.earlyMaxNodules
        ? `${count} nodules (more than 3) → BCLC B (multinodular)`
        : `${count} nodules, at least one > 3 cm → BCLC B (multinodular beyond A)`);
    }
    if (liver.liverFunction === 'impaired') {
      assumptions.push(
        `${liver.note}: BCLC 2022 stages 0–B presume preserved liver function and keep D for end-stage; the stage is assigned by tumour burden and the treatment options are restricted accordingly`,
      );
    }
  }

  const recordedStage = c.bclcStage ?? null;
  if (recordedStage !== null && recordedStage !== stage) {
    rationale.push(`the clinical data record BCLC ${recordedStage}; computed from the inputs: BCLC ${stage}`);
  }
  return {
    stage,
    rationale,
    assumptions,
    inputs: { lesionCount: count, largestDiameterMm: largest, ecog, macrovascularInvasion: mvi, extrahepaticSpread: ehs, liver },
    recordedStage,
    reference: REFERENCES.bclc2022.full,
  };
}
