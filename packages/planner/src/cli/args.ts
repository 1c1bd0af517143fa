/**
 * Small, typed helpers over node:util parseArgs: every command declares its options, and malformed
 * values become CliUsageError naming the flag and what is expected.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { Vec3 } from '@mewm/dicom';
import { CliUsageError } from './cli-error.ts';

export const GLOBAL_OPTIONS = {
  json: { type: 'boolean', default: false },
  debug: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const satisfies ParseArgsConfig['options'];

type OptionValue<O> = O extends { type: 'boolean' }
  ? (O extends { multiple: true } ? boolean[] : boolean)
  : (O extends { multiple: true } ? string[] : string);

/** The parsed values: an option with a default is always set; any other may be undefined. */
export type OptionValues<T> = { -readonly [K in keyof T]: T[K] extends { default: unknown } ? OptionValue<T[K]> : OptionValue<T[K]> | undefined };

/** Stated here rather than inferred from parseArgs, whose option types @types/node does not export (declaration files). */
export interface ParsedCommandArgs<T> {
  values: OptionValues<T & typeof GLOBAL_OPTIONS>;
  positionals: string[];
}

export function parseCommandArgs<T extends NonNullable<ParseArgsConfig['options']>>(argv: string[], options: T): ParsedCommandArgs<T> {
  try {
    return parseArgs({ args: argv, options: { ...GLOBAL_OPTIONS, ...options }, allowPositionals: true, strict: true }) as unknown as ParsedCommandArgs<T>;
  } catch (e) {
    throw new CliUsageError(e instanceof Error ? e.message.replace(/^TypeError \[[A-Z_]+\]: /, '') : String(e));
  }
}

export function requireString(value: string | boolean | undefined, flag: string): string {
  if (typeof value !== 'string' || value.length === 0) throw new CliUsageError(`${flag} is required`);
  return value;
}

/** Parse "x,y,z" in RAS mm. */
export function parsePoint(value: string, flag: string): Vec3 {
  const parts = value.split(',').map((s) => s.trim());
  const nums = parts.map(Number);
  if (parts.length !== 3 || parts.some((p) => p === '') || nums.some((n) => !Number.isFinite(n))) {
    throw new CliUsageError(`${flag} must be three finite numbers "x,y,z" in RAS millimetres, got "${value}"`);
  }
  return [nums[0]!, nums[1]!, nums[2]!];
}

/** `argv` without the given options and their values (`--name value` or `--name=value`). */
export function argvWithout(argv: string[], names: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (names.includes(a)) {
      i++;
      continue;
    }
    if (names.some((n) => a.startsWith(`${n}=`))) continue;
    out.push(a);
  }
  return out;
}

/** The values of the given `--name value` / `--name=value` options in `argv` (the last one wins), without parsing the rest. */
export function optionValues(argv: string[], names: string[]): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const eq = a.indexOf('=');
    const name = eq > 0 ? a.slice(0, eq) : a;
    if (!names.includes(name)) continue;
    if (eq > 0) out[name] = a.slice(eq + 1);
    else out[name] = argv[++i];
  }
  return out;
}
