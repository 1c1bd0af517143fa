import { describe, expect, it } from 'vitest';
import { resolveProtocol, type Protocol } from '@mewm/world-model';
import type { Candidate, Policy, ProtocolEvaluator } from '../src/plan/contracts.ts';
import { combinePolicies, fixedCandidatesPolicy, guidelinePolicy, PlannerInputError, policyFor, searchPolicy, userCandidates } from '../src/policy/index.ts';
import { KNOWN_WELL, NO_EVALUATOR, patient } from './policy-helpers.ts';

/** Prefers epirubicin alone with Lipiodol (the guideline's cTACE preset), so guideline and search overlap. */
const preferEpirubicin: ProtocolEvaluator = async (ps) =>
  ps.map((p) => {
    const c = p.components[0]!;
    if (c.modality !== 'tace') return 0;
    return (c.drugs.includes('epirubicin') ? 10 : 0) - c.drugs.length - c.embolics.length;
  });

function cand(name: string, protocol: Protocol | string, source: Candidate['source'] = 'user'): Candidate {
  return { name, protocol: typeof protocol === 'string' ? resolveProtocol(protocol) : protocol, source, rationale: 'test' };
}

describe('combinePolicies', () => {
  it('merges guideline and search, keeping an identical protocol once under its first source', async () => {
    const both = combinePolicies([guidelinePolicy(), searchPolicy({ maxCandidates: 3 })]);
    expect(both.name).toBe('guideline+search');
    const { candidates, summary } = await both.propose(patient([45, 12], KNOWN_WELL), { evaluate: preferEpirubicin });
    const ctace = candidates.filter((c) => c.name === 'ctace-epirubicin-lipiodol');
    expect(ctace).toHaveLength(1);
    expect(ctace[0]!.source).toBe('guideline');
    expect(ctace[0]!.rationale).toContain('also proposed by the search policy (as ctace:epirubicin+lipiodol)');
    expect(candidates.map((c) => c.name)).not.toContain('ctace:epirubicin+lipiodol');
    expect(candidates.filter((c) => c.source === 'search')).toHaveLength(2);
    expect(candidates).toHaveLength(6 + 2);
    expect(summary.duplicatesMerged).toEqual([{ name: 'ctace:epirubicin+lipiodol', source: 'search', policy: 'search', keptAs: 'ctace-epirubicin-lipiodol' }]);
    expect(Object.keys(summary.policies as object)).toEqual(['guideline', 'search']);
  });

  it('compares protocols canonically: agent and component order and the label do not matter', async () => {
    const a = cand('a', { components: [{ modality: 'tace', technique: 'conventional', drugs: ['epirubicin', 'mitomycin'], embolics: ['lipiodol', 'gelatin-sponge'] }, { modality: 'systemic', regimen: 'sorafenib' }], followUpDays: 90 });
    const b = cand('b', { name: 'other label', components: [{ modality: 'systemic', regimen: 'sorafenib' }, { modality: 'tace', technique: 'conventional', drugs: ['mitomycin', 'epirubicin'], embolics: ['gelatin-sponge', 'lipiodol'] }], followUpDays: 90 });
    const c = cand('c', { ...b.protocol, followUpDays: 180 });
    const { candidates } = await combinePolicies([fixedCandidatesPolicy([a]), fixedCandidatesPolicy([b, c], 'more')]).propose(patient([20]), NO_EVALUATOR);
    expect(candidates.map((x) => x.name)).toEqual(['a', 'c']); // a different follow-up is a different protocol
  });

  it('keeps names unique when different protocols share a name', async () => {
    const { candidates } = await combinePolicies([
      fixedCandidatesPolicy([cand('plan', 'rfa')]),
      fixedCandidatesPolicy([cand('plan', 'mwa', 'guideline')], 'g'),
    ]).propose(patient([20]), NO_EVALUATOR);
    expect(candidates.map((c) => [c.name, c.protocol.name, c.source])).toEqual([['plan', 'rfa', 'user'], ['plan#2', 'plan#2', 'guideline']]);
  });

  it('refuses an empty list of policies', () => {
    expect(() => combinePolicies([])).toThrow(PlannerInputError);
  });
});

describe('policyFor (--policy)', () => {
  it('maps guideline, search and both, putting the user candidates first', async () => {
    expect(policyFor('guideline', { disease: 'hcc' }).name).toBe('guideline');
    expect(policyFor('search', { disease: 'hcc' }).name).toBe('search');
    expect(policyFor('both', { disease: 'hcc' }).name).toBe('guideline+search');
    const user = userCandidates([{ name: 'my cTACE', protocol: 'ctace-epirubicin-lipiodol' }, 'sbrt-60gy-3fx']);
    const p: Policy = policyFor('guideline', { disease: 'hcc', userCandidates: user, guideline: { maxCandidates: 4 } });
    expect(p.name).toBe('user+guideline');
    const { candidates } = await p.propose(patient([45, 12], KNOWN_WELL), NO_EVALUATOR);
    expect(candidates.map((c) => `${c.source}:${c.name}`)).toEqual([
      'user:my cTACE', 'user:sbrt-60gy-3fx', 'guideline:deb-tace-doxorubicin', 'guideline:atezolizumab-bevacizumab', 'guideline:best-supportive-care',
    ]);
    expect(candidates[0]!.rationale).toContain('also proposed by the guideline policy');
  });

  it('passes the search options through', async () => {
    const { candidates } = await policyFor('search', { disease: 'hcc', search: { maxCandidates: 2 } }).propose(patient([30]), { evaluate: preferEpirubicin });
    expect(candidates).toHaveLength(2);
  });

  it('refuses an unknown policy, naming --policy and the choices', () => {
    expect(() => policyFor('llm', { disease: 'hcc' })).toThrow(/--policy: must be one of guideline, search, both, got "llm"/);
  });

  it('crlm: the guideline is the colorectal-metastasis policy; the TACE search is refused, naming the policy argument', async () => {
    const { candidates, summary } = await policyFor('guideline', { disease: 'crlm' }).propose(patient([20], KNOWN_WELL), NO_EVALUATOR);
    expect(summary).toMatchObject({ disease: 'crlm', resectable: true, ablatable: true });
    expect(candidates.map((c) => c.name)).toEqual(['resection', 'mwa', 'rfa', 'folfox+resection', 'folfoxiri-bevacizumab', 'best-supportive-care']);
    expect(() => policyFor('search', { disease: 'crlm' })).toThrow(/--policy: "search" is not available for colorectal liver metastases/);
    expect(() => policyFor('both', { disease: 'crlm', policyArgument: 'policy' })).toThrow(/^policy: "both" is not available/);
  });
});
