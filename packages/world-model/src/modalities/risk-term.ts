/**
 * The treatment terms of the risk models (models/risk-*.json `modalityCalibration`), as the
 * world model names them in each modality's risk mapping. The planner checks at compile time that
 * these are terms the survival package's risk model knows (`TreatmentModality`), so a modality can
 * only map to an existing term.
 */
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

/** Shared wording of the curative-intent rules (resection, ablation). */
export const RESIDUAL_NOTE =
  'scored on the simulated outcome: residual viable tumour (mRECIST not CR, or new lesions) carries the residualAfterCurative term (HR 2.32, ASSUMED: the residual-vs-complete-response contrast measured after TACE on HCC-TACE-Seg, transferred)';
