/** What services need: the database and the data directory (built once per process, or per test). */
import 'server-only';
import type { Db } from '../db/prisma.ts';
import type { DataDir } from '../storage/data-dir.ts';
import type { IngestSlots } from './ingest-slots.ts';

export interface ServiceContext {
  db: Db;
  dataDir: DataDir;
  /** Largest accepted upload, bytes (MEWM_MAX_UPLOAD_MB). */
  maxUploadBytes: number;
  /** The memory budget of one ingest, bytes (MEWM_INGEST_MEMORY_MB; see @mewm/dicom's maxMemoryBytes). */
  ingestMemoryBytes: number;
  /** The ingests allowed at once (MEWM_MAX_CONCURRENT_INGESTS); more get 429. */
  ingestSlots: IngestSlots;
  /** PACS the planners may search and import from (MEWM_DICOMWEB_ENDPOINTS). */
  dicomWebEndpoints: ReadonlyArray<{ name: string; url: string }>;
}
