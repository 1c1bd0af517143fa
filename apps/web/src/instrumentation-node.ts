/** Node.js start-up: migrate, or stop the server with a clear message (bad environment, failed migration). */
import { migrateAtStartup } from './server/db/migrate-at-startup.ts';

export function startNodeServer(): void {
  try {
    const result = migrateAtStartup();
    if (result.applied.length > 0) console.log(`[mewm] database migrated: ${result.applied.join(', ')}`);
  } catch (e) {
    console.error(`[mewm] cannot start: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  }
}
