import { describe, expect, it } from 'vitest';
import {
  coxBaselineHazard,
  coxLinearPredictor,
  coxPh,
  coxPredictSurvival,
  exportCoxModelToOnnx,
  restrictedMeanSurvival,
  rmstGrid,
  SurvivalInputError,
} from '../src/index.ts';
import type { CoxFit, CoxOnnxOptions } from '../src/index.ts';
import { expectClose, hepatoCellular, reference, veteran } from './support/reference.ts';
import { checkWithPythonOnnx, runCoxOnnx } from './support/onnxRun.ts';
import { hasTool } from '../../../test/support/external-tool.ts';

const TOL = 1e-5;
const hasPythonOnnx = hasTool('onnx');

/** S(t) of a predicted step curve (1 before the first time). */
function survivalAt(time: Float64Array, curve: Float64Array, t: number): number {
  let s = 1;
  for (let j = 0; j < time.length && time[j]! <= t; j++) s = curve[j]!;
  return s;
}

/** Rows of the training data in fit order, rounded to float32 as the model sees them. */
function rowsOf(fit: CoxFit, covariates: Record<string, number[]>): number[][] {
  const n = covariates[fit.covariates[0]!]!.length;
  return Array.from({ length: n }, (_, i) => fit.covariates.map((c) => Math.fround(covariates[c]![i]!)));
}

/** ONNX outputs vs coxLinearPredictor, coxPredictSurvival and restrictedMeanSurvival (the TypeScript predictions). */
async function compareWithTypeScript(fit: CoxFit, rows: number[][], opts: CoxOnnxOptions): Promise<void> {
  const bytes = exportCoxModelToOnnx(fit, coxBaselineHazard(fit), opts);
  const out = await runCoxOnnx(bytes, rows);
  const T = opts.times.length;
  expect(out.survivalDims).toEqual([rows.length, T]);
  const profiles = rows.map((r) => Object.fromEntries(fit.covariates.map((c, a) => [c, r[a]!])));
  const pred = coxPredictSurvival(fit, profiles);
  expectClose(out.logRisk, profiles.map((pr) => coxLinearPredictor(fit, pr)), TOL, 'logRisk');
  pred.survival.forEach((curve, i) => {
    const expected = opts.times.map((t) => survivalAt(pred.time, curve, t));
    expectClose(out.survival.subarray(i * T, i * T + T), expected, TOL, `survival row ${i}`);
  });
  const rmst = pred.survival.map((curve) => restrictedMeanSurvival({ time: pred.time, survival: curve }, opts.rmstHorizon).rmst);
  expectClose(out.rmst, rmst, TOL, 'rmst');
}

describe('exportCoxModelToOnnx: the ONNX graph reproduces the TypeScript Cox predictions', () => {
  it('veteran, Efron and Breslow ties: every subject, S(t) at 30/90/180/365 days, RMST to 365 days', async () => {
    const v = veteran();
    for (const ties of ['efron', 'breslow'] as const) {
      const fit = coxPh(v.outcome, v.covariates, { ties });
      await compareWithTypeScript(fit, rowsOf(fit, v.covariates), { times: [30, 90, 180, 365], rmstHorizon: 365, timeUnit: 'days' });
    }
  });

  it('hepatoCellular OS (tied months): every patient, S(t) at 6/12/24/36/60 months, RMST to 60 months', async () => {
    const h = hepatoCellular();
    const fit = coxPh(h.os, h.covariates);
    await compareWithTypeScript(fit, rowsOf(fit, h.covariates), { times: [6, 12, 24, 36, 60], rmstHorizon: 60, timeUnit: 'months' });
  });

  it('reproduces R survfit(coxph, newdata) for the reference profiles (rmean at 60 months from R)', async () => {
    const h = hepatoCellular();
    const fit = coxPh(h.os, h.covariates);
    const r = reference.hepatoCellular.os.coxEfron.predicted;
    const rows = (r.profiles as Record<string, number>[]).map((pr) => fit.covariates.map((c) => pr[c]!));
    const out = await runCoxOnnx(exportCoxModelToOnnx(fit, coxBaselineHazard(fit), { times: [12, 24, 36], rmstHorizon: r.rmeanHorizon }), rows);
    expectClose(out.rmst, r.rmean, TOL, 'rmst vs R rmean');
    const rTime = Float64Array.from(r.time as number[]);
    rows.forEach((_, i) => {
      // R's survfit(newdata) matrix, written column by column: entry i is profile i's curve.
      const curve = Float64Array.from((r.survival as number[][])[i]!);
      expectClose(out.survival.subarray(i * 3, i * 3 + 3), [12, 24, 36].map((t) => survivalAt(rTime, curve, t)), TOL, `S vs R, profile ${i}`);
    });
  });

  it('the default grid is exact and a coarse grid gives the left-endpoint rule on S', async () => {
    const v = veteran();
    const fit = coxPh(v.outcome, v.covariates);
    const base = coxBaselineHazard(fit);
    const exact = rmstGrid(base, 365);
    expect(exact.exact).toBe(true);
    expect(exact.points[0]).toBe(0);
    expect(exact.widths.reduce((a, b) => a + b, 0)).toBeCloseTo(365, 9);
    const coarse = rmstGrid(base, 365, [0, 100, 200, 300]);
    expect(coarse.exact).toBe(false);
    expect(Array.from(coarse.widths)).toEqual([100, 100, 100, 65]);
    const row = [fit.covariates.map((c) => v.covariates[c]![0]!)];
    const out = await runCoxOnnx(exportCoxModelToOnnx(fit, base, { times: [100], rmstHorizon: 365, grid: [0, 100, 200, 300] }), row);
    const lp = fit.linearPredictor[0]!;
    const s = (t: number): number => {
      let h = 0;
      for (let j = 0; j < base.time.length && base.time[j]! <= t; j++) h = base.cumulativeHazard[j]!;
      return Math.exp(-h * Math.exp(lp));
    };
    expectClose(out.rmst, [100 * (s(0) + s(100) + s(200)) + 65 * s(300)], TOL, 'left-endpoint rmst');
  });

  it.skipIf(!hasPythonOnnx)('passes onnx.checker (full check) and carries the metadata (python3-onnx)', () => {
    const v = veteran();
    const fit = coxPh(v.outcome, v.covariates);
    const info = checkWithPythonOnnx(
      exportCoxModelToOnnx(fit, coxBaselineHazard(fit), { times: [30, 90], rmstHorizon: 365, name: 'vet', version: '9.9.9', timeUnit: 'days', metadata: { site: 'x' } }),
    );
    expect(info.irVersion).toBe(8);
    expect(info.opset).toBe(17);
    expect(info.inputs).toEqual(['features']);
    expect(info.outputs).toEqual(['logRisk', 'survival', 'rmst']);
    expect(info.metadata.name).toBe('vet');
    expect(info.metadata.version).toBe('9.9.9');
    expect(info.metadata.label).toBe('research use only, not for clinical use');
    expect(JSON.parse(info.metadata.covariates!)).toEqual(fit.covariates);
    expect(JSON.parse(info.metadata.times!)).toEqual([30, 90]);
    expect(info.metadata.rmstHorizon).toBe('365');
    expect(info.metadata.ties).toBe('efron');
    expect(info.metadata.site).toBe('x');
  });

  it('is deterministic: the same fit and options give identical bytes', () => {
    const v = veteran();
    const fit = coxPh(v.outcome, v.covariates);
    const a = exportCoxModelToOnnx(fit, coxBaselineHazard(fit), { times: [30], rmstHorizon: 365 });
    const b = exportCoxModelToOnnx(coxPh(v.outcome, v.covariates), coxBaselineHazard(fit), { times: [30], rmstHorizon: 365 });
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
  });
});

describe('exportCoxModelToOnnx bad input', () => {
  const v = veteran();
  const fit = coxPh(v.outcome, v.covariates);
  const base = coxBaselineHazard(fit);
  const ok: CoxOnnxOptions = { times: [30, 90], rmstHorizon: 365 };

  it('refuses something that is not a CoxFit', () => {
    expect(() => exportCoxModelToOnnx({} as CoxFit, base, ok)).toThrow(SurvivalInputError);
    expect(() => exportCoxModelToOnnx(null as unknown as CoxFit, base, ok)).toThrow(/fit/);
  });

  it('refuses an uncentred, foreign or malformed baseline', () => {
    expect(() => exportCoxModelToOnnx(fit, coxBaselineHazard(fit, { centered: false }), ok)).toThrow(/centred/);
    const h = coxPh(hepatoCellular().os, hepatoCellular().covariates);
    expect(() => exportCoxModelToOnnx(fit, coxBaselineHazard(h), ok)).toThrow(/baseline/);
    expect(() => exportCoxModelToOnnx(fit, { time: base.time, cumulativeHazard: base.cumulativeHazard.slice(1) }, ok)).toThrow(SurvivalInputError);
    const decreasing = Float64Array.from(base.cumulativeHazard).reverse();
    expect(() => exportCoxModelToOnnx(fit, { time: base.time, cumulativeHazard: decreasing }, ok)).toThrow(/cumulativeHazard/);
  });

  it('refuses times that are empty, unsorted, negative, NaN or beyond the follow-up', () => {
    for (const times of [[], [90, 30], [30, 30], [-1], [Number.NaN], [1000]]) {
      expect(() => exportCoxModelToOnnx(fit, base, { times, rmstHorizon: 365 })).toThrow(/times/);
    }
  });

  it('refuses a horizon that is not in (0, last follow-up]', () => {
    for (const rmstHorizon of [0, -5, Number.POSITIVE_INFINITY, 1000, Number.NaN]) {
      expect(() => exportCoxModelToOnnx(fit, base, { times: [30], rmstHorizon })).toThrow(/rmstHorizon/);
    }
  });

  it('refuses a grid that is unsorted or leaves [0, horizon)', () => {
    for (const grid of [[0, 50, 40], [0, 365], [-1, 10], [0, Number.NaN]]) {
      expect(() => exportCoxModelToOnnx(fit, base, { ...ok, grid })).toThrow(/grid/);
    }
  });

  it('refuses metadata that clashes with a standard key', () => {
    expect(() => exportCoxModelToOnnx(fit, base, { ...ok, metadata: { label: 'clinical' } })).toThrow(/metadata\.label/);
  });
});
