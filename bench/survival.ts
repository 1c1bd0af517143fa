/**
 * bench/survival: wall time of a Cox fit on 10,000 rows x 10 covariates of seeded synthetic data
 * drawn from a known proportional-hazards model, and whether the estimates recover the truth.
 * Also times Kaplan-Meier, log-rank and Harrell's C (O(n^2)) on the same data.
 * Prints a table and writes bench/results/survival.json. Not a test: targets are read by people
 * (Cox fit target: under 2 s). Also times scoring one sample with the default risk model
 * (models/risk-cox-hcc.onnx: features -> onnxruntime-node run -> logRisk, S(t), RMST; target
 * under 50 ms), session creation reported separately.
 *
 *   npx tsx bench/survival.ts [--repeats 5] [--rows 10000] [--replicates 20]
 */
import { seededUniform as prng } from '@mewm/survival';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { cpus } from 'node:os';
import { performance } from 'node:perf_hooks';
import { concordanceIndex, coxPh, kaplanMeier, logRankTest } from '../packages/survival/src/index.ts';
import { repoRoot } from '../test/support/shared-data.ts';
import { readFileSync } from 'node:fs';
import * as ort from 'onnxruntime-node';

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

// Scoring one sample with the default risk model: features -> ONNX run -> outputs read back.
const scoreRuns = arg('--score-runs', 200);
const riskModelBytes = readFileSync(resolve(repoRoot, 'models', 'risk-cox-hcc.onnx'));
const sessionStart = performance.now();
const session = await ort.InferenceSession.create(riskModelBytes);
const sessionCreateMs = performance.now() - sessionStart;
const nFeatures = 11;
const sampleFeatures = (r: number): Float32Array => Float32Array.from({ length: nFeatures }, (_, a) => (a === 0 ? 50 + (r % 20) : (r + a) % 2));
const scoreOnce = async (r: number): Promise<number> => {
  const t0 = performance.now();
  const out = await session.run({ features: new ort.Tensor('float32', sampleFeatures(r), [1, nFeatures]) });
  const rmst = (out.rmst!.data as Float32Array)[0]! + (out.survival!.data as Float32Array)[0]! + (out.logRisk!.data as Float32Array)[0]!;
  if (!Number.isFinite(rmst)) throw new Error('non-finite risk output');
  return performance.now() - t0;
};
const firstScoreMs = await scoreOnce(0);
const scoreMs: number[] = [];
for (let r = 1; r <= scoreRuns; r++) scoreMs.push(await scoreOnce(r));
await session.release();
const sortedScore = [...scoreMs].sort((a, b) => a - b);
const scoring = {
  model: 'models/risk-cox-hcc.onnx',
  targetMs: 50,
  sessionCreateMs,
  firstRunMs: firstScoreMs,
  runs: scoreRuns,
  medianMs: median(scoreMs),
  p95Ms: sortedScore[Math.floor(0.95 * (sortedScore.length - 1))]!,
  maxMs: sortedScore[sortedScore.length - 1]!,
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
console.log(`scoring one sample with ${scoring.model} (target < ${scoring.targetMs} ms): session create ${sessionCreateMs.toFixed(1)} ms (once), first run ${firstScoreMs.toFixed(2)} ms`);
console.table([{ runs: scoreRuns, 'median ms': Number(scoring.medianMs.toFixed(3)), 'p95 ms': Number(scoring.p95Ms.toFixed(3)), 'max ms': Number(scoring.maxMs.toFixed(3)) }]);

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
