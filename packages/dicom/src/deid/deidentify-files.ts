/**
 * De-identify DICOM inputs (folders, files, zips) into a folder of DICOM Part 10 files, for sharing:
 * the profile, options and record of the ingest (`deidentifyDicom`), one context per patient.
 *
 * - **Key.** With a key (a project secret), each patient's context is derived from it and the
 *   patient's original identity (Patient ID, else Patient Name): repeated runs, and later studies of the
 *   same patient, map to the same pseudonym, UIDs and date shift, as longitudinal research needs.
 *   Without one, each patient gets a random context per run. The key is never written or logged.
 * - **Layout.** `<out>/<pseudonym>/<Study Instance UID>/<Series Instance UID>/<SOP Instance UID>.dcm`,
 *   all de-identified values.
 * - **All or nothing.** Files are written into a sibling `.partial` folder that is renamed to `<out>`
 *   once every file is written; on any error it is removed. `<out>` must not exist or be empty.
 * - Files that are not DICOM, or that cannot be de-identified (burned-in annotation), are skipped and
 *   reported with the reason (never a value), as is a second file of the same SOP instance; no
 *   de-identifiable file at all is an InputError.
 */
import { createHmac, randomUUID } from 'node:crypto';
import { mkdir, readdir, rename, rm, rmdir, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import dicomParser from 'dicom-parser';
import { MewmError } from '@mewm/contracts';
import { InputError, describeThrown } from '../errors.ts';
import { openInputFiles, resolveLimits, type IngestLimits, type InputSource } from '../input/index.ts';
import { cooperativeYield } from '../io/cooperative-yield.ts';
import { createDeidContext, type DeidContext, type DeidDateMode } from './deid-context.ts';
import { summariseDeidRecords, type DeidRecord, type DeidSummary } from './deid-record.ts';
import { deidentifyDicom } from './deidentify-dicom.ts';
import { BASIC_PROFILE_EDITION } from './basic-profile-table.ts';

export interface DeidentifyFilesOptions {
  dates?: DeidDateMode;
  /** The project secret (at least 16 characters); absent: a random context per patient and run. */
  key?: string;
  limits?: Partial<IngestLimits>;
  onProgress?: (done: number, total: number) => void;
}

export interface DeidentifyFilesResult {
  out: string;
  /** PS3.15 edition of the action table. */
  edition: string;
  files: number;
  patients: number;
  /** Whether a key made the mapping reproducible. */
  keyed: boolean;
  /** Attributes written unchanged, removed, and replaced (emptied, dummy value, new UID, shifted date), over all files. */
  tags: { kept: number; removed: number; replaced: number };
  deidentification: DeidSummary;
  skipped: Array<{ name: string; reason: string }>;
}

const MIN_KEY_LENGTH = 16;

/** The context of one patient: derived from the key (reproducible) or random. */
export function patientContext(identity: string, opts: { key?: string | undefined; dates?: DeidDateMode | undefined }): DeidContext {
  const dates = opts.dates ?? 'shift';
  if (opts.key === undefined) return createDeidContext({ dates });
  const mac = (label: string) => createHmac('sha256', opts.key!).update(`mewm-deid-${label}\0`).update(identity).digest();
  const salt = mac('patient').toString('hex');
  // a whole-day shift in [-3650, -365], as createDeidContext draws one
  const dateShiftDays = -(365 + (mac('date-shift').readUInt32BE(0) % 3286));
  return createDeidContext({ salt, dateShiftDays, dates });
}

export async function deidentifyFiles(sources: InputSource[], out: string, opts: DeidentifyFilesOptions = {}): Promise<DeidentifyFilesResult> {
  if (opts.key !== undefined && opts.key.length < MIN_KEY_LENGTH) {
    throw new InputError(`the key must be at least ${MIN_KEY_LENGTH} characters (a project secret, e.g. 32 random bytes as hex)`);
  }
  const target = resolve(out);
  await checkTarget(target);
  const partial = join(dirname(target), `.${basename(target)}.partial-${randomUUID()}`);
  const contexts = new Map<string, DeidContext>();
  const contextOf = (identity: string): DeidContext => {
    let ctx = contexts.get(identity);
    if (ctx === undefined) {
      ctx = patientContext(identity, { key: opts.key, dates: opts.dates });
      contexts.set(identity, ctx);
    }
    return ctx;
  };
  const input = await openInputFiles(sources, resolveLimits(opts.limits));
  const records: DeidRecord[] = [];
  const skipped: DeidentifyFilesResult['skipped'] = [];
  const written = new Set<string>();
  try {
    await mkdir(partial, { recursive: true });
    const cooperate = cooperativeYield();
    for (const [index, handle] of input.files.entries()) {
      await cooperate();
      let result;
      let path: string;
      try {
        result = deidentifyDicom(await handle.read(), contextOf, handle.name);
        path = join(partial, ...outputPath(result.bytes, handle.name));
      } catch (e) {
        if (e instanceof MewmError && e.kind !== 'input') throw e; // too large, internal: stop
        const message = e instanceof Error ? e.message : describeThrown(e);
        skipped.push({ name: handle.name, reason: message.startsWith(`${handle.name}: `) ? message.slice(handle.name.length + 2) : message });
        continue;
      }
      if (written.has(path)) {
        skipped.push({ name: handle.name, reason: 'the same SOP Instance UID as an earlier input file (an instance is written once)' });
        continue;
      }
      written.add(path);
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, result.bytes, { flag: 'wx' });
      records.push(result.record);
      opts.onProgress?.(index + 1, input.files.length);
    }
    if (records.length === 0) {
      const why = skipped.slice(0, 3).map((s) => `${s.name}: ${s.reason}`).join('; ');
      throw new InputError(`no DICOM file could be de-identified among ${input.files.length} input file(s)${why ? ` (${why})` : ''}`);
    }
    await rmdir(target).catch(() => undefined); // an empty folder given as --out
    await rename(partial, target);
  } catch (e) {
    await rm(partial, { recursive: true, force: true });
    throw e;
  } finally {
    input.close();
  }
  const summary = summariseDeidRecords(records);
  const c = summary.actionCounts;
  return {
    out: target,
    edition: BASIC_PROFILE_EDITION,
    files: records.length,
    patients: contexts.size,
    keyed: opts.key !== undefined,
    tags: { kept: summary.attributesKept, removed: c.X + summary.privateTagsRemoved, replaced: c.Z + c.D + c.U + c.shift },
    deidentification: summary,
    skipped,
  };
}

async function checkTarget(target: string): Promise<void> {
  const entries = await readdir(target).catch((e: unknown) => {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return [];
    if (code === 'ENOTDIR') throw new InputError(`the output "${basename(target)}" exists and is not a folder`);
    throw e;
  });
  if (entries.length > 0) throw new InputError(`the output folder "${basename(target)}" is not empty; give a new or empty folder`);
}

/** `<pseudonym>/<study>/<series>/<sop>.dcm` from the de-identified file's own values. */
function outputPath(bytes: Uint8Array, source: string): string[] {
  const ds = dicomParser.parseDicom(bytes, { untilTag: 'x0020000e' });
  const part = (tag: string, fallback: string) => {
    const v = (ds.string(tag) ?? '').replace(/\0+$/, '').trim();
    if (!/^[A-Za-z0-9.^_-]{1,64}$/.test(v) || v === '.' || v === '..') return fallback;
    return v;
  };
  const sop = part('x00080018', '');
  if (sop === '') throw new InputError(`"${source}" has no SOP Instance UID to name its output file`);
  return [part('x00100020', 'unknown-patient'), part('x0020000d', 'unknown-study'), part('x0020000e', 'unknown-series'), `${sop}.dcm`];
}
