/** Errors of the start-up migrator (db/migrator.ts). */

import 'server-only';
export class MigrationError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** An applied migration whose committed SQL changed afterwards. */
export class MigrationChecksumError extends MigrationError {
  readonly migration: string;
  constructor(migration: string, recorded: string, current: string) {
    super(
      `migration ${migration} was applied with checksum ${recorded.slice(0, 12)}… but its migration.sql now has ` +
        `${current.slice(0, 12)}…; applied migrations must not be edited — add a new migration instead`,
    );
    this.migration = migration;
  }
}
