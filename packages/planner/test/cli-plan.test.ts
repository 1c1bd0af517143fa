/**
 * `mewm plan --disease crlm` on the real CRLM-CT-1006 CT (a colorectal liver metastasis), lesion from
 * --point, with a small setup (3 user candidates × K = 2): a schema-valid report.json, ranks consistent with expected RMST, P(best)
 * summing to 1, the NIfTI bundle with matching sha256, a PDF, and the same report.json again for
 * the same seed (except createdAt and timings); the guideline policy for crlm proposes only CRLM
 * candidates (white-noise renderer, K = 1). Then the bad-input block (a missing --disease among them): exit 1 with a typed error
 * for no lesion, a conflicting user protocol, K out of range, an unknown policy and an occupied
 * --out; exit 2 for usage errors; never a half-written --out.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestCt, writeNifti, type Volume } from '@mewm/dicom';
import { infeasibleNote, unreadOutcomesNote } from '@mewm/contracts';
import { canonicalReportForComparison, DEFAULT_RISK_MODEL_IDS, planReportSchema, type PlanReport } from '../src/index.ts';
import { main as runCli } from '../src/cli/main.ts';
import { sharedData } from '../../../test/support/shared-data.ts';

const work = mkdtempSync(join(tmpdir(), 'mewm-cli-plan-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const CT = sharedData('crlm-ct', 'CRLM-CT-1006');
const POINT = '92.8,-31.6,-304';
const CANDIDATES = JSON.stringify(['mwa', 'folfox-bevacizumab', 'best-supportive-care']);

async function cli(args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(['plan', ...args], { out: (t) => (stdout += t), err: (t) => (stderr += t) });
  return { code, stdout, stderr };
}

const sha = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');
const planArgs = (out: string) => ['--disease', 'crlm', '--ct', CT, '--point', POINT, '--candidates', CANDIDATES, '--samples', '2', '--seed', '7', '--out', out, '--json'];

describe('mewm plan on CRLM-CT-1006', () => {
  let report: PlanReport;
  const outA = join(work, 'plan-a');

  beforeAll(async () => {
    const r = await cli(planArgs(outA));
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe(''); // --json: no progress lines
    report = JSON.parse(readFileSync(join(outA, 'report.json'), 'utf8'));
  });

  it('writes a schema-valid report with ranks consistent with expected RMST and P(best) summing to 1', () => {
    const parsed = planReportSchema.safeParse(report);
    expect(parsed.success, parsed.success ? '' : JSON.stringify(parsed.error.issues[0])).toBe(true);
    expect(report.researchUse).toBe('research use only, not for clinical use');
    expect(report.candidates.map((c) => c.rank)).toEqual([1, 2, 3]);
    // feasible candidates first (the anatomy), then by expected RMST
    const feasible = (c: PlanReport['candidates'][number]) => c.samples.every((x) => x.anatomy?.feasible !== false);
    for (let i = 1; i < report.candidates.length; i++) {
      const [a, b] = [report.candidates[i - 1]!, report.candidates[i]!];
      expect(Number(feasible(a))).toBeGreaterThanOrEqual(Number(feasible(b)));
      if (feasible(a) === feasible(b)) expect(a.aggregate.rmstMonths.mean).toBeGreaterThanOrEqual(b.aggregate.rmstMonths.mean);
    }
    expect(report.candidates.reduce((a, c) => a + c.aggregate.pBest, 0)).toBeCloseTo(1, 9);
    for (const c of report.candidates) expect(c.samples.map((s) => s.seed)).toEqual([7, 8]);
    expect(report.lesions).toHaveLength(1);
    expect(report.lesions[0]!.volumeMl).toBeGreaterThan(1);
    expect(report.case.lesionSource).toEqual({ kind: 'point', pointRas: [92.8, -31.6, -304] });
    expect(report.settings).toMatchObject({ samples: 2, seed: 7, policy: 'user' });
    expect(report.disease).toBe('crlm');
    expect(report.models.risk.name).toBe(DEFAULT_RISK_MODEL_IDS.crlm); // the disease's default risk model
    expect(report.models.renderer).toMatchObject({ name: 'renderer-ct', learned: true }); // the default renderer
    expect(JSON.stringify(report)).not.toContain(CT); // no upload paths
  });

  it('says where the risk model reads no measured response: chemotherapy and supportive-care samples measured differently score alike', () => {
    const by = (name: string) => report.candidates.find((c) => c.name === name)!;
    // risk-crlm has no response term for chemotherapy or supportive care (no follow-up imaging in its cohort).
    for (const name of ['folfox-bevacizumab', 'best-supportive-care']) {
      const [a, b] = by(name).samples;
      expect(Math.abs(a!.viableVolumeMl - b!.viableVolumeMl), name).toBeGreaterThan(1);
      expect(b!.logRisk, name).toBe(a!.logRisk);
      expect(by(name).aggregate.rmstMonths.lo, name).toBe(by(name).aggregate.rmstMonths.hi);
      expect(unreadOutcomesNote(by(name)), name).toMatch(/^samples score alike although measured differently \(viable [\d.]+–[\d.]+ mL; .*\): the risk model reads no measured response/);
    }
    // MWA: the preset's applicator zone (31.2 × 44.8 mm) cannot cover the metastasis (about 41 mm across) with
    // 5 mm: both samples leave tumour outside the simulated zone, are not feasible and say why, and rank last;
    // the risk model reads the residual tumour (nothing unread to note).
    const mwa = by('mwa');
    for (const s of mwa.samples) {
      expect(s.anatomy!.minimalMarginMm!).toBeLessThan(0);
      expect(s.anatomy!.feasible).toBe(false);
      expect(s.anatomy!.reason).toMatch(/MWA: .* of the lesion lies outside the simulated zone.*31\.2 mm × 44\.8 mm/);
      expect(s.measured!.residualAfterCurative).toBeGreaterThan(0);
    }
    expect(mwa.rank).toBe(3);
    expect(infeasibleNote(mwa)).toMatch(/^not feasible on this anatomy, ranked after the feasible candidates: MWA: /);
    expect(unreadOutcomesNote(mwa)).toBeNull();
  });

  it('writes the NIfTI bundle and the CT\'s de-identified DICOM files, each file matching its sha256, and a PDF', () => {
    // CT, lesion, liver and vessel masks, and 3 candidates × 2 samples × (CT, states)
    expect(report.files.filter((f) => f.role !== 'source-dicom')).toHaveLength(4 + 3 * 2 * 2);
    expect(report.files.filter((f) => f.role === 'liver-mask' || f.role === 'vessel-mask').map((f) => f.path)).toEqual(['liver-mask.nii.gz', 'vessel-mask.nii.gz']);
    expect(report.anatomy!.liver!.source).toBe('segmented');
    expect(report.anatomy!.liver!.volumeMl).toBeGreaterThan(1000);
    expect(report.anatomy!.vessels!.volumeMl).toBeGreaterThan(5);
    expect(report.anatomy!.notes.join(' ')).toMatch(/assumed after chemotherapy/);
    // the DICOM input's series, de-identified, one file per slice, for the plan's DICOM outputs
    expect(report.files.filter((f) => f.role === 'source-dicom')).toHaveLength(51);
    expect(report.inputs.dicom?.slices).toHaveLength(51);
    for (const f of report.files) expect(sha(join(outA, f.path)), f.path).toBe(f.sha256);
    for (const c of report.candidates) {
      const dir = join(outA, 'volumes', `${c.rank}-${c.name}`);
      expect(readdirSync(dir).sort()).toEqual(['sample-0.nii.gz', 'sample-1.nii.gz', 'states-0.nii.gz', 'states-1.nii.gz']);
    }
    expect(readFileSync(join(outA, 'report.pdf')).subarray(0, 5).toString()).toBe('%PDF-');
    expect(readdirSync(dirname(outA)).filter((n) => n.includes('.partial-'))).toEqual([]);
  });

  it('reproduces report.json for the same seed, except createdAt and timings', async () => {
    const outB = join(work, 'plan-b');
    const r = await cli(planArgs(outB));
    expect(r.code, r.stderr).toBe(0);
    const again: PlanReport = JSON.parse(readFileSync(join(outB, 'report.json'), 'utf8'));
    expect(canonicalReportForComparison(again)).toEqual(canonicalReportForComparison(report));
  });
});

describe('mewm plan --disease crlm with the guideline policy on CRLM-CT-1006', () => {
  const HCC_ONLY = ['sorafenib', 'lenvatinib', 'atezolizumab-bevacizumab', 'durvalumab-tremelimumab'];
  let report: PlanReport;
  beforeAll(async () => {
    const out = join(work, 'plan-crlm-guideline');
    const r = await cli(['--disease', 'crlm', '--ct', CT, '--point', POINT, '--samples', '1', '--seed', '3', '--renderer', 'white-noise', '--out', out, '--json']);
    expect(r.code, r.stderr).toBe(0);
    report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as PlanReport;
  });

  it('ranks colorectal-metastasis candidates only: local treatment, chemotherapy ± targeted agents, never TACE or an HCC regimen', () => {
    expect(planReportSchema.safeParse(report).success).toBe(true);
    expect(report.disease).toBe('crlm');
    expect(report.bclcStage).toBeNull(); // no BCLC staging for a metastasis
    const summary = report.policy.summary as { disease?: string; resectable?: boolean; assumptions?: string[] };
    expect(summary.disease).toBe('crlm');
    expect(summary.assumptions!.join(' ')).toMatch(/ECOG unknown: assumed 0–1/);
    const names = report.candidates.map((c) => c.name);
    expect(names).toHaveLength(6);
    expect(names).toContain('best-supportive-care');
    expect(names.some((n) => n.startsWith('folfo'))).toBe(true);
    for (const c of report.candidates) {
      expect(c.rationale).toMatch(/^CRLM: |untreated reference/);
      const components = (c.protocol as { components: { modality: string; regimen?: string }[] }).components;
      for (const comp of components) {
        expect(comp.modality, c.name).not.toBe('tace');
        if (comp.modality === 'systemic') expect(HCC_ONLY, c.name).not.toContain(comp.regimen);
      }
    }
  });

  it('scores every candidate with risk-crlm from the response measured on its simulated image', () => {
    expect(report.models.risk).toMatchObject({ name: 'risk-crlm', disease: 'crlm' });
    const terms = new Set(['resection', 'thermalAblation', 'systemicChemotherapy', 'bestSupportiveCare']);
    for (const c of report.candidates) {
      expect(terms.has(c.riskModality.modality), `${c.name}: ${c.riskModality.modality}`).toBe(true);
      for (const s of c.samples) {
        expect(s.measured, c.name).toBeDefined();
        // Curative-intent candidates carry the residual tumour measured on the image; CR means none.
        if (c.riskModality.modality === 'resection' || c.riskModality.modality === 'thermalAblation') {
          expect(s.measured!.residualAfterCurative! > 0, c.name).toBe(s.mrecist !== 'CR');
        }
      }
    }
    // Best supportive care leaves the lesion: it is measured as viable and never ranks first.
    const bsc = report.candidates.find((c) => c.name === 'best-supportive-care')!;
    for (const s of bsc.samples) expect(s.viableVolumeMl).toBeGreaterThan(0);
    expect(bsc.rank).toBeGreaterThan(1);
  });

  it('a lesion of this size is judged resectable (assumed) and the plan offers resection', () => {
    expect(report.lesions[0]!.longestAxialDiameterMm).toBeLessThan(100);
    expect(report.candidates.map((c) => c.name)).toContain('resection');
  });
});

describe('mewm plan: bad input', () => {
  let ct: Volume;
  beforeAll(async () => {
    ct = (await ingestCt([CT])).volume;
  });

  const rejected = async (args: string[], exit: number, message: RegExp) => {
    const out = join(work, `rejected-${Math.random().toString(36).slice(2)}`);
    const r = await cli([...(args.includes('--disease') ? [] : ['--disease', 'crlm']), ...args, '--out', out, '--json']);
    expect(r.code, r.stderr).toBe(exit);
    expect(JSON.parse(r.stderr).error.message).toMatch(message);
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(work).filter((n) => n.includes('.partial-'))).toEqual([]);
  };

  it('no lesion: an empty mask', async () => {
    const mask = join(work, 'empty-mask.nii.gz');
    writeFileSync(mask, writeNifti({ dims: ct.dims, spacingMm: ct.spacingMm, affineRas: ct.affineRas, data: new Uint8Array(ct.data.length), labels: { 1: 'lesion' } }));
    await rejected(['--ct', CT, '--mask', mask, '--candidates', '["folfox"]'], 1, /no lesion|empty/i);
  });

  it('a conflicting user protocol, naming the conflict', async () => {
    const conflicting = JSON.stringify([{ components: [{ modality: 'tace', technique: 'conventional', drugs: ['oxaliplatin', 'cisplatin'], embolics: ['lipiodol'] }] }]);
    await rejected(['--ct', CT, '--point', POINT, '--candidates', conflicting], 1, /candidates\[0\].*(oxaliplatin|cisplatin)/);
  });

  it('K out of range, an unknown policy', async () => {
    await rejected(['--ct', CT, '--point', POINT, '--samples', '0'], 1, /--samples: must be an integer 1\.\.64, got "0"/);
    await rejected(['--ct', CT, '--point', POINT, '--samples', '65'], 1, /--samples/);
    await rejected(['--ct', CT, '--point', POINT, '--policy', 'oracle'], 1, /--policy: must be one of guideline, search, both/);
  });

  it('no --disease, an unknown disease, and the HCC-only TACE search for crlm: exit 1 naming the option', async () => {
    const out = join(work, 'no-disease');
    const r = await cli(['--ct', CT, '--point', POINT, '--out', out, '--json']);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stderr).error).toMatchObject({ code: 'PLAN_REQUEST', message: expect.stringMatching(/^--disease: is required: the disease the plan is for, one of hcc, crlm/) });
    expect(existsSync(out)).toBe(false);
    await rejected(['--disease', 'liver', '--ct', CT, '--point', POINT], 1, /--disease: must be one of hcc, crlm, got "liver"/);
    await rejected(['--ct', CT, '--point', POINT, '--policy', 'search'], 1, /--policy: "search" is not available for colorectal liver metastases/);
    await rejected(['--ct', CT, '--point', POINT, '--candidates', '["sorafenib"]'], 1, /candidates\[0\]: sorafenib is a regimen for hepatocellular carcinoma/);
  });

  it('usage errors exit 2: no --out, both --mask and --point, an unknown flag', async () => {
    const noOut = await cli(['--ct', CT, '--point', POINT, '--json']);
    expect(noOut.code).toBe(2);
    expect(noOut.stderr).toMatch(/--out is required/);
    await rejected(['--ct', CT, '--point', POINT, '--mask', 'x.nii.gz'], 2, /exactly one of --mask or --point/);
    await rejected(['--ct', CT, '--point', POINT, '--frobnicate'], 2, /frobnicate/);
  });

  it('an --out that already holds files is not touched', async () => {
    writeFileSync(join(work, 'placeholder'), 'x');
    const r = await cli(['--disease', 'crlm', '--ct', CT, '--point', POINT, '--candidates', '["folfox"]', '--out', work, '--json']);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stderr).error.message).toMatch(/--out: exists and is not an empty folder/);
  });
});

describe('mewm plan: candidate names that are not folder names', () => {
  it('plans "../../x" and "rfa..v2" to the end, their volumes in safe folders inside --out (names kept in the report)', async () => {
    const out = join(work, 'plan-names');
    const candidates = JSON.stringify([{ name: '../../x', protocol: 'rfa' }, { name: 'rfa..v2', protocol: 'mwa' }]);
    const r = await cli(['--disease', 'hcc', '--phantom', '--candidates', candidates, '--samples', '1', '--seed', '2', '--renderer', 'white-noise', '--out', out, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as PlanReport;
    expect(planReportSchema.safeParse(report).success).toBe(true);
    expect(report.candidates.map((c) => c.name).sort()).toEqual(['../../x', 'rfa..v2']);
    const folders = readdirSync(join(out, 'volumes')).sort();
    expect(folders).toHaveLength(2);
    for (const f of folders) expect(f).toMatch(/^[12]-(_+x|rfa_v2)$/);
    for (const f of report.files) expect(sha(join(out, f.path)), f.path).toBe(f.sha256);
    expect(readdirSync(work).filter((n) => n === 'x')).toEqual([]); // nothing written above --out
  }, 120_000);
});
