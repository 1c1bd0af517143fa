/**
 * Which treatment term of the plan's risk model scores a protocol, per disease. Each modality states
 * its mapping in its folder of the world model's modality registry (`modalities/<id>/`: `risk.rules`
 * per disease, `risk.ruleKey`, `risk.precedence`); this module only reads it.
 *
 * HCC (models/risk-hcc-tace.json, and risk-cox-hcc by --risk-model): TACE → ctace (the fitted
 * reference), resection → resection, ablation → resection (ASSUMED, curative), TARE and SBRT → ctace
 * (ASSUMED), HCC drugs → their terms (durvalumab–tremelimumab → atezolizumabBevacizumab, ASSUMED),
 * best supportive care → bestSupportiveCare.
 * CRLM (models/risk-crlm.json): resection → resection (the reference), ablation → thermalAblation,
 * CRLM chemotherapy regimens → systemicChemotherapy, best supportive care → bestSupportiveCare.
 * A modality with no rule for the disease (TACE, TARE, SBRT or an HCC drug for CRLM, a CRLM regimen
 * for HCC) is refused with NoRiskTermError, naming the disease and the protocol, before simulating.
 * A rule whose term is not the treatment's own is an ASSUMPTION of the planner (`assumed: true`) and
 * the report says so.
 *
 * Combinations: the component whose modality has the lowest risk precedence decides (resection >
 * ablation > TACE > TARE > SBRT > systemic > best supportive care, see each folder); the other
 * components act through the simulated, measured image only.
 *
 * Curative-intent rules (`curative: true`: resection, ablation, and combinations they decide) are
 * scored on the residual tumour MEASURED on the simulated follow-up image (the risk model's
 * residualAfterCurative term); every other rule reads the measured response through the model's
 * response term (risk-hcc-tace: the measured mRECIST viable diameter-sum change).
 */
import { DISEASE_NAMES, DISEASES, type Disease } from '@mewm/contracts';
import type { RiskModel, TreatmentModality } from '@mewm/survival';
import { describeProtocol, MODALITIES, modalityOf, type Protocol, type RiskTerm } from '@mewm/world-model';
import { NoRiskTermError } from '../errors.ts';

/** A risk-model term (the world model's names, checked below against the survival package's). */
export type RiskModality = RiskTerm;

type SameTerms<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
/**
 * Compile-time check: every term a modality may map to (world model `RISK_TERMS`) is a term the survival
 * risk model knows (`TreatmentModality`), and back; this line stops compiling when they drift apart.
 */
export const RISK_TERMS_MATCH_SURVIVAL: SameTerms<RiskTerm, TreatmentModality> = true;

/**
 * Bump when a rule changes: it is part of the simulation-cache key.
 * 3: curative-intent rules scored on residual tumour (residualAfterCurative).
 * 4: rules per disease (risk-hcc-tace, risk-crlm) and every sample scored from the measured image.
 */
export const RISK_MODALITY_RULES_VERSION = 4;

export interface RiskModalityRule {
  modality: RiskModality;
  assumed: boolean;
  /** Curative-intent local treatment: the sample's measured residual tumour (residualAfterCurative) is scored. */
  curative: boolean;
  note: string;
}

const byPrecedence = [...MODALITIES].sort((a, b) => a.risk.precedence - b.risk.precedence);

/** Every rule by disease, then by key ('tace', 'systemic:lenvatinib', ...), in risk precedence order, from the registry. */
export const RISK_MODALITY_RULES: Readonly<Record<Disease, Readonly<Record<string, RiskModalityRule>>>> = Object.freeze(Object.fromEntries(
  DISEASES.map((disease) => [disease, Object.freeze(Object.fromEntries(byPrecedence.flatMap((m) => Object.entries(m.risk.rules).flatMap(([key, perDisease]) => {
    const r = perDisease[disease];
    return r ? [[key, { modality: r.term, assumed: r.assumed, curative: r.curative, note: r.note }]] : [];
  }))))]),
) as Record<Disease, Record<string, RiskModalityRule>>);

/** The deciding component's rule key (e.g. 'tace', 'systemic:lenvatinib'). */
export function riskModalityRuleOf(protocol: Protocol): string {
  const deciding = [...protocol.components].sort((a, b) => modalityOf(a).risk.precedence - modalityOf(b).risk.precedence)[0]!;
  return modalityOf(deciding).risk.ruleKey(deciding);
}

/**
 * The rule that scores `protocol` for `disease` (its deciding component's).
 * @throws NoRiskTermError when the disease's risk model has no term for it.
 */
export function riskModalityRule(protocol: Protocol, disease: Disease): RiskModalityRule {
  const key = riskModalityRuleOf(protocol);
  const rule = RISK_MODALITY_RULES[disease][key];
  if (!rule) {
    const described = describeProtocol(protocol);
    const scored = Object.keys(RISK_MODALITY_RULES[disease]).join(', ');
    throw new NoRiskTermError(disease, described,
      `${described}: the ${DISEASE_NAMES[disease]} (${disease}) risk model has no treatment term for '${key}', so it cannot be scored for ${disease}; treatments with a term: ${scored}`);
  }
  return rule;
}

/** The risk-model modality that scores `protocol` for `disease`. */
export function riskModalityOf(protocol: Protocol, disease: Disease): RiskModality {
  return riskModalityRule(protocol, disease).modality;
}

/**
 * The rule, checked against the model that will score it: a model that calibrates modalities (card
 * `modalityCalibration`) must have the rule's term (a model given with --risk-model may lack it).
 * @throws NoRiskTermError naming the model, the disease and the protocol.
 */
export function checkedRiskRule(protocol: Protocol, disease: Disease, model: Pick<RiskModel, 'card'>): RiskModalityRule {
  const rule = riskModalityRule(protocol, disease);
  const terms = (model.card.modalityCalibration ?? []).map((m) => m.modality);
  if (terms.length > 0 && !terms.includes(rule.modality)) {
    const described = describeProtocol(protocol);
    throw new NoRiskTermError(disease, described,
      `${described} (${disease}) is scored with the '${rule.modality}' term, which risk model ${model.card.name} does not have (its terms: ${terms.join(', ')})`);
  }
  return rule;
}
