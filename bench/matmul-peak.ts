/**
 * This machine's measured float32 matrix-multiply peak through onnxruntime-node: a one-node ONNX
 * graph C = A·B (A, B: n × n inputs, so nothing is constant-folded), run with the given intra-op
 * thread count after warm-up runs. FLOPs per run = 2·n³. Reported: best and median GFLOP/s over
 * the timed runs (the best run is the "peak").
 */
import { performance } from 'node:perf_hooks';
import * as ort from 'onnxruntime-node';
import { encodeOnnxModel, OnnxDataType } from '../packages/survival/src/onnxProto.ts';

export interface MatmulPeak {
  n: number;
  threads: number;
  flopsPerRun: number;
  runs: number;
  runMs: number[];
  bestGflops: number;
  medianGflops: number;
}

export function matmulModel(n: number): Uint8Array {
  const square = [n, n];
  return encodeOnnxModel({
    irVersion: 8, opsetVersion: 17, producerName: 'mewm-bench', producerVersion: '0.1.0', modelVersion: 1, metadata: [],
    graph: {
      name: 'matmul-peak',
      nodes: [{ opType: 'MatMul', inputs: ['A', 'B'], outputs: ['C'], name: 'matmul' }],
      initializers: [],
      inputs: [{ name: 'A', elemType: OnnxDataType.FLOAT, shape: square }, { name: 'B', elemType: OnnxDataType.FLOAT, shape: square }],
      outputs: [{ name: 'C', elemType: OnnxDataType.FLOAT, shape: square }],
    },
  });
}

export async function measureMatmulPeak(opts: { n: number; threads: number; runs: number; warmup?: number }): Promise<MatmulPeak> {
  const { n, threads, runs } = opts;
  const session = await ort.InferenceSession.create(matmulModel(n), {
    executionProviders: ['cpu'], intraOpNumThreads: threads, graphOptimizationLevel: 'all',
  });
  try {
    const fill = (seed: number) => Float32Array.from({ length: n * n }, (_, k) => Math.sin(k * 0.001 + seed));
    const feeds = { A: new ort.Tensor('float32', fill(1), [n, n]), B: new ort.Tensor('float32', fill(2), [n, n]) };
    for (let w = 0; w < (opts.warmup ?? 2); w++) await session.run(feeds);
    const runMs: number[] = [];
    for (let r = 0; r < runs; r++) {
      const t0 = performance.now();
      const out = await session.run(feeds);
      runMs.push(performance.now() - t0);
      if (!Number.isFinite((out.C!.data as Float32Array)[n * n - 1]!)) throw new Error('matmul peak: non-finite output');
    }
    const flopsPerRun = 2 * n ** 3;
    const sorted = [...runMs].sort((a, b) => a - b);
    const gflops = (ms: number) => flopsPerRun / (ms / 1000) / 1e9;
    return { n, threads, flopsPerRun, runs, runMs, bestGflops: gflops(sorted[0]!), medianGflops: gflops(sorted[Math.floor(runs / 2)]!) };
  } finally {
    await session.release();
  }
}
