/**
 * De-identification end to end: plant identifying values into copies of a real series, ingest it the
 * way a user does (CLI and library), and search every byte we store or output for them — the NIfTI
 * (decompressed), the JSON summary, the de-identified DICOM copies and the ingest result.
 */
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import dicomParser from 'dicom-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeidentificationError, ingestCt } from '../packages/dicom/src/index.ts';
import { main as runCli } from '../packages/planner/src/cli/main.ts';
import { PLANTED, PLANTED_UID, containsString, plantIdentifiers } from '../packages/dicom/test/deid-fixtures.ts';
import { sharedData } from './support/shared-data.ts';

const work = mkdtempSync(join(tmpdir(), 'mewm-deid-ingest-'));
const seriesDir = join(work, 'planted-series');
const secrets: string[] = [...Object.values(PLANTED), PLANTED_UID];

beforeAll(() => {
  mkdirSync(seriesDir);
  const src = sharedData('crlm-ct', 'CRLM-CT-1006');
  const files = readdirSync(src).filter((f) => f.endsWith('.dcm')).sort();
  files.forEach((f, i) => {
    const original = new Uint8Array(readFileSync(join(src, f)));
    const ds = dicomParser.parseDicom(original);
    if (i === 0) {
      for (const tag of ['x0020000d', 'x0020000e', 'x00080018', 'x00200052', 'x00080020', 'x00080021', 'x00080022']) {
        const v = ds.string(tag);
        if (v) secrets.push(v);
      }
    }
    secrets.push(ds.string('x00080018')!);
    writeFileSync(join(seriesDir, f), plantIdentifiers(original));
  });
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

function leaks(bytes: Uint8Array): string[] {
  return secrets.filter((s) => s.length >= 6 && containsString(bytes, s));
}

describe('no identifier survives ingest', () => {
  it('the planted copies really hold the identifiers (the test can fail)', () => {
    const planted = readFileSync(join(seriesDir, '1-01.dcm'));
    expect(leaks(planted)).toEqual(expect.arrayContaining([PLANTED.patientName, PLANTED.institution, PLANTED.nested]));
  });

  it('mewm ingest writes a NIfTI and a JSON summary without any of them', async () => {
    const out = join(work, 'ct.nii.gz');
    let stdout = '';
    const code = await runCli(['ingest', seriesDir, '--out', out, '--json'], { out: (t) => (stdout += t), err: () => undefined });
    expect(code).toBe(0);
    const nifti = readFileSync(out);
    expect(leaks(gunzipSync(nifti))).toEqual([]);
    expect(leaks(nifti)).toEqual([]);
    expect(leaks(Buffer.from(stdout))).toEqual([]);
    expect(JSON.parse(stdout).deidentification.files).toBe(51);
  });

  it('the de-identified DICOM copies and the whole ingest result hold none of them', async () => {
    const result = await ingestCt([seriesDir], { keepDeidentifiedFiles: true });
    expect(result.deidentifiedFiles).toHaveLength(51);
    for (const f of result.deidentifiedFiles!) expect(leaks(f.bytes)).toEqual([]);
    const { volume, deidentifiedFiles: _files, ...rest } = result;
    expect(leaks(Buffer.from(JSON.stringify({ ...rest, meta: volume.meta })))).toEqual([]);
    expect(volume.dims).toEqual([512, 512, 51]);
  });

  it('refuses a series with burned-in annotation instead of keeping it', async () => {
    const dir = join(work, 'burned');
    mkdirSync(dir);
    const src = sharedData('crlm-ct', 'CRLM-CT-1006', '1-01.dcm');
    writeFileSync(join(dir, 'a.dcm'), plantIdentifiers(new Uint8Array(readFileSync(src)), { burnedIn: true }));
    await expect(ingestCt([dir])).rejects.toBeInstanceOf(DeidentificationError);
    const out = join(work, 'burned.nii.gz');
    const code = await runCli(['ingest', dir, '--out', out], { out: () => undefined, err: () => undefined });
    expect(code).toBe(1);
    expect(() => readFileSync(out)).toThrow();
  });
});
