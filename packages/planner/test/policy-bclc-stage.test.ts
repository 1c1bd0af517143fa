import { describe, expect, it } from 'vitest';
import type { ClinicalCovariates } from '@mewm/survival';
import { bclcStage, PlannerInputError, type BclcStage } from '../src/policy/index.ts';
import { KNOWN_WELL, patient } from './policy-helpers.ts';

interface Case {
  what: string;
  diameters: number[];
  clinical: ClinicalCovariates;
  stage: BclcStage;
  /** Substrings expected among the assumptions (exact count checked). */
  assumptions?: string[];
}

const cases: Case[] = [
  { what: 'single 15 mm, all known and favourable', diameters: [15], clinical: KNOWN_WELL, stage: '0', assumptions: [] },
  { what: 'single 20 mm (the BCLC 0 bound, inclusive)', diameters: [20], clinical: KNOWN_WELL, stage: '0', assumptions: [] },
  { what: 'single 21 mm', diameters: [21], clinical: KNOWN_WELL, stage: 'A', assumptions: [] },
  { what: 'single 80 mm (A: single of any size)', diameters: [80], clinical: KNOWN_WELL, stage: 'A', assumptions: [] },
  { what: 'two nodules 15 and 12 mm', diameters: [15, 12], clinical: KNOWN_WELL, stage: 'A', assumptions: [] },
  { what: 'three nodules each ≤ 30 mm', diameters: [30, 25, 10], clinical: KNOWN_WELL, stage: 'A', assumptions: [] },
  { what: 'three nodules, one 31 mm', diameters: [31, 25, 10], clinical: KNOWN_WELL, stage: 'B', assumptions: [] },
  { what: 'two nodules, one 45 mm', diameters: [45, 12], clinical: KNOWN_WELL, stage: 'B', assumptions: [] },
  { what: 'four small nodules', diameters: [10, 10, 10, 10], clinical: KNOWN_WELL, stage: 'B', assumptions: [] },
  { what: 'macrovascular invasion', diameters: [15], clinical: { ...KNOWN_WELL, macrovascularInvasion: true }, stage: 'C', assumptions: [] },
  { what: 'extrahepatic spread', diameters: [40, 30, 20, 10], clinical: { ...KNOWN_WELL, extrahepaticSpread: true }, stage: 'C', assumptions: [] },
  { what: 'ECOG 1', diameters: [15], clinical: { ...KNOWN_WELL, ecog: 1 }, stage: 'C', assumptions: ['cancer-related'] },
  { what: 'ECOG 2', diameters: [15], clinical: { ...KNOWN_WELL, ecog: 2 }, stage: 'C', assumptions: ['cancer-related'] },
  { what: 'ECOG 3', diameters: [15], clinical: { ...KNOWN_WELL, ecog: 3 }, stage: 'D', assumptions: [] },
  { what: 'ECOG 4', diameters: [60, 50], clinical: { ...KNOWN_WELL, ecog: 4 }, stage: 'D', assumptions: [] },
  { what: 'Child–Pugh C', diameters: [15], clinical: { ...KNOWN_WELL, childPughClass: 'C' }, stage: 'D', assumptions: [] },
  { what: 'Child–Pugh C with invasion (D wins)', diameters: [15], clinical: { ...KNOWN_WELL, childPughClass: 'C', macrovascularInvasion: true }, stage: 'D', assumptions: [] },
  { what: 'Child–Pugh B, single 15 mm (0 needs preserved function)', diameters: [15], clinical: { ...KNOWN_WELL, childPughClass: 'B' }, stage: 'A', assumptions: ['Child–Pugh B'] },
  { what: 'Child–Pugh B, multinodular', diameters: [40, 30, 20, 10], clinical: { ...KNOWN_WELL, childPughClass: 'B' }, stage: 'B', assumptions: ['Child–Pugh B'] },
  { what: 'Child–Pugh unknown, ALBI grade 1', diameters: [15], clinical: { ...KNOWN_WELL, childPughClass: null, albiGrade: 1 }, stage: '0', assumptions: ['ALBI grade 1'] },
  {
    what: 'Child–Pugh unknown, ALBI 2 computed from albumin 30 g/L and bilirubin 40 µmol/L',
    diameters: [15], clinical: { ...KNOWN_WELL, childPughClass: undefined, albuminGPerL: 30, bilirubinUmolPerL: 40 }, stage: 'A',
    assumptions: ['ALBI grade 2', 'ALBI grade 2: impaired'],
  },
  { what: 'Child–Pugh unknown, ALBI 3 is not read as end-stage', diameters: [15], clinical: { ...KNOWN_WELL, childPughClass: null, albiGrade: 3 }, stage: 'A', assumptions: ['ALBI grade 3', 'ALBI grade 3: impaired'] },
  {
    what: 'nothing known: ECOG 0, no invasion, no spread, preserved function assumed',
    diameters: [15], clinical: {}, stage: '0',
    assumptions: ['ECOG performance status unknown: assumed 0', 'macrovascular invasion unknown: assumed absent', 'extrahepatic spread unknown: assumed absent', 'liver function assumed preserved'],
  },
  { what: 'only ECOG unknown', diameters: [50, 40], clinical: { ...KNOWN_WELL, ecog: null }, stage: 'B', assumptions: ['ECOG performance status unknown: assumed 0'] },
];

describe('bclcStage (BCLC 2022)', () => {
  it.each(cases)('$what → BCLC $stage', ({ diameters, clinical, stage, assumptions }) => {
    const s = bclcStage(patient(diameters, clinical));
    expect(s.stage).toBe(stage);
    expect(s.rationale.length).toBeGreaterThan(0);
    expect(s.reference).toMatch(/Reig M.*J Hepatol 2022;76\(3\):681–693/);
    if (assumptions) {
      expect(s.assumptions).toHaveLength(assumptions.length);
      for (const a of assumptions) expect(s.assumptions.some((x) => x.includes(a))).toBe(true);
    }
  });

  it('reports the inputs it used, after the assumptions', () => {
    const s = bclcStage(patient([42, 18], { childPughClass: 'A' }));
    expect(s.inputs).toMatchObject({ lesionCount: 2, largestDiameterMm: 42, ecog: 0, macrovascularInvasion: false, extrahepaticSpread: false });
    expect(s.inputs.liver).toMatchObject({ liverFunction: 'preserved', basis: 'child-pugh', childPughClass: 'A' });
  });

  it('keeps a recorded stage alongside the computed one and says when they differ', () => {
    const s = bclcStage(patient([15], { ...KNOWN_WELL, bclcStage: 'B' }));
    expect(s.stage).toBe('0');
    expect(s.recordedStage).toBe('B');
    expect(s.rationale.join(' ')).toContain('record BCLC B');
    expect(bclcStage(patient([15], KNOWN_WELL)).recordedStage).toBeNull();
  });

  describe('bad input', () => {
    it('refuses a patient without lesions, naming state.lesions', () => {
      const run = () => bclcStage(patient([], KNOWN_WELL));
      expect(run).toThrow(PlannerInputError);
      expect(run).toThrow(/state\.lesions: at least one/);
    });

    it.each([Number.NaN, 0, -3, Number.POSITIVE_INFINITY])('refuses a lesion diameter of %s, naming the lesion', (d) => {
      try {
        bclcStage(patient([12, d], KNOWN_WELL));
        expect.unreachable();
      } catch (e) {
        expect(e).toBeInstanceOf(PlannerInputError);
        expect((e as PlannerInputError).argument).toBe('state.lesions[1].longestAxialDiameterMm');
        expect((e as PlannerInputError).code).toBe('INPUT');
      }
    });
  });
});
