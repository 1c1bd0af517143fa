/** The process's service context, from the parsed environment and the Prisma singleton. */
import 'server-only';
import { db } from '../db/prisma.ts';
import { serverEnv } from '../env.ts';
import { DataDir } from '../storage/data-dir.ts';
import type { ServiceContext } from './context.ts';
import { IngestSlots } from './ingest-slots.ts';

let cached: ServiceContext | undefined;

export function appContext(): ServiceContext {
  if (!cached) {
    const env = serverEnv();
    cached = {
      db: db(), dataDir: new DataDir(env.dataDir), maxUploadBytes: env.maxUploadBytes,
      ingestMemoryBytes: env.ingestMemoryBytes, ingestSlots: new IngestSlots(env.maxConcurrentIngests),
      dicomWebEndpoints: env.dicomWebEndpoints,
    };
  }
  return cached;
}
