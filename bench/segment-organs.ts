/**
 * bench/segment-organs: wall time of `segmentLiver` and `segmentVessels` on the real CRLM-CT-1006 CT
 * (512 × 512 × 51, portal-venous, no reference mask) and the TotalSegmentator example CTs (3 mm,
 * unenhanced; reference liver on the 30-slice grid), with Dice and volume error where a reference
 * exists and peak RSS. Median of --repeats runs. Prints a table and writes
 * bench/results/segment-organs.json. Not a test: targets are read by people (target: a few seconds
 * per CT on one core).
 *
 *   npx tsx --conditions=mewm-source bench/segment-organs.ts [--repeats 3]
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { ingestCt, readNifti, readNiftiLabels, segmentLesion, segmentLiver, segmentVessels, type Volume } from '../packages/dicom/src/index.ts';
import { repoRoot, sharedData } from '../test/support/shared-data.ts';

function arg(name: string, fallback: number): number {
  const k = process.argv.indexOf(name);
  return k >= 0 ? Number(process.argv[k + 1]) : fallback;
}
const repeats = arg('--repeats', 3);

function overlap(a: Uint8Array, b: Uint8Array): { dice: number; volumeErrorPercent: number } {
  let both = 0, na = 0, nb = 0;
  for (let v = 0; v < a.length; v++) {
    const x = a[v] !== 0, y = b[v] !== 0;
    if (x) na++;
    if (y) nb++;
    if (x && y) both++;
  }
  return { dice: (2 * both) / (na + nb), volumeErrorPercent: (100 * (na - nb)) / nb };
}

function medianOf(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

interface Case {
  name: string;
  ct: Volume;
  /** The reference liver and the part of our mask to compare with it (the reference's slices). */
  reference?: { mask: Uint8Array; ours: (m: Uint8Array) => Uint8Array };
  /** Fraction of the seeded lesion inside the liver. */
  lesionSeedRas?: [number, number, number];
}

const TS = (f: string) => readFileSync(join(sharedData('totalsegmentator-example'), f));
const crlm = (await ingestCt([sharedData('crlm-ct', 'CRLM-CT-1006')])).volume;
const sm = readNifti(TS('example_ct_sm.nii.gz')).volume;
const full = readNifti(TS('example_ct.nii.gz')).volume;
const smLiver = readNiftiLabels(TS('example_ct_sm_liver.nii.gz')).data;
const plane = full.dims[0] * full.dims[1];
const cases: Case[] = [
  { name: 'CRLM-CT-1006 (512×512×51, 0.8×0.8×5 mm)', ct: crlm, lesionSeedRas: [92.8, -31.6, -304] },
  { name: 'TotalSegmentator example_ct_sm (122×101×30, 3 mm)', ct: sm, reference: { mask: smLiver, ours: (m) => m } },
  {
    name: 'TotalSegmentator example_ct (122×101×112, 3 mm; Dice on its top 30 slices)', ct: full,
    reference: { mask: smLiver, ours: (m) => m.subarray((full.dims[2] - sm.dims[2]) * plane) },
  },
];

const rows: Array<Record<string, unknown>> = [];
let rssPeak = process.memoryUsage().rss;
const sampler = setInterval(() => { rssPeak = Math.max(rssPeak, process.memoryUsage().rss); }, 20);
for (const c of cases) {
  const liverMs: number[] = [], vesselMs: number[] = [];
  let liver = segmentLiver(c.ct);
  let vessels = segmentVessels(c.ct, liver.mask);
  for (let r = 0; r < repeats; r++) {
    const t0 = performance.now();
    liver = segmentLiver(c.ct);
    const t1 = performance.now();
    vessels = segmentVessels(c.ct, liver.mask);
    const t2 = performance.now();
    liverMs.push(t1 - t0);
    vesselMs.push(t2 - t1);
  }
  const ref = c.reference === undefined ? undefined : overlap(c.reference.ours(liver.mask.data), c.reference.mask);
  let lesionInside: number | undefined;
  if (c.lesionSeedRas !== undefined) {
    const lesion = segmentLesion(c.ct, c.lesionSeedRas).mask.data;
    let t = 0, i = 0;
    for (let v = 0; v < lesion.length; v++) if (lesion[v]) { t++; if (liver.mask.data[v]) i++; }
    lesionInside = i / t;
  }
  rows.push({
    case: c.name,
    liverMs: medianOf(liverMs), vesselMs: medianOf(vesselMs),
    liverMl: liver.stats.volumeMl, parenchymaHu: liver.stats.parenchymaHu,
    dice: ref?.dice, volumeErrorPercent: ref?.volumeErrorPercent, lesionInsideFraction: lesionInside,
    vesselMl: vessels.stats.volumeMl, vesselLiverFraction: vessels.stats.liverFraction,
    warnings: [...liver.warnings, ...vessels.warnings],
  });
}
clearInterval(sampler);

const f = (x: unknown, d: number) => (typeof x === 'number' ? x.toFixed(d) : '–');
console.log('| case | liver s | vessels s | liver mL | Dice | vol. err. % | lesion inside % | vessels mL (% of liver) |');
console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
for (const r of rows) {
  const lesion = typeof r.lesionInsideFraction === 'number' ? f(100 * r.lesionInsideFraction, 0) : '–';
  console.log(
    `| ${String(r.case)} | ${f((r.liverMs as number) / 1000, 2)} | ${f((r.vesselMs as number) / 1000, 2)} | ${f(r.liverMl, 0)} | ${f(r.dice, 3)} | ` +
      `${f(r.volumeErrorPercent, 1)} | ${lesion} | ${f(r.vesselMl, 1)} (${f(100 * (r.vesselLiverFraction as number), 1)}) |`,
  );
}
console.log(`peak RSS (process, all cases): ${(rssPeak / 2 ** 20).toFixed(0)} MiB; median of ${repeats} runs; ${cpus().length} CPUs, ${cpus()[0]?.model ?? 'unknown'}`);
const result = { machine: { cpus: cpus().length, model: cpus()[0]?.model ?? 'unknown', node: process.version }, repeats, rssPeakMb: rssPeak / 2 ** 20, cases: rows };
const dir = resolve(repoRoot, 'bench', 'results');
mkdirSync(dir, { recursive: true });
writeFileSync(join(dir, 'segment-organs.json'), `${JSON.stringify(result, null, 2)}\n`);
