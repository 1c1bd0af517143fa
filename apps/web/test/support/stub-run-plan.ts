/**
 * A stand-in for the planner's runPlan(request, { onProgress, signal }), loaded by the plan worker
 * process in tests (`worker: { plannerModule }`). The first user candidate picks the behaviour:
 *   ok        progress and a cooperative checkpoint (yield, then stop if aborted) per step, then a summary naming the worker's pid
 *   slow      like ok, with 200 steps of 25 ms (time to cancel it)
 *   stubborn  one progress event, then blocks without checking for cancellation (the server must kill it)
 *   crash     a partial output folder, one progress event, then exit code 7 (a crash mid-plan)
 *   leaky     throws an error whose message holds a path and a name (must not cross the boundary)
 *   input     throws a planner input error (its message is for people and crosses)
 */
import { mkdir } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { PlanProgress, PlanRequestInput, PlanRunSummary } from '@mewm/contracts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Hooks {
  onProgress: (e: PlanProgress) => void;
  signal: AbortSignal;
}

function summaryOf(steps: number): PlanRunSummary {
  return { candidates: 1, samples: steps, files: 0, reportSha256: '0'.repeat(64), bclcStage: null, topCandidate: `pid ${process.pid}` };
}

async function checkpoint(hooks: Hooks): Promise<void> {
  await yieldToEventLoop();
  hooks.signal.throwIfAborted();
}

async function steps(hooks: Hooks, n: number, ms: number): Promise<{ summary: PlanRunSummary }> {
  for (let k = 1; k <= n; k++) {
    hooks.signal.throwIfAborted();
    hooks.onProgress({ phase: 'simulate', candidate: 1, candidates: 1, sample: k, samples: n, name: 'stub' });
    await sleep(ms);
    await checkpoint(hooks);
  }
  return { summary: summaryOf(n) };
}

export async function runPlan(request: PlanRequestInput, hooks: Hooks): Promise<{ summary: PlanRunSummary }> {
  const first = request.options?.candidates?.[0] ?? 'ok';
  const behaviour = typeof first === 'string' ? first : JSON.stringify(first);
  switch (behaviour) {
    case 'ok':
      return steps(hooks, 3, 1);
    case 'slow':
      return steps(hooks, 200, 25);
    case 'stubborn':
      hooks.onProgress({ phase: 'policy', policy: 'stub', message: 'blocking' });
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 60_000);
      return { summary: summaryOf(0) };
    case 'crash': {
      await mkdir(join(dirname(request.outDir), `.${basename(request.outDir)}.partial-stub`), { recursive: true });
      hooks.onProgress({ phase: 'simulate', candidate: 1, candidates: 2, sample: 1, samples: 1, name: 'rfa' });
      await checkpoint(hooks);
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
