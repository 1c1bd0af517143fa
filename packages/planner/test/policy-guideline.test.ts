import { describe, expect, it } from 'vitest';
import { parseProtocol } from '@mewm/world-model';
import type { ClinicalCovariates } from '@mewm/survival';
import { guidelinePolicy, PlannerInputError } from '../src/policy/index.ts';
import { KNOWN_WELL, NO_EVALUATOR, patient } from './policy-helpers.ts';

async function names(diameters: number[], clinical: ClinicalCovariates, opts = {}): Promise<string[]> {
  const { candidates } = await guidelinePolicy(opts).propose(patient(diameters, clinical), NO_EVALUATOR);
  return candidates.map((c) => c.name);
}

describe('guidelinePolicy', () => {
  it('BCLC 0: ablation and resection, TACE as the neighbour, best supportive care last', async () => {
    expect(await names([15], KNOWN_WELL)).toEqual([
      'rfa', 'mwa', 'resection', 'ctace-epirubicin-lipiodol', 'deb-tace-doxorubicin', 'best-supportive-care',
    ]);
  });

  it('BCLC A, single 25 mm: resection first, then ablation (≤ 3 cm), TACE + MWA and TACE as neighbours', async () => {
    expect(await names([25], KNOWN_WELL)).toEqual([
      'resection', 'rfa', 'mwa', 'ctace-epirubicin-lipiodol+mwa', 'ctace-epirubicin-lipiodol', 'best-supportive-care',
    ]);
  });

  it('BCLC A, single 45 mm: no ablation alone (> 3 cm), TACE + MWA still (≤ 5 cm)', async () => {
    const n = await names([45], KNOWN_WELL);
    expect(n).not.toContain('rfa');
    expect(n).not.toContain('mwa');
    expect(n.slice(0, 2)).toEqual(['resection', 'ctace-epirubicin-lipiodol+mwa']);
  });

  it('BCLC A, single 60 mm: neither ablation nor TACE + MWA', async () => {
    expect(await names([60], KNOWN_WELL)).toEqual(['resection', 'ctace-epirubicin-lipiodol', 'deb-tace-doxorubicin', 'best-supportive-care']);
  });

  it('BCLC A, three nodules ≤ 3 cm: ablation, no resection', async () => {
    const n = await names([28, 20, 12], KNOWN_WELL);
    expect(n.slice(0, 2)).toEqual(['rfa', 'mwa']);
    expect(n).not.toContain('resection');
  });

  it('Child–Pugh B: no resection', async () => {
    const n = await names([25], { ...KNOWN_WELL, childPughClass: 'B' });
    expect(n).not.toContain('resection');
    expect(n[0]).toBe('rfa');
  });

  it('BCLC B: TACE first, systemic and TACE + MWA as neighbours, six candidates', async () => {
    expect(await names([45, 12], KNOWN_WELL)).toEqual([
      'ctace-epirubicin-lipiodol', 'deb-tace-doxorubicin', 'atezolizumab-bevacizumab', 'ctace-epirubicin-lipiodol+mwa', 'lenvatinib', 'best-supportive-care',
    ]);
    expect(await names([40, 30, 20, 10], KNOWN_WELL)).toEqual([
      'ctace-epirubicin-lipiodol', 'deb-tace-doxorubicin', 'atezolizumab-bevacizumab', 'lenvatinib', 'durvalumab-tremelimumab', 'best-supportive-care',
    ]);
  });

  it('BCLC C with macrovascular invasion: first-line systemic therapy, no TACE', async () => {
    expect(await names([60], { ...KNOWN_WELL, macrovascularInvasion: true })).toEqual([
      'atezolizumab-bevacizumab', 'durvalumab-tremelimumab', 'lenvatinib', 'sorafenib', 'best-supportive-care',
    ]);
  });

  it('BCLC C by ECOG 1 alone: systemic therapy with TACE as the neighbour', async () => {
    expect(await names([60], { ...KNOWN_WELL, ecog: 1 })).toEqual([
      'atezolizumab-bevacizumab', 'durvalumab-tremelimumab', 'lenvatinib', 'sorafenib', 'ctace-epirubicin-lipiodol', 'best-supportive-care',
    ]);
  });

  it('BCLC D: best supportive care only', async () => {
    const { candidates, summary } = await guidelinePolicy().propose(patient([15], { ...KNOWN_WELL, childPughClass: 'C' }), NO_EVALUATOR);
    expect(candidates.map((c) => c.name)).toEqual(['best-supportive-care']);
    expect(candidates[0]!.rationale).toMatch(/^BCLC D: best supportive care is the recommended option/);
    expect(summary.stage).toBe('D');
  });

  it('every candidate is a valid guideline protocol whose rationale names the stage and the guideline', async () => {
    for (const [d, c] of [[[15], KNOWN_WELL], [[25], KNOWN_WELL], [[45, 12], KNOWN_WELL], [[60], { ecog: 1 }]] as const) {
      const { candidates, summary } = await guidelinePolicy().propose(patient([...d], c), NO_EVALUATOR);
      expect(candidates.length).toBeLessThanOrEqual(6);
      expect(new Set(candidates.map((x) => x.name)).size).toBe(candidates.length);
      for (const cand of candidates) {
        expect(cand.source).toBe('guideline');
        expect(() => parseProtocol(cand.protocol)).not.toThrow();
        expect(cand.rationale).toContain(cand.name === 'best-supportive-care' ? 'BCLC 2022' : `BCLC ${String(summary.stage)}`);
        expect(cand.rationale).toMatch(/Reig et al\., J Hepatol 2022/);
      }
      expect(candidates.at(-1)!.name).toBe('best-supportive-care');
    }
  });

  it('respects maxCandidates, keeping best supportive care as the reference', async () => {
    expect(await names([45, 12], KNOWN_WELL, { maxCandidates: 3 })).toEqual(['ctace-epirubicin-lipiodol', 'deb-tace-doxorubicin', 'best-supportive-care']);
    expect(await names([45, 12], KNOWN_WELL, { maxCandidates: 1 })).toEqual(['best-supportive-care']);
    expect((await names([45, 12], KNOWN_WELL, { maxCandidates: 20 })).length).toBe(8);
  });

  it('applies followUpDays to every protocol', async () => {
    const { candidates } = await guidelinePolicy({ followUpDays: 180 }).propose(patient([15], KNOWN_WELL), NO_EVALUATOR);
    expect(candidates.every((c) => c.protocol.followUpDays === 180)).toBe(true);
  });

  it('uses a recorded stage by default and the computed one on request; the summary has both', async () => {
    const state = patient([15], { ...KNOWN_WELL, bclcStage: 'C' });
    const recorded = await guidelinePolicy().propose(state, NO_EVALUATOR);
    expect(recorded.candidates[0]!.name).toBe('atezolizumab-bevacizumab');
    expect(recorded.summary).toMatchObject({ stage: 'C', stageSource: 'recorded', computedStage: '0', recordedStage: 'C' });
    const computed = await guidelinePolicy({ stageSource: 'computed' }).propose(state, NO_EVALUATOR);
    expect(computed.candidates[0]!.name).toBe('rfa');
    expect(computed.summary).toMatchObject({ stage: '0', stageSource: 'computed' });
  });

  it('puts the staging assumptions and the options left out into the summary, and reports progress', async () => {
    const events: unknown[] = [];
    const { summary } = await guidelinePolicy().propose(patient([25]), { ...NO_EVALUATOR, onProgress: (e) => events.push(e) });
    expect(summary.assumptions).toHaveLength(4);
    expect(summary.options).toContainEqual({ preset: 'deb-tace-doxorubicin', role: 'neighbour', proposed: false });
    expect(events).toEqual([{ phase: 'policy', policy: 'guideline', message: 'BCLC A: 6 guideline candidate(s)' }]);
  });

  describe('bad input', () => {
    it.each([0, -1, 2.5, Number.NaN])('refuses maxCandidates %s', (maxCandidates) => {
      expect(() => guidelinePolicy({ maxCandidates })).toThrow(/guideline\.maxCandidates: must be an integer ≥ 1/);
    });
    it('refuses a follow-up outside 1–1826 days and an unknown stageSource', () => {
      expect(() => guidelinePolicy({ followUpDays: 0 })).toThrow(PlannerInputError);
      expect(() => guidelinePolicy({ followUpDays: 4000 })).toThrow(/guideline\.followUpDays: must be an integer in 1–1826/);
      expect(() => guidelinePolicy({ stageSource: 'guess' as 'computed' })).toThrow(/guideline\.stageSource/);
    });
    it('refuses a patient without lesions', async () => {
      await expect(guidelinePolicy().propose(patient([], KNOWN_WELL), NO_EVALUATOR)).rejects.toThrow(/state\.lesions/);
    });
  });
});
