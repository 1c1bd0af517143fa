/**
 * evaluateRenderer on a synthetic liver-like phantom: a renderer that reproduces the real CT scores
 * 0, the coarse map scores npsError 1, results are deterministic for a seed, regions that do not fit
 * are skipped with a reason, and bad input raises typed errors.
 */
import { describe, expect, it } from 'vitest';
import type { LabelVolume, Mat4, Vec3, Volume } from '@mewm/dicom';
import {
  createCoarseBaselineRenderer, createNpsNoiseBaselineRenderer, createRng, evaluateRenderer, EvaluationInputError,
  EVALUATION_METHODS, gaussianFilterMm, splitRegions, type RegionRenderer,
} from '../src/index.ts';

const DIMS: Vec3 = [80, 80, 24];
const SPACING: Vec3 = [1, 1, 3];
const AFFINE: Mat4 = [[1, 0, 0, -40], [0, 1, 0, -40], [0, 0, 3, -36], [0, 0, 0, 1]];
const GRID = { shape: [24, 24, 12] as Vec3, spacingMm: [2, 2, 4] as Vec3 };

function phantom(noiseMm = 0.8): Volume {
  const n = DIMS[0] * DIMS[1] * DIMS[2];
  const rng = createRng(1);
  const noise = gaussianFilterMm(Float32Array.from({ length: n }, () => rng.normal()), DIMS, SPACING, noiseMm);
  const data = new Float32Array(n);
  let v = 0;
  for (let k = 0; k < DIMS[2]; k++) for (let j = 0; j < DIMS[1]; j++) for (let i = 0; i < DIMS[0]; i++, v++) {
    data[v] = (i < 6 ? -100 : 110) + 40 * noise[v]!;
  }
  return { dims: DIMS, spacingMm: SPACING, affineRas: AFFINE, data, meta: { source: 'derived', unit: 'HU', notes: [] } };
}

/** Label 1: sphere r = 8 mm; label 2: 44 mm slab (does not fit a 48 mm field of view); label 3: one voxel. */
function regions(): LabelVolume {
  const data = new Uint8Array(DIMS[0] * DIMS[1] * DIMS[2]);
  let v = 0;
  for (let k = 0; k < DIMS[2]; k++) for (let j = 0; j < DIMS[1]; j++) for (let i = 0; i < DIMS[0]; i++, v++) {
    if ((i - 25) ** 2 + (j - 25) ** 2 + (3 * (k - 12)) ** 2 <= 64) data[v] = 1;
    else if (i >= 20 && i < 64 && j >= 50 && j < 60 && k >= 10 && k < 14) data[v] = 2;
    else if (i === 70 && j === 20 && k === 3) data[v] = 3;
  }
  return { dims: DIMS, spacingMm: SPACING, affineRas: AFFINE, data, labels: { 1: 'a', 2: 'b', 3: 'c' } };
}

/** Cheats on purpose: returns the real CT (contextHu) inside the region. */
const identity: RegionRenderer = {
  name: 'identity', version: '0.0.0', learned: false,
  async render(input) { return { hu: Float32Array.from(input.contextHu), timingsMs: {} }; },
  async dispose() {},
};

describe('evaluateRenderer', () => {
  const ct = phantom();
  const mask = regions();

  it('gives 0 on every metric to a renderer that reproduces the real CT, and 1 npsError to the coarse map', async () => {
    const r = await evaluateRenderer(ct, mask, { renderer: identity, maxRegions: 3, seed: 1, evaluationGrid: GRID });
    expect(r.rows.map((row) => row.method)).toEqual([...EVALUATION_METHODS]);
    const renderer = r.rows.find((row) => row.method === 'renderer')!;
    expect([renderer.histW1, renderer.npsError, renderer.glcmError, renderer.lowpassMaeHu]).toEqual([0, 0, 0, 0]);
    const coarse = r.rows.find((row) => row.method === 'coarse')!;
    expect(coarse.npsError).toBe(1);
    const nps = r.rows.find((row) => row.method === 'coarse+nps-noise')!;
    expect(nps.npsError).toBeLessThan(1);
    expect(r.grid).toMatchObject({ shape: GRID.shape, source: 'evaluation-default', fovMm: 48 });
    expect(r.researchUse).toBe('research use only, not for clinical use');
  });

  it('coarse+nps-noise follows correlated noise better than coarse+white-noise (its spectrum comes from the context)', async () => {
    const r = await evaluateRenderer(phantom(3), mask, { renderer: identity, maxRegions: 1, seed: 3, evaluationGrid: GRID });
    const row = (m: string) => r.rows.find((x) => x.method === m)!;
    expect(row('coarse+nps-noise').npsError).toBeLessThan(0.6 * row('coarse+white-noise').npsError);
    expect(row('coarse+nps-noise').glcmError).toBeLessThan(row('coarse+white-noise').glcmError);
    expect(r.regions[0]!.residualSigmaHu).toBeGreaterThan(1);
  });

  it('skips regions that do not fit the field of view or are too small, with a reason', async () => {
    const r = await evaluateRenderer(ct, mask, { renderer: identity, maxRegions: 3, seed: 1, evaluationGrid: GRID });
    expect(r.regions.map((g) => g.label)).toEqual([1]);
    expect(r.skipped.map((s) => s.label)).toEqual([2, 3]);
    expect(r.skipped[0]!.reason).toMatch(/exceeds the renderer field of view 48\.0 mm/);
    expect(r.skipped[1]!.reason).toMatch(/voxels on the model grid|empty after resampling/);
    const one = await evaluateRenderer(ct, mask, { renderer: identity, maxRegions: 1, seed: 1, evaluationGrid: GRID });
    expect(one.regions).toHaveLength(1);
  });

  it('is deterministic for a seed and changes with the seed', async () => {
    const run = (seed: number) => evaluateRenderer(ct, mask, { renderer: createNpsNoiseBaselineRenderer(), maxRegions: 1, seed, evaluationGrid: GRID });
    const [a, b, c] = [await run(7), await run(7), await run(8)];
    expect(a.rows).toEqual(b.rows);
    expect(a.rows[0]!.histW1).not.toEqual(c.rows[0]!.histW1);
    expect(a.regions[0]!.npsNoise.fallback).toBe(false);
    expect(a.regions[0]!.npsNoise.contextVoxels).toBeGreaterThan(512);
  });

  it('splits a single-label mask into connected components, largest first', () => {
    const two = { ...mask, data: mask.data.map((l) => (l === 1 || l === 2 ? 1 : 0)), labels: { 1: 'x' } };
    const { regions: rs } = splitRegions(two);
    expect(rs.map((r) => r.source)).toEqual(['component', 'component']);
    expect(rs[0]!.voxels).toBeGreaterThan(rs[1]!.voxels);
    expect(rs[0]!.index).toBe(1);
  });

  describe('bad input', () => {
    it('rejects an empty mask, a grid mismatch, maxRegions < 1 and nothing evaluable with EvaluationInputError', async () => {
      const renderer = createCoarseBaselineRenderer();
      const empty = { ...mask, data: new Uint8Array(mask.data.length) };
      await expect(evaluateRenderer(ct, empty, { renderer, maxRegions: 1, seed: 1 })).rejects.toThrow(/regions mask is empty/);
      const shifted = { ...mask, affineRas: AFFINE.map((r, i) => (i === 0 ? [r[0], r[1], r[2], r[3] + 5] : [...r])) as Mat4 };
      await expect(evaluateRenderer(ct, shifted, { renderer, maxRegions: 1, seed: 1 })).rejects.toThrow(/differs from the CT grid/);
      await expect(evaluateRenderer(ct, mask, { renderer, maxRegions: 0, seed: 1 })).rejects.toThrow(/maxRegions must be an integer ≥ 1, got 0/);
      await expect(evaluateRenderer(ct, mask, { renderer, maxRegions: 1, seed: 1.5 })).rejects.toBeInstanceOf(EvaluationInputError);
      const onlySlab = { ...mask, data: mask.data.map((l) => (l === 2 ? 2 : 0)) };
      await expect(evaluateRenderer(ct, onlySlab, { renderer, maxRegions: 1, seed: 1, evaluationGrid: GRID })).rejects.toThrow(/no region could be evaluated/);
    });
  });
});
