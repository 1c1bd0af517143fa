/**
 * The treatment options of each BCLC stage, as world-model presets, ordered by recommendation
 * strength: the stage's recommended options first, then its neighbours (options of the adjacent
 * stages that a tumour board would weigh when the recommended one is not feasible: the "treatment
 * stage migration" of the BCLC 2022 update), then best supportive care as the untreated reference.
 *
 * Sources: Reig M, et al. J Hepatol 2022;76(3):681–693 (BCLC 2022); EASL HCC guidelines,
 * J Hepatol 2018;69(1):182–236; trials cited per option in `REFERENCES`.
 * SBRT is not part of the BCLC 2022 treatment algorithm and is never proposed here; a user can
 * still give it as a candidate (`sbrt-60gy-3fx`).
 */
import type { BclcStage, BclcStaging } from './bclc-stage.ts';
import { REFERENCES } from './references.ts';

/**
 * Largest lesion (longest axial diameter) for which thermal ablation alone is proposed: 3 cm. BCLC
 * 2022 proposes ablation for BCLC 0 and for BCLC A nodules ≤ 3 cm; the EASL 2018 guidelines give
 * ablation as the standard for BCLC 0–A tumours not suited to surgery, with lower rates of complete
 * ablation beyond 3 cm.
 */
export const ABLATION_MAX_DIAMETER_MM = 30;
/** Largest lesion for TACE + ablation: 5 cm (Morimoto et al., Cancer 2010: HCC of 3.1–5.0 cm). */
export const TACE_ABLATION_MAX_DIAMETER_MM = 50;
/** At most this many lesions for an ablation-based option (BCLC A: ≤ 3 nodules). */
export const ABLATION_MAX_LESIONS = 3;

export type OptionRole = 'recommended' | 'neighbour' | 'reference';

export interface GuidelineOption {
  preset: string;
  role: OptionRole;
  rationale: string;
}

export interface Feasibility {
  ablation: boolean;
  taceAblation: boolean;
  resection: boolean;
  /** TACE as a neighbour of stage C: only without macrovascular invasion or extrahepatic spread. */
  taceInAdvanced: boolean;
  notes: string[];
}

const bclc = REFERENCES.bclc2022.short;

export function feasibility(s: BclcStaging): Feasibility {
  const { lesionCount, largestDiameterMm, ecog, macrovascularInvasion, extrahepaticSpread, liver } = s.inputs;
  const notes: string[] = [];
  const ablation = lesionCount <= ABLATION_MAX_LESIONS && largestDiameterMm <= ABLATION_MAX_DIAMETER_MM;
  const taceAblation = lesionCount <= ABLATION_MAX_LESIONS && largestDiameterMm <= TACE_ABLATION_MAX_DIAMETER_MM;
  const resection = lesionCount === 1 && liver.liverFunction === 'preserved' && ecog === 0 && !macrovascularInvasion && !extrahepaticSpread;
  if (!ablation) notes.push(`ablation alone not proposed: needs ≤ ${ABLATION_MAX_LESIONS} lesions each ≤ ${ABLATION_MAX_DIAMETER_MM / 10} cm (${bclc}; ${REFERENCES.easl2018.short})`);
  if (resection) notes.push('resection: portal pressure and bilirubin are not known here; BCLC 2022 reserves resection for single tumours without clinically significant portal hypertension and with normal bilirubin');
  return { ablation, taceAblation, resection, taceInAdvanced: !macrovascularInvasion && !extrahepaticSpread, notes };
}

const BSC_REFERENCE: GuidelineOption = {
  preset: 'best-supportive-care',
  role: 'reference',
  rationale: `untreated reference: best supportive care (the BCLC D option, ${bclc}), simulated for comparison`,
};

function tace(stage: BclcStage, role: OptionRole): GuidelineOption[] {
  const why = role === 'recommended'
    ? `BCLC ${stage}: TACE is the recommended treatment for intermediate-stage HCC (${bclc})`
    : `BCLC ${stage}, neighbour: TACE, the BCLC B option, when the recommended options are not feasible (treatment stage migration, ${bclc})`;
  return [
    { preset: 'ctace-epirubicin-lipiodol', role, rationale: `${why}; conventional TACE with epirubicin–Lipiodol` },
    { preset: 'deb-tace-doxorubicin', role, rationale: `${why}; DEB-TACE with doxorubicin beads (${REFERENCES.precisionV.short})` },
  ];
}

function ablation(stage: BclcStage, role: OptionRole, why: string): GuidelineOption[] {
  return (['rfa', 'mwa'] as const).map((preset) => ({
    preset,
    role,
    rationale: `BCLC ${stage}: ${preset.toUpperCase()} — ${why}; every lesion ≤ ${ABLATION_MAX_DIAMETER_MM / 10} cm (${bclc}; ${REFERENCES.easl2018.short})`,
  }));
}

function taceAblation(stage: BclcStage): GuidelineOption {
  return {
    preset: 'ctace-epirubicin-lipiodol+mwa',
    role: 'neighbour',
    rationale: `BCLC ${stage}, neighbour: TACE + ablation for ≤ ${ABLATION_MAX_LESIONS} lesions up to ${TACE_ABLATION_MAX_DIAMETER_MM / 10} cm (${REFERENCES.taceRfa.short}); between the BCLC A and B options (${bclc})`,
  };
}

function systemic(stage: BclcStage, role: OptionRole, impaired: boolean): GuidelineOption[] {
  const pre = role === 'recommended'
    ? `BCLC ${stage}: systemic therapy is recommended (${bclc})`
    : `BCLC ${stage}, neighbour: systemic therapy, the BCLC C option (${bclc}; BCLC 2022 also advises it for diffuse, infiltrative, bilobar BCLC B)`;
  const caveat = impaired ? '; the trial populations had Child–Pugh A liver function' : '';
  return [
    { preset: 'atezolizumab-bevacizumab', role, rationale: `${pre}; first line: atezolizumab + bevacizumab (${REFERENCES.imbrave150.short})${caveat}` },
    { preset: 'durvalumab-tremelimumab', role, rationale: `${pre}; first line: durvalumab + tremelimumab, STRIDE (${REFERENCES.himalaya.short})${caveat}` },
    { preset: 'lenvatinib', role, rationale: `${pre}; lenvatinib where immunotherapy is not suitable (${REFERENCES.reflect.short})${caveat}` },
    { preset: 'sorafenib', role, rationale: `${pre}; sorafenib where immunotherapy is not suitable (${REFERENCES.sharp.short})${caveat}` },
  ];
}

/** All options of the stage in order (BSC last), before the candidate limit; infeasible ones left out. */
export function guidelineOptions(stage: BclcStage, s: BclcStaging): GuidelineOption[] {
  const f = feasibility(s);
  const impaired = s.inputs.liver.liverFunction !== 'preserved';
  const resection: GuidelineOption = {
    preset: 'resection',
    role: 'recommended',
    rationale: `BCLC ${stage}: surgical resection for a single nodule with preserved liver function (${bclc}); portal pressure and bilirubin assumed normal (not measured here)`,
  };
  const out: GuidelineOption[] = [];
  switch (stage) {
    case '0':
      if (f.ablation) out.push(...ablation(stage, 'recommended', 'thermal ablation is first-line for very early HCC'));
      if (f.resection) out.push(resection);
      out.push(...tace(stage, 'neighbour'));
      break;
    case 'A':
      if (f.resection) out.push(resection);
      if (f.ablation) {
        out.push(...ablation(stage, 'recommended', s.inputs.lesionCount > 1
          ? 'ablation for 2–3 nodules ≤ 3 cm (liver transplantation, the alternative, is not modelled)'
          : 'ablation for a single nodule ≤ 3 cm, an alternative to resection'));
      }
      if (f.taceAblation) out.push(taceAblation(stage));
      out.push(...tace(stage, 'neighbour'));
      break;
    case 'B': {
      out.push(...tace(stage, 'recommended'));
      const sys = systemic(stage, 'neighbour', impaired);
      out.push(sys[0]!);
      if (f.taceAblation) out.push(taceAblation(stage));
      out.push(sys[2]!, sys[1]!, sys[3]!);
      break;
    }
    case 'C':
      out.push(...systemic(stage, 'recommended', impaired));
      if (f.taceInAdvanced) out.push(tace(stage, 'neighbour')[0]!);
      break;
    case 'D':
      return [{
        preset: 'best-supportive-care',
        role: 'recommended',
        rationale: `BCLC D: best supportive care is the recommended option (${bclc}); liver transplantation, considered for Child–Pugh C within transplant criteria, is not modelled`,
      }];
  }
  out.push(BSC_REFERENCE);
  return out;
}
