/**
 * `mewm eval-renderer` end to end on the held-out real case CRLM-CT-1006 with the tiny test renderer:
 * the regions fixture (the real metastasis + lesion-shaped regions in homogeneous liver, built from
 * code), the JSON schema, sanity of the baselines, the human table, and typed errors for bad input.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestCt, writeNifti, type Mat4, type Volume } from '@mewm/dicom';
import { evaluateRenderer, glcmCounts, glcmFeatures, quantiseHu, type RegionRenderer } from '@mewm/world-model';
import { main as runCli } from '../packages/planner/src/cli/main.ts';
import { SKIMAGE_GLCM } from './support/skimage-glcm.ts';
import { buildCrlm1006EvalRegions, type EvalRegionsFixture } from './support/eval-regions-crlm1006.ts';
import { hasTool, runPythonJson } from './support/external-tool.ts';
import { repoRoot, sharedData } from './support/shared-data.ts';

const work = mkdtempSync(join(tmpdir(), 'mewm-eval-renderer-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const ctDir = sharedData('crlm-ct', 'CRLM-CT-1006');
const tinyCard = join(repoRoot, 'models', 'renderer-tiny.json');
const regionsPath = join(work, 'regions.nii.gz');

let ct: Volume;
let fixture: EvalRegionsFixture;

beforeAll(async () => {
  ct = (await ingestCt([ctDir])).volume;
  fixture = buildCrlm1006EvalRegions(ct);
  writeFileSync(regionsPath, writeNifti(fixture.regions, { gzip: true }));
});

async function cli(args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, { out: (t) => (stdout += `${t}\n`), err: (t) => (stderr += `${t}\n`) });
  return { code, stdout, stderr };
}

const METHODS = ['renderer', 'coarse', 'coarse+white-noise', 'coarse+nps-noise'];

describe('CRLM-CT-1006 evaluation regions fixture', () => {
  it('holds the real metastasis (~8.7 mL) and 3 lesion-shaped regions in liver-like tissue', () => {
    expect(fixture.placed.map((p) => p.label)).toEqual([1, 2, 3, 4]);
    const counts = [0, 0, 0, 0, 0];
    for (const l of fixture.regions.data) counts[l]! += 1;
    const ml = (counts[1]! * ct.spacingMm[0] * ct.spacingMm[1] * ct.spacingMm[2]) / 1000;
    expect(ml).toBeGreaterThan(7.5);
    expect(ml).toBeLessThan(10);
    expect(new Set(counts.slice(1))).toEqual(new Set([counts[1]]));
    expect(fixture.parenchymaHu).toBeGreaterThan(80);
    expect(fixture.parenchymaHu).toBeLessThan(160);
    for (const p of fixture.placed.slice(1)) {
      expect(Math.abs(p.meanHu - fixture.parenchymaHu)).toBeLessThanOrEqual(15);
      expect(p.sdHu).toBeLessThan(25);
    }
    // The metastasis is hypodense to the parenchyma.
    expect(fixture.placed[0]!.meanHu).toBeLessThan(fixture.parenchymaHu - 20);
  });
});

describe('mewm eval-renderer on CRLM-CT-1006 with renderer-tiny', () => {
  it('prints the four metrics for the renderer and the three baselines, with sane baselines', async () => {
    const { code, stdout, stderr } = await cli(['eval-renderer', '--ct', ctDir, '--regions', regionsPath, '--renderer', tinyCard, '--seed', '3', '--json']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const r = JSON.parse(stdout);
    expect(r.rows.map((x: { method: string }) => x.method)).toEqual(METHODS);
    for (const row of r.rows) {
      for (const m of ['histW1', 'npsError', 'glcmError', 'lowpassMaeHu']) {
        expect(Number.isFinite(row[m])).toBe(true);
        expect(row[m]).toBeGreaterThanOrEqual(0);
      }
      expect(row.regions).toBe(4);
    }
    const row = (m: string) => r.rows.find((x: { method: string }) => x.method === m);
    expect(row('coarse').npsError).toBe(1);
    expect(row('coarse+nps-noise').npsError).toBeLessThan(row('coarse').npsError);
    expect(row('coarse+white-noise').glcmError).toBeLessThan(row('coarse').glcmError);
    expect(row('coarse').lowpassMaeHu).toBeLessThan(5);
    expect(r.renderer).toMatchObject({ name: 'renderer-tiny', version: '0.1.0', learned: true });
    expect(r.grid).toMatchObject({ shape: [32, 32, 32], spacingMm: [2, 2, 2], fovMm: 64, source: 'renderer' });
    expect(r.researchUse).toBe('research use only, not for clinical use');
    expect(r.regions.map((g: { label: number }) => g.label).sort()).toEqual([1, 2, 3, 4]);
    for (const g of r.regions) {
      expect(g.voxelsModel).toBeGreaterThan(500);
      expect(g.modelGrid.shape).toEqual([32, 32, 32]);
      expect(Object.keys(g.metrics)).toEqual(METHODS);
      expect(g.residualSigmaHu).toBeGreaterThan(2);
      expect(g.npsNoise.fallback).toBe(false);
    }
    expect(r.skipped).toEqual([]);
  });

  it('prints a readable table without --json and honours --max-regions', async () => {
    const { code, stdout } = await cli(['eval-renderer', '--ct', ctDir, '--regions', regionsPath, '--max-regions', '1', '--renderer', tinyCard, '--steps', '2']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/method\s+histW1\s+npsError\s+glcmError\s+lowpassMaeHu/);
    for (const m of METHODS) expect(stdout).toMatch(new RegExp(`^  ${m.replace('+', '\\+')}\\s+[\\d.]+\\s+[\\d.]+`, 'm'));
    expect(stdout).toMatch(/1 region\(s\) evaluated/);
    expect(stdout).toMatch(/research use only, not for clinical use/);
  });

  it('gives 0 on all four metrics to a method identical to the real CT', async () => {
    const identity: RegionRenderer = {
      name: 'identity', version: '0.0.0', learned: false,
      async render(input) { return { hu: Float32Array.from(input.contextHu), timingsMs: {} }; },
      async dispose() {},
    };
    const r = await evaluateRenderer(ct, fixture.regions, { renderer: identity, maxRegions: 2, seed: 1 });
    const row = r.rows[0]!;
    expect([row.histW1, row.npsError, row.glcmError, row.lowpassMaeHu]).toEqual([0, 0, 0, 0]);
    expect(r.grid).toMatchObject({ shape: [64, 64, 32], spacingMm: [1.5, 1.5, 3], source: 'evaluation-default' });
  });

  it.skipIf(!hasTool('skimage'))('GLCM features agree with skimage on an axial crop of the real metastasis', () => {
    const [nx, ny] = ct.dims;
    const k = 14, i0 = 100, j0 = 220, w = 54, h = 56;
    const img = new Float32Array(w * h), region = new Uint8Array(w * h);
    for (let j = 0; j < h; j++) for (let i = 0; i < w; i++) {
      const v = i0 + i + nx * (j0 + j + ny * k);
      img[i + w * j] = ct.data[v]!;
      region[i + w * j] = fixture.regions.data[v] === 1 ? 1 : 0;
    }
    expect(region.reduce((a, b) => a + b, 0)).toBeGreaterThan(300);
    const levels = Array.from(img, (x, q) => (region[q] ? quantiseHu(x) : 32));
    const ref = runPythonJson<Record<string, number>>(SKIMAGE_GLCM, [JSON.stringify({ w, h, levels })]);
    const ours = glcmFeatures(glcmCounts(img, region, [w, h, 1]), 32);
    for (const f of ['contrast', 'dissimilarity', 'homogeneity', 'energy', 'correlation', 'entropy'] as const) expect(ours[f]).toBeCloseTo(ref[f]!, 9);
  });

  describe('bad input', () => {
    it('an empty regions mask: typed error, exit 1', async () => {
      const empty = join(work, 'empty.nii.gz');
      writeFileSync(empty, writeNifti({ ...fixture.regions, data: new Uint8Array(fixture.regions.data.length) }, { gzip: true }));
      const { code, stderr } = await cli(['eval-renderer', '--ct', ctDir, '--regions', empty, '--renderer', tinyCard, '--json']);
      expect(code).toBe(1);
      expect(JSON.parse(stderr).error).toMatchObject({ code: 'EVALUATION_INPUT', type: 'EvaluationInputError' });
    });

    it('a mask outside the CT field of view: typed grid error, exit 1', async () => {
      const away = join(work, 'away.nii.gz');
      const affineRas = fixture.regions.affineRas.map((r, i) => (i === 2 ? [r[0], r[1], r[2], r[3] + 5000] : [...r])) as Mat4;
      writeFileSync(away, writeNifti({ ...fixture.regions, affineRas }, { gzip: true }));
      const { code, stderr } = await cli(['eval-renderer', '--ct', ctDir, '--regions', away, '--json']);
      expect(code).toBe(1);
      expect(JSON.parse(stderr).error.code).toBe('MASK_GRID');
    });

    it('--max-regions below 1, a missing --regions and an unknown card', async () => {
      const n0 = await cli(['eval-renderer', '--ct', ctDir, '--regions', regionsPath, '--max-regions', '0', '--json']);
      expect(n0.code).toBe(2);
      expect(n0.stderr).toMatch(/--max-regions must be an integer 1\.\.1000, got \\"0\\"/);
      expect((await cli(['eval-renderer', '--ct', ctDir, '--json'])).code).toBe(2);
      const card = await cli(['eval-renderer', '--ct', ctDir, '--regions', regionsPath, '--renderer', join(work, 'nope.json'), '--json']);
      expect(card.code).toBe(1);
      expect(JSON.parse(card.stderr).error.code).toBe('MODEL_CARD');
    });
  });
});
