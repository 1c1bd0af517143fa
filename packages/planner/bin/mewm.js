#!/usr/bin/env node
// Entry point of the `mewm` command: runs the planner built to JavaScript (dist/, by `npm run build`,
// which `npm ci` runs through the root `prepare` script). No TypeScript loader at run time.
import { existsSync } from 'node:fs';

const main = new URL('../dist/cli/main.js', import.meta.url);
if (!existsSync(main)) {
  console.error('mewm: the packages are not built (no packages/planner/dist); run `npm run build` in the repository root');
  process.exit(70);
}
const cli = await import(main.href);
process.exitCode = await cli.main(process.argv.slice(2));
