/**
 * Server environment, parsed with zod once at start-up. A bad value is a clear error naming the
 * variable and the allowed range, never a silent default.
 *
 * - MEWM_DATA_DIR: where files live (default <repo>/.mewm-data)
 * - DATABASE_URL: SQLite as `file:<path>` (default file:<MEWM_DATA_DIR>/mewm.db); relative paths are
 *   resolved against the repository root
 * - MEWM_MAX_UPLOAD_MB: largest upload in MiB (default 2048)
 * - MEWM_INGEST_MEMORY_MB: the memory budget of one ingest in MiB (default 3072): the de-identified
 *   DICOM it holds plus the volume it assembles; a larger upload is refused with 413 (a 1,000-slice
 *   512 × 512 CT needs about 2.1 GiB)
 * - MEWM_MAX_CONCURRENT_INGESTS: ingests at once (default 2); one more gets 429 with Retry-After
 * - MEWM_STAGED_TTL_HOURS: age after which staged (multi-series) and temporary uploads are swept
 *   (default 24; fractions allowed, e.g. 0.5)
 * - MEWM_DICOMWEB_ENDPOINTS: PACS the planners may search and import from, `name=url` comma-separated
 *   (e.g. `research=http://127.0.0.1:8042/dicom-web`); credentials for all of them from
 *   MEWM_DICOMWEB_USER / MEWM_DICOMWEB_PASSWORD or MEWM_DICOMWEB_TOKEN
 * - HOST (default 127.0.0.1), PORT (default 3000)
 */
import 'server-only';
import { isAbsolute, join, resolve } from 'node:path';
import { z } from 'zod';
import { findRepoRoot } from './repo-root.ts';

const rawEnvSchema = z.object({
  MEWM_DATA_DIR: z.string().min(1).optional(),
  DATABASE_URL: z
    .string()
    .regex(/^file:.+/, 'DATABASE_URL must be a SQLite URL "file:<path>" (PostgreSQL is not wired up yet)')
    .optional(),
  MEWM_MAX_UPLOAD_MB: z.coerce.number().int().min(1).max(65_536).default(2048),
  MEWM_INGEST_MEMORY_MB: z.coerce.number().int().min(16).max(262_144).default(3072),
  MEWM_MAX_CONCURRENT_INGESTS: z.coerce.number().int().min(1).max(64).default(2),
  MEWM_STAGED_TTL_HOURS: z.coerce
    .number()
    .min(0.01, 'MEWM_STAGED_TTL_HOURS must be at least 0.01 (hours)')
    .max(8760, 'MEWM_STAGED_TTL_HOURS must be at most 8760 (one year)')
    .default(24),
  MEWM_DICOMWEB_ENDPOINTS: z.string().optional(),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: z.coerce.number().int().min(1).max(65_535).default(3000),
});

export interface ServerEnv {
  repoRoot: string;
  dataDir: string;
  /** Absolute path of the SQLite database file. */
  databasePath: string;
  /** `file:<absolute path>` */
  databaseUrl: string;
  maxUploadBytes: number;
  /** The memory budget of one ingest, bytes (MEWM_INGEST_MEMORY_MB). */
  ingestMemoryBytes: number;
  maxConcurrentIngests: number;
  /** Staged and temporary uploads older than this are swept (MEWM_STAGED_TTL_HOURS). */
  stagedTtlMs: number;
  /** DICOMweb endpoints by name (MEWM_DICOMWEB_ENDPOINTS). */
  dicomWebEndpoints: Array<{ name: string; url: string }>;
  host: string;
  port: number;
}

export class EnvError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EnvError';
  }
}

/** Parse `source` (default process.env). Throws EnvError listing every bad variable. */
export function parseServerEnv(source: Record<string, string | undefined> = process.env, repoRoot = findRepoRoot()): ServerEnv {
  const parsed = rawEnvSchema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new EnvError(`invalid environment: ${lines.join('; ')}`);
  }
  const e = parsed.data;
  const dataDir = resolve(repoRoot, e.MEWM_DATA_DIR ?? '.mewm-data');
  const rawDbPath = e.DATABASE_URL ? e.DATABASE_URL.slice('file:'.length).replace(/^\/\/(?=\/)/, '') : join(dataDir, 'mewm.db');
  const databasePath = isAbsolute(rawDbPath) ? rawDbPath : resolve(repoRoot, rawDbPath);
  return {
    repoRoot,
    dataDir,
    databasePath,
    databaseUrl: `file:${databasePath}`,
    maxUploadBytes: e.MEWM_MAX_UPLOAD_MB * 1024 * 1024,
    ingestMemoryBytes: e.MEWM_INGEST_MEMORY_MB * 1024 * 1024,
    maxConcurrentIngests: e.MEWM_MAX_CONCURRENT_INGESTS,
    stagedTtlMs: e.MEWM_STAGED_TTL_HOURS * 60 * 60 * 1000,
    dicomWebEndpoints: parseDicomWebEndpoints(e.MEWM_DICOMWEB_ENDPOINTS),
    host: e.HOST,
    port: e.PORT,
  };
}

/** `name=url,name2=url2`: names of letters, digits, '-' and '_'; URLs http(s). */
function parseDicomWebEndpoints(raw: string | undefined): Array<{ name: string; url: string }> {
  if (raw === undefined || raw.trim() === '') return [];
  const out: Array<{ name: string; url: string }> = [];
  for (const item of raw.split(',')) {
    const eq = item.indexOf('=');
    const name = item.slice(0, eq).trim();
    const url = item.slice(eq + 1).trim();
    if (eq < 0 || !/^[A-Za-z0-9_-]{1,40}$/.test(name) || !/^https?:\/\/\S+$/.test(url) || out.some((e) => e.name === name)) {
      throw new EnvError(`invalid environment: MEWM_DICOMWEB_ENDPOINTS must be name=url pairs separated by commas (names unique, of letters, digits, - and _; URLs http or https), got "${item.trim()}"`);
    }
    out.push({ name, url });
  }
  return out;
}

let cached: ServerEnv | undefined;

/** The process's environment, parsed on first use. */
export function serverEnv(): ServerEnv {
  cached ??= parseServerEnv();
  return cached;
}
