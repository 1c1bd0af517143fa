/**
 * `combinePolicies`: run several policies in order and merge their candidates. Identical protocols
 * (same `protocolKey`: components in canonical order, agents sorted, follow-up; the label ignored)
 * are kept once, under the first policy that proposed them; the later sources are added to the
 * rationale and listed in the summary. Names stay unique (a clash between different protocols gets
 * a suffix `#2`, `#3`, ...). `policyFor` maps `--policy guideline|search|both` and the disease to a Policy:
 *   hcc:  guideline = BCLC 2022 (guideline-policy.ts); search = the MeWM TACE beam search; both = the two.
 *   crlm: guideline = colorectal-metastasis guidance (crlm-guideline-policy.ts); search and both are
 *         refused: the beam search explores TACE drug/embolic combinations, an HCC treatment, and no
 *         CRLM search space is defined yet (PlannerInputError naming the policy argument).
 */
import type { Disease } from '@mewm/contracts';
import { protocolKey } from '@mewm/world-model';
import type { Candidate, PatientState, Policy, PolicyContext, PolicyProposal } from '../plan/contracts.ts';
import { PlannerInputError } from '../errors.ts';
import { crlmGuidelinePolicy } from './crlm-guideline-policy.ts';
import { guidelinePolicy, type GuidelinePolicyOptions } from './guideline-policy.ts';
import { searchPolicy, type SearchPolicyOptions } from './search-policy.ts';
import { fixedCandidatesPolicy } from './user-candidates.ts';

export interface MergedDuplicate {
  name: string;
  source: Candidate['source'];
  policy: string;
  /** The kept candidate it duplicates. */
  keptAs: string;
}

export function combinePolicies(policies: readonly Policy[]): Policy {
  // Checked as `unknown`: Array.isArray narrows a readonly array to `any[]`, which would untype the list below.
  const given: unknown = policies;
  if (!Array.isArray(given) || given.length === 0) throw new PlannerInputError('policies', 'give at least one policy to combine');
  const list = [...policies];
  return {
    name: list.map((p) => p.name).join('+'),
    async propose(state: PatientState, ctx: PolicyContext): Promise<PolicyProposal> {
      const kept: Candidate[] = [];
      const byKey = new Map<string, { index: number; sources: Set<string> }>();
      const names = new Set<string>();
      const duplicates: MergedDuplicate[] = [];
      const summaries: Record<string, unknown> = {};
      for (const policy of list) {
        const proposal = await policy.propose(state, ctx);
        summaries[policy.name] = proposal.summary;
        for (const c of proposal.candidates) {
          const key = protocolKey(c.protocol);
          const hit = byKey.get(key);
          if (hit) {
            const first = kept[hit.index]!;
            duplicates.push({ name: c.name, source: c.source, policy: policy.name, keptAs: first.name });
            if (c.source !== first.source && !hit.sources.has(c.source)) {
              hit.sources.add(c.source);
              kept[hit.index] = { ...first, rationale: `${first.rationale}; also proposed by the ${c.source} policy (as ${c.name})` };
            }
            continue;
          }
          let name = c.name;
          for (let n = 2; names.has(name); n++) name = `${c.name}#${n}`;
          names.add(name);
          byKey.set(key, { index: kept.length, sources: new Set([c.source]) });
          kept.push(name === c.name ? c : { ...c, name, protocol: { ...c.protocol, name } });
        }
      }
      return {
        candidates: kept,
        summary: {
          policy: list.map((p) => p.name).join('+'),
          policies: summaries,
          candidates: kept.map((c) => ({ name: c.name, source: c.source })),
          duplicatesMerged: duplicates,
        },
      };
    },
  };
}

export type PolicyChoice = 'guideline' | 'search' | 'both';
export const POLICY_CHOICES: readonly PolicyChoice[] = ['guideline', 'search', 'both'];

export interface PolicyForOptions {
  /** The disease the plan is for: it picks the guideline (BCLC 2022 for hcc, colorectal-metastasis guidance for crlm). */
  disease: Disease;
  /** How the caller names the policy argument in errors (default '--policy'). */
  policyArgument?: string;
  guideline?: GuidelinePolicyOptions;
  search?: SearchPolicyOptions;
  /** The user's candidates (`--candidates`), proposed first so their names win. */
  userCandidates?: readonly Candidate[];
}

/** The policy for `--policy guideline|search|both` and the disease (plus the user's candidates when given). */
export function policyFor(choice: string, options: PolicyForOptions): Policy {
  const argument = options.policyArgument ?? '--policy';
  if (!POLICY_CHOICES.includes(choice as PolicyChoice)) {
    throw new PlannerInputError(argument, `must be one of ${POLICY_CHOICES.join(', ')}, got "${choice}"`);
  }
  if (options.disease === 'crlm' && (choice === 'search' || choice === 'both')) {
    throw new PlannerInputError(argument, `"${choice}" is not available for colorectal liver metastases: the search policy explores TACE drug/embolic combinations, an HCC treatment; use guideline or user for crlm`);
  }
  const parts: Policy[] = [];
  if (options.userCandidates && options.userCandidates.length > 0) parts.push(fixedCandidatesPolicy(options.userCandidates));
  if (choice === 'guideline' || choice === 'both') {
    parts.push(options.disease === 'crlm' ? crlmGuidelinePolicy(options.guideline) : guidelinePolicy(options.guideline));
  }
  if (choice === 'search' || choice === 'both') parts.push(searchPolicy(options.search));
  return parts.length === 1 ? parts[0]! : combinePolicies(parts);
}
