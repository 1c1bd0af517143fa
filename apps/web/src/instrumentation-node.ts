/**
 * Node.js start-up: migrate, or stop the server with a clear message (bad environment, failed
 * migration); recover plan jobs a stopped server left queued or running (marked failed, INTERRUPTED,
 * their partial outputs removed) before the first request; then sweep stale staged and temporary
 * uploads now and periodically (upload-sweep.ts).
 */
import { migrateAtStartup } from './server/db/migrate-at-startup.ts';
import { serverEnv } from './server/env.ts';
import { appContext } from './server/services/app-context.ts';
import { planJobRunner } from './server/services/plan-jobs-runner.ts';
import { startUploadSweeper } from './server/services/upload-sweep.ts';

export async function startNodeServer(): Promise<void> {
  try {
    const result = migrateAtStartup();
    if (result.applied.length > 0) console.log(`[mewm] database migrated: ${result.applied.join(', ')}`);
  } catch (e) {
    console.error(`[mewm] cannot start: ${e instanceof Error ? e.message : String(e)}`);
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
