/**
 * bench/plan: `mewm plan` end to end on the real CRLM-CT-1006 CT with its liver metastasis (lesion from
 * --point 92.8,-31.6,-304, as in the tests): the default plan (guideline policy, its candidates × 4
 * samples, default renderer renderer-ct), the same with the non-learned baseline renderer
 * (`--renderer white-noise`) and the search policy (`--policy search`) and both (`--policy both`), each in its own
 * process so that peak memory is per run. Per run: wall time, peak RSS (process.memoryUsage().rss
 * sampled every 50 ms, and VmHWM from /proc/self/status), CPU time (user + system, all threads), the
 * per-phase times of report.json, the simulation time per sample (simulateMs / samples simulated), and
 * for the search run the search policy's own cost (evaluations, samples simulated, ms).
 * Targets: default plan ≤ 30 s wall (issue 14; ≤ 60 s in issue 6), ≤ 4 GB peak RSS on the 2-core machine.
 * Wall times depend on what else the machine runs: compare runs made side by side, and read CPU time too.
 * Prints a table and writes bench/results/plan.json. Not a test.
 *
 *   npm run bench:plan [-- --runs default,white-noise,search,both] [--samples 4] [--seed 1]
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PlanReport } from '../packages/planner/src/index.ts';
import { main as runCli } from '../packages/planner/src/cli/main.ts';
import { repoRoot, sharedData } from '../test/support/shared-data.ts';

const arg = (name: string, fallback: string): string => {
  const i = process.argv.lastIndexOf(name);
  return i >= 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1]! : fallback;
};
const POINT = '92.8,-31.6,-304';
const samples = arg('--samples', '4');
const seed = arg('--seed', '1');

interface RunResult {
  run: string;
  policy: string;
  exitCode: number;
  wallMs: number;
  /** CPU seconds of this process (all threads), user and system. */
  cpuUserS: number;
  cpuSysS: number;
  peakRssSampledMb: number;
  vmHwmMb: number | null;
  candidates: number;
  samples: number;
  timingsMs: Record<string, number>;
  /** simulateMs / samples simulated (search and final scoring together). */
  simulatePerSampleMs: number | null;
  scoring: PlanReport['scoring'] | null;
  searchCost: (NonNullable<PlanReport['policy']['searchCost']> & { ms: number }) | null;
  ranking: Array<{ rank: number; name: string; rmstMonths: number; pBest: number }>;
}

function vmHwmMb(): number | null {
  try {
    const m = /VmHWM:\s+(\d+)\s+kB/.exec(readFileSync('/proc/self/status', 'utf8'));
    return m ? Number(m[1]) / 1024 : null;
  } catch {
    return null;
  }
}

function simulatePerSample(report: PlanReport | undefined): number | null {
  const simulated = (report?.scoring?.simulated ?? 0) + (report?.policy.searchCost?.simulated ?? 0);
  const ms = report?.timings.simulateMs;
  return ms === undefined || simulated === 0 ? null : ms / simulated;
}

/** One plan in this process; prints its RunResult as the last stdout line. */
async function runOne(run: string): Promise<void> {
  // 'white-noise': the default plan with the non-learned coarse+white-noise baseline renderer
  // 'both': the BCLC guideline candidates plus the search's (`--policy both`)
  const policy = run === 'search' || run === 'both' ? run : 'guideline';
  // CRLM-CT-1006 is a colorectal liver metastasis: the guideline runs plan it as crlm. The TACE beam
  // search is defined for HCC only (refused for crlm), so the search and both runs time it with
  // --disease hcc: a timing of the search on this CT, not a plan for this patient.
  const disease = run === 'search' || run === 'both' ? 'hcc' : 'crlm';
  const rendererArgs = run === 'white-noise' ? ['--renderer', 'white-noise'] : [];
  const out = mkdtempSync(join(tmpdir(), `mewm-bench-plan-${run}-`));
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => { peak = Math.max(peak, process.memoryUsage().rss); }, 50);
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  let stderr = '';
  const exitCode = await runCli(
    ['plan', '--disease', disease, '--ct', sharedData('crlm-ct', 'CRLM-CT-1006'), '--point', POINT, '--policy', policy, '--samples', samples, '--seed', seed, ...rendererArgs, '--out', join(out, 'plan'), '--json'],
    { out: () => {}, err: (t) => { stderr += t; } },
  );
  const wallMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  clearInterval(timer);
  peak = Math.max(peak, process.memoryUsage().rss);
  if (exitCode !== 0) process.stderr.write(`${stderr}\n`);
  const report: PlanReport | undefined = exitCode === 0 ? (JSON.parse(readFileSync(join(out, 'plan', 'report.json'), 'utf8')) as PlanReport) : undefined;
  rmSync(out, { recursive: true, force: true });
  const result: RunResult = {
    run, policy, exitCode, wallMs, cpuUserS: cpu.user / 1e6, cpuSysS: cpu.system / 1e6, peakRssSampledMb: peak / 2 ** 20, vmHwmMb: vmHwmMb(),
    candidates: report?.candidates.length ?? 0, samples: Number(samples),
    timingsMs: report?.timings ?? {}, simulatePerSampleMs: simulatePerSample(report), scoring: report?.scoring ?? null,
    searchCost: report?.policy.searchCost ? { ...report.policy.searchCost, ms: report.timings.searchMs ?? 0 } : null,
    ranking: report?.candidates.map((c) => ({ rank: c.rank, name: c.name, rmstMonths: c.aggregate.rmstMonths.mean, pBest: c.aggregate.pBest })) ?? [],
  };
  process.stdout.write(`\n${JSON.stringify(result)}\n`);
}

const single = arg('--run', '');
if (single) {
  await runOne(single);
} else {
  const runs = arg('--runs', 'default,search').split(',');
  const results: RunResult[] = [];
  for (const run of runs) {
    console.log(`running the ${run} plan (separate process) ...`);
    const child = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), '--run', run, '--samples', samples, '--seed', seed], {
      encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 64 * 2 ** 20,
    });
    const last = child.stdout.trim().split('\n').at(-1) ?? '';
    try {
      results.push(JSON.parse(last) as RunResult);
    } catch {
      console.log(`  the ${run} run failed (exit ${child.status})`);
    }
  }
  const phases = ['ingestMs', 'lesionMs', 'policyMs', 'searchMs', 'scoringMs', 'simulateMs', 'riskScoringMs', 'finaliseMs', 'keySlicesMs', 'pdfMs', 'totalMs'];
  const header = ['run', 'candidates × K', 'wall s', 'cpu s', 'simulate s/sample', 'peak RSS MB (sampled)', 'VmHWM MB', ...phases.map((p) => p.replace(/Ms$/, ' s'))];
  const rows = results.map((r) => [
    `${r.run}${r.exitCode ? ` (exit ${r.exitCode})` : ''}`, `${r.candidates} × ${r.samples}`, (r.wallMs / 1000).toFixed(1),
    (r.cpuUserS + r.cpuSysS).toFixed(1), r.simulatePerSampleMs === null ? 'n/a' : (r.simulatePerSampleMs / 1000).toFixed(2), r.peakRssSampledMb.toFixed(0),
    r.vmHwmMb === null ? 'n/a' : r.vmHwmMb.toFixed(0), ...phases.map((p) => (r.timingsMs[p] === undefined ? '' : (r.timingsMs[p] / 1000).toFixed(1))),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((c) => c[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ');
  console.log(`\nmewm plan on CRLM-CT-1006 (seed ${seed}; ${cpus().length} CPUs)`);
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of rows) console.log(line(r));
  for (const r of results) {
    if (r.searchCost) {
      console.log(`\nsearch policy cost (apart from the final scoring): ${r.searchCost.evaluations} protocol evaluations, ` +
        `${r.searchCost.simulated} samples simulated, ${r.searchCost.cacheHits} cache hits, ${(r.searchCost.ms / 1000).toFixed(1)} s`);
    }
    if (r.scoring) console.log(`${r.run}: final scoring simulated ${r.scoring.simulated} samples, ${r.scoring.cacheHits} from the cache, ${r.scoring.resimulatedForVolumes} re-simulated for volumes`);
  }
  const outDir = resolve(repoRoot, 'bench', 'results');
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, 'plan.json'), `${JSON.stringify({
    benchmark: 'plan', date: new Date().toISOString(), node: process.version, cpus: cpus().length, cpuModel: cpus()[0]?.model,
    input: { ct: 'CRLM-CT-1006', point: POINT }, samples: Number(samples), seed: Number(seed),
    targets: { defaultPlanWallS: 30, peakRssGb: 4 }, results,
  }, null, 2)}\n`);
  console.log(`\nwrote ${join(outDir, 'plan.json')}`);
}
