/**
 * bench/survival: wall time of a Cox fit on 10,000 rows x 10 covariates of seeded synthetic data
 * drawn from a known proportional-hazards model, and whether the estimates recover the truth.
 * Also times Kaplan-Meier, log-rank and Harrell's C (O(n^2)) on the same data.
 * Prints a table and writes bench/results/survival.json. Not a test: targets are read by people
 * (Cox fit target: under 2 s). Also times scoring one simulated sample with the default risk model
 * (models/risk-cox-hcc.onnx) end to end: feature extraction from the masks of a real CT with a
 * simulated cTACE follow-up -> encoded covariates -> onnxruntime-node run -> logRisk, S(t), RMST
 * (target under 50 ms), with feature extraction and the pure ONNX run reported separately and
 * model loading reported once.
 *
 *   npx tsx bench/survival.ts [--repeats 5] [--rows 10000] [--replicates 20] [--score-runs 100]
 */
import { seededUniform as prng } from '@mewm/survival';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { cpus } from 'node:os';
import { performance } from 'node:perf_hooks';
import { concordanceIndex, coxPh, kaplanMeier, logRankTest } from '../packages/survival/src/index.ts';
import { loadRiskModel, scoreSimulatedSample } from '../packages/survival/src/index.ts';
import { ingestCt, segmentLesion } from '@mewm/dicom';
import { createWhiteNoiseRenderer, resolveProtocol, simulateTreatment } from '@mewm/world-model';
import { repoRoot, sharedData } from '../test/support/shared-data.ts';

function arg(name: string, fallback: number): number {
  const k = process.argv.indexOf(name);
  return k >= 0 ? Number(process.argv[k + 1]) : fallback;
}
const repeats = arg('--repeats', 5);
const rows = arg('--rows', 10_000);


const TRUE_BETA = [0.5, -0.3, 0.2, 0, 0.8, -0.6, 0.1, 0.4, -0.2, 0.3];
const BASELINE_RATE = 0.01; // exponential baseline hazard per day
const CENSOR_RATE = 0.004; // independent exponential censoring per day
const ADMIN_CENSOR_DAYS = 365;

/** Covariates: 6 standard normal, 4 Bernoulli(0.4); T ~ Exp(rate exp(x'beta)), censored. */
function simulate(n: number, seed: number, roundToDays: boolean) {
  const rand = prng(seed);
  const normal = (): number => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
  const cols: number[][] = TRUE_BETA.map(() => new Array<number>(n));
  const time = new Array<number>(n);
  const event = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    let eta = 0;
    TRUE_BETA.forEach((b, j) => {
      const v = j < 6 ? normal() : Number(rand() < 0.4);
      cols[j]![i] = v;
      eta += b * v;
    });
    const t = -Math.log(1 - rand()) / (BASELINE_RATE * Math.exp(eta));
    const c = Math.min(ADMIN_CENSOR_DAYS, -Math.log(1 - rand()) / CENSOR_RATE);
    const obs = Math.min(t, c);
    time[i] = roundToDays ? Math.ceil(obs) : obs;
    event[i] = t <= c ? 1 : 0;
  }
  const covariates = Object.fromEntries(cols.map((c, j) => [`x${j + 1}`, c]));
  return { outcome: { time, event }, covariates, group: cols[6]! };
}

function timeIt<T>(fn: () => T): { ms: number[]; result: T } {
  const ms: number[] = [];
  let result = fn(); // warm-up, not timed
  for (let r = 0; r < repeats; r++) {
    const t0 = performance.now();
    result = fn();
    ms.push(performance.now() - t0);
  }
  return { ms, result };
}
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const scenarios = [
  { name: 'continuous times (no ties), Efron', roundToDays: false, ties: 'efron' as const },
  { name: 'times rounded up to days (ties), Efron', roundToDays: true, ties: 'efron' as const },
  { name: 'times rounded up to days (ties), Breslow', roundToDays: true, ties: 'breslow' as const },
];

const coldStart = performance.now();
const cold = coxPh(simulate(rows, 1, false).outcome, simulate(rows, 1, false).covariates);
const coldMs = performance.now() - coldStart;

const results = scenarios.map((sc) => {
  const data = simulate(rows, 20240601, sc.roundToDays);
  const { ms, result: fit } = timeIt(() => coxPh(data.outcome, data.covariates, { ties: sc.ties }));
  const errors = TRUE_BETA.map((b, j) => fit.coefficients[j]! - b);
  const zErrors = errors.map((e, j) => e / fit.stdErr[j]!);
  const covered = TRUE_BETA.filter((b, j) => Math.abs(errors[j]!) <= 1.959964 * fit.stdErr[j]!).length;
  return {
    scenario: sc.name,
    rows,
    covariates: TRUE_BETA.length,
    events: fit.eventCount,
    iterations: fit.iterations,
    medianFitMs: median(ms),
    runsMs: ms,
    maxAbsCoefError: Math.max(...errors.map(Math.abs)),
    maxAbsZError: Math.max(...zErrors.map(Math.abs)),
    truthInside95Ci: `${covered}/${TRUE_BETA.length}`,
    coefficients: Array.from(fit.coefficients),
    stdErr: Array.from(fit.stdErr),
  };
});

// Recovery over replicate data sets: (b - truth) / se should have mean ~0 and sd ~1 per coefficient.
const replicates = arg('--replicates', 20);
const zByRep = Array.from({ length: replicates }, (_, r) => {
  const d = simulate(rows, 1000 + r, false);
  const f = coxPh(d.outcome, d.covariates);
  return TRUE_BETA.map((b, j) => (f.coefficients[j]! - b) / f.stdErr[j]!);
});
const zMean = TRUE_BETA.map((_, j) => zByRep.reduce((a, z) => a + z[j]!, 0) / replicates);
const zSd = TRUE_BETA.map((_, j) => Math.sqrt(zByRep.reduce((a, z) => a + (z[j]! - zMean[j]!) ** 2, 0) / (replicates - 1)));
const coverage = zByRep.flat().filter((z) => Math.abs(z) <= 1.959964).length / (replicates * TRUE_BETA.length);

const data = simulate(rows, 20240601, true);
const others = [
  { name: 'kaplanMeier', ms: median(timeIt(() => kaplanMeier(data.outcome)).ms) },
  { name: 'logRankTest (2 groups)', ms: median(timeIt(() => logRankTest(data.outcome, data.group)).ms) },
  {
    name: "concordanceIndex (Harrell, O(n^2))",
    ms: median(timeIt(() => concordanceIndex(data.outcome, coxPh(data.outcome, data.covariates).linearPredictor)).ms),
  },
];

// Scoring one simulated sample with the default risk model. The sample: CRLM-CT-1006 (real CT),
// its metastasis segmented from the reference click, one cTACE follow-up simulated by the world
// model (white-noise renderer; the simulation itself is not timed). Timed: feature extraction from
// the masks, covariate encoding, the ONNX run, and scoreSimulatedSample end to end.
const scoreRuns = arg('--score-runs', 100);
const ctVolume = (await ingestCt([sharedData('crlm-ct', 'CRLM-CT-1006')])).volume;
const lesionMask = segmentLesion(ctVolume, [92.8, -31.6, -304]).mask;
const simulated = await simulateTreatment(
  { ct: ctVolume, lesionMask, protocol: resolveProtocol('ctace-epirubicin-lipiodol') },
  { samples: 1, seed: 7, renderer: createWhiteNoiseRenderer() },
);
const simSample = simulated.samples[0]!;
const sampleInput = { baseline: { ct: ctVolume, lesions: lesionMask }, followUp: { ct: simSample.volume, states: simSample.states } };
const clinical = { ageYears: 66, afpNgPerMl: 35, macrovascularInvasion: false, cirrhosis: true, ecog: 0, childPughClass: 'A' as const };
const sessionStart = performance.now();
const riskModel = await loadRiskModel(resolve(repoRoot, 'models', 'risk-cox-hcc.json'));
const sessionCreateMs = performance.now() - sessionStart;
const stats = (ms: number[]) => {
  const s = [...ms].sort((a, b) => a - b);
  return { medianMs: median(ms), p95Ms: s[Math.floor(0.95 * (s.length - 1))]!, maxMs: s[s.length - 1]! };
};
const first = await scoreSimulatedSample(riskModel, sampleInput, { clinical, modality: 'ctace' });
const featureMs: number[] = [];
const encodeMs: number[] = [];
const onnxMs: number[] = [];
const endToEndMs: number[] = [];
for (let r = 0; r < scoreRuns; r++) {
  const t0 = performance.now();
  const s = await scoreSimulatedSample(riskModel, sampleInput, { clinical, modality: 'ctace' });
  endToEndMs.push(performance.now() - t0);
  featureMs.push(s.timingsMs.features);
  encodeMs.push(s.timingsMs.encode);
  if (s.logRisk !== first.logRisk) throw new Error('scoring is not deterministic');
  const t1 = performance.now();
  await riskModel.score([s.encoded.values]);
  onnxMs.push(performance.now() - t1);
}
await riskModel.dispose();
const scoring = {
  model: 'models/risk-cox-hcc.onnx',
  sample: {
    ct: 'CRLM-CT-1006 (TCIA Colorectal-Liver-Metastases, CC BY 4.0)',
    dims: ctVolume.dims,
    protocol: 'ctace-epirubicin-lipiodol',
    seed: 7,
    mrecist: first.imaging.patient.mrecist,
    viableVolumeMl: first.imaging.patient.viableVolumeMl,
    baselineVolumeMl: first.imaging.patient.baselineVolumeMl,
    logRisk: first.logRisk,
    rmstMonths: first.rmst,
  },
  targetMs: 50,
  runs: scoreRuns,
  sessionCreateMs,
  firstRunMs: first.timingsMs.total,
  endToEnd: stats(endToEndMs),
  featureExtraction: stats(featureMs),
  encoding: stats(encodeMs),
  onnxRun: stats(onnxMs),
};

console.log(`Cox PH, ${rows} rows x ${TRUE_BETA.length} covariates, ${repeats} timed runs (cold first fit ${coldMs.toFixed(0)} ms, ${cold.iterations} iterations)`);
console.table(
  results.map((r) => ({
    scenario: r.scenario,
    events: r.events,
    iter: r.iterations,
    'median ms': Number(r.medianFitMs.toFixed(1)),
    'max |b - truth|': Number(r.maxAbsCoefError.toFixed(4)),
    'max |b - truth| / se': Number(r.maxAbsZError.toFixed(2)),
    'truth in 95% CI': r.truthInside95Ci,
  })),
);
console.log(
  `recovery over ${replicates} replicate data sets: mean (b - truth)/se per coefficient ` +
    `[${zMean.map((v) => v.toFixed(2)).join(', ')}], sd [${zSd.map((v) => v.toFixed(2)).join(', ')}], ` +
    `95% CI coverage ${(100 * coverage).toFixed(1)}%`,
);
console.table(others.map((o) => ({ function: o.name, 'median ms': Number(o.ms.toFixed(1)) })));
console.log(
  `scoring one simulated sample (${scoring.sample.ct}, ${ctVolume.dims.join(' x ')} voxels, cTACE, mRECIST ${scoring.sample.mrecist}) with ${scoring.model} ` +
    `(target < ${scoring.targetMs} ms end to end): model load ${sessionCreateMs.toFixed(1)} ms (once), first score ${scoring.firstRunMs.toFixed(2)} ms`,
);
console.table(
  (['endToEnd', 'featureExtraction', 'encoding', 'onnxRun'] as const).map((k) => ({
    stage: k, runs: scoreRuns, 'median ms': Number(scoring[k].medianMs.toFixed(3)), 'p95 ms': Number(scoring[k].p95Ms.toFixed(3)), 'max ms': Number(scoring[k].maxMs.toFixed(3)),
  })),
);

const outDir = resolve(repoRoot, 'bench', 'results');
mkdirSync(outDir, { recursive: true });
writeFileSync(
  join(outDir, 'survival.json'),
  JSON.stringify(
    {
      generatedAt: new Date().toISOString(),
      node: process.version,
      cpu: cpus()[0]?.model ?? 'unknown',
      targetMs: 2000,
      truth: { beta: TRUE_BETA, baselineRatePerDay: BASELINE_RATE, censorRatePerDay: CENSOR_RATE, adminCensorDays: ADMIN_CENSOR_DAYS },
      coldFirstFitMs: coldMs,
      cox: results,
      recovery: { replicates, zMean, zSd, coverage95: coverage },
      others,
      scoring,
    },
    null,
    2,
  ),
);
console.log(`wrote ${join(outDir, 'survival.json')}`);
