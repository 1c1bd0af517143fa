/**
 * JSON-valued flags: `--protocol` (`mewm simulate`, `mewm score`: a preset name, inline JSON, or a path
 * to a JSON file) and `--clinical` (`mewm score`: inline JSON or a JSON file).
 */
import { readFile } from 'node:fs/promises';
import { CliUsageError } from './cli-error.ts';

/**
 * Inline JSON (starts with '{') or a *.json file → the parsed value; anything else is returned as is (a name).
 * @throws CliUsageError for JSON that does not parse or a file that cannot be read.
 */
export async function jsonOrNameArgument(value: string, flag: string): Promise<unknown> {
  if (value.trim().startsWith('{')) {
    try {
      return JSON.parse(value) as unknown;
    } catch {
      throw new CliUsageError(`${flag} looks like JSON but does not parse`);
    }
  }
  if (/\.json$/i.test(value)) {
    try {
      return JSON.parse(await readFile(value, 'utf8')) as unknown;
    } catch (e) {
      throw new CliUsageError(`cannot read ${flag} ${value}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  return value;
}

/** A preset name, inline JSON, or a path to a JSON file. */
export async function protocolArgument(value: string): Promise<string | object> {
  const v = await jsonOrNameArgument(value, '--protocol');
  if (typeof v === 'string' || (typeof v === 'object' && v !== null)) return v;
  throw new CliUsageError('--protocol must be a preset name or a JSON object');
}
