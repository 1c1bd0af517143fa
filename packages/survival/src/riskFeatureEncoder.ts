/**
 * Encodes one sample (imaging features, clinical covariates, treatment modality) into the feature
 * row of a risk model card, imputing unknowns by the card's rule and recording every imputation.
 *
 * Derivations (covariate names of the default model, models/risk-cox-hcc.json):
 * - age              ← clinical.ageYears
 * - afpHigh          ← clinical.afpNgPerMl > 20 ng/mL (ASSUMED cut-off: the cohort's AFP group
 *                      threshold is undocumented; 20 ng/mL is the common one)
 * - tumorLarge       ← imaging largest baseline axial diameter > 50 mm (ASSUMED: the cohort's
 *                      tumour-size group threshold is undocumented; read as > 5 cm)
 * - vascularInvasion ← clinical.macrovascularInvasion (the cohort's variable also includes
 *                      microvascular invasion seen on the specimen)
 * - multipleTumors   ← imaging baseline lesion count > 1
 * - cirrhosis        ← clinical.cirrhosis
 * - mrecistResponder ← imaging mRECIST CR or PR; 0 for resection (not applicable)
 * - modality*        ← 1 for the treated modality's indicator, 0 otherwise
 * - residualAfterCurative ← for a curative-intent modality (card modalityCalibration
 *                      `curativeIntent`: resection; the planner scores ablation with it): 1 if
 *                      imaging mRECIST is not CR or there are new lesions (viable tumour left),
 *                      0 for a complete treatment; 0 for every other modality (not applicable:
 *                      their response acts through mrecistResponder). Unknown imaging after a
 *                      curative-intent treatment: the card's imputeWith (0, the value the
 *                      curative modality is calibrated at), recorded as imputed.
 * Unknown (null / omitted clinical value, or no imaging for an imaging covariate): the card's
 * `unknown.imputeWith` number (the cohort mean, i.e. the proportion for 0/1 covariates); for
 * mrecistResponder the modality's published response rate (card modalityCalibration). The
 * modality must be known. Clinical covariates the model does not use are listed in `unusedClinical`.
 */
import { RiskModelError, SurvivalInputError } from './errors.ts';
import type { ClinicalCovariateName, ClinicalCovariates } from './clinicalCovariates.ts';
import { CLINICAL_COVARIATE_NAMES, parseClinicalCovariates } from './clinicalCovariates.ts';
import type { PatientImagingFeatures } from './imagingFeatures.ts';
import type { RiskModelCard } from './riskModelCard.ts';

/** Assumed thresholds of the coded cohort covariates (see the module comment). */
export const AFP_HIGH_NG_PER_ML = 20;
export const TUMOUR_LARGE_MM = 50;

export interface RiskEncodingInput {
  /** Patient-level imaging features of the sample; omitted = unknown (imputed). */
  readonly imaging?: Pick<PatientImagingFeatures, 'largestBaselineDiameterMm' | 'lesionCount' | 'mrecist'> &
    Partial<Pick<PatientImagingFeatures, 'newLesionCount'>>;
  /** Clinical covariates (validated with clinicalCovariatesSchema); unknown fields may be omitted or null. */
  readonly clinical?: unknown;
  /** Treatment modality, as in the card's modalityCalibration (e.g. 'ctace', 'sorafenib', 'resection'). */
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

type Source = { value: number | null; from: string; uses: ClinicalCovariateName[] };

function flag(b: boolean | null | undefined): number | null {
  return b == null ? null : b ? 1 : 0;
}

/**
 * @throws SurvivalInputError for invalid clinical covariates, an unknown modality or imaging values;
 *   RiskModelError for a card covariate this encoder cannot derive or a missing imputation value.
 */
export function encodeRiskFeatures(card: RiskModelCard, input: RiskEncodingInput): EncodedRiskFeatures {
  if (input === null || typeof input !== 'object') throw new SurvivalInputError('input', 'expected { imaging?, clinical?, modality }');
  const clinical = parseClinicalCovariates(input.clinical, 'clinical');
  const calibration = card.modalityCalibration ?? [];
  const modality = calibration.find((m) => m.modality === input.modality);
  if (!modality) {
    throw new SurvivalInputError('modality', `must be one of ${calibration.map((m) => `'${m.modality}'`).join(', ') || '(the card lists no modalities)'}`);
  }
  const img = input.imaging;
  if (img !== undefined) {
    if (!Number.isFinite(img.largestBaselineDiameterMm) || img.largestBaselineDiameterMm < 0) throw new SurvivalInputError('imaging.largestBaselineDiameterMm', 'must be a finite number >= 0');
    if (!Number.isInteger(img.lesionCount) || img.lesionCount < 1) throw new SurvivalInputError('imaging.lesionCount', 'must be an integer >= 1');
    if (!['CR', 'PR', 'SD', 'PD'].includes(img.mrecist)) throw new SurvivalInputError('imaging.mrecist', "must be 'CR', 'PR', 'SD' or 'PD'");
    if (img.newLesionCount !== undefined && (!Number.isInteger(img.newLesionCount) || img.newLesionCount < 0)) {
      throw new SurvivalInputError('imaging.newLesionCount', 'must be an integer >= 0');
    }
  }
  const cardCurative = modality.curativeIntent === true;
  if (input.curativeIntent !== undefined && typeof input.curativeIntent !== 'boolean') throw new SurvivalInputError('curativeIntent', 'must be a boolean');
  if (input.curativeIntent !== undefined && input.curativeIntent !== cardCurative && card.covariates.some((c) => c.name === 'residualAfterCurative')) {
    throw new SurvivalInputError(
      'curativeIntent',
      `is ${input.curativeIntent} but the card calibrates ${modality.modality} as ${cardCurative ? '' : 'not '}curative-intent; the residualAfterCurative term applies only to the card's curative modalities`,
    );
  }
  const sources: Record<string, () => Source> = {
    age: () => ({ value: clinical.ageYears ?? null, from: 'clinical.ageYears', uses: ['ageYears'] }),
    afpHigh: () => ({
      value: clinical.afpNgPerMl == null ? null : Number(clinical.afpNgPerMl > AFP_HIGH_NG_PER_ML),
      from: `clinical.afpNgPerMl > ${AFP_HIGH_NG_PER_ML} ng/mL (assumed cut-off)`,
      uses: ['afpNgPerMl'],
    }),
    tumorLarge: () => ({
      value: img ? Number(img.largestBaselineDiameterMm > TUMOUR_LARGE_MM) : null,
      from: `imaging largest baseline axial diameter > ${TUMOUR_LARGE_MM} mm (assumed cut-off)`,
      uses: [],
    }),
    vascularInvasion: () => ({ value: flag(clinical.macrovascularInvasion), from: 'clinical.macrovascularInvasion', uses: ['macrovascularInvasion'] }),
    multipleTumors: () => ({ value: img ? Number(img.lesionCount > 1) : null, from: 'imaging baseline lesion count > 1', uses: [] }),
    cirrhosis: () => ({ value: flag(clinical.cirrhosis), from: 'clinical.cirrhosis', uses: ['cirrhosis'] }),
    mrecistResponder: () =>
      modality.feature === null
        ? { value: 0, from: `0: not applicable to ${modality.modality}`, uses: [] }
        : { value: img ? Number(img.mrecist === 'CR' || img.mrecist === 'PR') : null, from: 'imaging mRECIST CR or PR', uses: [] },
    residualAfterCurative: () =>
      cardCurative
        ? {
          value: img ? Number(img.mrecist !== 'CR' || (img.newLesionCount ?? 0) > 0) : null,
          from: `imaging: 1 if mRECIST not CR or new lesions (viable tumour left after curative-intent ${modality.modality}), 0 if CR without new lesions` +
            (img ? `; here mRECIST ${img.mrecist}${img.newLesionCount !== undefined ? `, ${img.newLesionCount} new lesion(s)` : ', new lesions not given (a confirmed new lesion makes mRECIST PD)'}` : '; imaging unknown'),
          uses: [],
        }
        : { value: 0, from: `0: not applicable to ${modality.modality} (not curative-intent; its response acts through mrecistResponder)`, uses: [] },
  };
  const used = new Set<ClinicalCovariateName>();
  const imputed: ImputedCovariate[] = [];
  const derivations: Record<string, string> = {};
  const names = card.covariates.map((c) => c.name);
  const values = Float64Array.from(card.covariates, (cov) => {
    const modalityFeature = calibration.find((m) => m.feature === cov.name);
    if (modalityFeature) {
      derivations[cov.name] = `1 if the modality is ${modalityFeature.modality}`;
      return modality.feature === cov.name ? 1 : 0;
    }
    const source = sources[cov.name];
    if (!source) throw new RiskModelError(`card.covariates.${cov.name}`, 'has no derivation from imaging or clinical covariates in this encoder');
    const s = source();
    s.uses.forEach((u) => used.add(u));
    derivations[cov.name] = s.from;
    if (s.value !== null) return s.value;
    const rule = cov.name === 'mrecistResponder' ? `${modality.modality} response rate (card modalityCalibration)` : cov.unknown?.rule ?? '';
    const value = cov.name === 'mrecistResponder' ? modality.responseRate : cov.unknown?.imputeWith;
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      throw new RiskModelError(`card.covariates.${cov.name}.unknown.imputeWith`, 'needs a number to impute an unknown value');
    }
    imputed.push({ name: cov.name, value, rule });
    return value;
  });
  const unusedClinical = CLINICAL_COVARIATE_NAMES.filter((k) => clinical[k] != null && !used.has(k));
  return { names, values, derivations, imputed, unusedClinical, clinical };
}
