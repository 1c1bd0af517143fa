/**
 * Node.js start-up: migrate, or stop the server with a clear message (bad environment, failed
 * migration); then sweep stale staged and temporary uploads now and periodically (upload-sweep.ts).
 */
import { migrateAtStartup } from './server/db/migrate-at-startup.ts';
import { serverEnv } from './server/env.ts';
import { appContext } from './server/services/app-context.ts';
import { startUploadSweeper } from './server/services/upload-sweep.ts';

export function startNodeServer(): void {
  try {
    const result = migrateAtStartup();
    if (result.applied.length > 0) console.log(`[mewm] database migrated: ${result.applied.join(', ')}`);
  } catch (e) {
    console.error(`[mewm] cannot start: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  }
  startUploadSweeper(appContext(), { maxAgeMs: serverEnv().stagedTtlMs });
}
