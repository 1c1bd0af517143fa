/**
 * The CRLM guideline policy: resection when resectable (assumed thresholds, said so), thermal
 * ablation for lesions ≤ 3 cm, chemotherapy ± targeted agents, systemic + local combinations, best
 * supportive care as the reference; never an HCC regimen or TACE; every assumption listed.
 */
import { describe, expect, it } from 'vitest';
import { HCC_SYSTEMIC_REGIMENS } from '@mewm/world-model';
import { crlmGuidelinePolicy, regimensForOtherDisease } from '../src/policy/index.ts';
import { KNOWN_WELL, NO_EVALUATOR, patient } from './policy-helpers.ts';

const names = async (d: number[], c = KNOWN_WELL) => (await crlmGuidelinePolicy().propose(patient(d, c), NO_EVALUATOR)).candidates.map((x) => x.name);

describe('crlmGuidelinePolicy', () => {
  it('a single small metastasis: resection, ablation (COLLISION), perioperative chemotherapy + resection, then systemic therapy and BSC', async () => {
    const { candidates, summary } = await crlmGuidelinePolicy().propose(patient([22], KNOWN_WELL), NO_EVALUATOR);
    expect(candidates.map((c) => c.name)).toEqual(['resection', 'mwa', 'rfa', 'folfox+resection', 'folfoxiri-bevacizumab', 'best-supportive-care']);
    expect(candidates[1]!.rationale).toMatch(/COLLISION \(van der Lei et al\., Lancet Oncol 2025\)/);
    expect(candidates[3]!.rationale).toMatch(/EORTC 40983/);
    expect(summary).toMatchObject({ disease: 'crlm', resectable: true, ablatable: true });
    expect((summary.assumptions as string[])[0]).toMatch(/ASSUMED thresholds; the future liver remnant/);
  });

  it('a 5 cm lesion is not ablated alone; 6 lesions are not resected (assumed limit): systemic therapy is recommended, with chemotherapy + ablation', async () => {
    const big = await names([50]);
    expect(big).toContain('resection');
    expect(big).not.toContain('mwa');
    const many = await crlmGuidelinePolicy().propose(patient([45, 30, 25, 20, 15, 12], KNOWN_WELL), NO_EVALUATOR);
    expect(many.candidates.map((c) => c.name)).toEqual(['folfox+mwa', 'folfoxiri-bevacizumab', 'folfox-bevacizumab', 'folfiri-cetuximab', 'folfox', 'best-supportive-care']);
    expect(many.candidates[3]!.rationale).toMatch(/ONLY if the tumour is RAS \(and BRAF\) wild-type with a left-sided primary/);
    expect(many.summary).toMatchObject({ resectable: false, ablatable: false });
  });

  it('extrahepatic disease: systemic therapy first, no local option; ECOG 2: no triplet, no surgery; ECOG ≥ 3: best supportive care only', async () => {
    const ehd = await names([20], { ...KNOWN_WELL, extrahepaticSpread: true });
    expect(ehd).toEqual(['folfoxiri-bevacizumab', 'folfox-bevacizumab', 'folfiri-cetuximab', 'folfox', 'folfiri', 'best-supportive-care']);
    const ecog2 = await names([20], { ...KNOWN_WELL, ecog: 2 });
    expect(ecog2).not.toContain('resection');
    expect(ecog2).not.toContain('folfoxiri-bevacizumab');
    expect(ecog2.slice(0, 2)).toEqual(['mwa', 'rfa']);
    expect(await names([20], { ...KNOWN_WELL, ecog: 3 })).toEqual(['best-supportive-care']);
  });

  it('unknown ECOG and extrahepatic disease are assumed 0–1 and absent, and the summary says so', async () => {
    const { summary } = await crlmGuidelinePolicy().propose(patient([20]), NO_EVALUATOR);
    expect((summary.assumptions as string[]).join(' ')).toMatch(/ECOG unknown: assumed 0–1.*extrahepatic disease unknown: assumed absent/);
  });

  it('never proposes TACE or an HCC regimen, whatever the patient', async () => {
    for (const [d, c] of [[[15], KNOWN_WELL], [[60], KNOWN_WELL], [[40, 35, 30, 25, 20], KNOWN_WELL], [[20], { extrahepaticSpread: true }], [[20], { ecog: 2 }]] as const) {
      const { candidates } = await crlmGuidelinePolicy({ maxCandidates: 20 }).propose(patient([...d], c), NO_EVALUATOR);
      for (const cand of candidates) {
        expect(cand.protocol.components.map((x) => x.modality), cand.name).not.toContain('tace');
        expect(regimensForOtherDisease(cand.protocol, 'crlm'), cand.name).toEqual([]);
        for (const comp of cand.protocol.components) if (comp.modality === 'systemic') expect(HCC_SYSTEMIC_REGIMENS as readonly string[]).not.toContain(comp.regimen);
      }
    }
  });

  it('bad input: no lesions is an input error naming state.lesions', async () => {
    await expect(crlmGuidelinePolicy().propose(patient([], KNOWN_WELL), NO_EVALUATOR)).rejects.toThrow(/state\.lesions/);
    expect(() => crlmGuidelinePolicy({ maxCandidates: 0 })).toThrow(/guideline\.maxCandidates/);
  });
});
