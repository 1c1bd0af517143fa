/**
 * FLOPs from the ONNX graph: hand-derived counts for the tiny renderer and for a small UNet-like graph
 * (strided Conv, GroupNormalization, InstanceNormalization, SiLU, shape arithmetic + MatMul,
 * ConvTranspose, Resize, Concat, Gemm), whose every inferred shape is checked against onnxruntime.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { countOnnxFlops, inferOnnxShapes, isKnown, OnnxGraphError, readOnnxGraph } from '../src/index.ts';
import { repoRoot } from '../../../test/support/shared-data.ts';
import { buildOnnxModel, type TestNode, type TestValue } from './onnx-graph-builder.ts';

const tiny = new Uint8Array(readFileSync(resolve(repoRoot, 'models', 'renderer-tiny.onnx')));

describe('countOnnxFlops on models/renderer-tiny.onnx', () => {
  it('matches the count derived from make_tiny_renderer.py', () => {
    // Grid 32³ = 32,768 voxels, 3×3×3 kernels (27 taps), padding 1 keeps the grid:
    //   conv_in  Conv3d(1 + 3 → 8):  8 · 32,768 · 4 · 27 = 28,311,552 MACs
    //   conv_mid Conv3d(8 → 8):      8 · 32,768 · 8 · 27 = 56,623,104 MACs
    //   conv_out Conv3d(8 → 1):      1 · 32,768 · 8 · 27 =  7,077,888 MACs
    //   embed    Linear(16 → 8) (Gemm, batch 1): 16 · 8  =        128 MACs
    // 92,012,672 MACs = 184,025,344 FLOPs (2 per MAC; bias, SiLU, sin/cos not counted).
    const r = countOnnxFlops(tiny);
    expect(r.macs).toBe(92_012_672);
    expect(r.flops).toBe(184_025_344);
    expect(r.byOpType.Conv).toEqual({ nodes: 3, flops: 2 * (28_311_552 + 56_623_104 + 7_077_888) });
    expect(r.byOpType.Gemm).toEqual({ nodes: 1, flops: 256 });
    expect(r.nodes.map((n) => n.outputShape)).toEqual([[1, 8], [1, 8, 32, 32, 32], [1, 8, 32, 32, 32], [1, 1, 32, 32, 32]]);
    // Elementwise work is reported apart: SiLU = Sigmoid + Mul on two 8 × 32³ maps.
    expect(r.otherOps.Sigmoid).toEqual({ nodes: 2, outputElements: 2 * 8 * 32_768 });
    expect(r.unresolved).toEqual([]);
  });

  it('reads the graph signature as the card states it', () => {
    const g = readOnnxGraph(tiny);
    expect(g.opsets['']).toBe(17);
    expect(g.inputs.map((i) => [i.name, i.shape])).toEqual([
      ['sample', [1, 1, 32, 32, 32]], ['condition', [1, 3, 32, 32, 32]], ['timestep', [1]],
    ]);
    expect(g.outputs.map((o) => o.name)).toEqual(['prediction']);
    expect(g.initializers.get('conv_mid.weight')?.dims).toEqual([8, 8, 3, 3, 3]);
  });
});

// A small pixel-space 3D UNet-like denoiser, x [1, 2, 8, 8, 8] and a [1, 4] embedding input.
const UNET_NODES: TestNode[] = [
  { op: 'Conv', inputs: ['x', 'w1', 'b1'], outputs: ['c1'], attrs: { kernel_shape: [3, 3, 3], pads: [1, 1, 1, 1, 1, 1] } },
  { op: 'GroupNormalization', inputs: ['c1', 'gn_scale', 'gn_bias'], outputs: ['g1'], attrs: { num_groups: 2, epsilon: { float: 1e-5 } } },
  { op: 'Sigmoid', inputs: ['g1'], outputs: ['s1'] },
  { op: 'Mul', inputs: ['g1', 's1'], outputs: ['h1'] },
  { op: 'Conv', inputs: ['h1', 'w2'], outputs: ['h2a'], attrs: { kernel_shape: [3, 3, 3], pads: [1, 1, 1, 1, 1, 1], strides: [2, 2, 2] } },
  { op: 'InstanceNormalization', inputs: ['h2a', 'in_scale', 'in_bias'], outputs: ['h2'] },
  { op: 'Shape', inputs: ['h2'], outputs: ['h2_shape'] },
  { op: 'Gather', inputs: ['h2_shape', 'idx01'], outputs: ['nc'], attrs: { axis: 0 } },
  { op: 'Concat', inputs: ['nc', 'minus1'], outputs: ['tokens_shape'], attrs: { axis: 0 } },
  { op: 'Reshape', inputs: ['h2', 'tokens_shape'], outputs: ['tokens'] },
  { op: 'Transpose', inputs: ['tokens'], outputs: ['tokens_t'], attrs: { perm: [0, 2, 1] } },
  { op: 'MatMul', inputs: ['tokens_t', 'wm'], outputs: ['mixed_t'] },
  { op: 'Transpose', inputs: ['mixed_t'], outputs: ['mixed'], attrs: { perm: [0, 2, 1] } },
  { op: 'Reshape', inputs: ['mixed', 'h2_shape'], outputs: ['mixed_vol'] },
  { op: 'Add', inputs: ['h2', 'mixed_vol'], outputs: ['h3'] },
  { op: 'Resize', inputs: ['h3', '', 'up_scales'], outputs: ['up'], attrs: { mode: 'nearest' } },
  { op: 'ConvTranspose', inputs: ['h3', 'wt'], outputs: ['upt'], attrs: { kernel_shape: [2, 2, 2], strides: [2, 2, 2] } },
  { op: 'Concat', inputs: ['up', 'upt', 'h1'], outputs: ['cat'], attrs: { axis: 1 } },
  { op: 'Conv', inputs: ['cat', 'w3', 'b3'], outputs: ['y'], attrs: { kernel_shape: [3, 3, 3], pads: [1, 1, 1, 1, 1, 1] } },
  { op: 'Gemm', inputs: ['emb', 'wg'], outputs: ['e'], attrs: { transB: 1 } },
];
const UNET_INITIALIZERS = [
  { name: 'w1', dims: [4, 2, 3, 3, 3] }, { name: 'b1', dims: [4] },
  { name: 'gn_scale', dims: [2], values: [1, 1] }, { name: 'gn_bias', dims: [2], values: [0, 0] },
  { name: 'w2', dims: [8, 4, 3, 3, 3] },
  { name: 'in_scale', dims: [8], values: new Array<number>(8).fill(1) }, { name: 'in_bias', dims: [8], values: new Array<number>(8).fill(0) },
  { name: 'idx01', dims: [2], dataType: 7 as const, values: [0, 1] }, { name: 'minus1', dims: [1], dataType: 7 as const, values: [-1] },
  { name: 'wm', dims: [8, 8] },
  { name: 'up_scales', dims: [5], values: [1, 1, 2, 2, 2] },
  { name: 'wt', dims: [8, 4, 2, 2, 2] },
  { name: 'w3', dims: [1, 16, 3, 3, 3] }, { name: 'b3', dims: [1] },
  { name: 'wg', dims: [6, 4] },
];
const UNET_INPUTS: TestValue[] = [{ name: 'x', shape: ['batch', 2, 8, 8, 8] }, { name: 'emb', shape: ['batch', 4] }];

function unet(outputs: TestValue[]): Uint8Array {
  return buildOnnxModel({ nodes: UNET_NODES, initializers: UNET_INITIALIZERS, inputs: UNET_INPUTS, outputs, opset: 18 });
}
const unetModel = unet([{ name: 'y' }, { name: 'e' }]);

describe('countOnnxFlops on a UNet-like graph', () => {
  it('counts Conv, strided Conv, MatMul after shape arithmetic, ConvTranspose and Gemm by hand', () => {
    const r = countOnnxFlops(unetModel, { inputShapes: { x: [1, 2, 8, 8, 8], emb: [1, 4] } });
    const macs = {
      c1: 4 * 512 * 2 * 27, //        [1,4,8³] ← 2 ch, 3³: 110,592
      down: 8 * 64 * 4 * 27, //       [1,8,4³] ← 4 ch, 3³, stride 2: 55,296
      matmul: 64 * 8 * 8, //          [1,64,8] × [8,8]: 4,096
      convT: 8 * 64 * 4 * 8, //       input [1,8,4³] · (4 out ch · 2³): 16,384
      out: 1 * 512 * 16 * 27, //      [1,1,8³] ← 16 ch, 3³: 221,184
      gemm: 6 * 4, //                 [1,4] × [4,6]: 24
    };
    const total = Object.values(macs).reduce((a, b) => a + b, 0);
    expect(total).toBe(407_576);
    expect(r.macs).toBe(total);
    expect(r.flops).toBe(2 * total);
    expect(r.byOpType).toEqual({
      Conv: { nodes: 3, flops: 2 * (macs.c1 + macs.down + macs.out) },
      MatMul: { nodes: 1, flops: 2 * macs.matmul },
      ConvTranspose: { nodes: 1, flops: 2 * macs.convT },
      Gemm: { nodes: 1, flops: 2 * macs.gemm },
    });
    expect(r.otherOps.GroupNormalization).toEqual({ nodes: 1, outputElements: 4 * 512 });
    expect(r.otherOps.Resize).toEqual({ nodes: 1, outputElements: 8 * 512 });
    // Batch 2 doubles every count.
    expect(countOnnxFlops(unetModel, { inputShapes: { x: [2, 2, 8, 8, 8], emb: [2, 4] } }).flops).toBe(4 * total);
  });

  it('infers the shape of every value exactly as onnxruntime computes it', async () => {
    const names = UNET_NODES.flatMap((n) => n.outputs);
    const shapes = inferOnnxShapes(readOnnxGraph(unetModel), { inputShapes: { x: [1, 2, 8, 8, 8], emb: [1, 4] } });
    const probe = unet(names.map((name) => ({ name, elemType: name.endsWith('shape') || name === 'nc' ? 7 : 1 })));
    const session = await ort.InferenceSession.create(probe);
    try {
      const out = await session.run({
        x: new ort.Tensor('float32', new Float32Array(1024).fill(0.5), [1, 2, 8, 8, 8]),
        emb: new ort.Tensor('float32', Float32Array.from([1, 2, 3, 4]), [1, 4]),
      });
      for (const name of names) {
        const s = shapes.get(name);
        expect(isKnown(s), name).toBe(true);
        expect(isKnown(s) ? s.shape : undefined, name).toEqual([...out[name]!.dims]);
      }
    } finally {
      await session.release();
    }
  });
});

describe('countOnnxFlops: bad input', () => {
  it('rejects bytes that are not an ONNX model, and a truncated file', () => {
    expect(() => countOnnxFlops(new TextEncoder().encode('definitely not a protobuf'))).toThrow(OnnxGraphError);
    expect(() => countOnnxFlops(tiny.subarray(0, tiny.length - 100))).toThrow(OnnxGraphError);
    expect(() => countOnnxFlops(new Uint8Array(0))).toThrow(/no graph/);
  });

  it('names a graph input with a symbolic dimension that was not given', () => {
    expect(() => countOnnxFlops(unetModel)).toThrow(/graph input 'x' has shape \[batch, 2, 8, 8, 8\]: give its concrete shape in inputShapes/);
  });

  it('names the op whose shape is unknown when a counted node depends on it, and uses value_info when the file has it', () => {
    const nodes: TestNode[] = [
      { op: 'Mystery', inputs: ['x'], outputs: ['m'], name: 'odd', attrs: {} },
      { op: 'Conv', inputs: ['m', 'w'], outputs: ['y'], attrs: { kernel_shape: [1, 1, 1] } },
    ];
    const base = { nodes, initializers: [{ name: 'w', dims: [3, 2, 1, 1, 1] }], inputs: [{ name: 'x', shape: [1, 2, 4, 4, 4] }], outputs: [{ name: 'y' }] };
    expect(() => countOnnxFlops(buildOnnxModel(base))).toThrow(/Conv node .*input 0 'm' is unknown \(Mystery node 'odd': no shape rule.*infer_shapes/);
    const withInfo = buildOnnxModel({ ...base, valueInfo: [{ name: 'm', shape: [1, 2, 4, 4, 4] }] });
    expect(countOnnxFlops(withInfo).flops).toBe(2 * 3 * 64 * 2);
  });
});
