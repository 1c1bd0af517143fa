/**
 * The policy, user candidates and clinical covariates of a plan request, checked before any slow
 * work: user candidates against the protocol rules, covariates against the survival schema.
 */
import { effectivePolicy, type PlanOptions } from '@mewm/contracts';
import { parseClinicalCovariates, type ClinicalCovariates } from '@mewm/survival';
import { fixedCandidatesPolicy, policyFor, userCandidates } from '../policy/index.ts';
import type { Candidate, Policy } from './contracts.ts';
import type { PlanArgumentNames } from './plan-argument-names.ts';

export interface RequestPolicy {
  policy: Policy;
  users: Candidate[];
  clinical: ClinicalCovariates;
}

/** @throws PlannerInputError / UserCandidateError / SurvivalInputError naming the field. */
export function requestPolicy(options: Pick<PlanOptions, 'policy' | 'candidates' | 'clinical'>, names: Pick<PlanArgumentNames, 'clinical'>): RequestPolicy {
  const clinical = parseClinicalCovariates(options.clinical ?? {}, names.clinical);
  const users = options.candidates.length === 0 ? [] : userCandidates(options.candidates);
  const choice = effectivePolicy(options);
  const policy = choice === 'user' ? fixedCandidatesPolicy(users) : policyFor(choice, { userCandidates: users });
  return { policy, users, clinical };
}
