/**
 * Bad input across the public entry points that take an outcome: NaN and negative times give a
 * SurvivalInputError naming `outcome.time`; no events gives a typed error or the documented result
 * (README "Bad input"); flagged non-converged fits are not exported; the export of a site-fitted
 * model validates its options.
 */
import { describe, expect, it } from 'vitest';
import {
  brierScore,
  concordanceIndex,
  ConvergenceError,
  coxPh,
  crossValidatedConcordance,
  exportCoxModelToOnnx,
  exportFittedCoxModel,
  coxBaselineHazard,
  integratedBrierScore,
  kaplanMeier,
  logRankTest,
  SurvivalInputError,
  timeDependentAuc,
  CollinearityError,
} from '../src/index.ts';
import { veteran } from './support/reference.ts';

const x = { a: [1, 2, 3, 5, 4, 6] };
const half = () => new Float64Array(6).fill(0.5);
const entryPoints: Record<string, (o: { time: number[]; event: number[] }) => unknown> = {
  kaplanMeier: (o) => kaplanMeier(o),
  logRankTest: (o) => logRankTest(o, [0, 1, 0, 1, 0, 1]),
  coxPh: (o) => coxPh(o, x),
  concordanceIndex: (o) => concordanceIndex(o, [1, 2, 3, 4, 5, 6]),
  timeDependentAuc: (o) => timeDependentAuc(o, [1, 2, 3, 4, 5, 6], [2]),
  brierScore: (o) => brierScore(o, half, [2]),
  integratedBrierScore: (o) => integratedBrierScore(o, half, 3),
  crossValidatedConcordance: (o) => crossValidatedConcordance(o, x, { folds: 2, repeats: 1 }),
};

describe('bad outcomes across entry points', () => {
  it.each(Object.keys(entryPoints))('%s: NaN, infinite and negative times, non-0/1 events → SurvivalInputError naming the argument', (name) => {
    const f = entryPoints[name]!;
    const event = [1, 0, 1, 1, 0, 1];
    for (const bad of [Number.NaN, Number.POSITIVE_INFINITY, -2]) {
      expect(() => f({ time: [1, bad, 3, 4, 5, 6], event })).toThrow(/^outcome\.time: entry 1/);
      expect(() => f({ time: [1, bad, 3, 4, 5, 6], event })).toThrow(SurvivalInputError);
    }
    expect(() => f({ time: [1, 2, 3, 4, 5, 6], event: [1, 0, 2, 1, 0, 1] })).toThrow(/outcome\.event: entry 2/);
  });

  it('no events: a typed error where the quantity is undefined, the documented result elsewhere', () => {
    const none = { time: [1, 2, 3, 4, 5, 6], event: [0, 0, 0, 0, 0, 0] };
    for (const name of ['logRankTest', 'coxPh', 'concordanceIndex', 'crossValidatedConcordance']) {
      expect(() => entryPoints[name]!(none), name).toThrow(SurvivalInputError);
    }
    expect(Array.from(kaplanMeier(none).survival)).toEqual([1, 1, 1, 1, 1, 1]); // S = 1, as R
    expect(timeDependentAuc(none, [1, 2, 3, 4, 5, 6], [2]).auc[0]).toBeNaN(); // documented: NaN without cases
  });

  it('constant and collinear covariates are named (CollinearityError), also in cross-validation', () => {
    const o = { time: [1, 2, 3, 4, 5, 6], event: [1, 0, 1, 1, 0, 1] };
    expect(() => coxPh(o, { a: [1, 1, 1, 1, 1, 1] })).toThrow(CollinearityError);
    expect(() => coxPh(o, { a: x.a, b: x.a.map((v) => 2 * v + 1) })).toThrow(/'b' is a linear combination of 'a'/);
    expect(() => crossValidatedConcordance(o, { a: [1, 1, 1, 1, 1, 1] }, { folds: 2, repeats: 1 })).toThrow(CollinearityError);
  });
});

describe('export refuses fits that are not fit for scoring', () => {
  const v = veteran();
  const opts = { times: [30, 90], rmstHorizon: 180 };

  it('a fit flagged as not converged or with a possibly infinite coefficient is not exported (ConvergenceError)', () => {
    const notConverged = coxPh(v.outcome, v.covariates, { maxIterations: 2, onNonConvergence: 'flag' });
    expect(() => exportCoxModelToOnnx(notConverged, coxBaselineHazard(notConverged), opts)).toThrow(ConvergenceError);
    const sep = coxPh({ time: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], event: Array(10).fill(1) }, { g: [1, 1, 1, 1, 1, 0, 0, 0, 0, 0] }, { onNonConvergence: 'flag' });
    expect(() => exportCoxModelToOnnx(sep, coxBaselineHazard(sep), { times: [2], rmstHorizon: 5 })).toThrow(/'g' may be infinite/);
  });

  it('exportFittedCoxModel validates the data hash, dropped count and times', () => {
    const fit = coxPh(v.outcome, v.covariates);
    const concordance = concordanceIndex(v.outcome, fit.linearPredictor);
    const base = { dataSha256: 'a'.repeat(64), timeColumn: 'time', eventColumn: 'status', droppedRows: 0, concordance, ...opts };
    expect(exportFittedCoxModel(fit, base).onnx.length).toBeGreaterThan(100);
    expect(() => exportFittedCoxModel(fit, { ...base, dataSha256: 'data.csv' })).toThrow(/opts\.dataSha256/);
    expect(() => exportFittedCoxModel(fit, { ...base, droppedRows: -1 })).toThrow(/opts\.droppedRows/);
    expect(() => exportFittedCoxModel(fit, { ...base, times: [30, 5000] })).toThrow(/^times/);
    expect(() => exportFittedCoxModel(fit, { ...base, rmstHorizon: Number.NaN })).toThrow(/rmstHorizon/);
  });
});
