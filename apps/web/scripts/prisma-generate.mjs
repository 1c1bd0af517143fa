#!/usr/bin/env node
/**
 * Generate the Prisma client from ../../prisma/schema.prisma as part of `npm ci`.
 *
 * Prisma's CLI wants its schema engine binary even for `generate`, and it cannot be downloaded on
 * machines without internet. `generate` never runs the engine, so any existing file will do:
 * PRISMA_SCHEMA_ENGINE_BINARY is pointed at /bin/true when unset. Migrations are applied by our own
 * migrator (src/server/db/migrator.ts), not by the engine.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(here, '..', '..', '..');
const schema = resolve(repoRoot, 'prisma', 'schema.prisma');
const env = { ...process.env, PRISMA_HIDE_UPDATE_MESSAGE: '1', CHECKPOINT_DISABLE: '1' };
if (!env.PRISMA_SCHEMA_ENGINE_BINARY) {
  env.PRISMA_SCHEMA_ENGINE_BINARY = existsSync('/bin/true') ? '/bin/true' : process.execPath;
}
const require = createRequire(import.meta.url);
const cli = require.resolve('prisma/build/index.js');
const r = spawnSync(process.execPath, [cli, 'generate', '--schema', schema], { env, stdio: 'inherit', cwd: repoRoot });
if (r.status !== 0) {
  console.error('prisma generate failed; see above');
  process.exit(r.status ?? 1);
}
