/**
 * bench/simulate: the simulation pipeline on the real CRLM-CT-1006 CT with its liver metastasis
 * (segmented from RAS 92.8, −31.6, −304 mm, as `mewm simulate --point` does), for a few presets and
 * every renderer asked for. Per sample: wall time of the outcome draw, preprocess (crop, resample to
 * the renderer grid), dynamics (tissue-state + expected-HU maps), each renderer step, postprocess
 * (resample back, feathered paste). For ONNX renderers: FLOPs per step counted from the graph
 * (countOnnxFlops: Conv/ConvTranspose/MatMul/Gemm as 2·MACs, elementwise not counted), the achieved
 * GFLOP/s per pipeline step (model run + DDIM update) and per bare model run, against this machine's
 * float32 MatMul peak measured here with the same thread count (bench/matmul-peak.ts).
 * Also reports the one-off costs: ingest, lesion segmentation, renderer session creation.
 * Prints tables and writes bench/results/simulate.json. Not a test: targets are read by people.
 *
 *   npm run bench:simulate [-- --renderer models/renderer/foo.json] [--presets a,b] [--samples 3]
 *                          [--steps N] [--threads T] [--matmul-n 2048] [--model-runs 10]
 * Renderers: the pipeline's default (the coarse+white-noise baseline, `mewm simulate` without
 * --renderer), models/renderer-tiny.json (random weights; exercises the GFLOP/s path), and each
 * --renderer card given.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import * as ort from 'onnxruntime-node';
import { ingestCt, segmentLesion } from '@mewm/dicom';
import {
  countOnnxFlops, createOnnxSession, createWhiteNoiseRenderer, loadModelCard, loadOnnxRegionRenderer,
  requireRendererCard, resolveProtocol, simulateTreatment, type OnnxFlopCount, type RegionRenderer,
} from '@mewm/world-model';
import { repoRoot, sharedData } from '../test/support/shared-data.ts';
import { measureMatmulPeak, type MatmulPeak } from './matmul-peak.ts';

function args(name: string): string[] {
  return process.argv.flatMap((a, i) => (a === name && process.argv[i + 1] !== undefined ? [process.argv[i + 1]!] : []));
}
const arg = (name: string, fallback: string): string => args(name).at(-1) ?? fallback;
const presets = arg('--presets', 'best-supportive-care,ctace-epirubicin-lipiodol,mwa,sbrt-60gy-3fx').split(',');
const samples = Number(arg('--samples', '3'));
const seed = Number(arg('--seed', '1'));
const threads = Number(arg('--threads', String(availableParallelism())));
const stepsArg = args('--steps').at(-1);
const steps = stepsArg === undefined ? undefined : Number(stepsArg);
const modelRuns = Number(arg('--model-runs', '10'));
const matmulN = Number(arg('--matmul-n', '2048'));
const SEED_RAS: [number, number, number] = [92.8, -31.6, -304];
const cards = [resolve(repoRoot, 'models', 'renderer-tiny.json'), resolve(repoRoot, 'models', 'renderer-ct.json'), ...args('--renderer').map((p) => resolve(p))]
  .filter((p, i, all) => all.indexOf(p) === i);

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;

// 1. Peak first, while nothing else of ours is running.
const peak: MatmulPeak = await measureMatmulPeak({ n: matmulN, threads, runs: 5 });
console.log(`float32 MatMul peak (onnxruntime-node CPU, ${matmulN}², ${threads} threads): best ${peak.bestGflops.toFixed(1)} GFLOP/s, median ${peak.medianGflops.toFixed(1)} GFLOP/s`);

// 2. Inputs, as the CLI builds them.
let t0 = performance.now();
const { volume: ct } = await ingestCt([sharedData('crlm-ct', 'CRLM-CT-1006')]);
const ingestMs = performance.now() - t0;
segmentLesion(ct, SEED_RAS); // warm-up (JIT)
const segmentRuns: number[] = [];
let lesionMask = segmentLesion(ct, SEED_RAS).mask;
for (let r = 0; r < 3; r++) {
  t0 = performance.now();
  lesionMask = segmentLesion(ct, SEED_RAS).mask;
  segmentRuns.push(performance.now() - t0);
}
console.log(`CRLM-CT-1006 ${ct.dims.join('×')}: ingest ${ingestMs.toFixed(0)} ms (cold), lesion segmentation median ${median(segmentRuns).toFixed(0)} ms`);

interface RendererUnderTest {
  label: string;
  open: () => Promise<RegionRenderer>;
  onnx?: { cardPath: string; flops: OnnxFlopCount };
}
const renderers: RendererUnderTest[] = [{ label: 'coarse+white-noise baseline (--renderer white-noise)', open: () => Promise.resolve(createWhiteNoiseRenderer()) }];
for (const cardPath of cards) {
  const { card, modelPath } = await loadModelCard(cardPath);
  const inputShapes = Object.fromEntries(card.inputs.map((i) => [i.name, i.shape.map((d) => (typeof d === 'number' ? d : 1))]));
  const flops = countOnnxFlops(new Uint8Array(readFileSync(modelPath)), { inputShapes });
  renderers.push({ label: `${card.name} ${card.version}`, open: () => loadOnnxRegionRenderer(cardPath, { intraOpThreads: threads }), onnx: { cardPath, flops } });
}

/** Bare model runs on the card's input shapes: the renderer's GFLOP/s without the sampler around it. */
async function modelOnly(cardPath: string, flops: number) {
  t0 = performance.now();
  const session = await createOnnxSession(cardPath, { intraOpThreads: threads });
  const sessionCreateMs = performance.now() - t0;
  try {
    const spec = requireRendererCard(session.card).renderer;
    const feeds: Record<string, ort.Tensor> = {};
    for (const input of session.card.inputs) {
      const dims = input.shape.map((d) => (typeof d === 'number' ? d : 1));
      const n = dims.reduce((a, b) => a * b, 1);
      feeds[input.name] = input.name === spec.io.timestep
        ? (input.dtype === 'int64' ? new ort.Tensor('int64', BigInt64Array.from([500n]), dims) : new ort.Tensor('float32', Float32Array.from([500]), dims))
        : new ort.Tensor('float32', Float32Array.from({ length: n }, (_, k) => Math.sin(k)), dims);
    }
    await session.run(feeds);
    const runMs: number[] = [];
    for (let r = 0; r < modelRuns; r++) {
      const ts = performance.now();
      await session.run(feeds);
      runMs.push(performance.now() - ts);
    }
    return { sessionCreateMs, runs: modelRuns, medianRunMs: median(runMs), gflops: flops / (median(runMs) / 1000) / 1e9 };
  } finally {
    await session.dispose();
  }
}

const rows = [];
const runs = [];
const models = [];
for (const r of renderers) {
  t0 = performance.now();
  const renderer = await r.open();
  const openMs = performance.now() - t0;
  const model = r.onnx ? await modelOnly(r.onnx.cardPath, r.onnx.flops.flops) : undefined;
  try {
    // Warm-up: one sample, not recorded (JIT, first session runs).
    await simulateTreatment({ ct, lesionMask, protocol: resolveProtocol(presets[0]!) }, { samples: 1, seed: 999, renderer, ...(steps ? { steps } : {}) });
    for (const preset of presets) {
      const result = await simulateTreatment(
        { ct, lesionMask, protocol: resolveProtocol(preset) }, { samples, seed, renderer, ...(steps ? { steps } : {}) },
      );
      const perSample = result.samples.map((s) => {
        const t = s.timingsMs;
        const stepKeys = Object.keys(t).filter((k) => /^renderer\.step\.\d+$/.test(k)).sort((a, b) => Number(a.split('.')[2]) - Number(b.split('.')[2]));
        const stepMs = stepKeys.length > 0 ? stepKeys.map((k) => t[k]!) : [t['renderer.render'] ?? NaN];
        return {
          seed: s.seed, viableVolumeMl: s.summary.viableVolumeMl,
          outcomeMs: t.outcome!, preprocessMs: t.preprocess!, dynamicsMs: t.dynamics!, rendererStepMs: stepMs,
          rendererOtherMs: (t['renderer.total'] ?? t['renderer.render'] ?? 0) - stepMs.reduce((a, b) => a + b, 0),
          postprocessMs: t.postprocess!, totalMs: t.total!, timingsMs: t,
          // region mask, response summary (viable volume, diameters, mRECIST), Int16 rounding
          otherMs: t.total! - t.outcome! - t.preprocess! - t.dynamics! - (t['renderer.total'] ?? t['renderer.render'] ?? 0) - t.postprocess!,
        };
      });
      const stepAll = perSample.flatMap((s) => s.rendererStepMs);
      const flopsPerStep = r.onnx?.flops.flops;
      const stepGflops = flopsPerStep === undefined ? undefined : flopsPerStep / (median(stepAll) / 1000) / 1e9;
      runs.push({ renderer: r.label, learned: renderer.learned, preset, samples: perSample, flopsPerStep, stepGflops });
      rows.push({
        renderer: r.label, preset,
        'outcome ms': mean(perSample.map((s) => s.outcomeMs)).toFixed(1),
        'preprocess ms': mean(perSample.map((s) => s.preprocessMs)).toFixed(0),
        'dynamics ms': mean(perSample.map((s) => s.dynamicsMs)).toFixed(0),
        'steps': String(perSample[0]!.rendererStepMs.length),
        'step ms (median, min–max)': `${median(stepAll).toFixed(1)} (${Math.min(...stepAll).toFixed(1)}–${Math.max(...stepAll).toFixed(1)})`,
        'renderer other ms': mean(perSample.map((s) => s.rendererOtherMs)).toFixed(1),
        'postprocess ms': mean(perSample.map((s) => s.postprocessMs)).toFixed(0),
        'summary+other ms': mean(perSample.map((s) => s.otherMs)).toFixed(0),
        'sample total ms': mean(perSample.map((s) => s.totalMs)).toFixed(0),
        'GFLOP/s per step': stepGflops === undefined ? 'n/a (no ONNX)' : stepGflops.toFixed(2),
        '% of peak': stepGflops === undefined ? 'n/a' : `${((100 * stepGflops) / peak.bestGflops).toFixed(1)}%`,
      });
    }
  } finally {
    await renderer.dispose();
  }
  if (r.onnx && model) {
    console.log(`${r.label}: ${(r.onnx.flops.flops / 1e9).toFixed(3)} GFLOP per step (${Object.entries(r.onnx.flops.byOpType).map(([op, v]) => `${op} ${v.nodes}`).join(', ')}); ` +
      `renderer open ${openMs.toFixed(0)} ms; bare model run median ${model.medianRunMs.toFixed(1)} ms = ${model.gflops.toFixed(2)} GFLOP/s (${((100 * model.gflops) / peak.bestGflops).toFixed(1)}% of peak)`);
    models.push({ renderer: r.label, modelOnly: model, flops: r.onnx.flops, card: relative(repoRoot, r.onnx.cardPath) });
  }
}

console.log(`\nper sample (mean of ${samples} samples, seed ${seed}; ${threads} onnxruntime threads; peak ${peak.bestGflops.toFixed(1)} GFLOP/s)`);
const header = Object.keys(rows[0]!);
const table = rows.map((row) => header.map((h) => (row as Record<string, string>)[h]!));
const widths = header.map((h, i) => Math.max(h.length, ...table.map((cells) => cells[i]!.length)));
const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ');
console.log(line(header));
console.log(widths.map((w) => '-'.repeat(w)).join('  '));
for (const cells of table) console.log(line(cells));

// Each renderer step: median over all samples and presets of step i.
console.log('\nrenderer step i, median ms over all samples and presets');
for (const label of [...new Set(runs.map((x) => x.renderer))]) {
  const all = runs.flatMap((x) => (x.renderer === label ? x.samples.map((s) => s.rendererStepMs) : []));
  const perStep = all[0]!.map((_, i) => median(all.map((s) => s[i]!)));
  console.log(`  ${label}: ${perStep.map((ms, i) => `${i}: ${ms.toFixed(1)}`).join('  ')}`);
}

const outDir = resolve(repoRoot, 'bench', 'results');
mkdirSync(outDir, { recursive: true });
writeFileSync(join(outDir, 'simulate.json'), JSON.stringify({
  benchmark: 'simulate', date: new Date().toISOString(), node: process.version, cpus: cpus().length, cpuModel: cpus()[0]?.model,
  input: { ct: 'CRLM-CT-1006', dims: ct.dims, spacingMm: ct.spacingMm, seedRas: SEED_RAS },
  flopConvention: 'Conv, ConvTranspose, MatMul, Gemm: 2 FLOPs per multiply-accumulate; bias and elementwise ops not counted',
  stepGflopsMeaning: 'FLOPs per step / median wall time of one pipeline renderer step (model run + DDIM update)',
  threads, samples, seed, presets, steps: steps ?? 'card default',
  oneOff: { ingestColdMs: ingestMs, segmentLesionMs: segmentRuns },
  matmulPeak: peak,
  rows, runs, models,
}, null, 2));
console.log(`\nwrote ${join(outDir, 'simulate.json')}`);
