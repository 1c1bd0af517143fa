/**
 * The Prisma client singleton (SQLite through the better-sqlite3 driver adapter). One client per
 * process, kept on globalThis so that Next's dev-mode reloads do not open a new connection each time.
 */
import 'server-only';
import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaClient } from '../../generated/prisma/client.ts';
import { serverEnv } from '../env.ts';

export type Db = InstanceType<typeof PrismaClient>;

/** A new client for `databasePath` (tests use this with a temporary database). */
export function createDb(databasePath: string): Db {
  return new PrismaClient({ adapter: new PrismaBetterSqlite3({ url: `file:${databasePath}` }) });
}

const holder = globalThis as unknown as { mewmDb?: Db };

export function db(): Db {
  holder.mewmDb ??= createDb(serverEnv().databasePath);
  return holder.mewmDb;
}
