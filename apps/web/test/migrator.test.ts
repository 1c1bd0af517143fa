import { createHash } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { applyMigrations, readMigrations } from '../src/server/db/migrator.ts';
import { MigrationChecksumError, MigrationError } from '../src/server/db/migration-errors.ts';
import { migrationsDir } from './support/web-test-context.ts';

const dirs: string[] = [];
function scratch(): { work: string; db: string; migrations: string } {
  const work = mkdtempSync(join(tmpdir(), 'mewm-migrator-'));
  dirs.push(work);
  const migrations = join(work, 'migrations');
  cpSync(migrationsDir, migrations, { recursive: true });
  return { work, db: join(work, 'sub', 'app.db'), migrations };
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function rows(dbPath: string): Array<Record<string, unknown>> {
  const db = new Database(dbPath, { readonly: true });
  try {
    return db.prepare('SELECT * FROM "_prisma_migrations" ORDER BY started_at').all() as Array<Record<string, unknown>>;
  } finally {
    db.close();
  }
}

describe('applyMigrations', () => {
  it('creates a fresh database with every table and a Prisma-compatible history', () => {
    const s = scratch();
    const r = applyMigrations({ databasePath: s.db, migrationsDir: s.migrations });
    expect(r.applied).toEqual(readMigrations(s.migrations).map((m) => m.name));
    expect(r.applied.length).toBeGreaterThan(0);
    const db = new Database(s.db, { readonly: true });
    const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as Array<{ name: string }>).map((t) => t.name);
    const columns = (db.prepare('PRAGMA table_info("_prisma_migrations")').all() as Array<{ name: string }>).map((c) => c.name);
    db.close();
    expect(tables).toEqual(expect.arrayContaining(['AuditEvent', 'Case', 'LesionMask', 'PlanJob', 'Series', '_prisma_migrations']));
    expect(columns).toEqual(['id', 'checksum', 'finished_at', 'migration_name', 'logs', 'rolled_back_at', 'started_at', 'applied_steps_count']);
    const [first] = rows(s.db);
    const sql = readFileSync(join(s.migrations, r.applied[0]!, 'migration.sql'));
    expect(first).toMatchObject({
      migration_name: r.applied[0],
      checksum: createHash('sha256').update(sql).digest('hex'),
      rolled_back_at: null,
      applied_steps_count: 1,
    });
    expect(first!.finished_at).not.toBeNull();
  });

  it('is idempotent: a second run applies nothing and adds no rows', () => {
    const s = scratch();
    applyMigrations({ databasePath: s.db, migrationsDir: s.migrations });
    const again = applyMigrations({ databasePath: s.db, migrationsDir: s.migrations });
    expect(again.applied).toEqual([]);
    expect(again.alreadyApplied.length).toBe(readMigrations(s.migrations).length);
    expect(rows(s.db)).toHaveLength(again.alreadyApplied.length);
  });

  it('applies only the new migration when one is added', () => {
    const s = scratch();
    applyMigrations({ databasePath: s.db, migrationsDir: s.migrations });
    mkdirSync(join(s.migrations, '29991231000000_add_test_column'));
    writeFileSync(join(s.migrations, '29991231000000_add_test_column', 'migration.sql'), 'ALTER TABLE "Case" ADD COLUMN "testColumn" TEXT;\n');
    const r = applyMigrations({ databasePath: s.db, migrationsDir: s.migrations });
    expect(r.applied).toEqual(['29991231000000_add_test_column']);
  });

  it('refuses an applied migration whose SQL was edited, naming it', () => {
    const s = scratch();
    const [name] = applyMigrations({ databasePath: s.db, migrationsDir: s.migrations }).applied;
    const file = join(s.migrations, name!, 'migration.sql');
    writeFileSync(file, `${readFileSync(file, 'utf8')}\n-- edited\n`);
    expect(() => applyMigrations({ databasePath: s.db, migrationsDir: s.migrations })).toThrow(MigrationChecksumError);
    expect(() => applyMigrations({ databasePath: s.db, migrationsDir: s.migrations })).toThrow(new RegExp(`${name}.*must not be edited`));
  });

  it('rolls a failing migration back completely, records the attempt, and retries it once fixed', () => {
    const s = scratch();
    applyMigrations({ databasePath: s.db, migrationsDir: s.migrations });
    const dir = join(s.migrations, '29991231000000_broken');
    mkdirSync(dir);
    writeFileSync(join(dir, 'migration.sql'), 'CREATE TABLE "Half" ("id" TEXT);\nTHIS IS NOT SQL;\n');
    expect(() => applyMigrations({ databasePath: s.db, migrationsDir: s.migrations })).toThrow(MigrationError);
    const db = new Database(s.db, { readonly: true });
    const half = db.prepare("SELECT name FROM sqlite_master WHERE name = 'Half'").all();
    db.close();
    expect(half).toEqual([]);
    const failed = rows(s.db).find((r) => r.migration_name === '29991231000000_broken');
    expect(failed).toMatchObject({ finished_at: null });
    expect(failed!.rolled_back_at).not.toBeNull();
    expect(String(failed!.logs)).toMatch(/syntax error/);
    writeFileSync(join(dir, 'migration.sql'), 'CREATE TABLE "Half" ("id" TEXT);\n');
    expect(applyMigrations({ databasePath: s.db, migrationsDir: s.migrations }).applied).toEqual(['29991231000000_broken']);
  });

  it('bad input: a missing folder or a lock file for another provider is a clear error', () => {
    const s = scratch();
    expect(() => applyMigrations({ databasePath: s.db, migrationsDir: join(s.work, 'nope') })).toThrow(/migrations folder not found/);
    writeFileSync(join(s.migrations, 'migration_lock.toml'), 'provider = "postgresql"\n');
    expect(() => applyMigrations({ databasePath: s.db, migrationsDir: s.migrations })).toThrow(/not for provider "sqlite"/);
  });
});
