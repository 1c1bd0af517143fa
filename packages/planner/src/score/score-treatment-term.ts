/**
 * Which treatment term of a disease's risk model scores a protocol, for `mewm score`: keyed by the
 * protocol's deciding component (the planner's risk precedence, plan/risk-modality.ts
 * `riskModalityRuleOf`: resection > ablation > TACE > ... ) and the disease. One explicit table, kept
 * in this one exported function so that it can move to the modality registry later.
 *
 * HCC (risk-hcc-tace terms): resection; TACE (conventional or drug-eluting bead: the card's one TACE
 * term); sorafenib, lenvatinib, atezolizumab-bevacizumab; best supportive care. No HCC ablation,
 * TARE, SBRT or STRIDE term: refused, naming the disease and the protocol.
 * CRLM (risk-crlm terms): resection; thermal ablation (RFA or MWA); fluoropyrimidine-based
 * chemotherapy regimens; best supportive care. TACE, TARE, SBRT and HCC drugs have no CRLM term.
 */
import type { Disease } from '@mewm/contracts';
import { describeProtocol, type Protocol } from '@mewm/world-model';
import { PlannerInputError } from '../errors.ts';
import { riskModalityRuleOf } from '../plan/risk-modality.ts';

export interface ScoreTreatmentTerm {
  /** The risk model's modality term (card modalityCalibration `modality`). */
  readonly term: string;
  /** The deciding component's rule key ('tace', 'ablation', 'systemic:lenvatinib', ...). */
  readonly ruleKey: string;
}

const TERMS: Readonly<Record<Disease, Readonly<Record<string, string>>>> = {
  hcc: {
    resection: 'resection',
    tace: 'ctace',
    'systemic:sorafenib': 'sorafenib',
    'systemic:lenvatinib': 'lenvatinib',
    'systemic:atezolizumab-bevacizumab': 'atezolizumabBevacizumab',
    'best-supportive-care': 'bestSupportiveCare',
  },
  crlm: {
    resection: 'resection',
    ablation: 'thermalAblation',
    'systemic:folfox': 'systemicChemotherapy',
    'systemic:folfiri': 'systemicChemotherapy',
    'systemic:folfox-bevacizumab': 'systemicChemotherapy',
    'systemic:folfoxiri-bevacizumab': 'systemicChemotherapy',
    'systemic:folfiri-cetuximab': 'systemicChemotherapy',
    'best-supportive-care': 'bestSupportiveCare',
  },
};

/**
 * @throws PlannerInputError (argument '--protocol') when the disease's risk model has no term for the
 *   protocol's deciding component, naming the disease, the protocol and the terms there are.
 */
export function scoreTreatmentTerm(disease: Disease, protocol: Protocol): ScoreTreatmentTerm {
  const ruleKey = riskModalityRuleOf(protocol);
  const term = TERMS[disease][ruleKey];
  if (term === undefined) {
    throw new PlannerInputError(
      '--protocol',
      `the ${disease} risk model has no treatment term for ${describeProtocol(protocol)} (deciding component '${ruleKey}'); ${disease} terms exist for: ${Object.keys(TERMS[disease]).join(', ')}`,
    );
  }
  return { term, ruleKey };
}
