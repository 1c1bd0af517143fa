import { describe, expect, it } from 'vitest';
import { brierScore, coxPh, coxSurvivalPredictor, integratedBrierScore } from '../src/index.ts';
import { expectClose, hepatoCellular, reference, veteran } from './support/reference.ts';

describe('brierScore / integratedBrierScore agree with the IPCW (Graf 1999) computation in make-reference.R', () => {
  it('veteran Cox model at 30, 90, 180 days and integrated to 365 days', () => {
    const v = veteran();
    const r = reference.veteran.coxEfron;
    const predict = coxSurvivalPredictor(coxPh(v.outcome, v.covariates));
    expectClose(brierScore(v.outcome, predict, r.brier.times), r.brier.brier, 1e-6, 'Brier');
    expectClose(integratedBrierScore(v.outcome, predict, r.integratedBrier.horizon), r.integratedBrier.ibs, 1e-6, 'IBS');
  });

  it('hepatoCellular OS and RFS, integrated to 60 months', () => {
    const h = hepatoCellular();
    for (const [outcome, r] of [
      [h.os, reference.hepatoCellular.os.coxEfron],
      [h.rfs, reference.hepatoCellular.rfs.coxEfron],
    ] as const) {
      const predict = coxSurvivalPredictor(coxPh(outcome, h.covariates));
      expectClose(brierScore(outcome, predict, r.brier.times), r.brier.brier, 1e-6, 'Brier');
      expectClose(integratedBrierScore(outcome, predict, r.integratedBrier.horizon), r.integratedBrier.ibs, 1e-6, 'IBS');
    }
  });

  it('hand example without censoring: perfect predictions score 0, S = 0.5 scores 0.25', () => {
    const o = { time: [1, 2, 3, 4], event: [1, 1, 1, 1] };
    const perfect = (t: number): number[] => o.time.map((ti) => (ti > t ? 1 : 0));
    expect(Array.from(brierScore(o, perfect, [0.5, 2.5]))).toEqual([0, 0]);
    expect(integratedBrierScore(o, perfect, 4)).toBe(0);
    expect(Array.from(brierScore(o, () => [0.5, 0.5, 0.5, 0.5], [2.5]))).toEqual([0.25]);
  });
});

describe('brierScore / integratedBrierScore bad input', () => {
  const o = { time: [1, 2, 3], event: [1, 0, 1] };
  it('rejects a non-function predictor, predictions of the wrong size or outside [0, 1], bad times and horizon', () => {
    expect(() => brierScore(o, 3 as never, [1])).toThrow(/predict: expected a function/);
    expect(() => brierScore(o, () => [0.5, 0.5], [1])).toThrow(/predict: must return 3/);
    expect(() => brierScore(o, () => [0.5, 1.5, 0.5], [1])).toThrow(/outside \[0, 1\] for subject 1/);
    expect(() => brierScore(o, () => [0.5, Number.NaN, 0.5], [1])).toThrow(/predict/);
    expect(() => brierScore(o, () => [0.5, 0.5, 0.5], [Number.NaN])).toThrow(/times: entry 0/);
    expect(() => integratedBrierScore(o, () => [0.5, 0.5, 0.5], 0)).toThrow(/horizon/);
    expect(() => integratedBrierScore(o, 'x' as never, 2)).toThrow(/predict/);
  });
});
