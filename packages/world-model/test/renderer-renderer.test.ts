import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ModelCardError, ModelInputError, SessionStateError } from '../src/errors.ts';
import type { RegionRenderer } from '../src/pipeline/region-renderer.ts';
import { loadModelCard, requireRendererCard } from '@mewm/models';
import { buildCondition } from '../src/renderer/condition.ts';
import { createDiffusionRenderer, type DiffusionRenderer, type RenderInput } from '../src/renderer/renderer.ts';
import { GRID, tinyCardPath, VOXELS, writeCardCopy } from '../../models/test/renderer-tiny-fixture.ts';

/** A sphere of radius 6 voxels at the centre: expected HU 20 inside, context = liver-like 60 HU + a ramp. */
function phantom(): RenderInput {
  const regionMask = new Uint8Array(VOXELS);
  const expectedHu = new Float32Array(VOXELS).fill(60);
  const contextHu = new Float32Array(VOXELS);
  for (let z = 0; z < GRID; z++) {
    for (let y = 0; y < GRID; y++) {
      for (let x = 0; x < GRID; x++) {
        const i = x + GRID * (y + GRID * z);
        contextHu[i] = 60 + x; // x fastest
        if ((x - 16) ** 2 + (y - 16) ** 2 + (z - 16) ** 2 <= 36) {
          regionMask[i] = 1;
          expectedHu[i] = 20;
        }
      }
    }
  }
  return { expectedHu, regionMask, contextHu };
}

describe('buildCondition', () => {
  it('stacks channels in card order: windowed expected HU, mask, context blanked inside the region', async () => {
    const spec = requireRendererCard((await loadModelCard(tinyCardPath)).card).renderer;
    const input = phantom();
    const c = buildCondition(spec, input);
    expect(c.length).toBe(3 * VOXELS);
    const centre = 16 + GRID * (16 + GRID * 16);
    const corner = 3; // x = 3, y = z = 0: outside the region
    expect(c[centre]).toBeCloseTo(2 * (20 + 200) / 500 - 1, 6); // expectedHu −0.12
    expect(c[VOXELS + centre]).toBe(1);
    expect(c[VOXELS + corner]).toBe(0);
    expect(c[2 * VOXELS + centre]).toBe(spec.contextBlankValue);
    expect(c[2 * VOXELS + corner]).toBeCloseTo(2 * (63 + 200) / 500 - 1, 6);
  });

  it('follows a different channel order in the card', async () => {
    const spec = requireRendererCard((await loadModelCard(tinyCardPath)).card).renderer;
    const reversed = { ...spec, conditionChannels: [...spec.conditionChannels].reverse() };
    const c = buildCondition(reversed, phantom());
    expect(c.subarray(VOXELS, 2 * VOXELS)).toEqual(buildCondition(spec, phantom()).subarray(VOXELS, 2 * VOXELS));
    expect(c[0]).toBeCloseTo(2 * (60 + 200) / 500 - 1, 6); // contextHu first now
  });
});

describe('createDiffusionRenderer (tiny random-weight model)', () => {
  let renderer: DiffusionRenderer;
  beforeAll(async () => {
    renderer = await createDiffusionRenderer(tinyCardPath, { intraOpThreads: 1 });
  });
  afterAll(async () => renderer.dispose());

  it('exposes the card, the grid in Volume axis order and the provider, and fits the pipeline contract', () => {
    const asPipelineRenderer: RegionRenderer = renderer; // compile-time check (tsc) of the pipeline's interface
    expect(asPipelineRenderer.learned).toBe(true);
    expect(renderer.name).toBe('renderer-tiny');
    expect(renderer.version).toBe('0.1.0');
    expect(renderer.grid).toEqual({ shape: [32, 32, 32], spacingMm: [2, 2, 2] });
    expect(renderer.executionProvider.provider).toBe('cpu');
  });

  it('renders HU within the window, deterministically per seed, with per-step timings', async () => {
    const input = phantom();
    const steps: number[] = [];
    const a = await renderer.render(input, { seed: 11, steps: 3, onStep: (s) => steps.push(s.step) });
    const b = await renderer.render(input, { seed: 11, steps: 3 });
    const c = await renderer.render(input, { seed: 12, steps: 3 });
    expect(a.hu.length).toBe(VOXELS);
    expect(Math.min(...a.hu)).toBeGreaterThanOrEqual(-200);
    expect(Math.max(...a.hu)).toBeLessThanOrEqual(300);
    expect(Buffer.from(a.hu.buffer).equals(Buffer.from(b.hu.buffer))).toBe(true);
    expect(Buffer.from(a.hu.buffer).equals(Buffer.from(c.hu.buffer))).toBe(false);
    expect(steps).toEqual([0, 1, 2]);
    expect(Object.keys(a.timingsMs)).toEqual(['condition', 'step.0', 'step.1', 'step.2', 'sampling', 'output', 'total']);
    expect(a.timingsMs.total!).toBeGreaterThanOrEqual(a.timingsMs.sampling!);
  });

  it('uses the card defaults (8 steps, eta 0) when steps and eta are omitted', async () => {
    const r = await renderer.render(phantom(), { seed: 1 });
    expect(Object.keys(r.timingsMs).filter((k) => k.startsWith('step.'))).toHaveLength(8);
  });

  it('the condition matters: another expected HU map gives another output for the same seed', async () => {
    const input = phantom();
    const other = { ...input, expectedHu: input.expectedHu.map((v) => v + 150) };
    const a = await renderer.render(input, { seed: 5, steps: 2 });
    const b = await renderer.render(other, { seed: 5, steps: 2 });
    expect(Buffer.from(a.hu.buffer).equals(Buffer.from(b.hu.buffer))).toBe(false);
  });

  describe('bad input', () => {
    it('rejects arrays off the model grid, with sizes in the message', async () => {
      const input = phantom();
      await expect(renderer.render({ ...input, contextHu: new Float32Array(10) }, { seed: 1 }))
        .rejects.toThrow('contextHu has 10 voxels, the model grid 32×32×32 has 32768');
      await expect(renderer.render({ ...input, shape: [32, 32, 16] }, { seed: 1 })).rejects.toThrow(/differs from the model grid/);
      await expect(renderer.render({ ...input, regionMask: new Float32Array(VOXELS) as never }, { seed: 1 })).rejects.toThrow(/regionMask must be a Uint8Array/);
    });

    it('rejects non-finite HU and an empty region', async () => {
      const input = phantom();
      const nan = input.expectedHu.slice();
      nan[5] = Number.NaN;
      await expect(renderer.render({ ...input, expectedHu: nan }, { seed: 1 })).rejects.toThrow('expectedHu has 1 non-finite voxels');
      await expect(renderer.render({ ...input, regionMask: new Uint8Array(VOXELS) }, { seed: 1 })).rejects.toThrow(ModelInputError);
    });

    it('rejects bad sampler options', async () => {
      await expect(renderer.render(phantom(), { seed: 0.5 })).rejects.toThrow(/seed must be an integer/);
      await expect(renderer.render(phantom(), { seed: 1, steps: 5000 })).rejects.toThrow(/steps must be an integer in \[1, 1000\]/);
      await expect(renderer.render(phantom(), { seed: 1, eta: -1 })).rejects.toThrow(/eta/);
    });

    it('refuses a card that is not a renderer', async () => {
      const path = await writeCardCopy((c) => {
        c.kind = 'risk-model';
        delete c.renderer;
      });
      await expect(createDiffusionRenderer(path)).rejects.toThrow(ModelCardError);
    });

    it('refuses to render after dispose', async () => {
      const r = await createDiffusionRenderer(tinyCardPath);
      await r.dispose();
      await expect(r.render(phantom(), { seed: 1, steps: 1 })).rejects.toThrow(SessionStateError);
    });
  });
});
