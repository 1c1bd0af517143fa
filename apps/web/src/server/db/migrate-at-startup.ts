/** Run the committed migrations against the configured database; called once when the server starts. */
import 'server-only';
import { join } from 'node:path';
import { serverEnv } from '../env.ts';
import { applyMigrations, type MigrateResult } from './migrator.ts';

export function migrateAtStartup(): MigrateResult {
  const env = serverEnv();
  return applyMigrations({ databasePath: env.databasePath, migrationsDir: join(env.repoRoot, 'prisma', 'migrations') });
}
