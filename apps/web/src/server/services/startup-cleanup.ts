/**
 * What the server does to its data directory before it answers the first request
 * (instrumentation-node.ts):
 *
 * - **Owner-only permissions.** The process's umask becomes 077, so that everything it (and the plan
 *   workers it forks) creates is 0600 / 0700; the data directory is made 0700, and anything in it (and
 *   the SQLite database with its journal files, which hold each case's de-identification salt) that
 *   group or others could read is tightened to 0600 / 0700. In a department set-up one service account
 *   owns the data directory and runs the server; people reach the data only through the app.
 * - **No original upload survives a crash.** Every temporary upload (`tmp/`) is removed: none can be in
 *   progress before the server answers, and they hold original DICOM (names, IDs, dates, UIDs). A
 *   staging folder that holds an original upload instead of de-identified files (written by an older
 *   version) is released.
 *
 * One server per data directory: a second one starting would remove the first one's uploads in
 * progress. Logs counts only, never paths or ids.
 */
import 'server-only';
import { chmod, lstat, mkdir, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { ServiceContext } from './context.ts';
import { listStagedUploads, releaseStagedUpload } from './staged-uploads.ts';

export interface StartupCleanup {
  /** Files and folders whose permissions were tightened. */
  tightened: number;
  temporaryUploads: number;
  originalStagedUploads: number;
}

const OWNER_ONLY_UMASK = 0o077;

/** Make files this process creates from now on owner-only. */
export function useOwnerOnlyUmask(): void {
  process.umask(OWNER_ONLY_UMASK);
}

export async function cleanDataDirAtStartup(ctx: ServiceContext, databasePath: string): Promise<StartupCleanup> {
  const root = ctx.dataDir.root;
  await mkdir(root, { recursive: true, mode: 0o700 });
  let tightened = await tightenTree(root);
  for (const file of [databasePath, `${databasePath}-journal`, `${databasePath}-wal`, `${databasePath}-shm`]) {
    tightened += await tighten(file);
  }

  let temporaryUploads = 0;
  for (const name of await readdir(ctx.dataDir.tmpDir()).catch(() => [] as string[])) {
    await rm(join(ctx.dataDir.tmpDir(), name), { recursive: true, force: true });
    temporaryUploads++;
  }

  let originalStagedUploads = 0;
  const cases = await ctx.db.case.findMany({ select: { id: true } });
  for (const { id } of cases) {
    for (const stagingId of await listStagedUploads(ctx, id)) {
      const names = await readdir(ctx.dataDir.stagingDir(id, stagingId)).catch(() => [] as string[]);
      if (names.some((n) => n.startsWith('upload.')) || !names.includes('deidentification.json')) {
        await releaseStagedUpload(ctx, id, stagingId);
        originalStagedUploads++;
      }
    }
  }
  return { tightened, temporaryUploads, originalStagedUploads };
}

/** chmod `path` to 0600 (file) or 0700 (folder) when group or others have any access; 1 if changed. */
async function tighten(path: string): Promise<number> {
  const st = await lstat(path).catch(() => null);
  if (!st || st.isSymbolicLink() || (st.mode & 0o077) === 0) return 0;
  await chmod(path, st.isDirectory() ? 0o700 : 0o600);
  return 1;
}

async function tightenTree(root: string): Promise<number> {
  let changed = await tighten(root);
  const stack = [root];
  while (stack.length > 0) {
    const dir = stack.pop()!;
    for (const entry of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
      const path = join(dir, entry.name);
      changed += await tighten(path);
      if (entry.isDirectory()) stack.push(path);
    }
  }
  return changed;
}
