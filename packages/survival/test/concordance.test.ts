import { describe, expect, it } from 'vitest';
import { concordanceIndex, coxPh } from '../src/index.ts';
import type { ConcordanceResult } from '../src/index.ts';
import { expectClose, hepatoCellular, reference, veteran } from './support/reference.ts';
import type { Json } from './support/reference.ts';

function checkAgainstR(c: ConcordanceResult, r: Json, tol = 1e-9): void {
  expectClose(c.concordance, r.concordance, tol, 'concordance');
  expectClose(c.stdErr, r.stdErr, tol, 'se');
  expectClose(
    [c.counts.concordant, c.counts.discordant, c.counts.tiedRisk, c.counts.tiedTime, c.counts.tiedTimeAndRisk],
    [r.counts.concordant, r.counts.discordant, r.counts['tied.x'], r.counts['tied.y'], r.counts['tied.xy']],
    tol,
    'counts',
  );
}

describe("concordanceIndex agrees with R concordance() (Harrell) and timewt = 'n/G2' (Uno)", () => {
  it("veteran Cox model, on R's linear predictor and on ours", () => {
    const v = veteran();
    const r = reference.veteran.coxEfron;
    checkAgainstR(concordanceIndex(v.outcome, r.linearPredictor), r.harrell);
    checkAgainstR(concordanceIndex(v.outcome, r.linearPredictor, { timeWeight: 'n/G2' }), r.uno);
    const lp = coxPh(v.outcome, v.covariates).linearPredictor;
    checkAgainstR(concordanceIndex(v.outcome, lp), r.harrell, 1e-6);
    checkAgainstR(concordanceIndex(v.outcome, lp, { timeWeight: 'n/G2' }), r.uno, 1e-6);
  });

  it('hepatoCellular OS and RFS: tied risk scores (binary covariates) and tied times', () => {
    const h = hepatoCellular();
    for (const [outcome, r] of [
      [h.os, reference.hepatoCellular.os.coxEfron],
      [h.rfs, reference.hepatoCellular.rfs.coxEfron],
    ] as const) {
      expect(r.harrell.counts['tied.x']).toBeGreaterThan(0);
      checkAgainstR(concordanceIndex(outcome, r.linearPredictor), r.harrell);
      checkAgainstR(concordanceIndex(outcome, r.linearPredictor, { timeWeight: 'n/G2' }), r.uno);
    }
  });

  it('hand example: one concordant, one discordant, one tied pair; censored at an event time outlives it', () => {
    // times 1 (event, risk 3), 2 (event, risk 1), 2 (censored, risk 2), 3 (censored, risk 1)
    // pairs: 1 vs 2,2c,3 -> 3 concordant; 2e vs 2c: 1 < 2 discordant; 2e vs 3c: 1 = 1 tied
    const c = concordanceIndex({ time: [1, 2, 2, 3], event: [1, 1, 0, 0] }, [3, 1, 2, 1]);
    expect(c.counts).toEqual({ concordant: 3, discordant: 1, tiedRisk: 1, tiedTime: 0, tiedTimeAndRisk: 0 });
    expect(c.concordance).toBeCloseTo(3.5 / 5, 12);
    const reversed = concordanceIndex({ time: [1, 2, 2, 3], event: [1, 1, 0, 0] }, [3, 1, 2, 1], { scoreDirection: 'survival' });
    expect(reversed.concordance).toBeCloseTo(1.5 / 5, 12);
  });
});

describe('concordanceIndex bad input', () => {
  const o = { time: [1, 2, 3], event: [1, 0, 1] };
  it('rejects mis-sized or non-finite scores, bad options, and data without comparable pairs', () => {
    expect(() => concordanceIndex(o, [1, 2])).toThrow(/riskScore: expected an array of 3/);
    expect(() => concordanceIndex(o, [1, Number.NaN, 2])).toThrow(/riskScore: entry 1/);
    expect(() => concordanceIndex(o, [1, 2, 3], { timeWeight: 'S/G' as never })).toThrow(/options\.timeWeight/);
    expect(() => concordanceIndex(o, [1, 2, 3], { scoreDirection: 'up' as never })).toThrow(/options\.scoreDirection/);
    expect(() => concordanceIndex({ time: [1, 2], event: [0, 0] }, [1, 2])).toThrow(/no comparable pairs/);
    expect(() => concordanceIndex({ time: [-1, 2], event: [1, 0] }, [1, 2])).toThrow(/outcome\.time/);
  });
});
