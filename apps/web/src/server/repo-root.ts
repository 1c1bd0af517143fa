/**
 * The repository root: the nearest folder at or above `start` that holds prisma/schema.prisma.
 * Server code runs from the repository (npm workspaces); the committed migrations and the default
 * data directory are found from here, not from a bundled module's URL.
 */
import 'server-only';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

export function findRepoRoot(start: string = process.cwd()): string {
  let dir = resolve(/*turbopackIgnore: true*/ start);
  for (;;) {
    if (existsSync(join(dir, 'prisma', 'schema.prisma'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) {
      throw new Error(`cannot find the repository root (a folder with prisma/schema.prisma) above ${resolve(/*turbopackIgnore: true*/ start)}`);
    }
    dir = parent;
  }
}
