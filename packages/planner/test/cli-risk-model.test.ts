/**
 * A risk model fitted with `mewm survival fit` plugs into `mewm plan --risk-model`. The cohort is
 * real: TCIA HCC-TACE-Seg (shared/data/cohorts/hcc-tace-clinical.csv, 75 TACE patients), its
 * columns renamed to plan features (age → ageYears, Evidence_of_cirh → cirrhosis, Vascular invasion →
 * macrovascularInvasion, reader 1's mRECIST CR/PR → mrecistResponder) plus two declared mappings
 * (AFP_group >=400 → clinical.afpNgPerMl >= 400; tumor_nodul multinodular → imaging.lesionCount > 1);
 * OS in weeks → months (× 7 / 30.4375; the cohort README reads OS as weeks). The phantom plan then
 * scores every sample with that model: report.json names it, and each sample's log-risk equals the
 * card's Cox formula on the sample's measured response and the imputed clinical means.
 * Bad input: an unknown id, a card whose sha256 differs from its ONNX file, a card whose covariate
 * declaration names an unknown plan feature, a covariate no plan feature computes, a renderer id.
 */
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCsv } from '../src/cli/csv-table.ts';
import { main as runCli } from '../src/cli/main.ts';
import type { PlanReport } from '../src/index.ts';
import { openRiskModel } from '../src/plan/open-risk-model.ts';
import { DEFAULT_RISK_MODEL_CARD, DEFAULT_RISK_MODEL_IDS } from '../src/plan/default-models.ts';
import { sharedData } from '../../../test/support/shared-data.ts';

const work = mkdtempSync(join(tmpdir(), 'mewm-cli-risk-model-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

async function cli(args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, { out: (t) => (stdout += t), err: (t) => (stderr += t) });
  return { code, stdout, stderr };
}
const errorOf = (stderr: string): { code: string; message: string } => (JSON.parse(stderr) as { error: { code: string; message: string } }).error;

const WEEKS_TO_MONTHS = 7 / 30.4375;

/** The HCC-TACE-Seg table with plan-feature column names (NA where the cohort has no value). */
function cohortCsv(): string {
  const t = parseCsv(readFileSync(sharedData('cohorts', 'hcc-tace-clinical.csv'), 'utf8'));
  const col = (name: string) => {
    const k = t.columns.indexOf(name);
    if (k < 0) throw new Error(`cohort column ${name} missing`);
    return (row: string[]) => row[k]!;
  };
  const [os, death, age, cirh, vasc, mrecist, afpGroup, nodul] =
    ['OS', 'Death_1_StillAliveorLostToFU_0', 'age', 'Evidence_of_cirh', 'Vascular invasion', '1_mRECIST', 'AFP_group', 'tumor_nodul'].map(col) as Array<(r: string[]) => string>;
  const lines = ['osMonths,death,ageYears,cirrhosis,macrovascularInvasion,mrecistResponder,afpHigh,multinodular'];
  for (const r of t.rows) {
    const m = mrecist!(r);
    lines.push([
      (Number(os!(r)) * WEEKS_TO_MONTHS).toFixed(4), death!(r), age!(r), cirh!(r), vasc!(r),
      m === '' ? 'NA' : String(Number(m === '1' || m === '2')), String(Number(afpGroup!(r) === '>=400')), String(Number(nodul!(r) === 'multinodular')),
    ].join(','));
  }
  return `${lines.join('\n')}\n`;
}

const COVARIATES = ['ageYears', 'cirrhosis', 'macrovascularInvasion', 'mrecistResponder', 'afpHigh', 'multinodular'];
const fitArgs = (csv: string, out: string, extra: string[] = []) => [
  'survival', 'fit', '--csv', csv, '--time', 'osMonths', '--event', 'death', '--covariates', COVARIATES.join(','), '--time-unit', 'months',
  '--times', '6,12,24,36', '--horizon', '36', '--name', 'cox-hcc-tace', '--out', out, '--json', ...extra,
];
const MAPPINGS = ['--covariate-source', 'afpHigh=clinical.afpNgPerMl>=400', '--covariate-source', 'multinodular=imaging.lesionCount>1'];

interface Card {
  name: string;
  onnx: { path: string; sha256: string };
  covariates: { name: string; mean: number; coefficient: number; unknown?: { imputeWith: number } }[];
  covariateSources: Record<string, { plan?: { from: string; ge?: number; gt?: number }; cohort?: { column: string } }>;
}

describe('a model fitted with mewm survival fit, used by mewm plan --risk-model', () => {
  const csv = join(work, 'hcc-tace.csv');
  const modelDir = join(work, 'model');
  const cardPath = join(modelDir, 'model.json');
  let card: Card;
  let report: PlanReport;

  beforeAll(async () => {
    writeFileSync(csv, cohortCsv());
    const fit = await cli(fitArgs(csv, modelDir, MAPPINGS));
    expect(fit.code, fit.stderr).toBe(0);
    expect(JSON.parse(fit.stdout)).toMatchObject({ n: 68, dropped: 7, unmappedCovariates: [] });
    card = JSON.parse(readFileSync(cardPath, 'utf8')) as Card;
    const plan = await cli(['plan', '--phantom', '--disease', 'hcc', '--risk-model', cardPath, '--renderer', 'white-noise', '--samples', '1', '--out', join(work, 'plan'), '--json']);
    expect(plan.code, plan.stderr).toBe(0);
    report = JSON.parse(readFileSync(join(work, 'plan', 'report.json'), 'utf8')) as PlanReport;
  });

  it('the card declares how each covariate is computed: by name, or as declared, from the cohort column of the same name', () => {
    expect(card.covariateSources).toEqual({
      ageYears: { plan: { from: 'clinical.ageYears' }, cohort: { column: 'ageYears' } },
      cirrhosis: { plan: { from: 'clinical.cirrhosis' }, cohort: { column: 'cirrhosis' } },
      macrovascularInvasion: { plan: { from: 'clinical.macrovascularInvasion' }, cohort: { column: 'macrovascularInvasion' } },
      mrecistResponder: { plan: { from: 'imaging.mrecistResponder' }, cohort: { column: 'mrecistResponder' } },
      afpHigh: { plan: { from: 'clinical.afpNgPerMl', ge: 400 }, cohort: { column: 'afpHigh' } },
      multinodular: { plan: { from: 'imaging.lesionCount', gt: 1 }, cohort: { column: 'multinodular' } },
    });
    // An unknown clinical value is imputed with the column mean over the fitted rows.
    const rows = cohortCsv().trim().split('\n').slice(1).map((l) => l.split(',')).filter((r) => r[5] !== 'NA');
    const meanAge = rows.reduce((a, r) => a + Number(r[2]), 0) / rows.length;
    expect(card.covariates[0]!.unknown!.imputeWith).toBeCloseTo(meanAge, 9);
  });

  it('report.json names the fitted model and scores every sample with it', () => {
    expect(report.models.risk).toMatchObject({ name: 'cox-hcc-tace', version: '1', sha256: card.onnx.sha256 });
    expect(report.candidates.length).toBeGreaterThan(1);
    const byName = new Map(card.covariates.map((c) => [c.name, c]));
    const multinodular = report.lesions.length > 1 ? 1 : 0;
    // Clinical inputs of the phantom are unknown: imputed with the training means, recorded.
    expect(report.clinical.imputed.map((m) => m.name)).toEqual(['afpHigh', 'ageYears', 'cirrhosis', 'macrovascularInvasion']);
    for (const m of report.clinical.imputed) expect(m.value).toBe(byName.get(m.name)!.unknown!.imputeWith);
    const responders = new Set<number>();
    for (const c of report.candidates) {
      for (const s of c.samples) {
        const x: Record<string, number> = Object.fromEntries(report.clinical.imputed.map((m) => [m.name, m.value]));
        responders.add(s.mrecist === 'CR' || s.mrecist === 'PR' ? 1 : 0);
        x.mrecistResponder = s.mrecist === 'CR' || s.mrecist === 'PR' ? 1 : 0;
        x.multinodular = multinodular;
        const logRisk = COVARIATES.reduce((acc, n) => acc + byName.get(n)!.coefficient * (Math.fround(x[n]!) - byName.get(n)!.mean), 0);
        expect(s.logRisk).toBeCloseTo(logRisk, 4);
        expect(s.survival.map((p) => p.months)).toEqual([0, 6, 12, 24, 36]);
      }
    }
    // The samples differ in response, so the fitted model tells candidates apart.
    expect([...responders].sort()).toEqual([0, 1]);
  });
});

describe('risk model selection: bad input', () => {
  const csv = join(work, 'hcc-tace-bad.csv');
  const modelDir = join(work, 'model-bad');
  let card: Card;

  beforeAll(async () => {
    writeFileSync(csv, cohortCsv());
    const fit = await cli(fitArgs(csv, modelDir, MAPPINGS));
    expect(fit.code, fit.stderr).toBe(0);
    card = JSON.parse(readFileSync(join(modelDir, 'model.json'), 'utf8')) as Card;
  });

  /** A copy of the fitted model with its card changed. */
  function variant(name: string, mutate: (c: Card) => void): string {
    const dir = mkdtempSync(join(work, `${name}-`));
    copyFileSync(join(modelDir, 'model.onnx'), join(dir, 'model.onnx'));
    const c = structuredClone(card);
    mutate(c);
    writeFileSync(join(dir, 'model.json'), JSON.stringify(c));
    return join(dir, 'model.json');
  }
  const plan = (riskModel: string, out: string) =>
    cli(['plan', '--phantom', '--disease', 'hcc', '--risk-model', riskModel, '--renderer', 'white-noise', '--samples', '1', '--out', join(work, out), '--json']);

  it('an unknown id: MODEL_UNKNOWN naming it and the known risk models', async () => {
    const r = await plan('risk-cox-crlm', 'out-unknown');
    expect(r.code).toBe(1);
    expect(errorOf(r.stderr)).toMatchObject({ code: 'MODEL_UNKNOWN', message: expect.stringMatching(/unknown survival-risk model 'risk-cox-crlm': the manifest lists 'risk-cox-hcc'/) });
    await expect(openRiskModel('renderer-ct')).rejects.toThrow(/'renderer-ct' is a diffusion-renderer model, not a survival-risk model/);
  });

  it('a card whose sha256 does not match its ONNX file: SURVIVAL_MODEL naming onnx.sha256 and both hashes', async () => {
    const r = await plan(variant('sha', (c) => (c.onnx.sha256 = '0'.repeat(64))), 'out-sha');
    expect(r.code).toBe(1);
    expect(errorOf(r.stderr)).toMatchObject({ code: 'SURVIVAL_MODEL', message: expect.stringMatching(new RegExp(`^onnx\\.sha256: .*sha256 of model\\.onnx is ${card.onnx.sha256}, the card says 0{64}`)) });
  });

  it('a covariate declaration naming an unknown plan feature: SURVIVAL_MODEL naming the covariate and the feature', async () => {
    const r = await plan(variant('feature', (c) => (c.covariateSources.multinodular!.plan = { from: 'imaging.tumourStiffness' })), 'out-feature');
    expect(r.code).toBe(1);
    expect(errorOf(r.stderr)).toMatchObject({
      code: 'SURVIVAL_MODEL',
      message: expect.stringMatching(/^card\.covariateSources\.multinodular\.plan\.from: covariate 'multinodular': unknown plan feature 'imaging\.tumourStiffness'; known: clinical\.ageYears/),
    });
  });

  it('a covariate no plan feature computes: the fit says so, and the plan refuses the model naming it', async () => {
    const out = join(work, 'model-unmapped');
    const fit = await cli(fitArgs(csv, out));
    expect(fit.code, fit.stderr).toBe(0);
    expect(JSON.parse(fit.stdout).unmappedCovariates).toEqual(['afpHigh', 'multinodular']);
    const r = await plan(join(out, 'model.json'), 'out-unmapped');
    expect(r.code).toBe(1);
    expect(errorOf(r.stderr)).toMatchObject({ code: 'SURVIVAL_MODEL', message: expect.stringMatching(/no plan feature computes covariate\(s\) 'afpHigh', 'multinodular'/) });
  });

  it('a malformed --covariate-source, or one for a column that is not fitted, is refused naming it', async () => {
    const bad = await cli(fitArgs(csv, join(work, 'model-x'), ['--covariate-source', 'afpHigh=clinical.afp>400']));
    expect(bad.code).toBe(1);
    expect(errorOf(bad.stderr).message).toMatch(/"afpHigh=clinical\.afp>400": unknown plan feature 'clinical\.afp'/);
    const other = await cli(fitArgs(csv, join(work, 'model-y'), ['--covariate-source', 'sex=clinical.ecog>1']));
    expect(other.code).toBe(1);
    expect(errorOf(other.stderr).message).toMatch(/"sex" is not one of the fitted covariates/);
  });

  it('no --risk-model opens the manifest default, the same card as DEFAULT_RISK_MODEL_CARD', async () => {
    const m = await openRiskModel(undefined);
    try {
      expect(m.card.name).toBe('risk-cox-hcc');
      expect(m.sha256).toBe((JSON.parse(readFileSync(DEFAULT_RISK_MODEL_CARD, 'utf8')) as Card).onnx.sha256);
    } finally {
      await m.dispose();
    }
  });

  it('each disease\'s default risk model (DEFAULT_RISK_MODEL_IDS) is a manifest id that a plan can open', async () => {
    expect(Object.keys(DEFAULT_RISK_MODEL_IDS).sort()).toEqual(['crlm', 'hcc']);
    for (const id of Object.values(DEFAULT_RISK_MODEL_IDS)) {
      const m = await openRiskModel(id);
      try {
        expect(m.card.name).toBe(id);
      } finally {
        await m.dispose();
      }
    }
  });
});
