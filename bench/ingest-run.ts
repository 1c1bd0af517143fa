/**
 * One ingest measurement in this process: `tsx bench/ingest-run.ts <input> <repeats>`.
 * Prints JSON: per-repeat wall time of the ingest and of the NIfTI write, and peak RSS.
 * The first repeat is the cold one (fresh process, modules and codecs loading).
 * With repeats = 0 it ingests once and writes nothing: the peak-memory measurement of one ingest
 * (RSS high-water mark of the process minus its RSS before the ingest).
 */
import { performance } from 'node:perf_hooks';
import { ingestCt, writeNifti } from '@mewm/dicom';

const [input, repeatsArg] = process.argv.slice(2);
if (!input) throw new Error('usage: ingest-run.ts <input> [repeats]');
const repeats = Number(repeatsArg ?? '3');
const baselineRssMb = process.memoryUsage().rss / 2 ** 20;
if (repeats === 0) {
  const result = await ingestCt([input]);
  console.log(JSON.stringify({
    input, dims: result.volume.dims, volumeBytes: result.volume.data.byteLength, baselineRssMb,
    peakRssMb: process.resourceUsage().maxRSS / 1024, runs: [],
  }));
  process.exit(0);
}
const runs: Array<{ ingestMs: number; writeMs: number; phases: Record<string, number> }> = [];
let volumeBytes = 0;
let dims: number[] = [];
for (let r = 0; r < repeats; r++) {
  const t0 = performance.now();
  const result = await ingestCt([input]);
  const t1 = performance.now();
  writeNifti(result.volume, { gzip: true });
  const t2 = performance.now();
  volumeBytes = result.volume.data.byteLength;
  dims = result.volume.dims;
  runs.push({ ingestMs: t1 - t0, writeMs: t2 - t1, phases: result.timingsMs });
}
console.log(JSON.stringify({
  input, dims, volumeBytes, baselineRssMb,
  peakRssMb: process.resourceUsage().maxRSS / 1024,
  runs,
}));
