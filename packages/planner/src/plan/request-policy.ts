/**
 * The policy, user candidates and clinical covariates of a plan request, checked before any slow
 * work: user candidates against the protocol rules and the plan's disease, covariates against the
 * survival schema. The disease picks the policy (policyFor).
 */
import { effectivePolicy, type PlanOptions } from '@mewm/contracts';
import { parseClinicalCovariates, type ClinicalCovariates } from '@mewm/survival';
import { checkCandidatesDisease } from '../policy/candidate-disease.ts';
import { riskModalityRule } from './risk-modality.ts';
import { fixedCandidatesPolicy, policyFor, userCandidates } from '../policy/index.ts';
import type { Candidate, Policy } from './contracts.ts';
import type { PlanArgumentNames } from './plan-argument-names.ts';

export interface RequestPolicy {
  policy: Policy;
  users: Candidate[];
  clinical: ClinicalCovariates;
}

/** @throws PlannerInputError / UserCandidateError / SurvivalInputError naming the field. */
export function requestPolicy(
  options: Pick<PlanOptions, 'policy' | 'candidates' | 'clinical' | 'disease'>,
  names: Pick<PlanArgumentNames, 'clinical' | 'policy'>,
): RequestPolicy {
  const clinical = parseClinicalCovariates(options.clinical ?? {}, names.clinical);
  const users = options.candidates.length === 0 ? [] : userCandidates(options.candidates);
  checkCandidatesDisease(users, options.disease);
  // Every user candidate must have a treatment term in the disease's risk model (NoRiskTermError otherwise).
  for (const c of users) riskModalityRule(c.protocol, options.disease);
  const choice = effectivePolicy(options);
  const policy = choice === 'user'
    ? fixedCandidatesPolicy(users)
    : policyFor(choice, { disease: options.disease, userCandidates: users, policyArgument: names.policy });
  return { policy, users, clinical };
}
