/**
 * A throw-away service context for tests: a temporary data directory and SQLite database, migrated by
 * our migrator from the committed prisma/migrations, and a tRPC caller bound to it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createDb } from '../../src/server/db/prisma.ts';
import { applyMigrations } from '../../src/server/db/migrator.ts';
import type { ServiceContext } from '../../src/server/services/context.ts';
import { IngestSlots } from '../../src/server/services/ingest-slots.ts';
import { DataDir } from '../../src/server/storage/data-dir.ts';
import { createCaller } from '../../src/server/trpc/app-router.ts';

export const repoRoot = resolve(fileURLToPath(new URL('.', import.meta.url)), '..', '..', '..', '..');
export const migrationsDir = join(repoRoot, 'prisma', 'migrations');

export interface WebTestContext {
  work: string;
  databasePath: string;
  ctx: ServiceContext;
  caller: ReturnType<typeof createCaller>;
  close: () => Promise<void>;
}

export function createWebTestContext(opts: {
  maxUploadBytes?: number; ingestMemoryBytes?: number; maxConcurrentIngests?: number; dicomWebEndpoints?: Array<{ name: string; url: string }>;
} = {}): WebTestContext {
  const work = mkdtempSync(join(tmpdir(), 'mewm-web-test-'));
  const databasePath = join(work, 'db', 'test.db');
  applyMigrations({ databasePath, migrationsDir });
  const ctx: ServiceContext = {
    db: createDb(databasePath),
    dataDir: new DataDir(join(work, 'data')),
    maxUploadBytes: opts.maxUploadBytes ?? 512 * 1024 * 1024,
    ingestMemoryBytes: opts.ingestMemoryBytes ?? 3072 * 1024 * 1024,
    ingestSlots: new IngestSlots(opts.maxConcurrentIngests ?? 2),
    dicomWebEndpoints: opts.dicomWebEndpoints ?? [],
  };
  const caller = createCaller(ctx);
  return {
    work, databasePath, ctx, caller,
    close: async () => {
      await ctx.db.$disconnect();
      rmSync(work, { recursive: true, force: true });
    },
  };
}

/** An async iterable over `bytes` in chunks, like a request body. */
export async function* chunksOf(bytes: Uint8Array, chunkBytes = 1 << 20): AsyncIterable<Uint8Array> {
  for (let i = 0; i < bytes.length; i += chunkBytes) yield bytes.subarray(i, Math.min(bytes.length, i + chunkBytes));
}
