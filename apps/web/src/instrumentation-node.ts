/**
 * Node.js start-up, before the first request: owner-only file permissions (umask 077, the data
 * directory and database tightened); migrate, or stop the server with a clear message (bad environment,
 * failed migration); remove temporary uploads a stopped server left (startup-cleanup.ts); recover plan
 * jobs it left queued or running (marked failed, INTERRUPTED, their partial outputs removed); then sweep
 * stale staged uploads now and periodically (upload-sweep.ts).
 */
import { migrateAtStartup } from './server/db/migrate-at-startup.ts';
import { serverEnv } from './server/env.ts';
import { appContext } from './server/services/app-context.ts';
import { planJobRunner } from './server/services/plan-jobs-runner.ts';
import { cleanDataDirAtStartup, useOwnerOnlyUmask } from './server/services/startup-cleanup.ts';
import { startUploadSweeper } from './server/services/upload-sweep.ts';

export async function startNodeServer(): Promise<void> {
  useOwnerOnlyUmask(); // before the database or any data file is created
  try {
    const result = migrateAtStartup();
    if (result.applied.length > 0) console.log(`[mewm] database migrated: ${result.applied.join(', ')}`);
  } catch (e) {
    console.error(`[mewm] cannot start: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  }
  try {
    const c = await cleanDataDirAtStartup(appContext(), serverEnv().databasePath);
    if (c.tightened + c.temporaryUploads + c.originalStagedUploads > 0) {
      console.log(`[mewm] start-up: ${c.tightened} permission(s) made owner-only, ${c.temporaryUploads} temporary and ${c.originalStagedUploads} original staged upload(s) removed`);
    }
  } catch (e) {
    console.error(`[mewm] cannot start: preparing the data directory failed (${e instanceof Error ? e.name : typeof e})`);
    process.exit(1);
  }
  try {
    await planJobRunner(appContext()); // creating the runner recovers interrupted jobs first
  } catch (e) {
    console.error(`[mewm] cannot start: recovering interrupted plan jobs failed (${e instanceof Error ? e.name : typeof e})`);
    process.exit(1);
  }
  startUploadSweeper(appContext(), { maxAgeMs: serverEnv().stagedTtlMs });
}
