/**
 * The CRLM chemotherapy regimens of the systemic modality: presets that parse, a disease per regimen,
 * response parameters each cited or marked assumed (the published ones with the trial's figure), risk
 * rules marked as an assumed placeholder, and sampled responses that follow the cited response rates.
 */
import { describe, expect, it } from 'vitest';
import {
  CRLM_SYSTEMIC_REGIMENS, DYNAMICS_PARAMETERS, HCC_SYSTEMIC_REGIMENS, MODALITIES, PRESET_NAMES, SYSTEMIC_REGIMEN_DISEASE,
  createParameterReader, describeProtocol, parameterValue, resolveProtocol, systemicResponseProbabilities,
} from '../src/index.ts';

const systemic = MODALITIES.find((m) => m.id === 'systemic')!;

describe('CRLM systemic regimens', () => {
  it('are presets that parse and combine with a local treatment, each tagged crlm (HCC regimens tagged hcc)', () => {
    for (const r of CRLM_SYSTEMIC_REGIMENS) {
      expect(PRESET_NAMES).toContain(r);
      expect(SYSTEMIC_REGIMEN_DISEASE[r]).toBe('crlm');
      expect(resolveProtocol(r).components).toEqual([{ modality: 'systemic', regimen: r }]);
    }
    for (const r of HCC_SYSTEMIC_REGIMENS) expect(SYSTEMIC_REGIMEN_DISEASE[r]).toBe('hcc');
    expect(describeProtocol(resolveProtocol('folfox+resection'))).toMatch(/resection.*FOLFOX|FOLFOX.*resection/);
    expect(() => resolveProtocol('folfox-bevacizumab+mwa')).not.toThrow();
    expect(() => resolveProtocol('folfox+sorafenib')).toThrow(/two systemic regimens/);
  });

  it('have every response parameter, each published with a citation or assumed with a rationale', () => {
    for (const r of CRLM_SYSTEMIC_REGIMENS) {
      for (const name of ['objectiveResponseRate', 'completeResponseRate', 'refractoryRate', 'timeToResponseMedianDays', 'durationOfResponseMedianDays']) {
        const p = DYNAMICS_PARAMETERS.find((x) => x.id === `systemic.${r}.${name}`);
        expect(p, `systemic.${r}.${name}`).toBeDefined();
        if (p!.source.kind === 'published') expect(p!.source.citation).toMatch(/\d{4}/);
        else expect(p!.source.rationale.length).toBeGreaterThan(20);
      }
    }
    // The cited figures: GERCOR (Tournigand et al., J Clin Oncol 2004) and TRIBE (Loupakis et al., N Engl J Med 2014).
    expect(parameterValue('systemic.folfox.objectiveResponseRate')).toBe(0.54);
    expect(parameterValue('systemic.folfiri.objectiveResponseRate')).toBe(0.56);
    expect(parameterValue('systemic.folfoxiri-bevacizumab.objectiveResponseRate')).toBe(0.65);
    const tribe = DYNAMICS_PARAMETERS.find((x) => x.id === 'systemic.folfoxiri-bevacizumab.objectiveResponseRate')!;
    expect(tribe.source).toMatchObject({ kind: 'published', citation: expect.stringMatching(/Loupakis F.*N Engl J Med 2014/) });
    expect(DYNAMICS_PARAMETERS.find((x) => x.id === 'systemic.folfiri-cetuximab.objectiveResponseRate')!.source.kind).toBe('assumed');
  });

  it('respond more often than the HCC regimens, as the trials report (complete + partial = the response rate)', () => {
    const read = createParameterReader();
    const atezo = systemicResponseProbabilities('atezolizumab-bevacizumab', read);
    for (const r of CRLM_SYSTEMIC_REGIMENS) {
      const p = systemicResponseProbabilities(r, read);
      expect(p.complete + p.partial).toBeCloseTo(parameterValue(`systemic.${r}.objectiveResponseRate`), 12);
      expect(p.complete + p.partial).toBeGreaterThan(atezo.complete + atezo.partial);
    }
    expect(read.used()).toContain('systemic.folfox.completeResponseRate');
  });

  it('are scored with the CRLM model\'s systemic-chemotherapy term, and have no HCC term', () => {
    for (const r of CRLM_SYSTEMIC_REGIMENS) {
      const rules = systemic.risk.rules[`systemic:${r}`]!;
      expect(rules.crlm).toMatchObject({ term: 'systemicChemotherapy', curative: false });
      expect(rules.hcc).toBeUndefined();
    }
    // Only the two CALGB/SWOG 80405 arms (doublet + targeted agent) are the term's own; the others are marked assumed.
    expect(CRLM_SYSTEMIC_REGIMENS.filter((r) => !systemic.risk.rules[`systemic:${r}`]!.crlm!.assumed)).toEqual(['folfox-bevacizumab', 'folfiri-cetuximab']);
    expect(systemic.risk.rules['systemic:folfox']!.crlm!.note).toMatch(/^ASSUMED/);
    expect(systemic.risk.rules['systemic:sorafenib']!.hcc).toMatchObject({ term: 'sorafenib', assumed: false });
    expect(systemic.risk.rules['systemic:sorafenib']!.crlm).toBeUndefined();
  });
});
