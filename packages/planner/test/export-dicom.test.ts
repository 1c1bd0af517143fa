/**
 * exportPlanDicom on plans of the real CRLM-CT-1006 CT (DICOM in: the objects join its de-identified
 * study) and of the phantom (no DICOM: a new study). Checked independently: every object written passes
 * dicom3tools' dciodvfy with no error and dcmtk's dsrdump reads the SR; the simulated CT comes back
 * through our own ingest with the plan's geometry and voxels, the SEGs through our SEG reader with the
 * plan's masks, the PDF byte for byte. Exports are reproducible (same UIDs), all-or-nothing, and a
 * changed bundle file is refused.
 */
import { copyFileSync, cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { affineMaxAbsDiff, ingestCt, loadMask, readNifti, readNiftiLabels } from '@mewm/dicom';
import { errorCodeOf, planReportSchema, RESEARCH_USE_LABEL, TISSUE_STATE, type PlanReport } from '@mewm/contracts';
import { decodePart10, exportPlanDicom, runPlan, type DicomExportManifest } from '../src/index.ts';
import { sharedData } from '../../../test/support/shared-data.ts';
import { hasTool } from '../../../test/support/external-tool.ts';
import { dciodvfy, dsrdump } from '../../../test/support/dicom-validators.ts';

const work = mkdtempSync(join(tmpdir(), 'mewm-export-dicom-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const haveValidators = hasTool('dciodvfy', 'dsrdump');

const readReport = (dir: string): PlanReport => planReportSchema.parse(JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')));
type Natural = Record<string, unknown>;
const seq = (ds: Natural, key: string) => ds[key] as Natural[];

describe('exportPlanDicom: a plan of real DICOM CT', () => {
  const plan = join(work, 'crlm-plan');
  const out = join(work, 'crlm-dicom');
  let report: PlanReport;
  let manifest: DicomExportManifest;

  beforeAll(async () => {
    await runPlan({
      inputs: { kind: 'files', ct: [sharedData('crlm-ct', 'CRLM-CT-1006')], lesion: { kind: 'point', pointRas: [92.8, -31.6, -304] } },
      outDir: plan,
      options: { disease: 'crlm', candidates: ['mwa', 'best-supportive-care'], samples: 2, seed: 5, renderer: 'white-noise' },
    });
    report = readReport(plan);
    manifest = await exportPlanDicom(plan, out);
  }, 240_000);

  it('records the CT\'s de-identified identity in the plan and joins that study', () => {
    const ref = report.inputs.dicom!;
    expect(ref.slices).toHaveLength(51);
    expect(report.files.filter((f) => f.role === 'source-dicom')).toHaveLength(51);
    expect(manifest.studyInstanceUid).toBe(ref.studyInstanceUid);
    expect(manifest.joinsSourceStudy).toBe(true);
    const kinds = (k: string) => manifest.objects.filter((o) => o.kind === k);
    expect(kinds('source-ct')).toHaveLength(51);
    expect(kinds('simulated-ct')).toHaveLength(2 * 2 * 51);
    expect(kinds('lesion-seg')).toHaveLength(1);
    expect(kinds('states-seg').length).toBeGreaterThanOrEqual(2); // best supportive care: growth; MWA: ablation zone
    expect(kinds('sr')).toHaveLength(1);
    expect(kinds('pdf')).toHaveLength(1);
    // the pre-treatment series travels as ingested: the bundle's de-identified files, byte for byte
    const first = report.files.find((f) => f.role === 'source-dicom')!;
    expect(readFileSync(join(out, 'source-ct', first.path.split('/').pop()!)).equals(readFileSync(join(plan, first.path)))).toBe(true);
    expect(new Set(kinds('source-ct').map((o) => o.sopInstanceUid))).toEqual(new Set(ref.slices.map((s) => s.sopInstanceUid)));
    // every object in the one study, the patient as de-identified on ingest
    for (const o of [kinds('lesion-seg')[0]!, kinds('simulated-ct')[0]!, kinds('sr')[0]!, kinds('pdf')[0]!]) {
      const ds = decodePart10(readFileSync(join(out, o.path)));
      expect(ds.StudyInstanceUID).toBe(ref.studyInstanceUid);
      expect(ds.PatientID).toBe(ref.patientStudy.PatientID);
      expect(ds.PatientIdentityRemoved).toBe('YES');
      expect(String(ds.SeriesDescription)).toMatch(/^RESEARCH USE ONLY/);
    }
  });

  it.skipIf(!haveValidators)('every object written passes dciodvfy without errors, and dsrdump reads the SR', () => {
    const oneOfEach = new Map(manifest.objects.map((o) => [o.kind, o] as const));
    expect([...oneOfEach.keys()].sort()).toEqual(['lesion-seg', 'pdf', 'simulated-ct', 'source-ct', 'sr', 'states-seg']);
    const iods: Record<string, string | undefined> = {};
    const failures: Record<string, string[]> = {};
    for (const o of manifest.objects) {
      const result = dciodvfy(join(out, o.path));
      iods[o.kind] ??= result.iod;
      if (result.errors.length > 0) failures[o.path] = result.errors;
    }
    expect(failures).toEqual({});
    expect(manifest.objects.length).toBeGreaterThan(250);
    expect(iods).toMatchObject({ 'simulated-ct': 'CTImage', 'lesion-seg': 'Segmentation', 'states-seg': 'Segmentation', sr: 'Comprehensive3DSR', pdf: 'EncapsulatedPDF' });
    const sr = dsrdump(join(out, oneOfEach.get('sr')!.path));
    expect(sr.status).toBe(0);
    expect(sr.stderr).toBe('');
    expect(sr.tree).toContain('Imaging Measurement Report');
    expect(sr.tree).toContain(`"Tracking Identifier")="Candidate 1: ${report.candidates[0]!.name}"`);
  });

  it('writes each simulated volume as a synthetic derived CT that our ingest reads back with the plan\'s geometry and voxels', async () => {
    const c = report.candidates[0]!;
    const objects = manifest.objects.filter((o) => o.kind === 'simulated-ct' && o.rank === 1 && o.sample === 1);
    const dir = join(out, objects[0]!.path, '..');
    const back = await ingestCt([dir]);
    const entry = report.files.find((f) => f.role === 'sample-volume' && f.candidate === c.name && f.sample === 1)!;
    const simulated = readNifti(readFileSync(join(plan, entry.path))).volume;
    expect(back.volume.dims).toEqual(simulated.dims);
    expect(affineMaxAbsDiff(back.volume.affineRas, simulated.affineRas)).toBeLessThan(1e-4);
    let maxDiff = 0;
    for (let i = 0; i < simulated.data.length; i += 97) maxDiff = Math.max(maxDiff, Math.abs(back.volume.data[i]! - Math.round(simulated.data[i]!)));
    expect(maxDiff).toBe(0);

    // the attributes that say what the image is, and where it came from
    const k = 20;
    const slice = decodePart10(readFileSync(join(dir, `${String(k + 1).padStart(6, '0')}.dcm`)));
    expect(slice.ImageType).toEqual(['DERIVED', 'SECONDARY', 'AXIAL']);
    expect(slice.SyntheticData).toBe('YES');
    expect(String(slice.DerivationDescription)).toContain(c.name);
    expect(String(slice.ImageComments)).toContain(RESEARCH_USE_LABEL);
    expect(String(slice.ImageComments)).toContain(report.models.risk.version);
    const source = seq(slice, 'SourceImageSequence')[0]!;
    expect(source.ReferencedSOPInstanceUID).toBe(report.inputs.dicom!.slices[k]!.sopInstanceUid);
    expect(slice.FrameOfReferenceUID).toBe(report.inputs.dicom!.frameOfReferenceUid);
  });

  it('writes the lesion and tissue-state masks as SEGs our reader maps back onto the same voxels', async () => {
    const ct = readNifti(readFileSync(join(plan, 'ct.nii.gz'))).volume;
    const lesions = readNiftiLabels(readFileSync(join(plan, 'lesion-mask.nii.gz')));
    const lesionSeg = await loadMask(join(out, 'lesion-seg.dcm'), ct);
    expect(lesionSeg.format).toBe('dicom-seg');
    let lesionVoxels = 0;
    let mismatches = 0;
    for (let i = 0; i < lesions.data.length; i++) {
      if (lesions.data[i]! > 0) lesionVoxels++;
      if ((lesions.data[i]! > 0) !== (lesionSeg.mask.data[i]! > 0)) mismatches++;
    }
    expect(lesionVoxels).toBeGreaterThan(1000);
    expect(mismatches).toBe(0);

    const bsc = report.candidates.find((c) => c.name === 'best-supportive-care')!;
    const segObject = manifest.objects.find((o) => o.kind === 'states-seg' && o.candidate === bsc.name && o.sample === 0)!;
    const statesEntry = report.files.find((f) => f.role === 'sample-states' && f.candidate === bsc.name && f.sample === 0)!;
    const states = readNiftiLabels(readFileSync(join(plan, statesEntry.path)));
    const seg = decodePart10(readFileSync(join(out, segObject.path)));
    const labelOfSegment = new Map(seq(seg, 'SegmentSequence').map((s) => [Number(s.SegmentNumber), String(s.SegmentLabel)]));
    expect([...labelOfSegment.values()]).toContain('tumour growth');
    const back = await loadMask(join(out, segObject.path), ct);
    const growthSegment = [...labelOfSegment].find(([, l]) => l === 'tumour growth')![0];
    let expected = 0;
    let agree = 0;
    for (let i = 0; i < states.data.length; i++) {
      if (states.data[i] === TISSUE_STATE.growth) {
        expected++;
        if (back.mask.data[i] === growthSegment) agree++;
      }
    }
    expect(expected).toBeGreaterThan(0);
    expect(agree).toBe(expected);
    expect(seq(seg, 'ReferencedSeriesSequence')[0]!.SeriesInstanceUID)
      .toBe(manifest.objects.find((o) => o.kind === 'simulated-ct' && o.candidate === bsc.name && o.sample === 0)!.seriesInstanceUid);
  });

  it('puts the measurements and the ranking in the TID 1500 SR and the PDF, unchanged, in the Encapsulated PDF', () => {
    const sr = decodePart10(readFileSync(join(out, 'plan-sr.dcm')));
    expect(seq(sr, 'ContentTemplateSequence')[0]!.TemplateIdentifier).toBe('1500');
    const measurements = seq(sr, 'ContentSequence').find((i) => seq(i, 'ConceptNameCodeSequence')[0]!.CodeValue === '126010')!;
    const groups = seq(measurements, 'ContentSequence');
    const trackingOf = (g: Natural) => seq(g, 'ContentSequence').find((i) => seq(i, 'ConceptNameCodeSequence')[0]!.CodeValue === '112039')!.TextValue;
    expect(groups.map(trackingOf)).toEqual([
      ...report.lesions.map((l) => `Lesion ${l.label}`),
      ...report.candidates.flatMap((c) => [`Candidate ${c.rank}: ${c.name}`, ...c.samples.map((s) => `Candidate ${c.rank}: ${c.name}, sample ${s.index + 1}`)]),
    ]);
    const volume = seq(groups[0]!, 'ContentSequence').find((i) => seq(i, 'ConceptNameCodeSequence')[0]!.CodeValue === '118565006')!;
    expect(Number(seq(volume, 'MeasuredValueSequence')[0]!.NumericValue)).toBeCloseTo(report.lesions[0]!.volumeMl, 3);

    const pdf = decodePart10(readFileSync(join(out, 'report-pdf.dcm')));
    const original = readFileSync(join(plan, 'report.pdf'));
    const embedded = new Uint8Array((pdf.EncapsulatedDocument as ArrayBuffer[])[0]!);
    expect(Buffer.from(embedded.subarray(0, original.length)).equals(original)).toBe(true);
    expect(pdf.EncapsulatedDocumentLength).toBe(original.length);
    expect(pdf.MIMETypeOfEncapsulatedDocument).toBe('application/pdf');
  });

  it('gives the same objects and UIDs when the same plan is exported again', async () => {
    const again = await exportPlanDicom(plan, join(work, 'crlm-dicom-again'), { samples: 'first' });
    const byPath = new Map(manifest.objects.map((o) => [o.path, o]));
    for (const o of again.objects) expect(byPath.get(o.path)).toEqual(o);
    expect(again.objects.filter((o) => o.kind === 'simulated-ct')).toHaveLength(2 * 51); // --samples first
  });

  it('refuses a changed bundle, a folder without a plan and a non-empty output, leaving nothing behind', async () => {
    const tampered = join(work, 'tampered');
    cpSync(plan, tampered, { recursive: true });
    const sample = report.files.find((f) => f.role === 'sample-volume')!;
    const bytes = readFileSync(join(tampered, sample.path));
    bytes[bytes.length - 5] = bytes[bytes.length - 5]! ^ 0xff;
    writeFileSync(join(tampered, sample.path), bytes);
    const err = await exportPlanDicom(tampered, join(work, 'tampered-out')).catch((e: unknown) => e);
    expect(errorCodeOf(err)).toBe('INPUT');
    expect(String(err)).toMatch(/does not match its sha256/);
    expect(existsSync(join(work, 'tampered-out'))).toBe(false);
    expect(readdirSync(work).filter((n) => n.includes('.partial-'))).toEqual([]);

    await expect(exportPlanDicom(work, join(work, 'x'))).rejects.toThrow(/not a plan folder/);
    copyFileSync(join(plan, 'report.pdf'), join(work, 'not-empty.pdf'));
    await expect(exportPlanDicom(plan, work)).rejects.toThrow(/not an empty folder/);
  });
});

describe('exportPlanDicom: a plan without DICOM input (the phantom)', () => {
  it('starts a new study with the input CT as its first series, marked synthetic', async () => {
    const plan = join(work, 'phantom-plan');
    await runPlan({ inputs: { kind: 'phantom' }, outDir: plan, options: { disease: 'hcc', candidates: ['rfa'], samples: 1, seed: 2, renderer: 'white-noise' } });
    const report = readReport(plan);
    expect(report.inputs.dicom).toBeUndefined();
    const manifest = await exportPlanDicom(plan, join(work, 'phantom-dicom'));
    expect(manifest.joinsSourceStudy).toBe(false);
    const source = manifest.objects.filter((o) => o.kind === 'source-ct');
    expect(source).toHaveLength(report.inputs.ct.dims[2]);
    const first = decodePart10(readFileSync(join(work, 'phantom-dicom', source[0]!.path)));
    expect(first.StudyInstanceUID).toBe(manifest.studyInstanceUid);
    expect(first.PatientID).toBe('phantom');
    expect(first.SyntheticData).toBe('YES'); // the phantom is synthetic too
    const seg = decodePart10(readFileSync(join(work, 'phantom-dicom', 'lesion-seg.dcm')));
    const referenced = seq(seq(seg, 'ReferencedSeriesSequence')[0]!, 'ReferencedInstanceSequence').map((r) => r.ReferencedSOPInstanceUID);
    expect(referenced.every((uid) => source.some((o) => o.sopInstanceUid === uid))).toBe(true);
    if (haveValidators) expect(dciodvfy(join(work, 'phantom-dicom', source[0]!.path)).errors).toEqual([]);
  }, 120_000);
});
