/**
 * Pulling CT from a real PACS over DICOMweb (issue 18, item 1): Debian's Orthanc with its DICOMweb plugin,
 * on loopback, requiring HTTP Basic credentials, holds the real CRLM-CT-1006 series. `mewm pacs search`
 * finds the study (QIDO-RS) and lists its series; `mewm ingest --dicomweb` retrieves it (WADO-RS) through
 * the de-identified ingest, to the same volume as ingesting the files directly. Credentials come from the
 * environment only; missing ones, an unknown study and an unreachable server are clear errors.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import dicomParser from 'dicom-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestCt } from '../packages/dicom/src/ingest/index.ts';
import { readNifti } from '../packages/dicom/src/nifti/index.ts';
import { requireTool } from './support/external-tool.ts';
import { cli } from './support/run-cli.ts';
import { ORTHANC_DICOMWEB_PLUGIN, orthancAvailable, PACS_TEST_CREDENTIALS, startPacsHolding, type RunningOrthanc } from './support/orthanc.ts';
import { sharedData } from './support/shared-data.ts';

const haveOrthanc = requireTool({ name: 'Orthanc', debian: 'orthanc', check: orthancAvailable });
const havePlugin = requireTool({ name: 'Orthanc DICOMweb plugin', debian: 'orthanc-dicomweb', check: () => existsSync(ORTHANC_DICOMWEB_PLUGIN) });
const CREDENTIALS = PACS_TEST_CREDENTIALS;

describe.skipIf(!haveOrthanc || !havePlugin)('DICOMweb pull from Orthanc', () => {
  const dir = sharedData('crlm-ct', 'CRLM-CT-1006');
  const files = readdirSync(dir).filter((f) => f.endsWith('.dcm')).sort();
  const first = dicomParser.parseDicom(new Uint8Array(readFileSync(join(dir, files[0]!))));
  const studyUid = first.string('x0020000d')!;
  const seriesUid = first.string('x0020000e')!;
  const work = mkdtempSync(join(tmpdir(), 'mewm-dicomweb-'));
  let orthanc: RunningOrthanc;
  let web: string;

  beforeAll(async () => {
    const pacs = await startPacsHolding(files.map((f) => join(dir, f)));
    orthanc = pacs;
    web = pacs.web;
  }, 120_000);
  afterAll(async () => {
    await orthanc?.stop();
    rmSync(work, { recursive: true, force: true });
  });

  it('finds the study by modality and patient, and lists its series', async () => {
    const r = await cli(['pacs', 'search', '--dicomweb', web, '--modality', 'CT', '--json'], CREDENTIALS);
    expect(r.stderr).toBe('');
    const { studies } = JSON.parse(r.stdout) as { studies: Array<{ studyInstanceUid: string; patientId: string; modalities: string[] }> };
    expect(studies.map((s) => s.studyInstanceUid)).toEqual([studyUid]);
    expect(studies[0]!.patientId).toBe(first.string('x00100020'));
    const byPatient = await cli(['pacs', 'search', '--dicomweb', web, '--patient-id', first.string('x00100020')!, '--json'], CREDENTIALS);
    expect((JSON.parse(byPatient.stdout) as { studies: unknown[] }).studies).toHaveLength(1);
    const none = await cli(['pacs', 'search', '--dicomweb', web, '--patient-id', 'NOBODY-HERE', '--json'], CREDENTIALS);
    expect((JSON.parse(none.stdout) as { studies: unknown[] }).studies).toEqual([]);

    const s = await cli(['pacs', 'search', '--dicomweb', web, '--study', studyUid, '--json'], CREDENTIALS);
    const { series } = JSON.parse(s.stdout) as { series: Array<{ seriesInstanceUid: string; modality: string; instanceCount: number }> };
    expect(series).toEqual([expect.objectContaining({ seriesInstanceUid: seriesUid, modality: 'CT', instanceCount: files.length })]);
  });

  it('ingests the study (and the series by UID) to the same volume as the files, de-identified, leaving no temporary files', async () => {
    const direct = await ingestCt([dir]);
    const before = readdirSync(tmpdir()).filter((n) => n.startsWith('mewm-dicomweb-')).length;
    for (const [name, extra] of [['study.nii.gz', []], ['series.nii.gz', ['--series-uid', seriesUid]]] as const) {
      const out = join(work, name);
      const r = await cli(['ingest', '--dicomweb', web, '--study', studyUid, ...extra, '--out', out, '--json'], CREDENTIALS);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      const summary = JSON.parse(r.stdout) as { dims: number[]; deidentification: { files: number } };
      expect(summary.dims).toEqual([512, 512, files.length]);
      expect(summary.deidentification.files).toBe(files.length);
      const { volume } = readNifti(new Uint8Array(readFileSync(out)));
      volume.affineRas.flat().forEach((v, i) => expect(v).toBeCloseTo(direct.volume.affineRas.flat()[i]!, 4)); // NIfTI stores float32
      expect(Buffer.compare(Buffer.from(volume.data.buffer), Buffer.from(direct.volume.data.buffer))).toBe(0);
    }
    expect(readdirSync(tmpdir()).filter((n) => n.startsWith('mewm-dicomweb-')).length).toBe(before);
  }, 120_000);

  it('without credentials, for an unknown study or an unreachable server: a clear error (exit 1)', async () => {
    const noAuth = await cli(['pacs', 'search', '--dicomweb', web]);
    expect([noAuth.code, noAuth.stderr]).toEqual([1, expect.stringMatching(/refused the request \(HTTP 401\): set MEWM_DICOMWEB_USER/)]);
    const unknown = await cli(['ingest', '--dicomweb', web, '--study', '1.2.3.4.5', '--out', join(work, 'x.nii.gz')], CREDENTIALS);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/DICOMweb server (answered HTTP 404|returned no instance)/);
    expect(existsSync(join(work, 'x.nii.gz'))).toBe(false);
    const down = await cli(['pacs', 'search', '--dicomweb', 'http://127.0.0.1:9/dicom-web'], CREDENTIALS);
    expect([down.code, down.stderr]).toEqual([1, expect.stringMatching(/cannot reach the DICOMweb server/)]);
    const inUrl = await cli(['pacs', 'search', '--dicomweb', `http://u:p@127.0.0.1:${orthanc.port}/dicom-web`]);
    expect([inUrl.code, inUrl.stderr]).toEqual([1, expect.stringMatching(/put no credentials in the DICOMweb URL/)]);
    const bad = await cli(['ingest', '--dicomweb', web, '--study', 'not-a-uid', '--out', join(work, 'y.nii.gz')], CREDENTIALS);
    expect([bad.code, bad.stderr]).toEqual([1, expect.stringMatching(/is not a DICOM UID/)]);
    const both = await cli(['ingest', dir, '--dicomweb', web, '--study', studyUid, '--out', join(work, 'z.nii.gz')], CREDENTIALS);
    expect(both.code).toBe(2);
  });

  it('stores only files mewm de-identified in the PACS (STOW-RS), where the pseudonymous study is then found', async () => {
    const other = sharedData('crlm-ct', 'CRLM-CT-1004');
    const raw = join(work, 'raw-1004');
    mkdirSync(raw);
    const names = readdirSync(other).filter((f) => f.endsWith('.dcm')).sort().slice(0, 3);
    for (const f of names) writeFileSync(join(raw, f), readFileSync(join(other, f)));
    const originalId = dicomParser.parseDicom(new Uint8Array(readFileSync(join(raw, names[0]!)))).string('x00100020')!;

    const refused = await cli(['pacs', 'store', '--dicomweb', web, raw], CREDENTIALS);
    expect([refused.code, refused.stderr]).toEqual([1, expect.stringMatching(/nothing was sent: .*was not de-identified by this project/)]);
    const none = await cli(['pacs', 'search', '--dicomweb', web, '--patient-id', originalId, '--json'], CREDENTIALS);
    expect((JSON.parse(none.stdout) as { studies: unknown[] }).studies).toEqual([]);

    const deid = join(work, 'deid-1004');
    expect((await cli(['deidentify', raw, '--out', deid])).code).toBe(0);
    const pseudonym = readdirSync(deid)[0]!;
    const stored = await cli(['pacs', 'store', '--dicomweb', web, deid, '--json'], CREDENTIALS);
    expect(stored.stderr).toBe('');
    expect(JSON.parse(stored.stdout)).toMatchObject({ files: 3, stored: 3, failed: [] });
    const found = await cli(['pacs', 'search', '--dicomweb', web, '--patient-id', pseudonym, '--json'], CREDENTIALS);
    const { studies } = JSON.parse(found.stdout) as { studies: Array<{ patientId: string; instanceCount: number }> };
    expect(studies).toEqual([expect.objectContaining({ patientId: pseudonym, instanceCount: 3 })]);
  });
});
