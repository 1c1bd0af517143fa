/**
 * modelReadKey: protocols with the same key are read alike by the outcome and appearance models (the
 * same outcome for the same seed and lesion), so the planner may simulate them once; every field a
 * model reads is part of the key.
 */
import { describe, expect, it } from 'vitest';
import {
  createRng, EMBOLIC_AGENTS, modelReadKey, parseProtocol, PRESET_NAMES, protocolKey, resolveProtocol,
  sampleLesionOutcome, TACE_DRUGS, type Protocol,
} from '../src/index.ts';

const tace = (technique: 'conventional' | 'deb' | 'particle', drugs: string[], embolics: string[]) =>
  parseProtocol({ components: [{ modality: 'tace', technique, drugs, embolics }], followUpDays: 90 });
const outcomes = (p: Protocol) => [12, 35, 80].flatMap((d) => [1, 2, 3, 4, 5, 6].map((seed) =>
  sampleLesionOutcome(p, { volumeMl: (Math.PI / 6) * (d / 10) ** 3, longestAxialDiameterMm: d }, p.followUpDays, createRng(seed).fork('outcome-1'))));

describe('modelReadKey', () => {
  it('keys every cTACE drug choice alike (the outcome model treats TACE drugs alike), and the outcomes agree exactly', () => {
    const single = TACE_DRUGS.map((d) => tace('conventional', [d], ['lipiodol']));
    const keys = new Set(single.map(modelReadKey));
    expect(keys).toEqual(new Set(['r1|fu=90|tace:conventional:lipiodol=true;risk=tace']));
    expect(new Set(single.map(protocolKey)).size).toBe(TACE_DRUGS.length);
    const reference = outcomes(single[0]!);
    for (const p of single.slice(1)) expect(outcomes(p)).toEqual(reference);
    expect(outcomes(tace('conventional', ['epirubicin', 'mitomycin'], ['lipiodol', 'gelatin-sponge']))).toEqual(reference);
  });

  it('separates what the models read: technique, Lipiodol, follow-up, the systemic regimen, the ablation margin', () => {
    expect(EMBOLIC_AGENTS).toContain('gelatin-sponge');
    const keys = [
      modelReadKey(tace('conventional', ['epirubicin'], ['lipiodol'])),
      modelReadKey(tace('particle', ['epirubicin'], ['gelatin-sponge'])),
      modelReadKey(tace('deb', ['doxorubicin'], ['drug-eluting-beads'])),
      modelReadKey(parseProtocol({ components: [{ modality: 'tace', technique: 'conventional', drugs: ['epirubicin'], embolics: ['lipiodol'] }], followUpDays: 120 })),
      modelReadKey(resolveProtocol('sorafenib')),
      modelReadKey(resolveProtocol('lenvatinib')),
      modelReadKey(parseProtocol({ components: [{ modality: 'ablation', technique: 'mwa', marginMm: 5 }], followUpDays: 90 })),
      modelReadKey(parseProtocol({ components: [{ modality: 'ablation', technique: 'mwa', marginMm: 10 }], followUpDays: 90 })),
    ];
    expect(new Set(keys).size).toBe(keys.length);
    // the outcomes differ where the keys do (cTACE vs TACE without Lipiodol: Lipiodol deposits)
    expect(outcomes(tace('particle', ['epirubicin'], ['gelatin-sponge']))).not.toEqual(outcomes(tace('conventional', ['epirubicin'], ['lipiodol'])));
  });

  it('gives presets with the same key the same outcomes for every seed and size', () => {
    const byKey = new Map<string, string[]>();
    for (const n of PRESET_NAMES) byKey.set(modelReadKey(resolveProtocol(n)), [...(byKey.get(modelReadKey(resolveProtocol(n))) ?? []), n]);
    const shared = [...byKey.values()].filter((g) => g.length > 1);
    expect(shared.length).toBeGreaterThan(0);
    for (const g of shared) {
      const reference = outcomes(resolveProtocol(g[0]!));
      for (const n of g.slice(1)) expect(outcomes(resolveProtocol(n)), `${n} vs ${g[0]}`).toEqual(reference);
    }
  });
});
