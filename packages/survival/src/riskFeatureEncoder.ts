/**
 * Encodes one sample (imaging features, clinical covariates, treatment modality) into the feature
 * row of a risk model card, as the card's covariate declaration (`covariateSources`, checked by
 * riskCovariateSources.ts) says, imputing unknowns by the card's rule and recording every imputation.
 *
 * Each covariate reads one plan source — `clinical.<name>`, `imaging.<name>` or `treatment.modality`
 * — optionally compared to give 0/1 (the default model, models/risk-cox-hcc.json, declares e.g.
 * afpHigh ← clinical.afpNgPerMl > 20 ng/mL and tumorLarge ← imaging.largestBaselineDiameterMm > 50,
 * both ASSUMED cut-offs: the cohort's group thresholds are undocumented). Two imaging sources are
 * derived terms with rules of their own:
 * - imaging.mrecistResponder ← mRECIST CR or PR; 0 where the card's modalityCalibration says
 *   responseTermApplies: false (systemic therapy, supportive care); 0 for the card's reference modality (a
 *   modalityCalibration entry whose feature is null: resection, not applicable). Unknown imaging: the
 *   modality's published response rate (card modalityCalibration), or the covariate's imputeWith
 *   when the card calibrates no modalities.
 * - imaging.residualAfterCurative ← for a curative-intent modality (card modalityCalibration
 *   `curativeIntent`, or the caller's `curativeIntent`: resection; the planner scores ablation with
 *   it): the MEASURED residual viable fraction in [0, 1] (residualViableFraction.ts: viable / baseline
 *   mRECIST diameter sum, capped at 1; 1 with a new lesion; 0 = complete), so the card's coefficient
 *   gives a full residual its residual contrast and a partial one a proportional log-hazard (ASSUMED
 *   log-linear); 0 for every other modality (not applicable: their response acts through
 *   mrecistResponder or diameterSumChange). Unknown imaging after a curative-intent treatment: the card's imputeWith.
 * - imaging.diameterSumChange (a fitted response term): held at its cohort mean (the covariate's
 *   imputeWith) for a modality whose card modalityCalibration says responseTermApplies: false.
 * Unknown (null / omitted clinical value, or no imaging for an imaging covariate): the card's
 * `unknown.imputeWith` number (the cohort mean, i.e. the proportion for 0/1 covariates). When the
 * card calibrates modalities, the modality must be one of them. Clinical covariates the model does
 * not use are listed in `unusedClinical`.
 */
import { RiskModelError, SurvivalInputError } from './errors.ts';
import type { ClinicalCovariateName, ClinicalCovariates } from './clinicalCovariates.ts';
import { CLINICAL_COVARIATE_NAMES, parseClinicalCovariates } from './clinicalCovariates.ts';
import type { PatientImagingFeatures } from './imagingFeatures.ts';
import type { RiskModelCard } from './riskModelCard.ts';
import { applyComparison, covariateSourcesOf, describeSource } from './riskCovariateSources.ts';
import { residualViableFraction } from './residualViableFraction.ts';

/** Assumed thresholds of the coded cohort covariates (see the module comment). */
export const AFP_HIGH_NG_PER_ML = 20;
export const TUMOUR_LARGE_MM = 50;

export interface RiskEncodingInput {
  /** Patient-level imaging features of the sample; omitted = unknown (imputed). */
  readonly imaging?: Pick<PatientImagingFeatures, 'largestBaselineDiameterMm' | 'lesionCount' | 'mrecist'> &
    Partial<Omit<PatientImagingFeatures, 'largestBaselineDiameterMm' | 'lesionCount' | 'mrecist'>>;
  /** Clinical covariates (validated with clinicalCovariatesSchema); unknown fields may be omitted or null. */
  readonly clinical?: unknown;
  /** Treatment modality, as in the card's modalityCalibration (e.g. 'ctace', 'sorafenib', 'resection'); free when the card calibrates none. */
  readonly modality: string;
  /**
   * Whether the scored treatment is curative-intent local treatment, as the caller decided it (the
   * planner: its resection / ablation rules). Omitted = the card's `curativeIntent` of the modality.
   * Must agree with the card when the card has a residualAfterCurative term (the term is calibrated
   * only for the card's curative modalities).
   */
  readonly curativeIntent?: boolean;
}

export interface ImputedCovariate {
  readonly name: string;
  readonly value: number;
  readonly rule: string;
}

export interface EncodedRiskFeatures {
  readonly names: readonly string[];
  readonly values: Float64Array;
  /** How each value was obtained. */
  readonly derivations: Readonly<Record<string, string>>;
  readonly imputed: readonly ImputedCovariate[];
  /** Clinical covariates that were given but that this model does not use. */
  readonly unusedClinical: readonly ClinicalCovariateName[];
  readonly clinical: ClinicalCovariates;
}

type Raw = number | string | boolean | null;
type Source = { value: number | null; from: string; uses: ClinicalCovariateName[]; imputeRule?: { value: number | undefined; rule: string } };

/**
 * @throws SurvivalInputError for invalid clinical covariates, an unknown modality or imaging values;
 *   RiskModelError for a card covariate whose declaration names no known plan feature or a missing imputation value.
 */
export function encodeRiskFeatures(card: RiskModelCard, input: RiskEncodingInput): EncodedRiskFeatures {
  if (input === null || typeof input !== 'object') throw new SurvivalInputError('input', 'expected { imaging?, clinical?, modality }');
  const sources = covariateSourcesOf(card, { requirePlan: true });
  const clinical = parseClinicalCovariates(input.clinical, 'clinical');
  const calibration = card.modalityCalibration ?? [];
  const modality = calibration.find((m) => m.modality === input.modality);
  if (calibration.length > 0 && !modality) {
    throw new SurvivalInputError('modality', `must be one of ${calibration.map((m) => `'${m.modality}'`).join(', ')}`);
  }
  if (typeof input.modality !== 'string' || input.modality === '') throw new SurvivalInputError('modality', 'must name the treatment modality');
  const img = input.imaging;
  if (img !== undefined) {
    if (!Number.isFinite(img.largestBaselineDiameterMm) || img.largestBaselineDiameterMm < 0) throw new SurvivalInputError('imaging.largestBaselineDiameterMm', 'must be a finite number >= 0');
    if (!Number.isInteger(img.lesionCount) || img.lesionCount < 1) throw new SurvivalInputError('imaging.lesionCount', 'must be an integer >= 1');
    if (!['CR', 'PR', 'SD', 'PD'].includes(img.mrecist)) throw new SurvivalInputError('imaging.mrecist', "must be 'CR', 'PR', 'SD' or 'PD'");
    if (img.newLesionCount !== undefined && (!Number.isInteger(img.newLesionCount) || img.newLesionCount < 0)) {
      throw new SurvivalInputError('imaging.newLesionCount', 'must be an integer >= 0');
    }
  }
  const cardCurative = modality?.curativeIntent === true;
  if (input.curativeIntent !== undefined && typeof input.curativeIntent !== 'boolean') throw new SurvivalInputError('curativeIntent', 'must be a boolean');
  if (modality && input.curativeIntent !== undefined && input.curativeIntent !== cardCurative && card.covariates.some((c) => c.name === 'residualAfterCurative')) {
    throw new SurvivalInputError(
      'curativeIntent',
      `is ${input.curativeIntent} but the card calibrates ${modality.modality} as ${cardCurative ? '' : 'not '}curative-intent; the residualAfterCurative term applies only to the card's curative modalities`,
    );
  }
  const curative = modality ? cardCurative : input.curativeIntent === true;
  const name = input.modality;

  /** The raw value of a plan source (null = unknown) and how it was read. */
  const read = (from: string): Source & { raw?: Raw } => {
    const [group, key] = from.split('.') as [string, string];
    if (from === 'imaging.mrecistResponder') {
      if (modality?.feature === null) return { value: 0, from: `0: not applicable to ${name}`, uses: [] };
      if (modality?.responseTermApplies === false) return { value: 0, from: `0: the responder term (locoregional) does not apply to ${name}`, uses: [] };
      return {
        value: img ? Number(img.mrecist === 'CR' || img.mrecist === 'PR') : null, from: 'imaging mRECIST CR or PR', uses: [],
        ...(modality ? { imputeRule: { value: modality.responseRate, rule: `${name} response rate (card modalityCalibration)` } } : {}),
      };
    }
    if (from === 'imaging.residualAfterCurative') {
      if (!curative) return { value: 0, from: `0: not applicable to ${name} (not curative-intent; its response acts through the card's response term)`, uses: [] };
      if (!img) return { value: null, from: `imaging unknown after curative-intent ${name}`, uses: [] };
      const r = residualViableFraction(img);
      return { value: r.value, from: `imaging, after curative-intent ${name}: ${r.from}`, uses: [] };
    }
    if (group === 'clinical') {
      const v = clinical[key as ClinicalCovariateName];
      return { value: null, raw: v ?? null, from, uses: [key as ClinicalCovariateName] };
    }
    if (group === 'imaging') {
      const v = img ? (img as unknown as Record<string, unknown>)[key] : undefined;
      return { value: null, raw: typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean' ? v : null, from: `imaging ${key}`, uses: [] };
    }
    return { value: null, raw: name, from, uses: [] };
  };

  const used = new Set<ClinicalCovariateName>();
  const imputed: ImputedCovariate[] = [];
  const derivations: Record<string, string> = {};
  const names = card.covariates.map((c) => c.name);
  const values = Float64Array.from(card.covariates, (cov) => {
    const decl = sources[cov.name]!;
    if (decl.plan.from === 'imaging.diameterSumChange' && modality?.responseTermApplies === false && typeof cov.unknown?.imputeWith === 'number') {
      // The fitted response term is the reference treatment's (TACE): for other treatments it is held at
      // the cohort mean, the value their terms are calibrated at (card modalityCalibration responseTermApplies).
      derivations[cov.name] = `held at the cohort mean ${cov.unknown.imputeWith}: the response term does not apply to ${name} (card responseTermApplies)`;
      return cov.unknown.imputeWith;
    }
    const s = read(decl.plan.from);
    s.uses.forEach((u) => used.add(u));
    const value = s.raw !== undefined ? applyComparison(decl.plan, s.raw) : s.value;
    derivations[cov.name] = s.raw !== undefined
      ? `${describeSource(s.from, decl.plan)}${decl.note ? ` (${decl.note})` : ''}`
      : s.from;
    if (value !== null) return value;
    const rule = s.imputeRule?.rule ?? cov.unknown?.rule ?? '';
    const fill = s.imputeRule ? s.imputeRule.value : cov.unknown?.imputeWith;
    if (typeof fill !== 'number' || !Number.isFinite(fill)) {
      throw new RiskModelError(`card.covariates.${cov.name}.unknown.imputeWith`, 'needs a number to impute an unknown value');
    }
    imputed.push({ name: cov.name, value: fill, rule });
    return fill;
  });
  const unusedClinical = CLINICAL_COVARIATE_NAMES.filter((k) => clinical[k] != null && !used.has(k));
  return { names, values, derivations, imputed, unusedClinical, clinical };
}
