/**
 * Apply the committed SQL migrations (prisma/migrations/<timestamp>_<name>/migration.sql) to a SQLite
 * database, keeping Prisma's `_prisma_migrations` bookkeeping table so that `prisma migrate deploy`
 * (where the schema engine exists) sees the same history.
 *
 * - each migration runs in its own IMMEDIATE transaction together with its bookkeeping row, so a
 *   failure leaves the database as it was (the failed attempt is recorded as rolled back, with logs)
 * - an applied migration whose file changed since is a MigrationChecksumError (never re-run)
 * - a row that Prisma left unfinished (finished_at and rolled_back_at null) blocks, like Prisma's P3009
 * - re-running is a no-op
 */
import 'server-only';
import { createHash, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import { MigrationChecksumError, MigrationError } from './migration-errors.ts';

export interface MigrationFile {
  name: string;
  sql: string;
  checksum: string;
}

export interface MigrateResult {
  applied: string[];
  alreadyApplied: string[];
}

interface MigrationRow {
  id: string;
  checksum: string;
  migration_name: string;
  finished_at: number | string | null;
  rolled_back_at: number | string | null;
}

const BOOKKEEPING_DDL = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    TEXT PRIMARY KEY NOT NULL,
    "checksum"              TEXT NOT NULL,
    "finished_at"           DATETIME,
    "migration_name"        TEXT NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        DATETIME,
    "started_at"            DATETIME NOT NULL DEFAULT current_timestamp,
    "applied_steps_count"   INTEGER UNSIGNED NOT NULL DEFAULT 0
)`;

/** The migrations in `dir`, in name (timestamp) order, with the sha256 of each file. */
export function readMigrations(dir: string): MigrationFile[] {
  if (!existsSync(dir)) throw new MigrationError(`migrations folder not found: ${dir}`);
  const lock = join(dir, 'migration_lock.toml');
  if (existsSync(lock) && !/provider\s*=\s*"sqlite"/.test(readFileSync(lock, 'utf8'))) {
    throw new MigrationError('migration_lock.toml is not for provider "sqlite"; these migrations are for another database');
  }
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(dir, d.name, 'migration.sql')))
    .map((d) => d.name)
    .sort()
    .map((name) => {
      const bytes = readFileSync(join(dir, name, 'migration.sql'));
      return { name, sql: bytes.toString('utf8'), checksum: createHash('sha256').update(bytes).digest('hex') };
    });
}

/** Bring the database at `databasePath` (created when missing) up to date with `migrationsDir`. */
export function applyMigrations(opts: { databasePath: string; migrationsDir: string }): MigrateResult {
  const migrations = readMigrations(opts.migrationsDir);
  mkdirSync(dirname(opts.databasePath), { recursive: true });
  const db = new Database(opts.databasePath);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('busy_timeout = 5000');
    db.exec(BOOKKEEPING_DDL);
    const result: MigrateResult = { applied: [], alreadyApplied: [] };
    for (const m of migrations) {
      if (applyOne(db, m)) result.applied.push(m.name);
      else result.alreadyApplied.push(m.name);
    }
    return result;
  } finally {
    db.close();
  }
}

/** Returns true when `m` was applied now, false when it already was. */
function applyOne(db: Database.Database, m: MigrationFile): boolean {
  const rowsOf = db.prepare<[string], MigrationRow>(
    'SELECT id, checksum, migration_name, finished_at, rolled_back_at FROM "_prisma_migrations" WHERE migration_name = ?',
  );
  const run = db.transaction((): boolean => {
    const live = rowsOf.all(m.name).filter((r) => r.rolled_back_at === null);
    const done = live.find((r) => r.finished_at !== null);
    if (done) {
      if (done.checksum !== m.checksum) throw new MigrationChecksumError(m.name, done.checksum, m.checksum);
      return false;
    }
    if (live.length > 0) {
      throw new MigrationError(
        `migration ${m.name} was started earlier and never finished; inspect the database, then mark it rolled back ` +
          '(prisma migrate resolve --rolled-back) before starting again',
      );
    }
    const id = randomUUID();
    db.prepare('INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, applied_steps_count) VALUES (?, ?, ?, ?, 0)')
      .run(id, m.checksum, m.name, Date.now());
    db.exec(m.sql);
    db.prepare('UPDATE "_prisma_migrations" SET finished_at = ?, applied_steps_count = 1 WHERE id = ?').run(Date.now(), id);
    return true;
  });
  try {
    return run.immediate();
  } catch (e) {
    if (e instanceof MigrationError) throw e;
    const message = e instanceof Error ? e.message : String(e);
    // The transaction rolled the migration back: record the attempt as rolled back, with its logs.
    db.prepare(
      'INSERT INTO "_prisma_migrations" (id, checksum, migration_name, logs, started_at, rolled_back_at, applied_steps_count) VALUES (?, ?, ?, ?, ?, ?, 0)',
    ).run(randomUUID(), m.checksum, m.name, message, Date.now(), Date.now());
    throw new MigrationError(`migration ${m.name} failed and was rolled back: ${message}`, { cause: e });
  }
}
