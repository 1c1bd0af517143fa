/**
 * `mewm survival evaluate|predict` on the real cohort tables (TCIA HCC-TACE-Seg, Colorectal-Liver-
 * Metastases) with the cohort risk models, on the tables as published, with their rows shuffled and
 * on a subset.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { concordanceIndex } from '@mewm/survival';
import { main as runCli } from '../src/cli/main.ts';
import { sharedData } from '../../../test/support/shared-data.ts';

const work = mkdtempSync(join(tmpdir(), 'mewm-cli-survival-table-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const hccCsv = sharedData('cohorts', 'hcc-tace-clinical.csv');
const crlmCsv = sharedData('cohorts', 'crlm-clinical.csv');

async function cli(args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, { out: (t) => (stdout += t), err: (t) => (stderr += t) });
  return { code, stdout, stderr };
}

/** The table with its data rows rotated (header first), written to a file. */
function variant(path: string, name: string, rows: (lines: string[]) => string[]): string {
  const [header, ...data] = readFileSync(path, 'utf8').trim().split('\n');
  const out = join(work, name);
  writeFileSync(out, [header, ...rows(data)].join('\n'));
  return out;
}

interface Evaluation { used: number; dropped: number; events: number; harrellC: number; unoC: number; gaps: { reason: string; rows: number }[]; auc: { time: number; auc: number }[]; brier: { time: number; brier: number }[] }
interface Prediction { used: number; predictions: { id: string; row: number; logRisk: number; rmst: number; survival: number[] }[] }

describe('mewm survival evaluate', () => {
  it('risk-hcc-tace on HCC-TACE-Seg: 66 of 75 rows, the gaps by reason, C-index, AUC(t) and Brier', async () => {
    const r = await cli(['survival', 'evaluate', '--model', 'risk-hcc-tace', '--csv', hccCsv, '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const e = JSON.parse(r.stdout) as Evaluation;
    expect(e).toMatchObject({ used: 66, dropped: 9, events: 59 });
    expect(e.gaps).toEqual([
      { reason: 'landmarkOsMonths missing', rows: 7 },
      { reason: 'diameterSumChange missing (covariate diameterSumChange)', rows: 4 },
    ]);
    // On its own training table the fixed model's C is the apparent one of the card.
    const card = JSON.parse(readFileSync(new URL('../../../models/risk-hcc-tace.json', import.meta.url), 'utf8')) as { evaluation: { apparentConcordance: number } };
    expect(e.harrellC).toBeCloseTo(card.evaluation.apparentConcordance, 4);
    expect(e.auc.map((a) => a.time)).toEqual([6, 12, 24, 36]);
    for (const b of e.brier) expect(b.brier).toBeGreaterThan(0);
  });

  it('is unchanged when the rows are shuffled, and differs on a subset', async () => {
    const base = JSON.parse((await cli(['survival', 'evaluate', '--model', 'risk-crlm', '--csv', crlmCsv, '--json'])).stdout) as Evaluation;
    const shuffled = variant(crlmCsv, 'crlm-shuffled.csv', (d) => [...d.slice(70), ...d.slice(0, 70)].reverse());
    const s = JSON.parse((await cli(['survival', 'evaluate', '--model', 'risk-crlm', '--csv', shuffled, '--json'])).stdout) as Evaluation;
    expect(s.used).toBe(125);
    expect(s.harrellC).toBeCloseTo(base.harrellC, 12);
    expect(s.unoC).toBeCloseTo(base.unoC, 12);
    s.brier.forEach((b, k) => expect(b.brier).toBeCloseTo(base.brier[k]!.brier, 6));
    const subset = variant(crlmCsv, 'crlm-subset.csv', (d) => d.slice(0, 60));
    const sub = JSON.parse((await cli(['survival', 'evaluate', '--model', 'risk-crlm', '--csv', subset, '--json'])).stdout) as Evaluation;
    expect(sub.used + sub.dropped).toBe(60);
    expect(sub.harrellC).not.toBeCloseTo(base.harrellC, 4);
  });

  it('prints a table for people', async () => {
    const r = await cli(['survival', 'evaluate', '--model', 'risk-crlm', '--csv', crlmCsv]);
    expect(r.stdout).toMatch(/risk-crlm 1\.1\.0 on 125 of 148 rows \(70 events\); 23 dropped:/);
    expect(r.stdout).toMatch(/21 row\(s\): carcinoembryonic_antigen missing/);
    expect(r.stdout).toMatch(/Harrell's C 0\.\d{3}/);
  });
});

describe('mewm survival predict', () => {
  it('gives each usable row its log-risk and RMST; the C-index of those log-risks is the evaluated one', async () => {
    const p = JSON.parse((await cli(['survival', 'predict', '--model', 'risk-crlm', '--csv', crlmCsv, '--json'])).stdout) as Prediction;
    const e = JSON.parse((await cli(['survival', 'evaluate', '--model', 'risk-crlm', '--csv', crlmCsv, '--json'])).stdout) as Evaluation;
    expect(p.used).toBe(125);
    expect(p.predictions[0]).toMatchObject({ id: 'CRLM-CT-1001', row: 1 });
    expect(p.predictions.some((x) => x.id === 'CRLM-CT-1004')).toBe(false); // max_tumor_size 0: not recorded
    // Higher log-risk, shorter RMST.
    const byRisk = [...p.predictions].sort((a, b) => a.logRisk - b.logRisk);
    expect(byRisk[0]!.rmst).toBeGreaterThan(byRisk.at(-1)!.rmst);
    const lines = readFileSync(crlmCsv, 'utf8').trim().split('\n');
    const header = lines[0]!.split(',');
    const time = p.predictions.map((x) => Number(lines[x.row]!.split(',')[header.indexOf('overall_survival_months')]));
    const event = p.predictions.map((x) => Number(lines[x.row]!.split(',')[header.indexOf('vital_status')]));
    expect(concordanceIndex({ time, event }, p.predictions.map((x) => x.logRisk)).concordance).toBeCloseTo(e.harrellC, 6);
  });

  it('scores a row the same wherever it sits in the table', async () => {
    const base = JSON.parse((await cli(['survival', 'predict', '--model', 'risk-hcc-tace', '--csv', hccCsv, '--json'])).stdout) as Prediction;
    const shuffled = variant(hccCsv, 'hcc-shuffled.csv', (d) => [...d].reverse());
    const s = JSON.parse((await cli(['survival', 'predict', '--model', 'risk-hcc-tace', '--csv', shuffled, '--json'])).stdout) as Prediction;
    const byId = new Map(s.predictions.map((x) => [x.id, x]));
    for (const x of base.predictions) {
      expect(byId.get(x.id)!.logRisk).toBeCloseTo(x.logRisk, 6);
      expect(byId.get(x.id)!.rmst).toBeCloseTo(x.rmst, 5);
    }
  });
});

describe('a model written by mewm survival fit', () => {
  it('declares its table reading, so evaluate on its own table gives the fit\'s concordance', async () => {
    const out = join(work, 'fitted');
    const hcc = sharedData('survival', 'hepatoCellular.csv');
    const fit = await cli(['survival', 'fit', '--csv', hcc, '--time', 'OS', '--event', 'Death', '--covariates', 'Age,Vascularinvasion', '--time-unit', 'months', '--out', out, '--json']);
    expect(fit.code).toBe(0);
    const fitted = JSON.parse(fit.stdout) as { concordance: number; n: number };
    const e = JSON.parse((await cli(['survival', 'evaluate', '--model', join(out, 'model.json'), '--csv', hcc, '--json'])).stdout) as Evaluation;
    expect(e.used).toBe(fitted.n);
    expect(e.harrellC).toBeCloseTo(fitted.concordance, 5);
    const p = JSON.parse((await cli(['survival', 'predict', '--model', join(out, 'model.json'), '--csv', hcc, '--json'])).stdout) as Prediction;
    expect(p.predictions[0]!.id).toBe('row 1');
  });
});

describe('mewm survival evaluate|predict: bad input', () => {
  it('refuses a model whose card declares no table reading, a table in another format, and missing options', async () => {
    const noTable = await cli(['survival', 'evaluate', '--model', 'risk-cox-hcc', '--csv', crlmCsv]);
    expect(noTable.code).not.toBe(0);
    expect(noTable.stderr).toMatch(/cohortTable/);
    const wrong = await cli(['survival', 'predict', '--model', 'risk-crlm', '--csv', hccCsv]);
    expect(wrong.code).not.toBe(0);
    expect(wrong.stderr).toMatch(/column missing/);
    const noCsv = await cli(['survival', 'evaluate', '--model', 'risk-crlm']);
    expect(noCsv.code).not.toBe(0);
    expect(noCsv.stderr).toMatch(/--csv/);
  });
});
