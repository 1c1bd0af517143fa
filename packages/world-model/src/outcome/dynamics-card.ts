/**
 * The model card of the dynamics model (`models/dynamics.json`): what it is, what it is for, what it
 * is not, and every parameter with its source. Built from the code's parameter tables so that a test
 * can check the committed card against the code (no silent drift). Deterministic: no timestamps.
 */
import { RESEARCH_USE_LABEL } from '@mewm/contracts';
import { ModelCardError } from '../errors.ts';
import type { ModelParameter } from '../model-parameter.ts';
import { MODALITIES } from '../modalities/registry.ts';
import { DYNAMICS_PARAMETERS, validateParameterTable } from './dynamics-parameters.ts';
import { TACE_CALIBRATION } from './parameters/tace-calibration.ts';

/** The treatments the model simulates, from the modality registry: "TACE, …, combinations, best supportive care". */
function treatmentsText(): string {
  const combinable = MODALITIES.filter((m) => !m.rules.combination.standalone).map((m) => m.description.label);
  const standalone = MODALITIES.filter((m) => m.rules.combination.standalone).map((m) => m.description.label);
  return [...combinable, 'combinations', ...standalone].join(', ');
}


export interface DynamicsModelCard {
  name: 'mewm-dynamics';
  version: string;
  kind: string;
  researchUse: typeof RESEARCH_USE_LABEL;
  intendedUse: string;
  responseCriteria: string;
  outputs: string;
  limitations: string[];
  /** `published` includes the `fitted` ones (cited to the cohort data set they were fitted on). */
  parameterCounts: { total: number; published: number; assumed: number; fitted: number };
  /** Parameters fitted on a real cohort table, with n and cross-validated agreement (`mewm response check`). */
  calibration: { tace: typeof TACE_CALIBRATION };
  parameters: ModelParameter[];
}

export const DYNAMICS_MODEL_VERSION = '0.2.0';

/**
 * Build the card from the outcome model's parameters and the spatial dynamics' appearance
 * parameters. @throws ModelCardError when the combined table has duplicate ids or missing sources.
 */
export function buildDynamicsCard(appearanceParameters: readonly ModelParameter[] = []): DynamicsModelCard {
  const parameters = [...DYNAMICS_PARAMETERS, ...appearanceParameters].map((p) => ({ ...p, source: { ...p.source } }));
  validateParameterTable(parameters);
  const published = parameters.filter((p) => p.source.kind === 'published').length;
  if (parameters.length === 0) throw new ModelCardError('the dynamics model card has no parameters');
  return {
    name: 'mewm-dynamics',
    version: DYNAMICS_MODEL_VERSION,
    kind: 'transparent treatment-response model (TypeScript)',
    researchUse: RESEARCH_USE_LABEL,
    intendedUse:
      `Research simulation of how a liver tumour may look at follow-up under candidate treatments (${treatmentsText()}), to drive MeWM-style treatment planning ` +
      'experiments. The response figures are parameterised for hepatocellular carcinoma (HCC) from published trials and ' +
      'meta-analyses. Applied to other tumours — including colorectal liver metastases such as the reference case ' +
      'CRLM-CT-1006 — it shows HCC-like behaviour, not validated behaviour of that tumour type. ' + RESEARCH_USE_LABEL + '.',
    responseCriteria: 'mRECIST (Lencioni & Llovet, Semin Liver Dis 2010): viable (arterially enhancing) tumour diameters; CR/PR/SD/PD per lesion.',
    outputs:
      'Per lesion and sample: mRECIST category, viable fraction, total volume factor, residual pattern, Lipiodol fraction and HU, ' +
      'ablation margin, resection margin, radiation-change shell, and the ids of the parameters used (LesionOutcome).',
    limitations: [
      'TACE response (objective response by regimen and baseline size, complete share, refractory rate, depth of partial response) is fitted on the paired pre/post-TACE mRECIST sums of HCC-TACE-Seg (61 patients; cross-validated KS distance of the follow-up/baseline ratio 0.080 vs 0.227 before the fit; `mewm response check`). The table gives per-patient sums of up to two target lesions, simulated as one lesion of that diameter; the other modalities come from published patient-level rates applied per lesion.',
      'Trial progression rates are per patient and include new lesions; this model simulates only the segmented lesions and no new lesions.',
      'Response criteria differ between sources (mRECIST, RECIST 1.1, EASL); each parameter says which; they are used as if they were lesion-level mRECIST.',
      'Colorectal liver metastases grow differently from HCC (mean doubling time 155 ± 34 days for overt metastases, Finlay et al., Br J Surg 1988;75:641–644) and respond to other systemic drugs; the model does not switch to them.',
      'Response kinetics (linear development to an exponentially distributed onset time, exponential time to local progression) are assumed shapes.',
      'Combinations act independently (Bliss-type independent action); no synergy or antagonism is modelled.',
      'Drug choice within TACE has no effect (no robust per-drug differences published); liver function, performance status and prior treatment are not inputs.',
      'Lipiodol coverage and attenuation come from one small series measured 24 h after cTACE (beta and log-normal shapes ASSUMED); the attenuation washes out towards the follow-up day with an ASSUMED half-life of 180 days, the coverage is kept.',
    ],
    parameterCounts: { total: parameters.length, published, assumed: parameters.length - published, fitted: TACE_CALIBRATION.parameters.length },
    calibration: { tace: TACE_CALIBRATION },
    parameters,
  };
}

/** The card as the exact text written to `models/dynamics.json`. */
export function dynamicsCardJson(card: DynamicsModelCard): string {
  return `${JSON.stringify(card, null, 2)}\n`;
}
