/**
 * `mewm score` and its library (scoreFollowUp → survival's scoreMeasuredResponse) on the real
 * CRLM-CT-1006 CT and its lesion: follow-up CTs built by hand from the pre CT, changing ONLY the post
 * image, move the score in the right direction.
 * - HCC after TACE (risk-hcc-tace, cTACE preset): grown (lesion enlarged with tumour HU) scores worse
 *   than unchanged (the pre CT itself), which scores worse than necrotic (lesion centre non-enhancing,
 *   a viable rim left).
 * - CRLM resection (risk-crlm): a resection leaving viable tumour scores worse than a complete one, and
 *   4 mL of residual tumour worse than 2 mL (the residual term is a measured fraction, not a yes/no).
 * Plus the bad-input block. Research use only, not for clinical use.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestCt, segmentLesion, writeNifti, type LabelVolume, type Volume } from '@mewm/dicom';
import { RESIDUAL_AFTER_CURATIVE_EFFECT } from '@mewm/survival';
import { resolveProtocol } from '@mewm/world-model';
import { main as runCli } from '../src/cli/main.ts';
import { scoreFollowUp, type FollowUpScore } from '../src/score/score-follow-up.ts';
import { scoreTreatmentTerm } from '../src/score/score-treatment-term.ts';
import { sharedData } from '../../../test/support/shared-data.ts';

const work = mkdtempSync(join(tmpdir(), 'mewm-cli-score-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const CT = sharedData('crlm-ct', 'CRLM-CT-1006');
const CTACE = 'ctace-epirubicin-lipiodol';
let ct: Volume;
let lesion: LabelVolume;
let maskPath: string;
const post: Record<string, Volume> = {};
const paths: Record<string, string> = {};

async function cli(args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(['score', ...args], { out: (t) => (stdout += t), err: (t) => (stderr += t) });
  return { code, stdout, stderr };
}

/** Grows (or, with `erode`, shrinks) a mask by `inPlane` voxels along i and j and `across` slices along k (box neighbourhood). */
function morph(mask: Uint8Array, dims: readonly [number, number, number], inPlane: number, across: number, erode = false): Uint8Array {
  const [nx, ny, nz] = dims;
  const out = new Uint8Array(mask.length);
  // Only the mask's bounding box, widened by the reach, can change.
  const lo = [nx, ny, nz], hi = [-1, -1, -1];
  mask.forEach((m, v) => {
    if (!m) return;
    const p = [v % nx, Math.floor(v / nx) % ny, Math.floor(v / (nx * ny))];
    for (let d = 0; d < 3; d++) { lo[d] = Math.min(lo[d]!, p[d]!); hi[d] = Math.max(hi[d]!, p[d]!); }
  });
  const reach = [inPlane, inPlane, across];
  const from = lo.map((l, d) => Math.max(0, l - reach[d]!)), to = hi.map((h, d) => Math.min(dims[d]! - 1, h + reach[d]!));
  for (let k = from[2]!; k <= to[2]!; k++) for (let j = from[1]!; j <= to[1]!; j++) for (let i = from[0]!; i <= to[0]!; i++) {
    const v = i + nx * (j + ny * k);
    if (!erode && mask[v]) { out[v] = 1; continue; }
    if (erode && !mask[v]) continue;
    let hit = erode ? 1 : 0;
    scan: for (let c = -across; c <= across; c++) for (let b = -inPlane; b <= inPlane; b++) for (let a = -inPlane; a <= inPlane; a++) {
      const x = i + a, y = j + b, z = k + c;
      const inside = x >= 0 && y >= 0 && z >= 0 && x < nx && y < ny && z < nz && mask[x + nx * (y + ny * z)] !== 0;
      if (erode && !inside) { hit = 0; break scan; }
      if (!erode && inside) { hit = 1; break scan; }
    }
    out[v] = hit;
  }
  return out;
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/** The lesion's `count` voxels nearest (in mm) to its voxel of largest i: a compact cap of residual tumour. */
function residualCap(count: number): Uint8Array {
  const [nx, ny] = ct.dims;
  const idx: number[] = [];
  lesion.data.forEach((m, v) => { if (m) idx.push(v); });
  const ijk = (v: number): [number, number, number] => [v % nx, Math.floor(v / nx) % ny, Math.floor(v / (nx * ny))];
  const edge = ijk(idx.reduce((best, v) => (ijk(v)[0] > ijk(best)[0] ? v : best), idx[0]!));
  const s = ct.spacingMm;
  const d2 = (v: number) => { const p = ijk(v); return ((p[0] - edge[0]) * s[0]) ** 2 + ((p[1] - edge[1]) * s[1]) ** 2 + ((p[2] - edge[2]) * s[2]) ** 2; };
  const cap = new Uint8Array(lesion.data.length);
  idx.sort((a, b) => d2(a) - d2(b)).slice(0, count).forEach((v) => (cap[v] = 1));
  return cap;
}

function save(name: string, volume: Volume): void {
  post[name] = volume;
  paths[name] = join(work, `${name}.nii.gz`);
  writeFileSync(paths[name], writeNifti(volume, { gzip: true }));
}

beforeAll(async () => {
  ct = (await ingestCt([CT])).volume;
  lesion = segmentLesion(ct, [92.8, -31.6, -304]).mask;
  maskPath = join(work, 'mask.nii.gz');
  writeFileSync(maskPath, writeNifti(lesion, { gzip: true }));
  const lesionMask = Uint8Array.from(lesion.data, (m) => (m ? 1 : 0));
  const tumourHu = median(Array.from(ct.data).filter((_, v) => lesionMask[v]));
  // Grown: the lesion enlarged by 4 mm in-plane (5 voxels) and one 5 mm slice, filled with the lesion's own median HU.
  const grown = morph(lesionMask, ct.dims, 5, 1);
  save('grown', { ...ct, data: Float32Array.from(ct.data, (h, v) => (grown[v] && !lesionMask[v] ? tumourHu : h)) });
  post.unchanged = ct;
  paths.unchanged = CT;
  // Necrotic: the lesion's centre (more than 4 voxels, 3.2 mm, in from its in-plane edge) non-enhancing (15 HU); the rim stays viable.
  const core = morph(lesionMask, ct.dims, 4, 0, true);
  save('necrotic', { ...ct, data: Float32Array.from(ct.data, (h, v) => (core[v] ? 15 : h)) });
  // Resections: the lesion and a 5 mm margin (6 voxels in-plane, one slice) become a fluid cavity (0 HU); a residual keeps a cap of tumour.
  const cavity = morph(lesionMask, ct.dims, 6, 1);
  const voxelMl = ct.spacingMm[0] * ct.spacingMm[1] * ct.spacingMm[2] / 1000;
  for (const [name, ml] of [['resected', 0], ['residual2', 2], ['residual4', 4]] as const) {
    const keep = residualCap(Math.round(ml / voxelMl));
    save(name, { ...ct, data: Float32Array.from(ct.data, (h, v) => (cavity[v] && !keep[v] ? 0 : h)) });
  }
}, 120_000);

describe('mewm score: changing only the post image moves the score (CRLM-CT-1006)', () => {
  const hcc: Record<string, { logRisk: number; rmst: number; json: Record<string, unknown> }> = {};

  it('HCC after cTACE (risk-hcc-tace): grown > unchanged > necrotic in log-risk, the reverse in RMST; the library gives the CLI\'s numbers', async () => {
    for (const name of ['grown', 'unchanged', 'necrotic']) {
      const r = await cli(['--pre', CT, '--post', paths[name]!, '--mask', maskPath, '--disease', 'hcc', '--protocol', CTACE, '--json']);
      expect(r.code, r.stderr).toBe(0);
      const j = JSON.parse(r.stdout);
      hcc[name] = { logRisk: j.logRisk, rmst: j.rmst, json: j };
      expect(j.researchUse).toBe('research use only, not for clinical use');
      expect(j.model).toMatchObject({ name: 'risk-hcc-tace', version: '1.1.0' });
      expect(j.treatment).toMatchObject({ term: 'ctace', ruleKey: 'tace', curativeIntent: false });
      expect(j.survival.map((p: { time: number }) => p.time)).toEqual([6, 12, 24, 36]);
      // The measured diameter change is what the model reads.
      expect(j.covariates.diameterSumChange.value).toBeCloseTo(j.measurement.patient.diameterSumChange, 12);
      expect(j.imputed.map((m: { name: string }) => m.name)).toEqual(['portalVeinThrombosis', 'afpAtLeast400', 'childPughBOrC', 'ecogAtLeast1']);
    }
    expect(hcc.grown!.json.measurement).toMatchObject({ patient: { mrecist: 'PD' } });
    expect(hcc.unchanged!.json.measurement).toMatchObject({ patient: { mrecist: 'SD', diameterSumChange: 0 } });
    // The necrotic centre is measured as necrosis and the viable (rim) diameter shrinks (mRECIST: the longest viable chord, not across the necrosis).
    const necrotic = (hcc.necrotic!.json.measurement as { patient: { necroticVolumeMl: number; diameterSumChange: number } }).patient;
    expect(necrotic.necroticVolumeMl).toBeGreaterThan(1);
    expect(necrotic.diameterSumChange).toBeLessThan(-0.1);
    expect(hcc.grown!.logRisk).toBeGreaterThan(hcc.unchanged!.logRisk);
    expect(hcc.unchanged!.logRisk).toBeGreaterThan(hcc.necrotic!.logRisk);
    expect(hcc.grown!.rmst).toBeLessThan(hcc.unchanged!.rmst);
    expect(hcc.unchanged!.rmst).toBeLessThan(hcc.necrotic!.rmst);
    const lib = await scoreFollowUp({ pre: ct, post: post.necrotic!, lesions: lesion, disease: 'hcc', protocol: resolveProtocol(CTACE) });
    expect(lib.logRisk).toBeCloseTo(hcc.necrotic!.logRisk, 10);
    expect(lib.researchUse).toBe('research use only, not for clinical use');
    console.log('risk-hcc-tace, cTACE:', Object.entries(hcc).map(([k, s]) => `${k}: mRECIST ${(s.json.measurement as { patient: { mrecist: string; diameterSumChange: number } }).patient.mrecist} ` +
      `change ${(s.json.measurement as { patient: { diameterSumChange: number } }).patient.diameterSumChange.toFixed(3)} log-risk ${s.logRisk.toFixed(4)} RMST ${s.rmst.toFixed(2)} mo, ` +
      `measure ${(s.json.timingsMs as { measure: number }).measure.toFixed(0)} ms, score ${(s.json.timingsMs as { score: number }).score.toFixed(1)} ms`).join('; '));
  }, 120_000);

  it('human-readable output names the term, the model version, log-risk, RMST and the research-use label', async () => {
    const r = await cli(['--pre', CT, '--post', CT, '--mask', maskPath, '--disease', 'hcc', '--protocol', CTACE]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/mRECIST\s+SD/);
    expect(r.stdout).toMatch(/model\s+risk-hcc-tace 1\.1\.0/);
    expect(r.stdout).toMatch(/treatment term\s+ctace \(deciding component tace\)/);
    expect(r.stdout).toMatch(/log-risk\s+-?\d/);
    expect(r.stdout).toMatch(/RMST\s+\d+\.\d+ months \(horizon 36 months\)/);
    expect(r.stdout).toContain('research use only, not for clinical use');
  }, 60_000);

  it('CRLM resection (risk-crlm): residual tumour scores worse than a complete resection, and 4 mL worse than 2 mL', async () => {
    const protocol = resolveProtocol('resection');
    const scores: Record<string, FollowUpScore> = {};
    for (const name of ['resected', 'residual2', 'residual4']) {
      scores[name] = await scoreFollowUp({ pre: ct, post: post[name]!, lesions: lesion, disease: 'crlm', protocol });
    }
    const residual = (s: FollowUpScore) => s.encoded.values[s.encoded.names.indexOf('residualAfterCurative')]!;
    for (const s of Object.values(scores)) {
      expect(s.model).toMatchObject({ name: 'risk-crlm', version: '1.1.0' });
      expect(s.treatment).toMatchObject({ term: 'resection', curativeIntent: true });
    }
    const [a, b, c] = [scores.resected!, scores.residual2!, scores.residual4!];
    expect(a.measurement.patient.mrecist).toBe('CR');
    expect(residual(a)).toBe(0);
    expect(b.measurement.patient.viableVolumeMl).toBeGreaterThan(0.5);
    expect(c.measurement.patient.viableVolumeMl).toBeGreaterThan(b.measurement.patient.viableVolumeMl);
    expect(residual(b)).toBeGreaterThan(0);
    expect(residual(c)).toBeGreaterThan(residual(b));
    expect(residual(c)).toBeLessThanOrEqual(1);
    expect(b.logRisk).toBeGreaterThan(a.logRisk);
    expect(c.logRisk).toBeGreaterThan(b.logRisk);
    expect(c.rmst).toBeLessThan(b.rmst);
    expect(b.rmst).toBeLessThan(a.rmst);
    // Only the residual term differs between the three: log-risk moves by ln(2.32) x the measured fraction.
    expect(c.logRisk - a.logRisk).toBeCloseTo(Math.log(RESIDUAL_AFTER_CURATIVE_EFFECT.hazardRatio) * residual(c), 5); // float32 ONNX
    console.log('risk-crlm, resection:', Object.entries(scores).map(([k, s]) => `${k}: viable ${s.measurement.patient.viableVolumeMl.toFixed(2)} mL, ` +
      `residual fraction ${residual(s).toFixed(3)}, log-risk ${s.logRisk.toFixed(4)}, RMST ${s.rmst.toFixed(2)} mo`).join('; '));
  }, 120_000);

  it('the treatment term: the modality registry\'s rule by disease and deciding component (as mewm plan), refusing a protocol the model has no term for', () => {
    expect(scoreTreatmentTerm('hcc', resolveProtocol(CTACE))).toMatchObject({ term: 'ctace', ruleKey: 'tace', assumed: false });
    expect(scoreTreatmentTerm('hcc', resolveProtocol('deb-tace-doxorubicin')).term).toBe('ctace');
    expect(scoreTreatmentTerm('crlm', resolveProtocol('mwa'))).toMatchObject({ term: 'thermalAblation', ruleKey: 'ablation', assumed: false });
    expect(scoreTreatmentTerm('crlm', resolveProtocol('ctace-epirubicin-lipiodol+mwa')).term).toBe('thermalAblation');
    // HCC has no ablation term: ablation is scored with the resection term, marked assumed.
    expect(scoreTreatmentTerm('hcc', resolveProtocol('mwa'))).toMatchObject({ term: 'resection', ruleKey: 'ablation', assumed: true });
    expect(() => scoreTreatmentTerm('hcc', resolveProtocol('folfox'))).toThrow(/\(hcc\) risk model has no treatment term for 'systemic:folfox'/);
    expect(() => scoreTreatmentTerm('crlm', resolveProtocol(CTACE))).toThrow(/\(crlm\) risk model has no treatment term for 'tace'/);
  });

  it('bad input: usage errors exit 2, rejected input exits 1 with a typed error naming the argument', async () => {
    const base = ['--pre', CT, '--post', CT, '--mask', maskPath];
    expect((await cli([...base, '--protocol', CTACE])).code).toBe(2); // no --disease
    expect((await cli([...base, '--disease', 'lung', '--protocol', CTACE])).code).toBe(2);
    expect((await cli([...base, '--disease', 'hcc'])).code).toBe(2); // no --protocol
    expect((await cli(['--pre', CT, '--post', CT, '--disease', 'hcc', '--protocol', CTACE])).code).toBe(2); // no lesion
    const noTerm = await cli([...base, '--disease', 'crlm', '--protocol', CTACE, '--json']);
    expect(noTerm.code).toBe(1);
    expect(JSON.parse(noTerm.stderr).error).toMatchObject({ code: 'NO_RISK_TERM', message: expect.stringMatching(/\(crlm\) risk model has no treatment term for 'tace'/) });
    const otherDisease = await cli([...base, '--disease', 'hcc', '--protocol', 'resection', '--risk-model', 'risk-crlm', '--json']);
    expect(otherDisease.code).toBe(1);
    expect(JSON.parse(otherDisease.stderr).error.message).toMatch(/--risk-model.*risk-crlm is for crlm, not hcc/);
    const badClinical = await cli([...base, '--disease', 'hcc', '--protocol', CTACE, '--clinical', '{"ecog": 9}', '--json']);
    expect(badClinical.code).toBe(1);
    expect(JSON.parse(badClinical.stderr).error.message).toMatch(/ecog/);
  }, 60_000);
});
