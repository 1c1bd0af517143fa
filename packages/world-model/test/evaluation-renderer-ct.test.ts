/**
 * The shipped renderer's claim, checked in CI through the TypeScript pipeline and the shipped ONNX: on
 * the held-out CRLM-CT-1006 (its metastasis and three lesion-shaped regions in homogeneous liver,
 * never seen in training) renderer-ct beats `coarse` and `coarse+white-noise` on the three texture
 * metrics and is not worse than `coarse` on lowpassMaeHu (issue 4's acceptance rule), at its card's
 * default sampler settings.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestCt } from '@mewm/dicom';
import { evaluateRenderer, loadOnnxRegionRenderer, type RegionRenderer, type RendererEvaluation } from '../src/index.ts';
import { buildCrlm1006EvalRegions } from '../../../test/support/eval-regions-crlm1006.ts';
import { sharedData } from '../../../test/support/shared-data.ts';

const CARD = new URL('../../../models/renderer-ct.json', import.meta.url).pathname;

let renderer: RegionRenderer;
let evaluation: RendererEvaluation;

beforeAll(async () => {
  const { volume: ct } = await ingestCt([sharedData('crlm-ct', 'CRLM-CT-1006')]);
  const { regions } = buildCrlm1006EvalRegions(ct);
  renderer = await loadOnnxRegionRenderer(CARD);
  evaluation = await evaluateRenderer(ct, regions, { renderer, maxRegions: 8, seed: 1 });
}, 120_000);

afterAll(async () => {
  await renderer?.dispose();
});

describe('renderer-ct on the held-out CRLM-CT-1006 regions (seed 1)', () => {
  const row = (method: string) => evaluation.rows.find((r) => r.method === method)!;

  it('evaluates the four regions with the learned model', () => {
    expect(evaluation.regions).toHaveLength(4);
    expect(evaluation.renderer).toMatchObject({ name: 'renderer-ct', learned: true });
  });

  for (const metric of ['histW1', 'npsError', 'glcmError'] as const) {
    it(`beats coarse and coarse+white-noise on ${metric}`, () => {
      expect(row('renderer')[metric]).toBeLessThan(row('coarse')[metric]);
      expect(row('renderer')[metric]).toBeLessThan(row('coarse+white-noise')[metric]);
    });
  }

  it('is not worse than coarse on lowpassMaeHu', () => {
    expect(row('renderer').lowpassMaeHu).toBeLessThanOrEqual(row('coarse').lowpassMaeHu);
  });
});
