/**
 * How the renderer's onnxruntime threads wait for work (allowSpinning) changes CPU use, never the
 * output: the pipeline's loader makes them sleep, and renders bit-identically to spinning threads.
 */
import { describe, expect, it } from 'vitest';
import { sessionOptionsFor } from '@mewm/models';
import { loadOnnxRegionRenderer } from '../src/pipeline/load-onnx-region-renderer.ts';
import type { RegionRenderInput } from '../src/pipeline/region-renderer.ts';
import { GRID, tinyCardPath, VOXELS } from '../../models/test/renderer-tiny-fixture.ts';

const cpu = { requested: 'cpu', provider: 'cpu' } as const;

describe('allowSpinning', () => {
  it('sets onnxruntime session.intra_op.allow_spinning = 0 only when false', () => {
    expect(sessionOptionsFor(cpu, 2, false).extra).toEqual({ session: { intra_op: { allow_spinning: '0' } } });
    expect(sessionOptionsFor(cpu, 2, true).extra).toBeUndefined();
    expect(sessionOptionsFor(cpu).extra).toBeUndefined();
    expect(sessionOptionsFor(cpu, 2, false).intraOpNumThreads).toBe(2);
  });

  it('renders the same bytes with sleeping (the loader default) and spinning threads', async () => {
    const regionMask = new Uint8Array(VOXELS);
    const expectedHu = new Float32Array(VOXELS).fill(70);
    const contextHu = new Float32Array(VOXELS);
    for (let v = 0; v < VOXELS; v++) {
      const [x, y, z] = [v % GRID, Math.floor(v / GRID) % GRID, Math.floor(v / (GRID * GRID))];
      contextHu[v] = 50 + x - y;
      if ((x - 15) ** 2 + (y - 17) ** 2 + (z - 16) ** 2 <= 49) { regionMask[v] = 1; expectedHu[v] = 25; }
    }
    const input: RegionRenderInput = { shape: [GRID, GRID, GRID], spacingMm: [1, 1, 1], expectedHu, regionMask, contextHu };
    const outputs: Float32Array[] = [];
    for (const allowSpinning of [undefined, true]) {
      const renderer = await loadOnnxRegionRenderer(tinyCardPath, { intraOpThreads: 2, ...(allowSpinning !== undefined ? { allowSpinning } : {}) });
      try {
        outputs.push((await renderer.render(input, { seed: 11, steps: 4, eta: 0.5 })).hu);
      } finally {
        await renderer.dispose();
      }
    }
    const bytes = (a: Float32Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);
    expect(bytes(outputs[0]!).equals(bytes(outputs[1]!))).toBe(true);
  });
});
