/**
 * From a PACS study to a plan and back, on the command line (issue 18, items 2–4): Debian's Orthanc with
 * its DICOMweb plugin, on loopback with HTTP Basic credentials, holds the real CRLM-CT-1006 series.
 * `mewm pacs search` finds it; `mewm plan --dicomweb` retrieves and plans it (de-identified on ingest);
 * `mewm export-dicom --stow` writes the plan as DICOM and stores it back. Then, read from Orthanc again:
 * the pseudonymous study holds the de-identified CT, the simulated CT series, the SEGs, the SR and the
 * PDF; every retrieved object kind passes dciodvfy and dsrdump; a simulated series retrieved over WADO-RS
 * comes back through our ingest with the plan's geometry; a second push replaces, never duplicates.
 */
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import dicomParser from 'dicom-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { affineMaxAbsDiff, dicomWebEndpoint, ingestCt, readNifti, retrieveToFolder, searchSeries } from '../packages/dicom/src/index.ts';
import { planReportSchema, type PlanReport } from '../packages/contracts/src/index.ts';
import type { DicomExportManifest } from '../packages/planner/src/index.ts';
import { dciodvfy, dsrdump } from './support/dicom-validators.ts';
import { hasTool, requireTool } from './support/external-tool.ts';
import { ORTHANC_DICOMWEB_PLUGIN, orthancAvailable, PACS_TEST_CREDENTIALS, startPacsHolding, type RunningOrthanc } from './support/orthanc.ts';
import { cli } from './support/run-cli.ts';
import { sharedData } from './support/shared-data.ts';

const haveOrthanc = requireTool({ name: 'Orthanc', debian: 'orthanc', check: orthancAvailable });
const havePlugin = requireTool({ name: 'Orthanc DICOMweb plugin', debian: 'orthanc-dicomweb', check: () => existsSync(ORTHANC_DICOMWEB_PLUGIN) });
const haveValidators = hasTool('dciodvfy', 'dsrdump');
const CREDENTIALS = PACS_TEST_CREDENTIALS;

describe.skipIf(!haveOrthanc || !havePlugin)('PACS → plan → PACS with Orthanc', () => {
  const dir = sharedData('crlm-ct', 'CRLM-CT-1006');
  const files = readdirSync(dir).filter((f) => f.endsWith('.dcm')).sort();
  const original = dicomParser.parseDicom(new Uint8Array(readFileSync(join(dir, files[0]!))));
  const work = mkdtempSync(join(tmpdir(), 'mewm-export-pacs-'));
  const plan = join(work, 'plan');
  const exported = join(work, 'dicom');
  let orthanc: RunningOrthanc;
  let web: string;
  let report: PlanReport;
  let manifest: DicomExportManifest;

  beforeAll(async () => {
    const pacs = await startPacsHolding(files.map((f) => join(dir, f)));
    orthanc = pacs;
    web = pacs.web;
  }, 120_000);
  afterAll(async () => {
    await orthanc?.stop();
    rmSync(work, { recursive: true, force: true });
  });

  it('plans the study found in the PACS, retrieved over DICOMweb, and stores the plan back as DICOM', async () => {
    const found = await cli(['pacs', 'search', '--dicomweb', web, '--modality', 'CT', '--json'], CREDENTIALS);
    const { studies } = JSON.parse(found.stdout) as { studies: Array<{ studyInstanceUid: string }> };
    expect(studies.map((s) => s.studyInstanceUid)).toEqual([original.string('x0020000d')]);

    const retrievedCopies = () => readdirSync(tmpdir()).filter((n) => n.startsWith('mewm-dicomweb-')).length;
    const before = retrievedCopies();
    const planned = await cli([
      'plan', '--disease', 'crlm', '--dicomweb', web, '--study', studies[0]!.studyInstanceUid, '--point', '92.8,-31.6,-304',
      '--candidates', '["mwa","best-supportive-care"]', '--samples', '1', '--seed', '4', '--renderer', 'white-noise', '--out', plan, '--json',
    ], CREDENTIALS);
    expect(planned.stderr.split('\n').filter((l) => l && !/^(policy|simulate|score|report|ingest|lesion|search)[: ]|research use only/.test(l))).toEqual([]);
    expect(planned.code).toBe(0);
    report = planReportSchema.parse(JSON.parse(readFileSync(join(plan, 'report.json'), 'utf8')));
    expect(report.inputs.dicom?.slices).toHaveLength(files.length);
    expect(retrievedCopies()).toBe(before); // the retrieved copy is gone

    const pushed = await cli(['export-dicom', plan, '--out', exported, '--stow', web, '--json'], CREDENTIALS);
    expect(pushed.stderr.split('\n').filter((l) => l && !/research use only/.test(l))).toEqual([]);
    expect(pushed.code).toBe(0);
    manifest = JSON.parse(readFileSync(join(exported, 'manifest.json'), 'utf8')) as DicomExportManifest;
    const summary = JSON.parse(pushed.stdout) as { stow: { stored: number; failed: number } };
    expect(summary.stow).toMatchObject({ stored: manifest.objects.length, failed: 0 });
  }, 300_000);

  it('finds the pseudonymous study in the PACS with every series of the plan, beside the original', async () => {
    const ep = dicomWebEndpoint(web, CREDENTIALS);
    const series = await searchSeries(ep, manifest.studyInstanceUid);
    const expected = new Map<string, number>();
    for (const o of manifest.objects) expected.set(o.seriesInstanceUid, (expected.get(o.seriesInstanceUid) ?? 0) + 1);
    expect(new Map(series.map((s) => [s.seriesInstanceUid, s.instanceCount]))).toEqual(expected);
    expect(new Set(series.map((s) => s.modality))).toEqual(new Set(['CT', 'SEG', 'SR', 'DOC']));
    expect(series.filter((s) => s.modality !== 'CT' || s.seriesInstanceUid !== report.inputs.dicom!.seriesInstanceUid)
      .every((s) => s.seriesDescription.startsWith('RESEARCH USE ONLY'))).toBe(true);
    // the pseudonymous patient has this one study; the original study is untouched
    const byPseudonym = await cli(['pacs', 'search', '--dicomweb', web, '--patient-id', report.inputs.dicom!.patientStudy.PatientID, '--json'], CREDENTIALS);
    expect((JSON.parse(byPseudonym.stdout) as { studies: Array<{ studyInstanceUid: string }> }).studies.map((s) => s.studyInstanceUid)).toEqual([manifest.studyInstanceUid]);
    const all = await cli(['pacs', 'search', '--dicomweb', web, '--json'], CREDENTIALS);
    expect((JSON.parse(all.stdout) as { studies: unknown[] }).studies).toHaveLength(2);
  });

  it('gives back a simulated series that our ingest reads with the plan\'s geometry, and objects that pass the validators', async () => {
    const ep = dicomWebEndpoint(web, CREDENTIALS);
    const simulated = manifest.objects.find((o) => o.kind === 'simulated-ct' && o.rank === 1)!;
    const back = join(work, 'back-ct');
    await import('node:fs/promises').then((fs) => fs.mkdir(back));
    const got = await retrieveToFolder(ep, manifest.studyInstanceUid, simulated.seriesInstanceUid, back);
    expect(got.instances).toBe(files.length);
    const volume = (await ingestCt([back])).volume;
    const entry = report.files.find((f) => f.role === 'sample-volume' && f.candidate === simulated.candidate && f.sample === 0)!;
    const planned = readNifti(readFileSync(join(plan, entry.path))).volume;
    expect(volume.dims).toEqual(planned.dims);
    expect(affineMaxAbsDiff(volume.affineRas, planned.affineRas)).toBeLessThan(1e-3);

    if (!haveValidators) return;
    for (const kind of ['lesion-seg', 'states-seg', 'sr', 'pdf'] as const) {
      const o = manifest.objects.find((x) => x.kind === kind)!;
      const folder = join(work, `back-${kind}`);
      await import('node:fs/promises').then((fs) => fs.mkdir(folder));
      await retrieveToFolder(ep, manifest.studyInstanceUid, o.seriesInstanceUid, folder);
      const path = join(folder, '000001.dcm');
      expect(dciodvfy(path).errors, kind).toEqual([]);
      if (kind === 'sr') expect(dsrdump(path)).toMatchObject({ status: 0, stderr: '' });
    }
    expect(dciodvfy(join(back, '000001.dcm')).errors).toEqual([]);
  }, 120_000);

  it('a second push of the same plan replaces the objects: the PACS holds no duplicate', async () => {
    const again = await cli(['export-dicom', plan, '--out', join(work, 'dicom-again'), '--stow', web, '--json'], CREDENTIALS);
    expect(again.code).toBe(0);
    const series = await searchSeries(dicomWebEndpoint(web, CREDENTIALS), manifest.studyInstanceUid);
    expect(series.reduce((n, s) => n + (s.instanceCount ?? 0), 0)).toBe(manifest.objects.length);
  }, 120_000);
});
