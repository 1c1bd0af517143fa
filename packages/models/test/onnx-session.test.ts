import { readFile } from 'node:fs/promises';
import * as ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ModelCardError, ModelInputError, SessionStateError } from '../src/errors.ts';
import { feedProblems } from '../src/onnx/feed-validation.ts';
import { sha256Hex } from '../src/onnx/file-hash.ts';
import { createOnnxSession, type OnnxSession } from '../src/onnx/session.ts';
import { signatureProblems } from '../src/onnx/signature-check.ts';
import { GRID, tinyCardJson, tinyCardPath, tinyOnnxPath, VOXELS, writeCardCopy } from './renderer-tiny-fixture.ts';

const f32 = (n: number, v = 0): Float32Array => new Float32Array(n).fill(v);
const feeds = (over: Partial<Record<string, ort.Tensor>> = {}): Record<string, ort.Tensor> => {
  const base: Record<string, ort.Tensor> = {
    sample: new ort.Tensor('float32', f32(VOXELS, 0.5), [1, 1, GRID, GRID, GRID]),
    condition: new ort.Tensor('float32', Float32Array.from({ length: 3 * VOXELS }, (_, i) => [-0.25, 0, 0.25][Math.floor(i / VOXELS)]!), [1, 3, GRID, GRID, GRID]),
    timestep: new ort.Tensor('float32', Float32Array.from([250]), [1]),
  };
  // An entry given as undefined drops that feed.
  const merged = Object.entries({ ...base, ...over });
  return Object.fromEntries(merged.filter((e): e is [string, ort.Tensor] => e[1] !== undefined));
};

async function inputError(session: OnnxSession, f: Record<string, ort.Tensor>): Promise<string> {
  const e = await session.run(f).then(() => undefined, (err: unknown) => err);
  expect(e).toBeInstanceOf(ModelInputError);
  return (e as Error).message;
}

describe('createOnnxSession (tiny renderer)', () => {
  let session: OnnxSession;
  beforeAll(async () => {
    session = await createOnnxSession(tinyCardPath, { intraOpThreads: 1 });
  });
  afterAll(async () => session.dispose());

  it('opens on CPU by default and matches the torch reference within 1e-5', async () => {
    expect(session.executionProvider).toEqual({ requested: 'cpu', provider: 'cpu' });
    const out = (await session.run(feeds())).prediction!;
    expect(out.dims).toEqual([1, 1, GRID, GRID, GRID]);
    const y = out.data as Float32Array;
    // torch (make_tiny_renderer.py weights, same inputs): out[0,0,0,0,0], [16,16,16], [31,31,31], mean
    expect(y[0]).toBeCloseTo(0.033359695, 5);
    expect(y[16 * 1024 + 16 * 32 + 16]).toBeCloseTo(0.030083487, 5);
    expect(y[VOXELS - 1]).toBeCloseTo(0.044449523, 5);
    expect(y.reduce((a, b) => a + b, 0) / VOXELS).toBeCloseTo(0.030527186, 5);
  });

  it('rejects a wrong feed name, listing what the model takes', async () => {
    const msg = await inputError(session, feeds({ timestep: undefined, t: new ort.Tensor('float32', f32(1), [1]) }));
    expect(msg).toContain("'timestep' missing (expected float32 [1])");
    expect(msg).toContain("unexpected 't'");
  });

  it('rejects a wrong shape with expected and actual shapes', async () => {
    const msg = await inputError(session, feeds({ sample: new ort.Tensor('float32', f32(16 * 32 * 32), [1, 1, 16, 32, 32]) }));
    expect(msg).toContain("'sample' expected float32 [1, 1, 32, 32, 32], got float32 [1, 1, 16, 32, 32]");
  });

  it('rejects a wrong dtype, and never prints values', async () => {
    const msg = await inputError(session, feeds({ timestep: new ort.Tensor('int64', BigInt64Array.from([987654321n]), [1]) }));
    expect(msg).toContain("'timestep' expected float32 [1], got int64 [1]");
    expect(msg).not.toContain('987654321');
  });
});

describe('createOnnxSession: card checks', () => {
  it('rejects a hash mismatch naming both hashes', async () => {
    const bytes = new Uint8Array(await readFile(tinyOnnxPath));
    const tampered = bytes.slice();
    tampered[tampered.length - 1] = tampered[tampered.length - 1]! ^ 0xff;
    const path = await writeCardCopy(() => undefined, tampered);
    const e = await createOnnxSession(path).catch((err: unknown) => err);
    expect(e).toBeInstanceOf(ModelCardError);
    expect((e as Error).message).toContain(sha256Hex(tampered));
    expect((e as Error).message).toContain(sha256Hex(bytes));
  });

  it('rejects a card whose input names differ from the model', async () => {
    const path = await writeCardCopy((c) => {
      c.inputs[2].name = 't';
      c.renderer.io.timestep = 't';
    });
    const e = await createOnnxSession(path).catch((err: unknown) => err);
    expect(e).toBeInstanceOf(ModelCardError);
    expect((e as Error).message).toContain("input 't' is in the card but not in the model");
    expect((e as Error).message).toContain("input 'timestep' is in the model but not in the card");
  });

  it('rejects a card whose output dtype differs from the model', async () => {
    const path = await writeCardCopy((c) => {
      c.kind = 'test-model';
      delete c.renderer;
      c.outputs[0].dtype = 'float16';
    });
    await expect(createOnnxSession(path)).rejects.toThrow(/output 'prediction': card float16 \[1, 1, 32, 32, 32\], model float32 \[1, 1, 32, 32, 32\]/);
  });

  it('rejects a missing ONNX file', async () => {
    const path = await writeCardCopy((c) => (c.onnx.path = 'missing.onnx'));
    await expect(createOnnxSession(path)).rejects.toThrow(/ONNX file not readable.*ENOENT/);
  });

  it('rejects bad options', async () => {
    await expect(createOnnxSession(tinyCardPath, { device: 'tpu' as never })).rejects.toThrow(ModelInputError);
    await expect(createOnnxSession(tinyCardPath, { intraOpThreads: 0 })).rejects.toThrow(/intraOpThreads/);
  });

  it('throws on run after dispose, and dispose is idempotent', async () => {
    const s = await createOnnxSession(tinyCardPath);
    expect(s.disposed).toBe(false);
    await s.dispose();
    await s.dispose();
    expect(s.disposed).toBe(true);
    await expect(s.run(feeds())).rejects.toThrow(SessionStateError);
  });
});

describe('feed and signature checks (pure)', () => {
  it('binds symbolic dims consistently across feeds', () => {
    const specs = [
      { name: 'a', dtype: 'float32' as const, shape: ['batch', 3] },
      { name: 'b', dtype: 'float32' as const, shape: ['batch'] },
    ];
    expect(feedProblems(specs, { a: { type: 'float32', dims: [2, 3] }, b: { type: 'float32', dims: [2] } })).toEqual([]);
    expect(feedProblems(specs, { a: { type: 'float32', dims: [2, 3] }, b: { type: 'float32', dims: [4] } }))
      .toEqual(["'b' expected float32 [2], got float32 [4]"]);
  });

  it('lets a card fix a dim the model leaves symbolic, not the reverse', async () => {
    const card = (await tinyCardJson()).inputs.slice(0, 1);
    expect(signatureProblems('input', card, [{ name: 'sample', isTensor: true, type: 'float32', shape: ['N', 1, 32, 32, 32] }])).toEqual([]);
    const symbolic = [{ ...card[0], shape: ['N', 1, 32, 32, 32] }];
    expect(signatureProblems('input', symbolic, [{ name: 'sample', isTensor: true, type: 'float32', shape: [1, 1, 32, 32, 32] }])).toHaveLength(1);
  });
});
