import { describe, expect, it } from 'vitest';
import { logRankTest, SurvivalInputError } from '../src/index.ts';
import { expectClose, hepatoCellular, permutation, reference, veteran } from './support/reference.ts';
import type { Json } from './support/reference.ts';

function checkAgainstR(result: ReturnType<typeof logRankTest>, r: Json): void {
  expect(result.groups.map(String)).toEqual(r.groups);
  expectClose(result.chiSquare, r.chisq, 1e-9, 'chisq');
  expect(result.df).toBe(r.df);
  expectClose(result.p, r.p, 1e-9, 'p');
  expectClose(result.observed, r.observed, 0, 'observed');
  expectClose(result.expected, r.expected, 1e-10, 'expected');
}

describe('logRankTest agrees with R survdiff', () => {
  it('veteran by treatment (2 groups) and by cell type (4 groups)', () => {
    const v = veteran();
    checkAgainstR(logRankTest(v.outcome, v.trt), reference.veteran.logrankTrt);
    checkAgainstR(logRankTest(v.outcome, v.celltype), reference.veteran.logrankCelltype);
  });

  it('hepatoCellular OS by vascular invasion and RFS by tumour multiplicity', () => {
    const h = hepatoCellular();
    checkAgainstR(logRankTest(h.os, h.raw.Vascularinvasion!), reference.hepatoCellular.os.logrankVascularInvasion);
    checkAgainstR(logRankTest(h.rfs, h.raw.Tumormultiplicity!), reference.hepatoCellular.rfs.logrankTumorMultiplicity);
  });

  it('does not depend on row order; observed - expected sums to zero', () => {
    const v = veteran();
    const perm = permutation(v.celltype.length, 3);
    const res = logRankTest(
      { time: perm.map((i) => v.outcome.time[i]!), event: perm.map((i) => v.outcome.event[i]!) },
      perm.map((i) => v.celltype[i]!),
    );
    checkAgainstR(res, reference.veteran.logrankCelltype);
    expect(res.observed.reduce((a, b) => a + b, 0) - res.expected.reduce((a, b) => a + b, 0)).toBeCloseTo(0, 9);
  });
});

describe('logRankTest bad input', () => {
  const o = { time: [1, 2, 3, 4], event: [1, 0, 1, 1] };
  it('rejects a single group, mis-sized or invalid labels, no events', () => {
    expect(() => logRankTest(o, [1, 1, 1, 1])).toThrow(/at least 2 distinct groups/);
    expect(() => logRankTest(o, [1, 2, 1])).toThrow(/groups: expected an array of length 4/);
    expect(() => logRankTest(o, [1, 2, Number.NaN, 1])).toThrow(/groups: entry 2/);
    expect(() => logRankTest({ time: [1, 2], event: [0, 0] }, ['a', 'b'])).toThrow(/no events/);
    expect(() => logRankTest({ time: [1, -2], event: [1, 0] }, ['a', 'b'])).toThrow(SurvivalInputError);
    // group b leaves before the first event: zero variance, a typed error rather than ml-matrix's
    expect(() => logRankTest({ time: [1, 2, 3, 0.5], event: [1, 0, 1, 0] }, ['a', 'a', 'a', 'b'])).toThrow(/variance matrix is singular/);
  });
});
