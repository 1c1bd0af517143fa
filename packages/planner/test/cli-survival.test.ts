/**
 * `mewm survival km|fit` on the real hepatoCellular cohort, against R (survival 3.5-3) values computed
 * with, in R:
 *   d <- read.csv("hepatoCellular.csv"); d$AFP[c(3, 5)] <- NA
 *   coxph(Surv(OS, Death) ~ Age + AFP + Tumorsize + Vascularinvasion + Tumormultiplicity, data = d)
 *   survfit(Surv(OS, Death) ~ Vascularinvasion, data = d); survdiff(...)
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import * as ort from 'onnxruntime-node';
import { coxBaselineHazard, coxLinearModelFromFit, coxPh, loadRiskModel, predictCoxLinearModel } from '@mewm/survival';
import { main as runCli } from '../src/cli/main.ts';
import { sharedData } from '../../../test/support/shared-data.ts';

const work = mkdtempSync(join(tmpdir(), 'mewm-cli-survival-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

async function cli(args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, { out: (t) => (stdout += t), err: (t) => (stderr += t) });
  return { code, stdout, stderr };
}

/** The cohort with AFP missing in data rows 3 and 5 (R's NA), so dropping is exercised. */
function csvWithMissing(): string {
  const lines = readFileSync(sharedData('survival', 'hepatoCellular.csv'), 'utf8').split('\n');
  const afp = lines[0]!.split(',').indexOf('"AFP"');
  for (const row of [3, 5]) {
    const cells = lines[row]!.split(',');
    cells[afp] = 'NA';
    lines[row] = cells.join(',');
  }
  const path = join(work, 'hcc.csv');
  writeFileSync(path, lines.join('\n'));
  return path;
}

describe('mewm survival fit', () => {
  it('agrees with R coxph (Efron) and drops rows with missing covariates', async () => {
    const csv = csvWithMissing();
    const out = join(work, 'fit');
    const { code, stdout } = await cli(['survival', 'fit', '--csv', csv, '--time', 'OS', '--event', 'Death',
      '--covariates', 'Age,AFP,Tumorsize,Vascularinvasion,Tumormultiplicity', '--out', out, '--json']);
    expect(code).toBe(0);
    const r = JSON.parse(stdout);
    expect(r.n).toBe(225);
    expect(r.events).toBe(96);
    expect(r.dropped).toBe(2);
    const coef = [0.006072060217, 0.693890975728, 0.447, 0.707314951844, 0.510484991135];
    const se = [0.008471873639, 0.252424727274, 0.2240299177, 0.241279098921, 0.226677001796];
    r.coefficients.forEach((c: { coef: number; se: number; hr: number }, i: number) => {
      expect(c.coef).toBeCloseTo(coef[i]!, 6);
      expect(c.se).toBeCloseTo(se[i]!, 6);
      expect(c.hr).toBeCloseTo(Math.exp(coef[i]!), 6);
    });
    expect(r.logLikelihood.null).toBeCloseTo(-484.053151, 5);
    expect(r.logLikelihood.fitted).toBeCloseTo(-467.4228101, 5);
    expect(r.concordance).toBeCloseTo(0.6784142395, 6);
    expect(JSON.parse(readFileSync(join(out, 'fit.json'), 'utf8')).n).toBe(225);
  });

  it('rejects unknown columns, non-binary events and bad ties with usage errors', async () => {
    const csv = sharedData('survival', 'hepatoCellular.csv');
    const base = ['survival', 'fit', '--csv', csv, '--time', 'OS', '--out', join(work, 'x')];
    const a = await cli([...base, '--event', 'Death', '--covariates', 'Nope']);
    expect(a.code).toBe(2);
    expect(a.stderr).toMatch(/no column "Nope"/);
    const b = await cli([...base, '--event', 'Tumorsize', '--covariates', 'Age']);
    expect(b.code).toBe(2);
    expect(b.stderr).toMatch(/must be 0\/1/);
    const c = await cli([...base, '--event', 'Death', '--covariates', 'Age', '--ties', 'exact']);
    expect(c.stderr).toMatch(/--ties must be efron or breslow/);
    const d = await cli(['survival', 'fit', '--csv', join(work, 'missing.csv'), '--time', 'OS', '--event', 'Death', '--covariates', 'Age', '--out', work]);
    expect(d.stderr).toMatch(/cannot read --csv/);
  });

  it('reports a constant covariate as a typed error naming it, and refuses a repeated covariate', async () => {
    const lines = readFileSync(sharedData('survival', 'hepatoCellular.csv'), 'utf8').trim().split('\n');
    const csv = join(work, 'const.csv');
    writeFileSync(csv, lines.map((l, i) => `${l},${i === 0 ? '"Const"' : '1'}`).join('\n'));
    const { code, stderr } = await cli(['survival', 'fit', '--csv', csv, '--time', 'OS', '--event', 'Death',
      '--covariates', 'Age,Const', '--out', join(work, 'y'), '--json']);
    expect(code).toBe(1);
    expect(JSON.parse(stderr).error.message).toMatch(/Const/);
    const dup = await cli(['survival', 'fit', '--csv', csv, '--time', 'OS', '--event', 'Death', '--covariates', 'Age,Age', '--out', join(work, 'z')]);
    expect(dup.code).toBe(2);
    expect(dup.stderr).toMatch(/more than once/);
  });
});

describe('mewm survival fit --out: model.onnx and its card', () => {
  const csv = sharedData('survival', 'hepatoCellular.csv');
  const covariates = ['Age', 'AFP', 'Tumorsize', 'Vascularinvasion', 'Tumormultiplicity'];
  const out = join(work, 'bundle');
  let result: { n: number; events: number; dropped: number; concordance: number; coefficients: { name: string; coef: number; se: number; hr: number; p: number }[] };

  it('writes model.onnx, model.json and fit.json; the card names the data sha256, coefficients, ties, counts, concordance and the ONNX sha256', async () => {
    const { code, stdout } = await cli(['survival', 'fit', '--csv', csv, '--time', 'OS', '--event', 'Death', '--covariates', covariates.join(','),
      '--time-unit', 'months', '--out', out, '--json']);
    expect(code).toBe(0);
    result = JSON.parse(stdout);
    expect(readdirSync(out).sort()).toEqual(['fit.json', 'model.json', 'model.onnx']);
    const onnx = readFileSync(join(out, 'model.onnx'));
    const card = JSON.parse(readFileSync(join(out, 'model.json'), 'utf8'));
    const dataSha = createHash('sha256').update(readFileSync(csv)).digest('hex');
    expect(card.training.data.sha256).toBe(dataSha);
    expect(JSON.stringify(card)).not.toContain(csv);
    expect(card.onnx.sha256).toBe(createHash('sha256').update(onnx).digest('hex'));
    expect(card.onnx.path).toBe('model.onnx');
    expect(card.label).toBe('research use only, not for clinical use');
    expect(card.inputs[0].order).toEqual(covariates);
    expect(card.training).toMatchObject({ n: 227, events: 97, droppedRows: 0, ties: 'efron', timeColumn: 'OS', eventColumn: 'Death', timeUnit: 'months' });
    card.covariates.forEach((c: { name: string; coefficient: number; stdErr: number; hazardRatio: number; p: number }, i: number) => {
      expect(c.name).toBe(covariates[i]);
      expect(c.coefficient).toBeCloseTo(result.coefficients[i]!.coef, 10);
      expect(c.stdErr).toBeCloseTo(result.coefficients[i]!.se, 10);
      expect(c.hazardRatio).toBeCloseTo(result.coefficients[i]!.hr, 10);
      expect(c.p).toBeCloseTo(result.coefficients[i]!.p, 10);
    });
    expect(card.evaluation.concordance).toBeCloseTo(result.concordance, 10);
    expect(card.outputs[1].times).toEqual([6, 12, 24, 36, 60]);
    expect(card.outputs[2].horizon).toBe(60);
    expect(JSON.parse(readFileSync(join(out, 'fit.json'), 'utf8')).dataSha256).toBe(dataSha);
  });

  it('the written ONNX, run with onnxruntime-node, equals the TypeScript prediction within 1e-5, and loads through its card', async () => {
    const text = readFileSync(csv, 'utf8').trim().split('\n');
    const header = text[0]!.split(',').map((h) => h.replace(/"/g, ''));
    const col = (name: string) => text.slice(1).map((l) => Number(l.split(',')[header.indexOf(name)]));
    const fit = coxPh({ time: col('OS'), event: col('Death') }, Object.fromEntries(covariates.map((c) => [c, col(c)])));
    const model = coxLinearModelFromFit(fit, coxBaselineHazard(fit));
    const rows = col('OS').map((_, i) => covariates.map((c) => Math.fround(col(c)[i]!)));
    const ts = predictCoxLinearModel(model, rows, { times: [6, 12, 24, 36, 60], rmstHorizon: 60 });
    const session = await ort.InferenceSession.create(readFileSync(join(out, 'model.onnx')));
    try {
      const o = await session.run({ features: new ort.Tensor('float32', Float32Array.from(rows.flat()), [rows.length, covariates.length]) });
      const logRisk = o.logRisk!.data as Float32Array;
      const survival = o.survival!.data as Float32Array;
      const rmst = o.rmst!.data as Float32Array;
      let worst = 0;
      rows.forEach((_, i) => {
        worst = Math.max(worst, Math.abs(logRisk[i]! - ts.logRisk[i]!), Math.abs(rmst[i]! - ts.rmst[i]!) / 60);
        for (let k = 0; k < 5; k++) worst = Math.max(worst, Math.abs(survival[i * 5 + k]! - ts.survival[i]![k]!));
      });
      expect(worst).toBeLessThan(1e-5);
      expect(fit.coefficients[0]).toBeCloseTo(result.coefficients[0]!.coef, 12);
    } finally {
      await session.release();
    }
    const loaded = await loadRiskModel(join(out, 'model.json'));
    const scored = await loaded.score([rows[0]!]);
    expect(scored.logRisk[0]).toBeCloseTo(ts.logRisk[0]!, 5);
    expect(loaded.signature.timeUnit).toBe('months');
    await loaded.dispose();
  });

  it('writes nothing on failure: a refused fit or bad --times leaves a previous bundle untouched and no staging files', async () => {
    const before = readdirSync(out).map((f) => [f, readFileSync(join(out, f)).toString('base64')]);
    const lines = readFileSync(csv, 'utf8').trim().split('\n');
    const constCsv = join(work, 'const-out.csv');
    writeFileSync(constCsv, lines.map((l, i) => `${l},${i === 0 ? '"Const"' : '1'}`).join('\n'));
    const a = await cli(['survival', 'fit', '--csv', constCsv, '--time', 'OS', '--event', 'Death', '--covariates', 'Age,Const', '--out', out]);
    expect(a.code).toBe(1);
    const b = await cli(['survival', 'fit', '--csv', csv, '--time', 'OS', '--event', 'Death', '--covariates', 'Age', '--times', '12,120', '--out', out]);
    expect(b.code).toBe(2);
    expect(b.stderr).toMatch(/--times \/ --horizon: 120 is beyond the last follow-up time 83/);
    const c = await cli(['survival', 'fit', '--csv', csv, '--time', 'OS', '--event', 'Death', '--covariates', 'Age', '--times', '12,6', '--out', out]);
    expect(c.stderr).toMatch(/ascending/);
    expect(readdirSync(out).map((f) => [f, readFileSync(join(out, f)).toString('base64')])).toEqual(before);
    const fresh = join(work, 'never');
    await cli(['survival', 'fit', '--csv', constCsv, '--time', 'OS', '--event', 'Death', '--covariates', 'Age,Const', '--out', fresh]);
    expect(existsSync(fresh)).toBe(false);
  });
});

describe('mewm survival km', () => {
  it('gives R survfit medians and the survdiff log-rank statistic by group', async () => {
    const { code, stdout } = await cli(['survival', 'km', '--csv', sharedData('survival', 'hepatoCellular.csv'),
      '--time', 'OS', '--event', 'Death', '--group', 'Vascularinvasion', '--json']);
    expect(code).toBe(0);
    const r = JSON.parse(stdout);
    expect(r.curves.map((c: { n: number; events: number }) => [c.n, c.events])).toEqual([[186, 73], [41, 24]]);
    expect(r.curves[0].median.estimate).toBeNull();
    expect(r.curves[0].median.lower).toBe(52);
    expect(r.curves[1].median.estimate).toBe(22);
    expect(r.curves[1].median.lower).toBe(10);
    expect(r.logRank.chiSquare).toBeCloseTo(11.56991124, 6);
    expect(r.curves[0].table[0].nRisk).toBe(186);
  });
});
