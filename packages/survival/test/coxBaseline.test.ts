import { describe, expect, it } from 'vitest';
import {
  coxBaselineHazard,
  coxLinearPredictor,
  coxPh,
  coxPredictSurvival,
  coxSurvivalPredictor,
  restrictedMeanSurvival,
} from '../src/index.ts';
import type { CoxFit, CoxTies } from '../src/index.ts';
import { expectClose, hepatoCellular, reference, veteran } from './support/reference.ts';
import type { Json } from './support/reference.ts';

const TOL = 1e-6;

function checkAgainstR(fit: CoxFit, r: Json): void {
  for (const [centered, key] of [
    [true, 'baseHazardCentered'],
    [false, 'baseHazardUncentered'],
  ] as const) {
    const h = coxBaselineHazard(fit, { centered });
    expectClose(h.time, r[key].time, 0, `${key} time`);
    expectClose(h.cumulativeHazard, r[key].cumulativeHazard, TOL, `${key} hazard`);
  }
  const pred = coxPredictSurvival(fit, r.predicted.profiles);
  expectClose(pred.time, r.predicted.time, 0, 'predicted time');
  pred.survival.forEach((curve, k) => {
    expectClose(curve, r.predicted.survival[k], TOL, `S(t | profile ${k})`);
    const rm = restrictedMeanSurvival({ time: pred.time, survival: curve }, r.predicted.rmeanHorizon);
    expectClose(rm.rmst, r.predicted.rmean[k], TOL, `rmean profile ${k}`);
  });
}

describe('Cox baseline hazard and predicted survival agree with R basehaz / survfit(coxph, newdata)', () => {
  it('veteran, Efron (Efron hazard increments) and Breslow ties, two covariate profiles, RMST at 365 days', () => {
    const v = veteran();
    for (const r of [reference.veteran.coxEfron, reference.veteran.coxBreslow]) {
      checkAgainstR(coxPh(v.outcome, v.covariates, { ties: r.ties as CoxTies }), r);
    }
  });

  it('hepatoCellular OS and RFS (tied months), RMST at 60 months', () => {
    const h = hepatoCellular();
    const os = reference.hepatoCellular.os;
    checkAgainstR(coxPh(h.os, h.covariates, { ties: 'efron' }), os.coxEfron);
    checkAgainstR(coxPh(h.os, h.covariates, { ties: 'breslow' }), os.coxBreslow);
    checkAgainstR(coxPh(h.rfs, h.covariates), reference.hepatoCellular.rfs.coxEfron);
  });

  it('the subject predictor reproduces coxPredictSurvival for a training subject', () => {
    const v = veteran();
    const fit = coxPh(v.outcome, v.covariates);
    const subject = Object.fromEntries(Object.entries(v.covariates).map(([k, xs]) => [k, xs[5]!]));
    const curve = coxPredictSurvival(fit, [subject]);
    const k = 40;
    expect(coxSurvivalPredictor(fit)(curve.time[k]!)[5]).toBeCloseTo(curve.survival[0]![k]!, 12);
    expect(coxSurvivalPredictor(fit, v.covariates)(curve.time[k]!)[5]).toBeCloseTo(curve.survival[0]![k]!, 12);
    expect(coxSurvivalPredictor(fit)(0)[5]).toBe(1);
    expect(coxLinearPredictor(fit, subject)).toBeCloseTo(fit.linearPredictor[5]!, 12);
  });
});

describe('Cox prediction bad input', () => {
  const v = veteran();
  const fit = coxPh(v.outcome, v.covariates);
  const profile = reference.veteran.coxEfron.predicted.profiles[0] as Record<string, number>;

  it('rejects missing, unknown and non-finite covariates', () => {
    const { karno: _drop, ...missing } = profile;
    expect(() => coxPredictSurvival(fit, [missing])).toThrow(/profiles\[0\]\.karno: must be a finite number/);
    expect(() => coxPredictSurvival(fit, [{ ...profile, weight: 70 }])).toThrow(/profiles\[0\]\.weight: is not a covariate/);
    expect(() => coxPredictSurvival(fit, [{ ...profile, age: Number.NaN }])).toThrow(/profiles\[0\]\.age/);
    expect(() => coxPredictSurvival(fit, [])).toThrow(/profiles: expected a non-empty array/);
    expect(() => coxLinearPredictor(fit, null as never)).toThrow(/profile/);
    expect(() => coxSurvivalPredictor(fit, { ...v.covariates, age: v.covariates.age!.slice(1) })).toThrow(/covariates\.age/);
  });

  it('rejects something that is not a fit', () => {
    expect(() => coxBaselineHazard({} as never)).toThrow(/fit: expected a CoxFit/);
    expect(() => coxPredictSurvival(null as never, [profile])).toThrow(/fit/);
  });
});
