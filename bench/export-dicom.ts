/**
 * bench/export-dicom: wall time, output size and peak memory of `exportPlanDicom` on a plan of the real
 * CRLM-CT-1006 CT (51 slices of 512 × 512): the pre-treatment series copied, each simulated sample as a
 * CT series (51 instances) with its tissue-state SEG, the lesion SEG, the TID 1500 SR and the PDF.
 * The plan itself (white-noise renderer, so the bench measures the export) is made once and not timed.
 * Prints a table and writes bench/results/export-dicom.json. Not a test: targets are read by people
 * (target: under 60 s for a 6 × 4 plan; the encoding is synchronous per object, the writes are not).
 *
 *   npx tsx --conditions=mewm-source bench/export-dicom.ts [--repeats 3] [--samples 4]
 */
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { exportPlanDicom, runPlan } from '../packages/planner/src/index.ts';
import { repoRoot, sharedData } from '../test/support/shared-data.ts';

function arg(name: string, fallback: number): number {
  const k = process.argv.indexOf(name);
  return k >= 0 ? Number(process.argv[k + 1]) : fallback;
}
const repeats = arg('--repeats', 3);
const samples = arg('--samples', 4);

function folderBytes(dir: string): number {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).reduce((n, f) => {
    const s = statSync(join(dir, f));
    return s.isFile() ? n + s.size : n;
  }, 0);
}

const work = mkdtempSync(join(tmpdir(), 'mewm-bench-export-'));
try {
  const plan = join(work, 'plan');
  const t0 = performance.now();
  await runPlan({
    inputs: { kind: 'files', ct: [sharedData('crlm-ct', 'CRLM-CT-1006')], lesion: { kind: 'point', pointRas: [92.8, -31.6, -304] } },
    outDir: plan,
    options: { disease: 'crlm', samples, seed: 1, renderer: 'white-noise' },
  });
  const planMs = performance.now() - t0;

  const runs: Array<{ ms: number; objects: number; series: number; bytes: number; rssPeakMb: number }> = [];
  for (let r = 0; r < repeats; r++) {
    const out = join(work, `dicom-${r}`);
    let rssPeak = process.memoryUsage().rss;
    const sampler = setInterval(() => { rssPeak = Math.max(rssPeak, process.memoryUsage().rss); }, 20);
    const t1 = performance.now();
    const manifest = await exportPlanDicom(plan, out);
    const ms = performance.now() - t1;
    clearInterval(sampler);
    runs.push({
      ms, objects: manifest.objects.length, series: new Set(manifest.objects.map((o) => o.seriesInstanceUid)).size,
      bytes: folderBytes(out), rssPeakMb: rssPeak / 2 ** 20,
    });
    rmSync(out, { recursive: true, force: true });
  }
  const sorted = [...runs].sort((a, b) => a.ms - b.ms);
  const median = sorted[Math.floor(sorted.length / 2)]!;
  const result = {
    machine: { cpus: cpus().length, model: cpus()[0]?.model ?? 'unknown', node: process.version },
    plan: { ct: 'CRLM-CT-1006 (512×512×51)', candidates: 'guideline (crlm)', samples, planMs },
    export: {
      repeats, medianMs: median.ms, allMs: runs.map((r) => r.ms), objects: median.objects, series: median.series,
      megabytes: median.bytes / 1e6, objectsPerSecond: median.objects / (median.ms / 1000), rssPeakMb: Math.max(...runs.map((r) => r.rssPeakMb)),
    },
  };
  console.log('| measure | value |');
  console.log('| --- | --- |');
  console.log(`| plan (not timed in the export) | ${samples} samples per candidate, ${(planMs / 1000).toFixed(1)} s |`);
  console.log(`| export, median of ${repeats} | ${(median.ms / 1000).toFixed(2)} s |`);
  console.log(`| objects / series | ${median.objects} / ${median.series} |`);
  console.log(`| throughput | ${result.export.objectsPerSecond.toFixed(0)} objects/s |`);
  console.log(`| written | ${(median.bytes / 1e6).toFixed(0)} MB |`);
  console.log(`| peak RSS (process) | ${result.export.rssPeakMb.toFixed(0)} MiB |`);
  const dir = resolve(repoRoot, 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'export-dicom.json'), `${JSON.stringify(result, null, 2)}\n`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
