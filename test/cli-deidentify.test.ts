/**
 * `mewm deidentify` end to end on real series: two patients' CT slices with planted identifiers, a file
 * with burned-in annotation and a text file go in; a folder of de-identified DICOM comes out, one
 * pseudonym per patient, nothing planted left, readable again by `ingestCt`. A key makes the mapping
 * reproducible (the same bytes on a second run, the same folders for a later study); without one it is
 * random. Bad input is a clear error and writes nothing. The pydicom test corpus goes through too.
 */
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import dicomParser from 'dicom-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestCt } from '../packages/dicom/src/ingest/index.ts';
import { PLANTED, containsString, plantIdentifiers } from '../packages/dicom/test/deid-fixtures.ts';
import { main as runCli } from '../packages/planner/src/cli/main.ts';
import { PYDICOM_TEST_FILES, sharedData } from './support/shared-data.ts';

const work = mkdtempSync(join(tmpdir(), 'mewm-cli-deid-'));
const input = join(work, 'in');
const keyFile = join(work, 'project.key');
const OTHER_ID = 'OTHERPATIENT9';
const secrets: string[] = [...Object.values(PLANTED), OTHER_ID];

async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, { out: (t) => (stdout += `${t}\n`), err: (t) => (stderr += `${t}\n`) });
  return { code, stdout, stderr };
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).map((f) => join(dir, f)).filter((f) => statSync(f).isFile()).sort();
}

/** Copy `count` slices of a shared series into `dest`, with identifiers planted (and `extra` elements). */
function plantSeries(series: string, dest: string, slices: number[], extra: Array<[number, string, string]> = []): void {
  const dir = sharedData('crlm-ct', series);
  const names = readdirSync(dir).filter((f) => f.endsWith('.dcm')).sort();
  mkdirSync(dest, { recursive: true });
  for (const i of slices) {
    const original = new Uint8Array(readFileSync(join(dir, names[i]!)));
    const ds = dicomParser.parseDicom(original);
    for (const tag of ['x0020000d', 'x0020000e', 'x00080018']) secrets.push(ds.string(tag) ?? '');
    writeFileSync(join(dest, names[i]!), plantIdentifiers(original, { extra }));
  }
}

beforeAll(() => {
  plantSeries('CRLM-CT-1006', join(input, 'a'), [10, 11, 12, 13, 14]);
  plantSeries('CRLM-CT-1004', join(input, 'b'), [20, 21, 22], [[0x00100020, 'LO', OTHER_ID]]);
  const dir = sharedData('crlm-ct', 'CRLM-CT-1006');
  const one = readdirSync(dir).filter((f) => f.endsWith('.dcm')).sort()[30]!;
  writeFileSync(join(input, 'burned.dcm'), plantIdentifiers(new Uint8Array(readFileSync(join(dir, one))), { burnedIn: true }));
  writeFileSync(join(input, 'notes.txt'), 'not a DICOM file');
  writeFileSync(keyFile, `${'a1b2c3d4'.repeat(8)}\n`);
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('mewm deidentify', () => {
  it('writes one folder per patient of de-identified files, skips what it cannot clean, and leaves nothing planted', async () => {
    const out = join(work, 'out-keyed');
    const r = await cli(['deidentify', input, '--out', out, '--key', keyFile, '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const summary = JSON.parse(r.stdout) as {
      files: number; patients: number; keyed: boolean; edition: string; options: string[];
      tags: { kept: number; removed: number; replaced: number }; skipped: Array<{ name: string; reason: string }>;
    };
    expect(summary).toMatchObject({ files: 8, patients: 2, keyed: true, edition: '2024b' });
    expect(summary.options).toContain('Retain Longitudinal Temporal Information with Modified Dates');
    expect(summary.tags.kept).toBeGreaterThan(8 * 40);
    expect(summary.tags.removed).toBeGreaterThan(8 * 5);
    expect(summary.tags.replaced).toBeGreaterThan(8 * 5);
    expect(summary.skipped.map((s) => s.name).sort()).toEqual(['burned.dcm', 'notes.txt']);
    expect(summary.skipped.find((s) => s.name === 'burned.dcm')!.reason).toMatch(/BurnedInAnnotation/);
    expect(r.stdout).not.toContain(readFileSync(keyFile, 'utf8').trim());

    const files = filesUnder(out);
    expect(files).toHaveLength(8);
    const patients = readdirSync(out).sort();
    expect(patients).toHaveLength(2);
    expect(patients.every((p) => /^MEWM-[0-9A-F]{8}$/.test(p))).toBe(true);
    for (const f of files) {
      expect(relative(out, f)).toMatch(/^MEWM-[0-9A-F]{8}\/2\.25\.\d+\/2\.25\.\d+\/2\.25\.\d+\.dcm$/);
      const bytes = new Uint8Array(readFileSync(f));
      expect(secrets.filter((s) => s.length >= 6 && containsString(bytes, s)), f).toEqual([]);
      expect(dicomParser.parseDicom(bytes).string('x00120062')).toBe('YES');
    }
    // each patient's folder is a CT series again
    const perPatient = await Promise.all(patients.map((p) => ingestCt([join(out, p)], { limits: {} })));
    expect(perPatient.map((v) => v.volume.dims[2]).sort()).toEqual([3, 5]);
    expect(existsSync(out)).toBe(true);
    expect(readdirSync(work).filter((n) => n.includes('.partial-'))).toEqual([]);
  });

  it('with the same key maps the same patient to the same pseudonym, UIDs and dates in every run; without a key, randomly', async () => {
    const first = join(work, 'out-keyed');
    const again = join(work, 'out-keyed-again');
    expect((await cli(['deidentify', input, '--out', again, '--key', keyFile])).code).toBe(0);
    const a = filesUnder(first);
    const b = filesUnder(again);
    expect(b.map((f) => relative(again, f))).toEqual(a.map((f) => relative(first, f)));
    a.forEach((f, i) => expect(Buffer.compare(readFileSync(f), readFileSync(b[i]!)), f).toBe(0));

    // a later study of patient A (other slices), run on its own: the same patient, study and series folders
    const later = join(work, 'in-later');
    plantSeries('CRLM-CT-1006', later, [40, 41]);
    const laterOut = join(work, 'out-later');
    expect((await cli(['deidentify', later, '--out', laterOut, '--key', keyFile])).code).toBe(0);
    const laterFolders = filesUnder(laterOut).map((f) => relative(laterOut, f).split('/').slice(0, 3).join('/'));
    const firstFolders = new Set(a.map((f) => relative(first, f).split('/').slice(0, 3).join('/')));
    expect(laterFolders.every((d) => firstFolders.has(d))).toBe(true);

    const unkeyed = join(work, 'out-unkeyed');
    const r = await cli(['deidentify', input, '--out', unkeyed]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/random for this run/);
    const unkeyedPatients = readdirSync(unkeyed);
    expect(unkeyedPatients.filter((p) => readdirSync(first).includes(p))).toEqual([]);
  });

  it('removes dates with --dates remove and records the option it applied', async () => {
    const out = join(work, 'out-remove');
    const r = await cli(['deidentify', join(input, 'a'), '--out', out, '--dates', 'remove', '--json']);
    expect(r.code).toBe(0);
    const file = filesUnder(out)[0]!;
    const ds = dicomParser.parseDicom(new Uint8Array(readFileSync(file)));
    expect(ds.string('x00080020') ?? '').toBe('');
    expect(ds.string('x00280303')).toBe('REMOVED');
    expect((JSON.parse(r.stdout) as { options: string[] }).options).toEqual(['Basic Application Level Confidentiality Profile']);
  });

  describe('bad input is a clear error, and nothing is written', () => {
    it.each([
      [['deidentify', '--out', 'x'], 2, /no inputs given/],
      [['deidentify', 'in'], 2, /--out is required/],
      [['deidentify', 'in', '--out', 'x', '--dates', 'blur'], 2, /--dates must be shift or remove/],
    ])('%j → exit %i', async (args, code, message) => {
      const r = await cli(args);
      expect(r.code).toBe(code);
      expect(r.stderr).toMatch(message);
    });

    it('refuses a non-empty output folder, a short key, an unreadable key and inputs without DICOM', async () => {
      const busy = join(work, 'busy');
      mkdirSync(busy);
      writeFileSync(join(busy, 'keep.txt'), 'x');
      const r1 = await cli(['deidentify', input, '--out', busy]);
      expect([r1.code, r1.stderr]).toEqual([1, expect.stringMatching(/is not empty/)]);
      expect(readdirSync(busy)).toEqual(['keep.txt']);

      const shortKey = join(work, 'short.key');
      writeFileSync(shortKey, 'tooshort');
      const r2 = await cli(['deidentify', input, '--out', join(work, 'o2'), '--key', shortKey]);
      expect([r2.code, r2.stderr]).toEqual([1, expect.stringMatching(/at least 16 characters/)]);
      const r3 = await cli(['deidentify', input, '--out', join(work, 'o3'), '--key', join(work, 'missing.key')]);
      expect([r3.code, r3.stderr]).toEqual([1, expect.stringMatching(/cannot read the key file/)]);

      const textOnly = join(work, 'text-only');
      mkdirSync(textOnly);
      writeFileSync(join(textOnly, 'a.txt'), 'hello');
      const r4 = await cli(['deidentify', textOnly, '--out', join(work, 'o4')]);
      expect([r4.code, r4.stderr]).toEqual([1, expect.stringMatching(/no DICOM file could be de-identified/)]);
      for (const o of ['o2', 'o3', 'o4']) expect(existsSync(join(work, o))).toBe(false);
      expect(readdirSync(work).filter((n) => n.includes('.partial-'))).toEqual([]);
    });
  });

  it('goes through the pydicom test corpus: every file it writes is marked de-identified, the rest is skipped with a reason', async () => {
    const out = join(work, 'out-corpus');
    const r = await cli(['deidentify', PYDICOM_TEST_FILES, '--out', out, '--json']);
    expect(r.code).toBe(0);
    const summary = JSON.parse(r.stdout) as { files: number; patients: number; skipped: Array<{ name: string; reason: string }> };
    const written = filesUnder(out);
    expect(written).toHaveLength(summary.files);
    expect(summary.files).toBeGreaterThan(60);
    expect(summary.patients).toBeGreaterThan(5);
    expect(summary.skipped.every((s) => s.reason.length > 0)).toBe(true);
    for (const f of written) {
      const ds = dicomParser.parseDicom(new Uint8Array(readFileSync(f)), { untilTag: 'x00120063' });
      expect(ds.string('x00120062'), f).toBe('YES');
      expect(ds.string('x00100010') ?? '', f).toMatch(/^(MEWM-[0-9A-F]{8})?$/);
    }
  });
});
