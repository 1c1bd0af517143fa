/**
 * The sweep of stale upload files in the data directory, at start-up and then periodically
 * (instrumentation-node.ts). An entry is stale when nothing in it was modified for `maxAgeMs`
 * (MEWM_STAGED_TTL_HOURS): its own mtime and those of the files directly inside it are all older.
 *
 * - `tmp/<id>/`: uploads being received; left only when the server stopped mid-upload or mid-ingest.
 * - `cases/<caseId>/staging/<stagingId>/`: multi-series uploads never picked from (released as
 *   staged-uploads.ts does, so that the series picker stops offering them).
 * - `cases/<caseId>/` without a case row: files written for a case deleted while an ingest or a plan
 *   was still writing (deleting a case removes its folder at once; this catches what came after).
 *
 * Logs counts only, never paths or ids.
 */
import 'server-only';
import { readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { ServiceContext } from './context.ts';
import { listStagedUploads, releaseStagedUpload } from './staged-uploads.ts';

export interface SweepResult {
  tmp: number;
  staged: number;
  orphanCases: number;
}

/** Remove upload files older than `maxAgeMs` (see the module comment). `now` for tests. */
export async function sweepStaleUploads(ctx: ServiceContext, opts: { maxAgeMs: number; now?: number }): Promise<SweepResult> {
  const cutoff = (opts.now ?? Date.now()) - opts.maxAgeMs;
  const result: SweepResult = { tmp: 0, staged: 0, orphanCases: 0 };

  for (const name of await subfolders(ctx.dataDir.tmpDir())) {
    const dir = join(ctx.dataDir.tmpDir(), name);
    if (await isStale(dir, cutoff)) {
      await rm(dir, { recursive: true, force: true });
      result.tmp++;
    }
  }

  const caseIds = (await subfolders(ctx.dataDir.casesDir())).filter(isUuid);
  const existing = new Set((await ctx.db.case.findMany({ select: { id: true } })).map((c) => c.id));
  for (const caseId of caseIds) {
    if (!existing.has(caseId)) {
      if (await isStale(ctx.dataDir.caseDir(caseId), cutoff)) {
        await rm(ctx.dataDir.caseDir(caseId), { recursive: true, force: true });
        result.orphanCases++;
      }
      continue;
    }
    for (const stagingId of (await listStagedUploads(ctx, caseId)).filter(isUuid)) {
      if (await isStale(ctx.dataDir.stagingDir(caseId, stagingId), cutoff)) {
        await releaseStagedUpload(ctx, caseId, stagingId);
        result.staged++;
      }
    }
  }
  return result;
}

/** How often the sweep runs for a given age limit: a quarter of it, between 1 minute and 1 hour. */
export function sweepIntervalMs(maxAgeMs: number): number {
  return Math.min(60 * 60_000, Math.max(60_000, maxAgeMs / 4));
}

export interface UploadSweeper {
  /** The start-up sweep (resolves when it is done; failures are logged, not thrown). */
  first: Promise<void>;
  stop: () => void;
}

/**
 * Sweep now and then every `sweepIntervalMs(maxAgeMs)` (the timer does not keep the process alive).
 * Failures are logged by error class name and retried at the next tick.
 */
export function startUploadSweeper(ctx: ServiceContext, opts: { maxAgeMs: number; log?: (line: string) => void }): UploadSweeper {
  const log = opts.log ?? ((line: string) => console.log(line));
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      const r = await sweepStaleUploads(ctx, { maxAgeMs: opts.maxAgeMs });
      if (r.tmp + r.staged + r.orphanCases > 0) {
        log(`[mewm] upload sweep removed ${r.tmp} temporary, ${r.staged} staged, ${r.orphanCases} orphaned case folder(s)`);
      }
    } catch (e) {
      log(`[mewm] upload sweep failed: ${e instanceof Error ? e.name : typeof e}`);
    } finally {
      running = false;
    }
  };
  const first = tick();
  const timer = setInterval(() => void tick(), sweepIntervalMs(opts.maxAgeMs));
  timer.unref();
  return { first, stop: () => clearInterval(timer) };
}

async function subfolders(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  return entries.filter((e) => e.isDirectory()).map((e) => e.name);
}

/** True when `dir` and every entry directly inside it were last modified before `cutoff` (ms). */
async function isStale(dir: string, cutoff: number): Promise<boolean> {
  try {
    if ((await stat(dir)).mtimeMs >= cutoff) return false;
    for (const name of await readdir(dir)) {
      const st = await stat(join(dir, name)).catch(() => null);
      if (st && st.mtimeMs >= cutoff) return false;
    }
    return true;
  } catch {
    return false; // gone meanwhile
  }
}

function isUuid(name: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(name);
}
