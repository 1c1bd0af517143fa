/**
 * The renderer's low-pass consistency step (card renderer.lowpassConsistency): the box-restricted blur
 * equals the whole-grid blur inside the region, the correction drives G(composite) towards the
 * expected map, and the card refuses it without a residual encoding.
 */
import { describe, expect, it } from 'vitest';
import type { Vec3 } from '@mewm/dicom';
import { ModelCardError } from '../src/errors.ts';
import { gaussianFilterMm } from '../src/evaluation/gaussian-filter.ts';
import { loadModelCard } from '@mewm/models';
import { createRng } from '../src/random.ts';
import { createLowpassProjection, type LowpassConsistencyInput } from '../src/renderer/lowpass-consistency.ts';
import { tinyCardPath } from '../../models/test/renderer-tiny-fixture.ts';
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const DIMS: Vec3 = [24, 20, 12];
const SPACING: Vec3 = [1.5, 1.5, 3];
const SPEC = { sigmaMm: 3, truncate: 3, iterations: 1 };

function fixture(centre: Vec3, radiusVox: number): LowpassConsistencyInput {
  const n = DIMS[0] * DIMS[1] * DIMS[2];
  const rng = createRng(5);
  const regionMask = new Uint8Array(n);
  const contextHu = new Float32Array(n);
  const expectedHu = new Float32Array(n);
  for (let k = 0, v = 0; k < DIMS[2]; k++) for (let j = 0; j < DIMS[1]; j++) for (let i = 0; i < DIMS[0]; i++, v++) {
    const d2 = (i - centre[0]) ** 2 + (j - centre[1]) ** 2 + (2 * (k - centre[2])) ** 2;
    regionMask[v] = d2 <= radiusVox * radiusVox ? 1 : 0;
    contextHu[v] = 100 + 12 * rng.normal() + 0.8 * i;
    expectedHu[v] = regionMask[v] ? 40 + 0.5 * j : contextHu[v]!;
  }
  return { expectedHu, regionMask, contextHu, dims: DIMS, spacingMm: SPACING, scaleHu: 10, clip: 30 };
}

/** G(composite) − expectedHu over the region, RMS in HU, with the whole-grid filter. */
function consistencyRmsHu(input: LowpassConsistencyInput, x0: Float32Array): number {
  const composite = input.contextHu.map((c, v) => (input.regionMask[v] ? input.expectedHu[v]! + input.scaleHu * x0[v]! : c));
  const low = gaussianFilterMm(composite, DIMS, SPACING, SPEC.sigmaMm, SPEC.truncate);
  let s = 0, n = 0;
  input.regionMask.forEach((m, v) => { if (m) { s += (low[v]! - input.expectedHu[v]!) ** 2; n++; } });
  return Math.sqrt(s / n);
}

function whole(input: LowpassConsistencyInput, x0: Float32Array): Float32Array {
  const composite = input.contextHu.map((c, v) => (input.regionMask[v] ? input.expectedHu[v]! + input.scaleHu * x0[v]! : c));
  const low = gaussianFilterMm(composite, DIMS, SPACING, SPEC.sigmaMm, SPEC.truncate);
  return x0.map((x, v) => (input.regionMask[v] ? Math.min(30, Math.max(-30, x + (input.expectedHu[v]! - low[v]!) / input.scaleHu)) : x));
}

describe('createLowpassProjection', () => {
  for (const [label, centre] of [['inside the grid', [12, 10, 6]], ['touching the grid edge', [2, 10, 1]]] as const) {
    it(`computes the blur on the region box exactly as on the whole grid (region ${label})`, () => {
      const input = fixture(centre as Vec3, 5);
      const rng = createRng(9);
      const x0 = Float32Array.from({ length: input.regionMask.length }, () => rng.normal());
      const expected = whole(input, x0);
      const got = Float32Array.from(x0);
      createLowpassProjection(SPEC, input)(got);
      let maxDiff = 0;
      for (let v = 0; v < got.length; v++) maxDiff = Math.max(maxDiff, Math.abs(got[v]! - expected[v]!));
      expect(maxDiff).toBeLessThan(1e-5);
      // nothing outside the region moves
      input.regionMask.forEach((m, v) => { if (!m) expect(got[v]).toBe(x0[v]); });
    });
  }

  it('drives the low-pass of the composite towards the expected map with each iteration', () => {
    const input = fixture([12, 10, 6], 6);
    const rng = createRng(3);
    const x0 = Float32Array.from({ length: input.regionMask.length }, () => 0.8 * rng.normal() + 0.5);
    const before = consistencyRmsHu(input, x0);
    const one = Float32Array.from(x0);
    createLowpassProjection(SPEC, input)(one);
    const three = Float32Array.from(x0);
    createLowpassProjection({ ...SPEC, iterations: 3 }, input)(three);
    expect(before).toBeGreaterThan(3);
    expect(consistencyRmsHu(input, one)).toBeLessThan(0.6 * before);
    expect(consistencyRmsHu(input, three)).toBeLessThan(consistencyRmsHu(input, one));
  });
});

describe('renderer card: lowpassConsistency', () => {
  it('is refused without a residual sample encoding', async () => {
    const card = JSON.parse(readFileSync(tinyCardPath, 'utf8')) as { renderer: Record<string, unknown>; onnx: { path: string } };
    const dir = mkdtempSync(join(tmpdir(), 'mewm-card-'));
    card.onnx.path = join(tinyCardPath, '..', card.onnx.path);
    card.renderer.sampleEncoding = { kind: 'hu-window' };
    card.renderer.lowpassConsistency = { sigmaMm: 3 };
    const path = join(dir, 'card.json');
    writeFileSync(path, JSON.stringify(card));
    await expect(loadModelCard(path)).rejects.toThrow(ModelCardError);
    await expect(loadModelCard(path)).rejects.toThrow(/lowpassConsistency needs sampleEncoding.kind = residual/);
  });
});
