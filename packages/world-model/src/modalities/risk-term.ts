/**
 * The treatment terms of the risk models (models/risk-*.json `modalityCalibration`), as the
 * world model names them in each modality's risk mapping. The planner checks at compile time that
 * these are terms the survival package's risk model knows (`TreatmentModality`), so a modality can
 * only map to an existing term. Each disease has its own risk model (HCC: models/risk-hcc-tace.json,
 * colorectal liver metastases: models/risk-crlm.json), so a rule is given per disease
 * (`DiseaseRiskRules`); a disease without a rule has no term for the treatment and the planner
 * refuses to score it for that disease.
 */
import type { Disease } from '@mewm/contracts';

export const RISK_TERMS = [
  'resection', 'ctace', 'sorafenib', 'lenvatinib', 'atezolizumabBevacizumab', 'bestSupportiveCare',
  // Colorectal liver metastases (models/risk-crlm.json): thermal ablation and systemic chemotherapy +/- targeted agents.
  'thermalAblation', 'systemicChemotherapy',
] as const;
export type RiskTerm = (typeof RISK_TERMS)[number];

/** How one treatment is scored by the risk model. */
export interface RiskRule {
  /** The risk-model term that scores it. */
  term: RiskTerm;
  /** True when the term is not the treatment's own (an assumption of the planner, shown in the report). */
  assumed: boolean;
  /** Curative-intent local treatment: the sample's residual tumour (residualAfterCurative) is scored. */
  curative: boolean;
  /** Why, for the report. */
  note: string;
}

/**
 * How one treatment is scored, per disease: the rule of the disease's risk model; a disease that is
 * absent has no term for the treatment (the planner raises a typed error naming the disease and the
 * protocol before simulating).
 */
export type DiseaseRiskRules = Readonly<Partial<Record<Disease, RiskRule>>>;

/** Shared wording of the curative-intent rules (resection, ablation). */
export const RESIDUAL_NOTE =
  'scored on the measured follow-up image: residual viable tumour measured on it carries the residualAfterCurative term (ASSUMED contrast: the residual-vs-complete-response hazard ratio measured after TACE on HCC-TACE-Seg, transferred; see the risk model card)';
