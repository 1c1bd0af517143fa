/**
 * `crlmGuidelinePolicy`: candidates for colorectal liver metastases from current guidance (ESMO 2023
 * metastatic colorectal cancer guideline, NCCN Colon Cancer): resection when resectable, thermal
 * ablation for lesions ≤ 3 cm, systemic chemotherapy ± targeted agents, and systemic + local
 * combinations (crlm-options.ts), with best supportive care always included as the untreated
 * reference. At most `maxCandidates` (default 6), ordered by recommendation strength. No evaluator
 * calls. Only CRLM systemic regimens are proposed (never an HCC regimen).
 */
import { parseProtocol, resolveProtocol, type Protocol } from '@mewm/world-model';
import type { Candidate, PatientState, Policy, PolicyContext, PolicyProposal } from '../plan/contracts.ts';
import { assessCrlm, crlmOptions, CRLM_THRESHOLDS } from './crlm-options.ts';
import { DEFAULT_GUIDELINE_MAX_CANDIDATES } from './guideline-policy.ts';
import { checkFollowUpDays, checkPositiveInt } from './option-checks.ts';
import { REFERENCES } from './references.ts';

export interface CrlmGuidelinePolicyOptions {
  /** Most candidates to return, best supportive care included (default 6). */
  maxCandidates?: number;
  /** Follow-up to simulate, days (default: the presets' 90). */
  followUpDays?: number;
}

export function crlmGuidelinePolicy(options: CrlmGuidelinePolicyOptions = {}): Policy {
  const maxCandidates = checkPositiveInt('guideline.maxCandidates', options.maxCandidates ?? DEFAULT_GUIDELINE_MAX_CANDIDATES);
  const followUpDays = options.followUpDays === undefined ? undefined : checkFollowUpDays('guideline.followUpDays', options.followUpDays);
  return {
    name: 'guideline',
    // eslint-disable-next-line @typescript-eslint/require-await -- async so that an input error rejects the promise, as the Policy interface expects
    async propose(state: PatientState, ctx: PolicyContext): Promise<PolicyProposal> {
      const a = assessCrlm(state);
      const all = crlmOptions(a);
      const chosen = all.filter((o) => o.role !== 'reference').slice(0, Math.max(0, maxCandidates - 1));
      const reference = all.find((o) => o.role === 'reference');
      if (reference) chosen.push(reference);
      const candidates: Candidate[] = chosen.slice(0, maxCandidates).map((o) => ({
        name: o.preset,
        protocol: withFollowUp(resolveProtocol(o.preset), followUpDays),
        source: 'guideline',
        rationale: `CRLM: ${o.rationale}`,
      }));
      const extent = a.resectable ? 'resectable (assumed)' : a.ablatable ? 'ablatable, not resectable' : 'unresectable';
      ctx.onProgress?.({ phase: 'policy', policy: 'guideline', message: `CRLM, ${extent}: ${candidates.length} guideline candidate(s)` });
      return {
        candidates,
        summary: {
          policy: 'guideline',
          disease: 'crlm',
          guideline: 'colorectal liver metastases (ESMO 2023, NCCN)',
          resectable: a.resectable,
          ablatable: a.ablatable,
          fitForIntensive: a.fitForIntensive,
          inputs: a.inputs,
          assumptions: a.assumptions,
          notes: a.notes,
          options: all.map((o) => ({ preset: o.preset, role: o.role, proposed: chosen.includes(o) })),
          maxCandidates,
          thresholds: { ...CRLM_THRESHOLDS },
          references: [
            REFERENCES.esmo2023Mcrc.full, REFERENCES.nccnColon.full, REFERENCES.collision.full, REFERENCES.eortc40983.full,
            REFERENCES.clocc.full, REFERENCES.tribe.full, REFERENCES.crystalRas.full, REFERENCES.tournigand2004.full,
          ],
        },
      };
    },
  };
}

function withFollowUp(p: Protocol, followUpDays: number | undefined): Protocol {
  return followUpDays === undefined ? p : parseProtocol({ ...p, followUpDays });
}
