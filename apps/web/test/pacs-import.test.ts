/**
 * The web app's PACS import (issue 18, item 1) against Debian's Orthanc with its DICOMweb plugin on
 * loopback (HTTP Basic credentials from the environment): a planner searches the configured PACS,
 * lists the study's series and imports the real CRLM-CT-1006 series into a case through the
 * de-identified ingest, with progress. Patient identifiers come back in the search and are stored
 * nowhere: not in the database, not in the data directory. A plan of the imported series is pushed back
 * (STOW-RS) as DICOM into the series' de-identified study and read again from Orthanc. Unknown PACS,
 * cases and studies are errors.
 */
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import dicomParser from 'dicom-parser';
import { gunzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireTool } from '../../../test/support/external-tool.ts';
import { ORTHANC_DICOMWEB_PLUGIN, orthancAvailable, startOrthanc, type RunningOrthanc } from '../../../test/support/orthanc.ts';
import { sharedData } from '../../../test/support/shared-data.ts';
import { containsString } from '../../../packages/dicom/test/deid-fixtures.ts';
import { planJobRunner } from '../src/server/services/plan-jobs-runner.ts';
import { createLesionMaskFixture } from './support/lesion-mask-fixture.ts';
import { createWebTestContext, type WebTestContext } from './support/web-test-context.ts';

const haveOrthanc = requireTool({ name: 'Orthanc', debian: 'orthanc', check: orthancAvailable });
const havePlugin = requireTool({ name: 'Orthanc DICOMweb plugin', debian: 'orthanc-dicomweb', check: () => existsSync(ORTHANC_DICOMWEB_PLUGIN) });
const USER = { name: 'mewm', password: 'loopback-only-test-secret' };

function allFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).map((f) => join(dir, f)).filter((f) => statSync(f).isFile());
}

describe.skipIf(!haveOrthanc || !havePlugin)('PACS import over DICOMweb (Orthanc)', () => {
  const dir = sharedData('crlm-ct', 'CRLM-CT-1006');
  const files = readdirSync(dir).filter((f) => f.endsWith('.dcm')).sort();
  const first = dicomParser.parseDicom(new Uint8Array(readFileSync(join(dir, files[0]!))));
  const identifiers = ['x00100020', 'x00100010', 'x0020000d', 'x0020000e'].map((t) => first.string(t) ?? '').filter((v) => v.length >= 6);
  let orthanc: RunningOrthanc;
  let t: WebTestContext;
  const saved = { user: process.env.MEWM_DICOMWEB_USER, password: process.env.MEWM_DICOMWEB_PASSWORD };

  beforeAll(async () => {
    orthanc = await startOrthanc({ plugins: [ORTHANC_DICOMWEB_PLUGIN], user: USER });
    for (const f of files) await orthanc.store(new Uint8Array(readFileSync(join(dir, f))));
    process.env.MEWM_DICOMWEB_USER = USER.name;
    process.env.MEWM_DICOMWEB_PASSWORD = USER.password;
    t = createWebTestContext({ dicomWebEndpoints: [{ name: 'research', url: `${orthanc.url}/dicom-web` }, { name: 'down', url: 'http://127.0.0.1:9/dicom-web' }] });
  }, 120_000);
  afterAll(async () => {
    if (t) await (await planJobRunner(t.ctx)).whenIdle();
    await t?.close();
    await orthanc?.stop();
    if (saved.user === undefined) Reflect.deleteProperty(process.env, 'MEWM_DICOMWEB_USER');
    else process.env.MEWM_DICOMWEB_USER = saved.user;
    if (saved.password === undefined) Reflect.deleteProperty(process.env, 'MEWM_DICOMWEB_PASSWORD');
    else process.env.MEWM_DICOMWEB_PASSWORD = saved.password;
  });

  it('searches, imports the series de-identified with progress, and keeps no patient identifier', async () => {
    expect(await t.caller.pacs.endpoints()).toEqual([{ name: 'research' }, { name: 'down' }]);
    const studies = await t.caller.pacs.searchStudies({ pacs: 'research', modality: 'CT' });
    expect(studies).toHaveLength(1);
    expect(studies[0]!.patientId).toBe(first.string('x00100020'));
    const series = await t.caller.pacs.searchSeries({ pacs: 'research', studyInstanceUid: studies[0]!.studyInstanceUid });
    expect(series.map((s) => s.instanceCount)).toEqual([files.length]);

    const caseId = (await t.caller.cases.create()).id;
    const progressId = randomUUID();
    const imported = await t.caller.pacs.importSeries({
      caseId, pacs: 'research', studyInstanceUid: studies[0]!.studyInstanceUid, seriesInstanceUid: series[0]!.seriesInstanceUid, progressId,
    });
    expect(imported.series).toMatchObject({ sourceFormat: 'dicom', modality: 'CT', dims: [512, 512, files.length], deidentifiedFiles: files.length });
    expect(await t.caller.uploads.ingestProgress({ progressId })).toEqual({ stage: 'done', done: 1, total: 1 });
    expect((await t.caller.uploads.listSeries({ caseId })).map((s) => s.id)).toEqual([imported.series.id]);

    const stored = [t.databasePath, `${t.databasePath}-wal`, ...allFiles(t.ctx.dataDir.root)].filter((f) => existsSync(f));
    for (const file of stored) {
      const bytes = new Uint8Array(readFileSync(file));
      const plain = file.endsWith('.gz') ? gunzipSync(bytes) : bytes;
      expect(identifiers.filter((s) => containsString(plain, s)), file).toEqual([]);
    }
    expect(allFiles(t.ctx.dataDir.tmpDir())).toEqual([]);
  }, 120_000);

  it('plans the imported series and pushes the plan back as DICOM into the series\' de-identified study', async () => {
    const caseId = (await t.caller.cases.create({ disease: 'crlm' })).id;
    const [study] = await t.caller.pacs.searchStudies({ pacs: 'research', modality: 'CT' });
    const imported = await t.caller.pacs.importSeries({ caseId, pacs: 'research', studyInstanceUid: study!.studyInstanceUid });
    await createLesionMaskFixture(t.ctx, caseId, imported.series.id);
    const job = await t.caller.plans.start({ caseId, options: { policy: 'user', candidates: ['mwa', 'best-supportive-care'], samples: 1, seed: 2, renderer: 'white-noise-baseline' } });
    await (await planJobRunner(t.ctx)).whenIdle();
    expect((await t.caller.plans.job({ jobId: job.id })).status).toBe('succeeded');

    await expect(t.caller.pacs.pushPlan({ jobId: job.id, pacs: 'nowhere' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const pushed = await t.caller.pacs.pushPlan({ jobId: job.id, pacs: 'research' });
    expect(pushed).toMatchObject({ pacs: 'research', joinsSourceStudy: true, failed: 0 });
    const report = await t.caller.plans.report({ jobId: job.id });
    expect(pushed.studyInstanceUid).toBe(report.inputs.dicom!.studyInstanceUid);
    // read back from the PACS: the de-identified CT (as imported), the simulated series, the SEGs, the SR and the PDF
    const series = await t.caller.pacs.searchSeries({ pacs: 'research', studyInstanceUid: pushed.studyInstanceUid });
    expect(series).toHaveLength(pushed.series);
    expect(series.reduce((n, s) => n + (s.instanceCount ?? 0), 0)).toBe(pushed.stored);
    expect(new Set(series.map((s) => s.modality))).toEqual(new Set(['CT', 'SEG', 'SR', 'DOC']));
    expect(series.filter((s) => s.modality === 'CT').map((s) => s.instanceCount)).toEqual([files.length, files.length, files.length]);
    const audit = (await t.caller.cases.audit({ caseId })).filter((a) => a.kind === 'export');
    expect(audit.map((a) => a.details)).toEqual([expect.objectContaining({ format: 'dicom-stow', pacs: 'research', stored: pushed.stored, failed: 0 })]);
    // the original study is still the PACS's only other study
    expect(await t.caller.pacs.searchStudies({ pacs: 'research' })).toHaveLength(2);
  }, 240_000);

  it('unknown PACS or case, an unknown study and an unreachable PACS are clear errors, and leave nothing', async () => {
    const caseId = (await t.caller.cases.create()).id;
    await expect(t.caller.pacs.searchStudies({ pacs: 'nowhere' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(t.caller.pacs.importSeries({ caseId: randomUUID(), pacs: 'research', studyInstanceUid: '1.2.3' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(t.caller.pacs.importSeries({ caseId, pacs: 'research', studyInstanceUid: '1.2.3.4.5' }))
      .rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringMatching(/DICOMweb server (answered HTTP 404|returned no instance)/) });
    await expect(t.caller.pacs.searchStudies({ pacs: 'down' })).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringMatching(/cannot reach the DICOMweb server/) });
    await expect(t.caller.pacs.searchSeries({ pacs: 'research', studyInstanceUid: 'not-a-uid' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    expect(await t.ctx.db.series.count({ where: { caseId } })).toBe(0);
    expect(allFiles(t.ctx.dataDir.tmpDir())).toEqual([]);
  });

  it('a study over the upload limit is refused while it is retrieved (413), and nothing is kept', async () => {
    const small = createWebTestContext({ maxUploadBytes: 2 * 1024 * 1024, dicomWebEndpoints: [{ name: 'research', url: `${orthanc.url}/dicom-web` }] });
    try {
      const caseId = (await small.caller.cases.create()).id;
      const [study] = await small.caller.pacs.searchStudies({ pacs: 'research', modality: 'CT' });
      await expect(small.caller.pacs.importSeries({ caseId, pacs: 'research', studyInstanceUid: study!.studyInstanceUid }))
        .rejects.toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });
      expect(await small.ctx.db.series.count({ where: { caseId } })).toBe(0);
      expect(allFiles(small.ctx.dataDir.root)).toEqual([]);
    } finally {
      await small.close();
    }
  });
});

describe('MEWM_DICOMWEB_ENDPOINTS', () => {
  it('reads name=url pairs, and refuses malformed or repeated ones naming the variable', async () => {
    const { EnvError, parseServerEnv } = await import('../src/server/env.ts');
    expect(parseServerEnv({}, '/repo').dicomWebEndpoints).toEqual([]);
    expect(parseServerEnv({ MEWM_DICOMWEB_ENDPOINTS: 'research=http://127.0.0.1:8042/dicom-web, archive=https://pacs.example/dw' }, '/repo').dicomWebEndpoints)
      .toEqual([{ name: 'research', url: 'http://127.0.0.1:8042/dicom-web' }, { name: 'archive', url: 'https://pacs.example/dw' }]);
    for (const bad of ['research', 'a b=http://x', 'x=ftp://y', 'x=http://a,x=http://b']) {
      expect(() => parseServerEnv({ MEWM_DICOMWEB_ENDPOINTS: bad }, '/repo')).toThrow(EnvError);
      expect(() => parseServerEnv({ MEWM_DICOMWEB_ENDPOINTS: bad }, '/repo')).toThrow(/MEWM_DICOMWEB_ENDPOINTS/);
    }
  });
});
