/**
 * The treatment vocabulary of all modalities in one place for callers that list agents: TACE drugs
 * and embolic agents (modalities/tace/agents.ts), systemic regimens (modalities/systemic/regimens.ts)
 * and their names for people (`AGENT_LABELS`).
 */
import { TACE_AGENT_LABELS, type EmbolicAgent, type TaceDrug } from '../modalities/tace/agents.ts';
import { SYSTEMIC_REGIMEN_LABELS, type SystemicRegimen } from '../modalities/systemic/regimens.ts';

export {
  TACE_DRUGS, EMBOLIC_AGENTS, TACE_DRUG_EXCLUSIVE_GROUPS, EMBOLIC_EXCLUSIONS, type TaceDrug, type EmbolicAgent,
} from '../modalities/tace/agents.ts';
export {
  SYSTEMIC_REGIMENS, HCC_SYSTEMIC_REGIMENS, CRLM_SYSTEMIC_REGIMENS, SYSTEMIC_REGIMEN_DISEASE, type SystemicRegimen, type CrlmSystemicRegimen,
} from '../modalities/systemic/regimens.ts';

/** Names for people. */
export const AGENT_LABELS: Record<TaceDrug | EmbolicAgent | SystemicRegimen, string> = { ...TACE_AGENT_LABELS, ...SYSTEMIC_REGIMEN_LABELS };
