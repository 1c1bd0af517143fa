import { describe, expect, it } from 'vitest';
import { anatomyRows, anatomySourceNote, candidateAnatomyRow, infeasibleNote, planAnatomySchema, sampleAnatomySchema, type SampleAnatomy } from '../src/index.ts';

const none: SampleAnatomy = { minimalMarginMm: null, vesselContact: null, futureLiverRemnantFraction: null, futureLiverRemnantMl: null, feasible: true };

describe('sampleAnatomySchema', () => {
  it('asks for a reason exactly when a treatment is not feasible', () => {
    expect(sampleAnatomySchema.safeParse(none).success).toBe(true);
    expect(sampleAnatomySchema.safeParse({ ...none, feasible: false }).success).toBe(false);
    expect(sampleAnatomySchema.safeParse({ ...none, reason: 'x' }).success).toBe(false);
    expect(sampleAnatomySchema.safeParse({ ...none, feasible: false, reason: 'remnant below 30 %' }).success).toBe(true);
  });
  it('keeps fractions in 0..1 and distances non-negative', () => {
    expect(sampleAnatomySchema.safeParse({ ...none, futureLiverRemnantFraction: 1.2 }).success).toBe(false);
    expect(sampleAnatomySchema.safeParse({ ...none, vesselContact: { distanceMm: -1, diameterMm: 5 } }).success).toBe(false);
    expect(planAnatomySchema.safeParse({ liver: { source: 'guess', volumeMl: 1 }, vessels: null, notes: [] }).success).toBe(false);
  });
});

describe('anatomyRows', () => {
  it('gives one row per candidate by rank, with ranges over the samples', () => {
    const rows = anatomyRows({
      candidates: [
        { rank: 2, name: 'RFA', samples: [
          { anatomy: { ...none, minimalMarginMm: 3.14, vesselContact: { distanceMm: 2, diameterMm: 8 } } },
          { anatomy: { ...none, minimalMarginMm: -1.5, vesselContact: { distanceMm: 2, diameterMm: 8 } } },
        ] },
        { rank: 1, name: 'resection', samples: [
          { anatomy: { ...none, futureLiverRemnantFraction: 0.18, futureLiverRemnantMl: 301, feasible: false, reason: 'remnant 18% is below 30%' } },
        ] },
      ],
    } as never);
    expect(rows.map((r) => r.candidateName)).toEqual(['resection', 'RFA']);
    expect(rows[0]!.cells).toEqual({
      candidate: '#1 resection', margin: '-', vessel: '-', remnant: '18% (301 mL)', feasibility: 'no (1 of 1 samples): remnant 18% is below 30%',
    });
    expect(rows[0]!.feasible).toBe(false);
    expect(rows[1]!.cells.margin).toBe('-1.5 mm to 3.1 mm (tumour not covered)');
    expect(rows[1]!.cells.vessel).toBe('2.0 mm from a vessel of 8.0 mm');
    expect(rows[1]!.cells.feasibility).toBe('yes');
  });
  it('leaves out candidates without anatomy (older reports)', () => {
    expect(candidateAnatomyRow({ rank: 1, name: 'x', samples: [{}] })).toBeNull();
  });
  it('says why a candidate ranks after the feasible ones, once per reason', () => {
    const no = { ...none, feasible: false, reason: 'remnant 18% is below 30%' };
    expect(infeasibleNote({ samples: [{ anatomy: no }, { anatomy: no }, { anatomy: none }] }))
      .toBe('not feasible on this anatomy, ranked after the feasible candidates: remnant 18% is below 30%');
    expect(infeasibleNote({ samples: [{ anatomy: none }, {}] })).toBeNull();
  });

  it('says where the masks came from', () => {
    expect(anatomySourceNote(undefined)).toMatch(/written before/);
    expect(anatomySourceNote({ liver: { source: 'segmented', volumeMl: 1523.4 }, vessels: null, notes: ['vessels: none found'] }))
      .toBe('Liver: 1523 mL, segmented from the CT by the plan. Vessels: none. vessels: none found');
  });
});
