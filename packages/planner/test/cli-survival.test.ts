/**
 * `mewm survival km|fit` on the real hepatoCellular cohort, against R (survival 3.5-3) values computed
 * with, in R:
 *   d <- read.csv("hepatoCellular.csv"); d$AFP[c(3, 5)] <- NA
 *   coxph(Surv(OS, Death) ~ Age + AFP + Tumorsize + Vascularinvasion + Tumormultiplicity, data = d)
 *   survfit(Surv(OS, Death) ~ Vascularinvasion, data = d); survdiff(...)
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../src/index.ts';
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
