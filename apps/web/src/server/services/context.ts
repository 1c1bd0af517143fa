/** What services need: the database and the data directory (built once per process, or per test). */
import 'server-only';
import type { Db } from '../db/prisma.ts';
import type { DataDir } from '../storage/data-dir.ts';

export interface ServiceContext {
  db: Db;
  dataDir: DataDir;
  /** Largest accepted upload, bytes (MEWM_MAX_UPLOAD_MB). */
  maxUploadBytes: number;
}
