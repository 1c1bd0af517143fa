/**
 * Prisma CLI configuration (Prisma 7 reads the datasource URL from here, not from the schema).
 * Only needed where Prisma's schema engine exists, e.g. `npx prisma migrate deploy` from apps/web;
 * the app itself applies migrations with its own migrator (src/server/db/migrator.ts).
 * Uses the same default database as the server: file:<repo>/.mewm-data/mewm.db.
 */
import { resolve } from 'node:path';
import { defineConfig } from 'prisma/config';

const repoRoot = resolve(import.meta.dirname, '..', '..');
const dataDir = resolve(repoRoot, process.env.MEWM_DATA_DIR ?? '.mewm-data');

export default defineConfig({
  schema: resolve(repoRoot, 'prisma', 'schema.prisma'),
  migrations: { path: resolve(repoRoot, 'prisma', 'migrations') },
  datasource: { url: process.env.DATABASE_URL ?? `file:${resolve(dataDir, 'mewm.db')}` },
});
