/**
 * The treatment options for colorectal liver metastases (CRLM), as world-model presets, from what the
 * plan knows: the measured lesions (count, largest diameter) and the clinical covariates (ECOG,
 * extrahepatic disease). Ordered by recommendation strength, best supportive care last as the
 * untreated reference. Sources: ESMO 2023 mCRC guideline (Cervantes et al., Ann Oncol 2023), NCCN
 * Colon Cancer guidelines, and the trials cited per option (REFERENCES).
 *
 * Resectability is judged with ASSUMED thresholds (CRLM_THRESHOLDS): guidelines define it by an R0
 * resection leaving an adequate future liver remnant, which the plan does not measure. The summary
 * lists every assumption made. A protocol treats every lesion alike, so "resect the large lesion,
 * ablate the small one" is not modelled; the combinations are systemic + local (perioperative
 * chemotherapy with resection, EORTC 40983; chemotherapy with ablation, CLOCC).
 */
import type { ClinicalCovariates } from '@mewm/survival';
import type { PatientState } from '../plan/contracts.ts';
import { PlannerInputError } from '../errors.ts';
import type { OptionRole } from './guideline-options.ts';
import { REFERENCES } from './references.ts';

export const CRLM_THRESHOLDS = Object.freeze({
  /** Thermal ablation alone: every lesion ≤ 3 cm (ESMO 2023; COLLISION: lesions ≤ 3 cm). */
  ablationMaxDiameterMm: 30,
  /** Thermal ablation alone: ≤ 10 lesions (COLLISION's inclusion limit). */
  ablationMaxLesions: 10,
  /** ASSUMED resectability: at most this many lesions (the future liver remnant is not measured). */
  resectionMaxLesions: 4,
  /** ASSUMED resectability: largest lesion ≤ 10 cm. */
  resectionMaxDiameterMm: 100,
  /** Surgery and intensive (triplet) chemotherapy: ECOG ≤ 1 (ASSUMED fitness threshold). */
  intensiveMaxEcog: 1,
  /** ECOG ≥ 3: best supportive care only (ESMO 2023: poor performance status). */
  supportiveCareMinEcog: 3,
});

export interface CrlmOption {
  preset: string;
  role: OptionRole;
  rationale: string;
}

export interface CrlmAssessment {
  inputs: { lesionCount: number; largestDiameterMm: number; ecog: number | null; extrahepaticSpread: boolean | null; bilobarDisease: boolean | null };
  resectable: boolean;
  ablatable: boolean;
  fitForIntensive: boolean;
  /** ECOG ≥ 3: best supportive care only. */
  supportiveOnly: boolean;
  /** Every assumption made about what the plan does not know. */
  assumptions: string[];
  notes: string[];
}

const esmo = REFERENCES.esmo2023Mcrc.short;

function known<T>(v: T | null | undefined): v is T {
  return v !== null && v !== undefined;
}

export function assessCrlm(state: PatientState): CrlmAssessment {
  if (state.lesions.length === 0) throw new PlannerInputError('state.lesions', 'at least one measured lesion is needed to choose CRLM options');
  const c: ClinicalCovariates = state.clinical;
  const lesionCount = state.lesions.length;
  const largestDiameterMm = Math.max(...state.lesions.map((l) => l.longestAxialDiameterMm));
  const ecog = known(c.ecog) ? c.ecog : null;
  const extrahepaticSpread = known(c.extrahepaticSpread) ? c.extrahepaticSpread : null;
  const bilobarDisease = known(c.bilobarDisease) ? c.bilobarDisease : null;
  const t = CRLM_THRESHOLDS;
  const assumptions: string[] = [
    `resectability judged from lesion count (≤ ${t.resectionMaxLesions}) and size (largest ≤ ${t.resectionMaxDiameterMm / 10} cm), ECOG ≤ ${t.intensiveMaxEcog} and no extrahepatic disease: ASSUMED thresholds; the future liver remnant, vascular and biliary involvement are not measured here and decide resectability in practice (${esmo})`,
  ];
  if (ecog === null) assumptions.push(`ECOG unknown: assumed 0–1 (fit for surgery and intensive chemotherapy)`);
  if (extrahepaticSpread === null) assumptions.push('extrahepatic disease unknown: assumed absent (liver-limited disease)');
  assumptions.push('RAS/BRAF status and primary-tumour side are not recorded: anti-EGFR therapy is proposed only as conditional on RAS wild-type, left-sided disease');
  const effectiveEcog = ecog ?? 0;
  const liverLimited = extrahepaticSpread !== true;
  const fitForIntensive = effectiveEcog <= t.intensiveMaxEcog;
  const supportiveOnly = effectiveEcog >= t.supportiveCareMinEcog;
  const resectable = liverLimited && fitForIntensive && lesionCount <= t.resectionMaxLesions && largestDiameterMm <= t.resectionMaxDiameterMm;
  const ablatable = liverLimited && !supportiveOnly && lesionCount <= t.ablationMaxLesions && largestDiameterMm <= t.ablationMaxDiameterMm;
  const notes: string[] = [];
  if (!liverLimited) notes.push(`extrahepatic disease: systemic therapy first; local treatment of limited extrahepatic disease is decided case by case and not proposed here (${esmo})`);
  if (!ablatable && liverLimited && !supportiveOnly) notes.push(`ablation alone not proposed: needs ≤ ${t.ablationMaxLesions} lesions each ≤ ${t.ablationMaxDiameterMm / 10} cm (${REFERENCES.collision.short}; ${esmo})`);
  if (lesionCount > 1) notes.push('a protocol treats every lesion alike: resection of some lesions with ablation of others is not modelled');
  if (bilobarDisease === true) notes.push('bilobar disease: a two-stage hepatectomy or portal vein embolisation may be needed; not modelled');
  return { inputs: { lesionCount, largestDiameterMm, ecog, extrahepaticSpread, bilobarDisease }, resectable, ablatable, fitForIntensive, supportiveOnly, assumptions, notes };
}

const BSC_REFERENCE: CrlmOption = {
  preset: 'best-supportive-care',
  role: 'reference',
  rationale: 'untreated reference: best supportive care, simulated for comparison',
};

function systemicOptions(a: CrlmAssessment, role: OptionRole, why: string): CrlmOption[] {
  const out: CrlmOption[] = [];
  if (a.fitForIntensive) {
    out.push({ preset: 'folfoxiri-bevacizumab', role, rationale: `${why}: FOLFOXIRI + bevacizumab, the intensive option for fit patients and for conversion to resectability (${REFERENCES.tribe.short}; ${esmo})` });
  }
  out.push({ preset: 'folfox-bevacizumab', role, rationale: `${why}: FOLFOX + bevacizumab, a standard first-line doublet with an anti-VEGF agent (${esmo}; ${REFERENCES.nccnColon.short})` });
  out.push({ preset: 'folfiri-cetuximab', role, rationale: `${why}: FOLFIRI + cetuximab, ONLY if the tumour is RAS (and BRAF) wild-type with a left-sided primary (${REFERENCES.crystalRas.short}; ${esmo}); RAS status and sidedness are not recorded here` });
  out.push({ preset: 'folfox', role, rationale: `${why}: FOLFOX, doublet chemotherapy (${REFERENCES.tournigand2004.short})` });
  out.push({ preset: 'folfiri', role, rationale: `${why}: FOLFIRI, doublet chemotherapy (${REFERENCES.tournigand2004.short})` });
  return out;
}

/** All options in order (BSC last), before the candidate limit; infeasible ones left out. */
export function crlmOptions(a: CrlmAssessment): CrlmOption[] {
  if (a.supportiveOnly) {
    return [{ preset: 'best-supportive-care', role: 'recommended', rationale: `ECOG ≥ ${CRLM_THRESHOLDS.supportiveCareMinEcog}: best supportive care (${esmo})` }];
  }
  const out: CrlmOption[] = [];
  if (a.resectable) {
    out.push({ preset: 'resection', role: 'recommended', rationale: `resectable liver-limited disease (ASSUMED from lesion count and size): hepatic resection, the standard local treatment (${esmo}; ${REFERENCES.nccnColon.short})` });
  }
  if (a.ablatable) {
    const why = a.resectable
      ? `every lesion ≤ ${CRLM_THRESHOLDS.ablationMaxDiameterMm / 10} cm: thermal ablation, non-inferior to resection for small metastases (${REFERENCES.collision.short}; ${esmo})`
      : `every lesion ≤ ${CRLM_THRESHOLDS.ablationMaxDiameterMm / 10} cm, not resectable: thermal ablation (${esmo}; ${REFERENCES.collision.short})`;
    out.push({ preset: 'mwa', role: 'recommended', rationale: `MWA — ${why}` });
    out.push({ preset: 'rfa', role: 'recommended', rationale: `RFA — ${why}` });
  }
  if (a.resectable) {
    out.push({ preset: 'folfox+resection', role: 'neighbour', rationale: `perioperative FOLFOX with resection, for resectable metastases with adverse prognostic features (${REFERENCES.eortc40983.short}; ${esmo})` });
  }
  if (!a.resectable && !a.ablatable && a.inputs.extrahepaticSpread !== true && a.inputs.largestDiameterMm <= 50) {
    out.push({ preset: 'folfox+mwa', role: 'neighbour', rationale: `systemic chemotherapy with ablation of unresectable liver-limited metastases (${REFERENCES.clocc.short}: FOLFOX ± bevacizumab with radiofrequency ablation); ablation beyond 3 cm is less often complete` });
  }
  const localFirst = a.resectable || a.ablatable;
  out.push(...systemicOptions(a, localFirst ? 'neighbour' : 'recommended', localFirst
    ? 'systemic therapy, for when local treatment is declined or to downsize first'
    : 'unresectable or extrahepatic disease: systemic therapy is the first-line treatment'));
  out.push(BSC_REFERENCE);
  return out;
}
