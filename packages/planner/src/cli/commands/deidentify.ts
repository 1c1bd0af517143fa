/**
 * `mewm deidentify <inputs...> --out <folder> [--dates shift|remove] [--key <file>] [--json]`
 * De-identifies DICOM (folders, files, zips) into a new folder of DICOM Part 10 files, with the profile,
 * options and record of `mewm ingest` (PS3.15 Basic Profile, table edition 2024b): for sharing data.
 * `--key` names a file holding a project secret: the same patient then maps to the same pseudonym, UIDs
 * and date shift in every run. Nothing is written unless every file was handled (skipped files are
 * listed); the output folder must be new or empty.
 */
import { readFile } from 'node:fs/promises';
import { deidentifyFiles, InputError, type DeidDateMode } from '@mewm/dicom';
import { parseCommandArgs, requireString } from '../args.ts';
import { CliUsageError } from '../cli-error.ts';
import { printResult, type CommandIo } from '../output.ts';

export const DEIDENTIFY_USAGE = `mewm deidentify <inputs...> --out <folder> [--dates shift|remove] [--key <file>] [--json]`;

export async function deidentifyCommand(argv: string[], io: CommandIo): Promise<void> {
  const { values, positionals } = parseCommandArgs(argv, {
    out: { type: 'string' },
    dates: { type: 'string', default: 'shift' },
    key: { type: 'string' },
  });
  if (positionals.length === 0) throw new CliUsageError(`no inputs given\nusage: ${DEIDENTIFY_USAGE}`);
  const out = requireString(values.out, '--out');
  if (values.dates !== 'shift' && values.dates !== 'remove') throw new CliUsageError(`--dates must be shift or remove, got "${values.dates}"`);
  const dates: DeidDateMode = values.dates;
  const key = values.key === undefined ? undefined : await readKey(values.key);

  const result = await deidentifyFiles(positionals, out, { dates, ...(key === undefined ? {} : { key }) });
  const options = ['Basic Application Level Confidentiality Profile', ...result.deidentification.options];
  printResult(io, { ...result, options }, [
    `wrote ${result.files} de-identified file(s) of ${result.patients} patient(s) to ${result.out}`,
    `  profile       PS3.15 Table E.1-1 (${result.edition}): ${options.join('; ')}`,
    `  attributes    ${result.tags.kept} kept, ${result.tags.removed} removed (${result.deidentification.privateTagsRemoved} private), ${result.tags.replaced} replaced (${result.deidentification.uidsReplaced} UIDs)`,
    `  mapping       ${result.keyed ? 'from the key: the same patient maps to the same pseudonym, UIDs and date shift in every run' : 'random for this run (give --key for a reproducible mapping)'}`,
    ...(result.skipped.length > 0
      ? [`  skipped       ${result.skipped.length} file(s):`, ...result.skipped.slice(0, 10).map((s) => `    ${s.name}: ${s.reason}`)]
      : []),
  ]);
}

/** The key file's content (trimmed); its value is never printed. */
async function readKey(path: string): Promise<string> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    throw new InputError(`cannot read the key file "${path}"`);
  }
  return text.trim();
}
