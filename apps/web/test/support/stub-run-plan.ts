/**
 * A stand-in for the planner bridge's runPlan, loaded by the plan worker process in tests
 * (`worker: { bridgeModule }`). The first user candidate picks the behaviour:
 *   ok        progress and a cooperative checkpoint per step, then a summary naming the worker's pid
 *   slow      like ok, with 200 steps of 25 ms (time to cancel it)
 *   stubborn  one progress event, then blocks without checking for cancellation (the server must kill it)
 *   crash     a partial output folder, one progress event, then exit code 7 (a crash mid-plan)
 *   leaky     throws an error whose message holds a path and a name (must not cross the boundary)
 *   input     throws a planner input error (its message is for people and crosses)
 */
import { mkdir } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { PlanHooks, PlanRunSummary } from '../../src/server/services/plan-jobs-planner.ts';
import type { PlanWorkerArgs } from '../../src/server/services/plan-jobs-worker-protocol.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function summaryOf(steps: number): PlanRunSummary {
  return { candidates: 1, samples: steps, files: 0, reportSha256: '0'.repeat(64), bclcStage: null, topCandidate: `pid ${process.pid}` };
}

async function steps(hooks: PlanHooks, n: number, ms: number): Promise<PlanRunSummary> {
  for (let k = 1; k <= n; k++) {
    hooks.onProgress({ phase: 'simulate', candidate: 1, candidates: 1, sample: k, samples: n, name: 'stub' });
    await sleep(ms);
    await hooks.checkpoint();
  }
  return summaryOf(n);
}

export async function runPlan(args: PlanWorkerArgs & { hooks: PlanHooks }): Promise<PlanRunSummary> {
  const behaviour = String(args.options.candidates?.[0] ?? 'ok');
  switch (behaviour) {
    case 'ok':
      return steps(args.hooks, 3, 1);
    case 'slow':
      return steps(args.hooks, 200, 25);
    case 'stubborn':
      args.hooks.onProgress({ phase: 'policy', policy: 'stub', message: 'blocking' });
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 60_000);
      return summaryOf(0);
    case 'crash': {
      await mkdir(join(dirname(args.outDir), `.${basename(args.outDir)}.partial-stub`), { recursive: true });
      args.hooks.onProgress({ phase: 'simulate', candidate: 1, candidates: 2, sample: 1, samples: 1, name: 'rfa' });
      await args.hooks.checkpoint();
      return process.exit(7);
    }
    case 'leaky':
      throw Object.assign(new Error(`cannot read /data/cases/Doe^Jane/ct.nii.gz`), { code: 'ENOENT' });
    case 'input':
      throw Object.assign(new Error('samples: must be 1..64'), { name: 'PlannerInputError', code: 'INPUT' });
    default:
      throw new Error(`unknown stub behaviour ${behaviour}`);
  }
}
