/**
 * bench/ingest: wall time, throughput and peak memory of `ingestCt` on every shared series.
 * Cold = the first ingest in a fresh process; warm = the median of the following repeats.
 * De-identification (DICOM PS3.15 basic profile, part of the ingest) is reported apart, per series
 * and per slice (target under a few ms per slice; NIfTI input has none).
 * Memory = one ingest in its own fresh process: peak RSS, and its rise over the RSS before the
 * ingest (Node and module baseline excluded), also as a multiple of the volume's size.
 * Prints a table and writes bench/results/ingest.json. Not a test: targets are read by people.
 *
 *   npm run bench:ingest [-- --repeats 5]
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { cpus } from 'node:os';
import { repoRoot, sharedData } from '../test/support/shared-data.ts';

const repeats = Number(process.argv[process.argv.indexOf('--repeats') + 1] || 4);
const inputs = [
  { name: 'HCC_048 (89 slices, uncompressed)', path: sharedData('hcc-tace-seg-hcc048', 'dicom') },
  { name: 'CRLM-CT-1004 (41 slices)', path: sharedData('crlm-ct', 'CRLM-CT-1004') },
  { name: 'CRLM-CT-1006 (51 slices)', path: sharedData('crlm-ct', 'CRLM-CT-1006') },
  { name: 'TotalSegmentator JPEG 2000 (20 slices)', path: sharedData('totalsegmentator-example', 'example_ct_dicom_jpeg2000') },
  { name: 'TotalSegmentator NIfTI 1.5 mm', path: sharedData('totalsegmentator-example', 'example_ct.nii.gz') },
];

function bytesOf(path: string): number {
  const s = statSync(path);
  if (!s.isDirectory()) return s.size;
  return readdirSync(path).reduce((n, f) => n + bytesOf(join(path, f)), 0);
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? NaN : s[Math.floor(s.length / 2)]!;
}

interface RunOutput {
  dims: number[]; volumeBytes: number; baselineRssMb: number; peakRssMb: number;
  runs: Array<{ ingestMs: number; writeMs: number; phases: Record<string, number> }>;
}

function runChild(path: string, n: number): RunOutput {
  const out = execFileSync(join(repoRoot, 'node_modules', '.bin', 'tsx'), [join(repoRoot, 'bench', 'ingest-run.ts'), path, String(n)], {
    encoding: 'utf8', cwd: repoRoot, maxBuffer: 16 * 1024 * 1024,
  });
  return JSON.parse(out.trim().split('\n').at(-1)!) as RunOutput;
}

const rows = inputs.map(({ name, path }) => {
  const inputBytes = bytesOf(path);
  const memory = runChild(path, 0);
  const r = runChild(path, repeats);
  const cold = r.runs[0]!;
  const warm = r.runs.slice(1);
  const warmIngestMs = median(warm.map((x) => x.ingestMs));
  // De-identification of every DICOM file (0 for NIfTI input); per slice = per file of a CT series.
  const warmDeidentifyMs = median(warm.map((x) => x.phases.deidentify ?? 0));
  return {
    name,
    inputMB: inputBytes / 1e6,
    dims: r.dims.join('×'),
    volumeMB: r.volumeBytes / 1e6,
    coldIngestMs: cold.ingestMs,
    warmIngestMs,
    warmMBps: inputBytes / 1e6 / (warmIngestMs / 1000),
    warmDeidentifyMs,
    warmDeidentifyMsPerSlice: warmDeidentifyMs > 0 ? warmDeidentifyMs / r.dims[2]! : null,
    gzipWriteMs: median(r.runs.map((x) => x.writeMs)),
    peakRssMB: memory.peakRssMb,
    rssOverBaselineMB: memory.peakRssMb - memory.baselineRssMb,
    rssOverBaselinePerVolume: (memory.peakRssMb - memory.baselineRssMb) / (memory.volumeBytes / 2 ** 20),
  };
});

const header = ['input', 'in MB', 'dims', 'cold ms', 'warm ms', 'warm MB/s', 'de-id ms', 'de-id ms/slice', 'gzip write ms', 'peak RSS MB', 'RSS-base MB', '×volume'];
const table = rows.map((r) => [
  r.name, r.inputMB.toFixed(1), r.dims, r.coldIngestMs.toFixed(0), r.warmIngestMs.toFixed(0), r.warmMBps.toFixed(0),
  r.warmDeidentifyMs.toFixed(0), r.warmDeidentifyMsPerSlice === null ? 'n/a' : r.warmDeidentifyMsPerSlice.toFixed(2),
  r.gzipWriteMs.toFixed(0), r.peakRssMB.toFixed(0), r.rssOverBaselineMB.toFixed(0), r.rssOverBaselinePerVolume.toFixed(2),
]);
const widths = header.map((h, i) => Math.max(h.length, ...table.map((row) => row[i]!.length)));
const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ');
console.log(line(header));
console.log(widths.map((w) => '-'.repeat(w)).join('  '));
for (const row of table) console.log(line(row));

const outDir = resolve(repoRoot, 'bench', 'results');
mkdirSync(outDir, { recursive: true });
writeFileSync(join(outDir, 'ingest.json'), JSON.stringify({
  benchmark: 'ingest', date: new Date().toISOString(), node: process.version, cpus: cpus().length,
  cpuModel: cpus()[0]?.model, repeats, rows,
}, null, 2));
console.log(`\nwrote ${join(outDir, 'ingest.json')}`);
