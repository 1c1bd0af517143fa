/**
 * The production web server for browser tests: `apps/web/scripts/start.mjs` (which builds first when
 * the build is missing or older than the sources) on a free localhost port, with a temporary data
 * directory and database. Waits for an HTTP 200 — no fixed sleeps.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../../../../../test/support/shared-data.ts';
import { freePort } from '../../../../../test/support/free-port.ts';

export interface RunningServer {
  url: string;
  work: string;
  /** The tail of the server's output (it logs error class names only, never identifiers). */
  log: () => string;
  stop: () => Promise<void>;
  /** Kill start.mjs and the Next.js server it spawned with SIGKILL, as a crash would; resolves once gone. */
  crash: () => Promise<void>;
  /** The pids of start.mjs and everything it spawned (its process group). */
  processes: () => number[];
}

/** Another `next build` of this checkout (a second engineer, a second test run) must finish first. */
async function waitForOtherBuilds(timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    const r = spawnSync('pgrep', ['-f', 'next build'], { encoding: 'utf8' });
    if (r.error || r.status !== 0) return; // no pgrep, or no build running
    await new Promise((res) => setTimeout(res, 1000));
  }
}

/**
 * @param opts.work an existing folder to keep the data directory (`data/`) and database (`mewm.db`) in,
 *   e.g. to start a server again on the same data; the caller removes it. Absent: a new temporary
 *   folder, removed by `stop`.
 */
export async function startServer(opts: { timeoutMs: number; work?: string; env?: Record<string, string> }): Promise<RunningServer> {
  await waitForOtherBuilds(opts.timeoutMs / 2);
  const work = opts.work ?? mkdtempSync(join(tmpdir(), 'mewm-e2e-'));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  let output = '';
  const child: ChildProcess = spawn(process.execPath, [join(repoRoot, 'apps', 'web', 'scripts', 'start.mjs')], {
    cwd: repoRoot,
    env: withoutVitest({
      ...process.env,
      HOST: '127.0.0.1',
      PORT: String(port),
      MEWM_DATA_DIR: join(work, 'data'),
      DATABASE_URL: `file:${join(work, 'mewm.db')}`,
      NEXT_TELEMETRY_DISABLED: '1',
      ...opts.env,
    }),
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const keep = (b: Buffer) => {
    output = (output + b.toString('utf8')).slice(-20_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const stop = async () => {
    if (child.exitCode === null && child.pid !== undefined) {
      const exited = new Promise((res) => child.once('exit', res));
      try {
        process.kill(-child.pid, 'SIGTERM'); // start.mjs and the next server it spawned
      } catch {
        child.kill('SIGTERM');
      }
      await Promise.race([exited, new Promise((res) => setTimeout(res, 10_000))]);
    }
    if (opts.work === undefined) rmSync(work, { recursive: true, force: true });
  };
  const processes = () => {
    if (child.pid === undefined) return [];
    const r = spawnSync('pgrep', ['-g', String(child.pid)], { encoding: 'utf8' });
    return r.stdout.split('\n').filter((l) => l.trim() !== '').map(Number);
  };
  const crash = async () => {
    if (child.exitCode !== null || child.pid === undefined) return;
    const exited = new Promise((res) => child.once('exit', res));
    const group = processes();
    process.kill(-child.pid, 'SIGKILL');
    await exited;
    // the whole group, not only start.mjs, must be gone before the data directory is looked at
    const until = Date.now() + 10_000;
    while (Date.now() < until && group.some((pid) => isAlive(pid))) await new Promise((res) => setTimeout(res, 50));
  };
  const until = Date.now() + opts.timeoutMs;
  while (Date.now() < until) {
    if (child.exitCode !== null) break;
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(5000) });
      if (res.ok) return { url, work, stop, crash, processes, log: () => output.slice(-4000) };
    } catch {
      // not up yet
    }
    await new Promise((res) => setTimeout(res, 250));
  }
  await stop();
  throw new Error(`the web server did not start (exit ${child.exitCode}); its output ends:\n${output.slice(-4000)}`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The environment without the test runner's VITEST* variables: the server must behave as in production
 * (the planner bridge imports TypeScript through tsx unless it runs under vitest). */
function withoutVitest(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([key]) => !key.startsWith('VITEST'))) as NodeJS.ProcessEnv;
}
