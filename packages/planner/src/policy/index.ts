/** Candidate proposal: BCLC staging, the HCC and CRLM guideline policies, search policy, user candidates, combination. */
export { bclcStage, BCLC_THRESHOLDS, type BclcStage, type BclcStaging } from './bclc-stage.ts';
export { assessLiverFunction, type LiverFunction, type LiverFunctionAssessment } from './liver-function.ts';
export {
  guidelineOptions, feasibility, ABLATION_MAX_DIAMETER_MM, ABLATION_MAX_LESIONS, TACE_ABLATION_MAX_DIAMETER_MM,
  type GuidelineOption, type OptionRole, type Feasibility,
} from './guideline-options.ts';
export { guidelinePolicy, DEFAULT_GUIDELINE_MAX_CANDIDATES, type GuidelinePolicyOptions } from './guideline-policy.ts';
export {
  taceBeamSearch, resolveSearchConfig, MEWM_SEARCH_DEFAULTS,
  type TaceBase, type TaceBeamSearchOptions, type TaceBeamSearchResult, type SearchPlan, type SearchDepthTrace,
} from './tace-beam-search.ts';
export { searchPolicy, type SearchPolicyOptions } from './search-policy.ts';
export { userCandidates, fixedCandidatesPolicy, UserCandidateError, type UserCandidateErrorReason } from './user-candidates.ts';
export { combinePolicies, policyFor, POLICY_CHOICES, type PolicyChoice, type PolicyForOptions, type MergedDuplicate } from './combine-policies.ts';
export { REFERENCES, type Reference } from './references.ts';
export { crlmGuidelinePolicy, type CrlmGuidelinePolicyOptions } from './crlm-guideline-policy.ts';
export { assessCrlm, crlmOptions, CRLM_THRESHOLDS, type CrlmAssessment, type CrlmOption } from './crlm-options.ts';
export { checkCandidatesDisease, regimensForOtherDisease } from './candidate-disease.ts';
export { PlannerInputError } from '../errors.ts';
