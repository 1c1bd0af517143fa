/**
 * Liver function for BCLC staging, from the Child–Pugh class, or from the ALBI grade when the
 * Child–Pugh class is unknown. Every fallback is stated in `assumptions`.
 *
 * BCLC 2022 (Reig et al., J Hepatol 2022;76:681–693) stages 0, A and B require "preserved liver
 * function" and stage D is "end-stage liver function"; its staging figure uses Child–Pugh, and the
 * update discusses ALBI (Johnson et al., J Clin Oncol 2015;33:550–558) as a finer measure.
 *
 * Mapping used here (documented choices, not numbers from the paper):
 *   Child–Pugh A → preserved; Child–Pugh B → impaired (neither preserved nor end-stage);
 *   Child–Pugh C → end-stage.
 *   Child–Pugh unknown, ALBI known: grade 1 → preserved; grades 2–3 → impaired. ALBI alone never
 *   gives end-stage: Child–Pugh C (with ascites, encephalopathy) cannot be read from albumin and
 *   bilirubin, so an ALBI-3 patient is not put in BCLC D without a Child–Pugh class.
 *   Both unknown → assumed preserved (stated).
 */
import { albiGradeOf, albiScore, type ClinicalCovariates } from '@mewm/survival';

export type LiverFunction = 'preserved' | 'impaired' | 'end-stage';

export interface LiverFunctionAssessment {
  liverFunction: LiverFunction;
  /** What it was derived from. */
  basis: 'child-pugh' | 'albi' | 'assumed';
  childPughClass: 'A' | 'B' | 'C' | null;
  /** Given, or computed from albumin and bilirubin; null when neither. */
  albiGrade: 1 | 2 | 3 | null;
  /** One line for the rationale. */
  note: string;
  assumptions: string[];
}

export function assessLiverFunction(clinical: ClinicalCovariates): LiverFunctionAssessment {
  const cp = clinical.childPughClass ?? null;
  let albi = clinical.albiGrade ?? null;
  if (albi === null && clinical.albuminGPerL != null && clinical.bilirubinUmolPerL != null) {
    albi = albiGradeOf(albiScore(clinical.bilirubinUmolPerL, clinical.albuminGPerL));
  }
  if (cp !== null) {
    const liverFunction: LiverFunction = cp === 'A' ? 'preserved' : cp === 'B' ? 'impaired' : 'end-stage';
    return { liverFunction, basis: 'child-pugh', childPughClass: cp, albiGrade: albi, note: `Child–Pugh ${cp}: ${liverFunction} liver function`, assumptions: [] };
  }
  if (albi !== null) {
    const liverFunction: LiverFunction = albi === 1 ? 'preserved' : 'impaired';
    const assumptions = [
      `Child–Pugh class unknown: liver function taken from ALBI grade ${albi} (${liverFunction}); ALBI alone is never read as end-stage (BCLC D needs Child–Pugh C)`,
    ];
    return { liverFunction, basis: 'albi', childPughClass: null, albiGrade: albi, note: `ALBI grade ${albi}: ${liverFunction} liver function`, assumptions };
  }
  return {
    liverFunction: 'preserved',
    basis: 'assumed',
    childPughClass: null,
    albiGrade: null,
    note: 'liver function unknown: assumed preserved',
    assumptions: ['Child–Pugh class and ALBI (albumin, bilirubin) unknown: liver function assumed preserved (Child–Pugh A)'],
  };
}
