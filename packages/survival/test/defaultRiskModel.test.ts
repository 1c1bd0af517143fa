import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildDefaultRiskModelArtifacts } from '../src/defaultRiskModelCard.ts';
import { buildDefaultRiskModel, DEFAULT_RISK_TIMES_MONTHS } from '../src/defaultRiskModel.ts';
import { hepatoCellularCohort, parseNumericCsv } from '../src/hepatoCellularCohort.ts';
import { predictCoxLinearModel, RESIDUAL_AFTER_CURATIVE_EFFECT, restrictedMeanSurvival, SurvivalInputError } from '../src/index.ts';
import { expectClose, reference } from './support/reference.ts';
import { checkWithPythonOnnx, runCoxOnnx } from './support/onnxRun.ts';
import { repoRoot, sharedData } from '../../../test/support/shared-data.ts';
import { hasTool } from '../../../test/support/external-tool.ts';

const csvText = readFileSync(sharedData('survival', 'hepatoCellular.csv'), 'utf8');
const artifacts = buildDefaultRiskModelArtifacts(csvText);
const { built } = artifacts;
const modelPath = resolve(repoRoot, 'models', 'risk-cox-hcc.onnx');
const cardPath = resolve(repoRoot, 'models', 'risk-cox-hcc.json');
const names = built.model.covariates;

/** A feature row from named values (unnamed treatment features 0). */
function row(values: Record<string, number>): number[] {
  for (const k of Object.keys(values)) if (!names.includes(k)) throw new Error(`unknown feature ${k}`);
  return names.map((n) => values[n] ?? 0);
}
const average = { ...built.imputation };

describe('default risk model (models/risk-cox-hcc.onnx and its card)', () => {
  it('the committed ONNX and card are exactly what the build script produces from the cohort', () => {
    const onDisk = readFileSync(modelPath);
    expect(Buffer.from(artifacts.onnx).equals(onDisk)).toBe(true);
    const card = JSON.parse(readFileSync(cardPath, 'utf8'));
    expect(card).toEqual(JSON.parse(JSON.stringify(artifacts.card)));
    expect(card.onnx.sha256).toBe(createHash('sha256').update(onDisk).digest('hex'));
    expect(card.onnx.sizeBytes).toBe(onDisk.length);
    expect(card.label).toBe('research use only, not for clinical use');
    expect(card.inputs[0].order).toEqual(names);
    expect(card.covariates.map((c: { name: string }) => c.name)).toEqual(names);
  });

  it('the fitted clinical part equals R coxph on the same coding (reference.json, 1e-6)', () => {
    const r = reference.hepatoCellular.os.coxEfron;
    expect(built.fit.covariates).toEqual(r.covariates);
    expectClose(built.fit.coefficients, r.coef, 1e-6, 'coef');
    expectClose(built.fit.stdErr, r.stdErr, 1e-6, 'se');
    expectClose(built.fit.means, r.means, 1e-9, 'means');
    expect(built.fit.n).toBe(227);
  });

  it('reports a cross-validated C-index in the plausible range, below the apparent one', () => {
    const cv = built.crossValidation;
    expect(cv.foldConcordance).toHaveLength(50);
    expect(cv.mean).toBeGreaterThan(0.6);
    expect(cv.mean).toBeLessThan(0.8);
    expect(cv.mean).toBeLessThan(built.apparentConcordance);
    expect(cv.sdRepeats).toBeLessThan(0.05);
    expect(cv.sdFolds).toBeGreaterThan(0);
    const card = artifacts.card as { evaluation: { cvConcordanceMean: number } };
    expect(card.evaluation.cvConcordanceMean).toBeCloseTo(cv.mean, 6);
  });

  it('published terms are the log hazard ratios: responder log(0.39) (TACE only); lenvatinib and atezo+bev vs sorafenib 0.92 and 0.66', () => {
    const coef = (n: string): number => built.model.coefficients[names.indexOf(n)]!;
    expect(coef('mrecistResponder')).toBeCloseTo(Math.log(0.39), 12);
    // The responder term does not apply to systemic therapy: the modality terms alone carry the trial HRs.
    expect(Math.exp(coef('modalityLenvatinib') - coef('modalitySorafenib'))).toBeCloseTo(0.92, 12);
    expect(Math.exp(coef('modalityAtezoBev') - coef('modalitySorafenib'))).toBeCloseTo(0.66, 12);
    expect(coef('modalityLenvatinib')).toBeLessThan(coef('modalitySorafenib'));
    expect(built.modalities.filter((m) => m.evidence.responseTermApplies).map((m) => m.evidence.modality)).toEqual(['ctace']);
    // IMbrave150: one cited response figure, the dynamics card's 27.3 % (RECIST 1.1, independent review).
    const dynamics = JSON.parse(readFileSync(resolve(repoRoot, 'models', 'dynamics.json'), 'utf8')) as { parameters: { id: string; value: number }[] };
    const atezo = built.modalities.find((m) => m.evidence.modality === 'atezolizumabBevacizumab')!;
    expect(atezo.evidence.responseRate).toBe(dynamics.parameters.find((p) => p.id === 'systemic.atezolizumab-bevacizumab.objectiveResponseRate')!.value);
    expect(atezo.evidence.responseRate).toBe(0.273);
    expect(JSON.stringify(artifacts.card)).not.toMatch(/33\.2|Li H,/);
  });

  it('best supportive care is the SHARP placebo arm: HR 1/0.69 vs sorafenib, placebo median 7.9 recorded with the model median', () => {
    const coef = (n: string): number => built.model.coefficients[names.indexOf(n)]!;
    expect(Math.exp(coef('modalitySorafenib') - coef('modalityBestSupportiveCare'))).toBeCloseTo(0.69, 12);
    // The new column is appended: the other modality columns keep their positions.
    expect(names.slice(7, 12)).toEqual(['modalityCtace', 'modalitySorafenib', 'modalityLenvatinib', 'modalityAtezoBev', 'modalityBestSupportiveCare']);
    const bsc = built.modalities.find((m) => m.evidence.modality === 'bestSupportiveCare')!;
    const sorafenib = built.modalities.find((m) => m.evidence.modality === 'sorafenib')!;
    expect(bsc.evidence.publishedMedianOsMonths).toBe(7.9);
    expect(bsc.evidence.responseRate).toBe(0.01);
    expect(bsc.modelMedianOsMonths).toBeLessThan(sorafenib.modelMedianOsMonths);
    const card = artifacts.card as { modalityCalibration: { modality: string; modelMedianOsMonths: number; coefficient: number }[]; provenance: { published: { use: string; citation: string }[] } };
    const cal = card.modalityCalibration.find((m) => m.modality === 'bestSupportiveCare')!;
    expect(cal.modelMedianOsMonths).toBe(bsc.modelMedianOsMonths);
    expect(cal.coefficient).toBeCloseTo(bsc.gamma, 8);
    expect(card.provenance.published.filter((p) => p.use.startsWith('bestSupportiveCare:')).map((p) => p.citation)).toEqual([
      expect.stringMatching(/SHARP.*N Engl J Med 2008;359:378-390/),
      expect.stringMatching(/SHARP.*N Engl J Med 2008;359:378-390/),
    ]);
  });

  it('scores best supportive care worse than sorafenib for the same features (higher log-risk, lower S and RMST) in the ONNX output', async () => {
    const x = { ...average, mrecistResponder: 0 };
    const out = await runCoxOnnx(artifacts.onnx, [row({ ...x, modalitySorafenib: 1 }), row({ ...x, modalityBestSupportiveCare: 1 })]);
    expect(out.logRisk[1]! - out.logRisk[0]!).toBeCloseTo(Math.log(1 / 0.69), 5);
    expect(out.rmst[1]).toBeLessThan(out.rmst[0]!);
    for (let k = 0; k < DEFAULT_RISK_TIMES_MONTHS.length; k++) expect(out.survival[5 + k]).toBeLessThanOrEqual(out.survival[k]!);
  });

  it('residualAfterCurative is the last column, ASSUMED ln(2.32) (the HCC-TACE-Seg residual-vs-CR contrast, not the inverted responder HR), marked so in the card', () => {
    expect(names).toHaveLength(13);
    expect(names.at(-1)).toBe('residualAfterCurative');
    expect(names.slice(0, 7)).toEqual([...built.fit.covariates, 'mrecistResponder']);
    const coefficients = Array.from(built.model.coefficients);
    expect(coefficients.at(-1)).toBeCloseTo(Math.log(RESIDUAL_AFTER_CURATIVE_EFFECT.hazardRatio), 12);
    expect(coefficients.at(-1)).toBeCloseTo(0.8437, 4);
    expect(coefficients.at(-1)).not.toBeCloseTo(Math.log(1 / 0.39), 2);
    expect(Array.from(built.model.means).at(-1)).toBe(0);
    // Fitted coefficients are the fit's; modality gammas do not involve the new term.
    expect(coefficients.slice(0, 6)).toEqual(Array.from(built.fit.coefficients));
    built.modalities.filter((m) => m.evidence.feature).forEach((m) => expect(built.model.coefficients[names.indexOf(m.evidence.feature!)]).toBe(m.gamma));
    expect(built.modalities.filter((m) => m.evidence.curativeIntent).map((m) => m.evidence.modality)).toEqual(['resection']);
    const card = artifacts.card as {
      version: string;
      covariates: { name: string; part: string; coefficient: number; unknown: { imputeWith: unknown; rule: string }; source: { status: string; rationale: string; basis: { citation: string } } }[];
      modalityCalibration: { modality: string; curativeIntent: boolean }[];
      provenance: { assumed: string[]; published: { use: string }[] };
      assumptions: string[];
    };
    expect(card.version).toBe('0.3.0');
    const term = card.covariates.at(-1)!;
    expect(term).toMatchObject({ name: 'residualAfterCurative', part: 'assumed', unknown: { imputeWith: 0 }, source: { status: 'assumed' } });
    expect(term.source.rationale).toBe(RESIDUAL_AFTER_CURATIVE_EFFECT.rationale);
    expect(term.source.rationale).toMatch(/measured after TACE \(HCC-TACE-Seg/);
    expect(term.source.basis.citation).toMatch(/HCC-TACE-Seg.*doi:10.7937\/TCIA.5FNA-0924/);
    expect(term.unknown.rule).toMatch(/resection = the cohort reference/);
    expect(card.provenance.assumed.some((a) => /residualAfterCurative.*ASSUMED, not published.*no ablation- or resection-specific figure is sourced/.test(a))).toBe(true);
    expect(card.provenance.published.some((p) => /residualAfterCurative/.test(p.use))).toBe(false); // not derived from a published figure any more
    expect(card.provenance.published.every((p) => !/^residualAfterCurative/.test(p.use))).toBe(true);
    expect(card.assumptions.some((a) => /residual tumour.*ASSUMED HR 2\.32/.test(a))).toBe(true);
    expect(card.modalityCalibration.map((m) => [m.modality, m.curativeIntent])).toEqual([
      ['resection', true], ['ctace', false], ['sorafenib', false], ['lenvatinib', false], ['atezolizumabBevacizumab', false], ['bestSupportiveCare', false],
    ]);
  });

  it('scores residual tumour after resection (curative intent) worse than a complete resection in the ONNX output', async () => {
    const out = await runCoxOnnx(artifacts.onnx, [row({ ...average }), row({ ...average, residualAfterCurative: 1 })]);
    expect(out.logRisk[1]! - out.logRisk[0]!).toBeCloseTo(Math.log(RESIDUAL_AFTER_CURATIVE_EFFECT.hazardRatio), 5);
    expect(out.rmst[1]).toBeLessThan(out.rmst[0]!);
    for (let k = 0; k < DEFAULT_RISK_TIMES_MONTHS.length; k++) expect(out.survival[5 + k]).toBeLessThanOrEqual(out.survival[k]!);
  });

  it('a cohort-average cTACE patient with response imputed at 52.5% has S = 1/2 at the published 19.4 months (on the step baseline)', () => {
    const x = row({ ...average, modalityCtace: 1, mrecistResponder: 0.525 });
    const s = predictCoxLinearModel(built.model, [x], { times: [18.99, 19.4], rmstHorizon: 60 }).survival[0]!;
    expect(s[1]).toBeCloseTo(0.5, 12);
    expect(s[0]).toBeGreaterThan(0.5);
  });

  it('ranks a responder above a non-responder (lower logRisk, higher S and RMST) in the ONNX output', async () => {
    const nonResponder = row({ ...average, modalityCtace: 1, mrecistResponder: 0 });
    const responder = row({ ...average, modalityCtace: 1, mrecistResponder: 1 });
    const out = await runCoxOnnx(artifacts.onnx, [nonResponder, responder]);
    expect(out.logRisk[1]! - out.logRisk[0]!).toBeCloseTo(Math.log(0.39), 5);
    expect(out.rmst[1]).toBeGreaterThan(out.rmst[0]!);
    for (let k = 0; k < DEFAULT_RISK_TIMES_MONTHS.length; k++) expect(out.survival[5 + k]).toBeGreaterThanOrEqual(out.survival[k]!);
  });

  it('ONNX output equals the TypeScript prediction within 1e-5 (cohort patients under every modality, hand-computed check too)', async () => {
    const rows: number[][] = [];
    const coded = built.cohort.covariates;
    const mods = ['', 'modalityCtace', 'modalitySorafenib', 'modalityLenvatinib', 'modalityAtezoBev', 'modalityBestSupportiveCare'];
    for (let i = 0; i < 227; i += 9) {
      const clinical = Object.fromEntries(built.fit.covariates.map((c) => [c, coded[c]![i]!]));
      // Resection rows alternate residualAfterCurative (the new last column); the others respond or not.
      mods.forEach((m, k) => rows.push(row({ ...clinical, ...(m ? { [m]: 1, mrecistResponder: (i + k) % 2 } : { residualAfterCurative: (i / 9) % 2 }) })));
    }
    expect(rows.some((r) => r.at(-1) === 1)).toBe(true);
    rows.push(row({ ...average, modalityAtezoBev: 1, mrecistResponder: 0 }));
    rows.push(row({ ...average, modalityBestSupportiveCare: 1, mrecistResponder: 0.01 }));
    const rows32 = rows.map((r) => r.map(Math.fround));
    const out = await runCoxOnnx(artifacts.onnx, rows32);
    const ts = predictCoxLinearModel(built.model, rows32, { times: DEFAULT_RISK_TIMES_MONTHS, rmstHorizon: 60 });
    const T = DEFAULT_RISK_TIMES_MONTHS.length;
    expectClose(out.logRisk, ts.logRisk, 1e-5, 'logRisk');
    expectClose(out.survival, ts.survival.flatMap((s) => Array.from(s)), 1e-5, 'survival');
    expectClose(out.rmst, ts.rmst, 1e-5, 'rmst');
    // Independent of predictCoxLinearModel: coefficients from the card, baseline from the fit.
    const card = artifacts.card as { covariates: { coefficient: number; mean: number }[] };
    const base = built.model.baseline;
    rows32.forEach((x, i) => {
      const eta = x.reduce((s, v, a) => s + (v - card.covariates[a]!.mean) * card.covariates[a]!.coefficient, 0);
      expect(Math.abs(out.logRisk[i]! - eta)).toBeLessThan(1e-5);
      const curve = Array.from(base.cumulativeHazard, (h) => Math.exp(-h * Math.exp(eta)));
      expect(Math.abs(out.rmst[i]! - restrictedMeanSurvival({ time: base.time, survival: curve }, 60).rmst)).toBeLessThan(1e-5 * 60);
      const at12 = curve[base.time.indexOf(12)]!;
      expect(Math.abs(out.survival[i * T + 1]! - at12)).toBeLessThan(1e-5);
    });
  });

  it.skipIf(!hasTool('onnx'))('passes onnx.checker and names itself in its metadata (python3-onnx)', () => {
    const info = checkWithPythonOnnx(artifacts.onnx);
    expect(info.metadata.name).toBe('risk-cox-hcc');
    expect(info.metadata.timeUnit).toBe('months');
    expect(JSON.parse(info.metadata.times!)).toEqual([6, 12, 24, 36, 60]);
    expect(info.metadata.rmstIntegration).toMatch(/^exact/);
  });
});

describe('default risk model bad input', () => {
  it('refuses empty, ragged or non-numeric CSV text', () => {
    expect(() => buildDefaultRiskModel('')).toThrow(SurvivalInputError);
    expect(() => parseNumericCsv('a,b\n1,2,3')).toThrow(/row 2 has 3 fields/);
    expect(() => parseNumericCsv('a,b\n1,x')).toThrow(/not numeric/);
  });

  it('refuses a CSV missing a used column or with missing values in one', () => {
    const lines = csvText.trim().split('\n');
    const noAge = lines.map((l) => l.split(',').filter((_, k) => k !== 2).join(',')).join('\n');
    expect(() => hepatoCellularCohort(noAge)).toThrow(/csv\.Age/);
    const withNa = [lines[0], lines[1]!.replace(/^("1",1,)57,/, '$1NA,'), ...lines.slice(2)].join('\n');
    expect(withNa).not.toBe(csvText.trim());
    expect(() => hepatoCellularCohort(withNa)).toThrow(/csv\.Age: has missing values/);
  });
});
