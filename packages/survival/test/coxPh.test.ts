import { describe, expect, it } from 'vitest';
import { CollinearityError, ConvergenceError, coxPh, SurvivalInputError } from '../src/index.ts';
import type { CoxTies } from '../src/index.ts';
import { expectClose, hepatoCellular, permutation, reference, veteran } from './support/reference.ts';
import type { Json } from './support/reference.ts';

const TOL = 1e-6; // R and this code take identical Newton steps; agreement is far inside the 1e-4 brief

function checkAgainstR(outcome: { time: number[]; event: number[] }, covariates: Record<string, number[]>, r: Json): void {
  const fit = coxPh(outcome, covariates, { ties: r.ties as CoxTies });
  expect(fit.covariates).toEqual(r.covariates);
  expect(fit.converged).toBe(true);
  expect(fit.iterations).toBe(r.iterations);
  expectClose(fit.coefficients, r.coef, TOL, 'coef');
  expectClose(fit.stdErr, r.stdErr, TOL, 'se');
  fit.variance.forEach((row, a) => expectClose(row, r.variance.map((col: number[]) => col[a]), TOL, `var[${a}]`));
  expectClose(fit.z, r.z, TOL, 'z');
  expectClose(fit.p, r.p, TOL, 'p');
  expectClose(fit.hazardRatio, r.hazardRatio, TOL, 'HR');
  expectClose(fit.hazardRatioLower, r.hrLower, TOL, 'HR lower');
  expectClose(fit.hazardRatioUpper, r.hrUpper, TOL, 'HR upper');
  expectClose([fit.logLikNull, fit.logLik], [r.logLikNull, r.logLik], 1e-9, 'loglik');
  for (const [mine, theirs] of [
    [fit.wald, r.wald],
    [fit.likelihoodRatio, r.likelihoodRatio],
    [fit.score, r.score],
  ] as const) {
    expectClose(mine.statistic, theirs.stat, TOL, 'test statistic');
    expect(mine.df).toBe(theirs.df);
    expectClose(mine.p, theirs.p, TOL, 'test p');
  }
  expectClose(fit.means, r.means, 1e-12, 'means');
  expectClose(fit.linearPredictor, r.linearPredictor, TOL, 'linear predictor');
}

describe('coxPh agrees with R coxph', () => {
  it('veteran, Efron and Breslow ties: coef, se, variance, HR CI, Wald/LR/score, loglik, means', () => {
    const v = veteran();
    checkAgainstR(v.outcome, v.covariates, reference.veteran.coxEfron);
    checkAgainstR(v.outcome, v.covariates, reference.veteran.coxBreslow);
  });

  it('hepatoCellular OS (Efron, Breslow) and RFS (Efron), integer months with many ties', () => {
    const h = hepatoCellular();
    checkAgainstR(h.os, h.covariates, reference.hepatoCellular.os.coxEfron);
    checkAgainstR(h.os, h.covariates, reference.hepatoCellular.os.coxBreslow);
    checkAgainstR(h.rfs, h.covariates, reference.hepatoCellular.rfs.coxEfron);
  });

  it('Efron and Breslow differ on tied data (the tie handling is really exercised)', () => {
    const r = reference.hepatoCellular.os;
    expect(Math.abs(r.coxEfron.coef[1] - r.coxBreslow.coef[1])).toBeGreaterThan(1e-3);
  });

  it('does not depend on row order', () => {
    const v = veteran();
    const perm = permutation(v.outcome.time.length, 11);
    const pick = (xs: number[]): number[] => perm.map((i) => xs[i]!);
    const cov = Object.fromEntries(Object.entries(v.covariates).map(([k, xs]) => [k, pick(xs)]));
    const fit = coxPh({ time: pick(v.outcome.time), event: pick(v.outcome.event) }, cov);
    expectClose(fit.coefficients, reference.veteran.coxEfron.coef, TOL, 'coef');
    expectClose(fit.logLik, reference.veteran.coxEfron.logLik, 1e-9, 'loglik');
  });
});

describe('coxPh bad input', () => {
  const o = { time: [5, 8, 3, 9, 12, 4, 7, 10], event: [1, 0, 1, 1, 0, 1, 1, 0] };
  const x = [0.5, 1.2, -0.3, 2.2, 0.1, 1.7, -1.1, 0.9];

  it('rejects NaN / infinite covariates, missing or mis-sized columns, no covariates', () => {
    expect(() => coxPh(o, { x: x.map((v, i) => (i === 3 ? Number.NaN : v)) })).toThrow(/covariates\.x: entry 3/);
    expect(() => coxPh(o, { x: x.map((v, i) => (i === 3 ? Number.POSITIVE_INFINITY : v)) })).toThrow(SurvivalInputError);
    expect(() => coxPh(o, { x: x.slice(1) })).toThrow(/covariates\.x: expected an array of 8/);
    expect(() => coxPh(o, {})).toThrow(/at least one covariate/);
  });

  it('rejects negative or non-finite times and a data set without events; allows time 0 like R', () => {
    expect(() => coxPh({ ...o, time: o.time.map((t, i) => (i === 0 ? -1 : t)) }, { x })).toThrow(/outcome\.time: entry 0/);
    expect(() => coxPh({ ...o, time: o.time.map((t, i) => (i === 0 ? Number.NaN : t)) }, { x })).toThrow(SurvivalInputError);
    expect(() => coxPh({ ...o, event: o.event.map(() => 0) }, { x })).toThrow(/no events/);
    expect(coxPh({ ...o, time: o.time.map((t, i) => (i === 0 ? 0 : t)) }, { x }).converged).toBe(true);
  });

  it('names a constant covariate and collinear covariates (R would return NA coefficients)', () => {
    const constant = (): unknown => coxPh(o, { x, c: x.map(() => 2) });
    expect(constant).toThrow(CollinearityError);
    expect(constant).toThrow(/'c' is constant/);
    try {
      coxPh(o, { x, y: x.map((v, i) => v * i), z: x.map((v, i) => 2 * v - 3 * v * i) });
      expect.fail('collinear covariates were accepted');
    } catch (e) {
      expect(e).toBeInstanceOf(CollinearityError);
      expect((e as CollinearityError).covariates).toEqual(['z', 'x', 'y']);
    }
  });

  it('monotone likelihood (complete separation): ConvergenceError by default, a flagged fit on request', () => {
    // Same data as R: coxph(Surv(1:10, rep(1, 10)) ~ c(1,1,1,1,1,0,0,0,0,0)) warns
    // "Loglik converged before variable 1; coefficient may be infinite".
    const sep = { time: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], event: Array(10).fill(1) as number[] };
    const group = [1, 1, 1, 1, 1, 0, 0, 0, 0, 0];
    expect(() => coxPh(sep, { group })).toThrow(ConvergenceError);
    try {
      coxPh(sep, { group });
    } catch (e) {
      expect((e as ConvergenceError).reason).toBe('infinite-coefficient');
      expect((e as ConvergenceError).covariates).toEqual(['group']);
    }
    const flagged = coxPh(sep, { group }, { onNonConvergence: 'flag' });
    expect(flagged.possiblyInfinite).toEqual(['group']);
    expect(flagged.coefficients[0]).toBeGreaterThan(10);
  });

  it('iteration limit: ConvergenceError, or converged = false with the flag option', () => {
    const v = veteran();
    expect(() => coxPh(v.outcome, v.covariates, { maxIterations: 2 })).toThrow(/did not converge in 2 iterations/);
    expect(coxPh(v.outcome, v.covariates, { maxIterations: 2, onNonConvergence: 'flag' }).converged).toBe(false);
  });

  it('rejects bad options', () => {
    expect(() => coxPh(o, { x }, { ties: 'exact' as never })).toThrow(/options\.ties/);
    expect(() => coxPh(o, { x }, { maxIterations: 0 })).toThrow(/options\.maxIterations/);
    expect(() => coxPh(o, { x }, { maxIterations: 2.5 })).toThrow(/options\.maxIterations/);
    expect(() => coxPh(o, { x }, { tolerance: -1 })).toThrow(/options\.tolerance/);
    expect(() => coxPh(o, { x }, { confLevel: 0 })).toThrow(/options\.confLevel/);
    expect(() => coxPh(o, { x }, { onNonConvergence: 'warn' as never })).toThrow(/options\.onNonConvergence/);
  });
});
