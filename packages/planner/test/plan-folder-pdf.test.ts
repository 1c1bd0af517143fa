/**
 * The plan PDF rendered again from its folder (the web app's export with a reader's measurements):
 * without measurements the bytes equal the plan's report.pdf; with them a "Reader's measurements"
 * section lists each one as contracts formats it; values come from @mewm/dicom measureGeometry on the
 * plan's own CT and samples, checked here against sums over the voxels read back. A folder whose
 * files changed is refused. Real CT (CRLM-CT-1006).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, copyFileSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyAffine, measureGeometry, readNifti, type Volume } from '@mewm/dicom';
import { errorCodeOf, formatMeasurementValues, planReportSchema, type Measurement, type MeasurementGeometry, type PlanReport } from '@mewm/contracts';
import { measurementRows, renderPlanFolderPdf, runPlan } from '../src/index.ts';
import { sharedData } from '../../../test/support/shared-data.ts';
import { hasTool } from '../../../test/support/external-tool.ts';

const work = mkdtempSync(join(tmpdir(), 'mewm-folder-pdf-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const havePdftotext = hasTool('pdftotext');
const LESION: [number, number, number] = [92.8, -31.6, -304];

const measurement = (label: string, geometry: MeasurementGeometry, values: Measurement['values'], target: Measurement['target'], note: string | null = null): Measurement =>
  ({ id: `00000000-0000-4000-8000-00000000000${label.length}`, label, target, geometry, values, note, createdAt: '2026-12-07T12:00:00.000Z' });

describe('renderPlanFolderPdf: the plan PDF again, with a reader\'s measurements', () => {
  const plan = join(work, 'plan');
  let report: PlanReport;
  let ct: Volume;

  beforeAll(async () => {
    await runPlan({
      inputs: { kind: 'files', ct: [sharedData('crlm-ct', 'CRLM-CT-1006')], lesion: { kind: 'point', pointRas: LESION } },
      outDir: plan,
      options: { disease: 'crlm', candidates: ['mwa', 'best-supportive-care'], samples: 1, seed: 3, renderer: 'white-noise' },
    });
    report = planReportSchema.parse(JSON.parse(readFileSync(join(plan, 'report.json'), 'utf8')));
    ct = readNifti(new Uint8Array(readFileSync(join(plan, 'ct.nii.gz')))).volume;
  }, 240_000);

  it('without measurements reads as report.pdf up to its timings (the key slices drawn again from the folder)', async () => {
    const again = await renderPlanFolderPdf(plan);
    if (!havePdftotext) return;
    const path = join(work, 'again.pdf');
    writeFileSync(path, again);
    // report.json's timings gain the PDF's own and the total after the PDF is drawn: everything before them is the same
    const text = (p: string) => execFileSync('pdftotext', ['-layout', p, '-'], { encoding: 'utf8' }).split('Timings')[0]!;
    const before = text(join(plan, 'report.pdf'));
    expect(before.length).toBeGreaterThan(2000);
    expect(text(path)).toBe(before);
  }, 60_000);

  it('lists the measurements with the values measureGeometry computes on the plan\'s CT and samples', async () => {
    // a 40 mm line along R through the lesion and a 10 mm sphere at its centre, on the pre-treatment CT
    const line: MeasurementGeometry = { kind: 'length', plane: 'axial', points: [[LESION[0] - 20, LESION[1], LESION[2]], [LESION[0] + 20, LESION[1], LESION[2]]] };
    const roi: MeasurementGeometry = { kind: 'roi', plane: 'axial', centre: LESION, edge: [LESION[0] + 10, LESION[1], LESION[2]] };
    const lineValues = measureGeometry(ct, line);
    expect(lineValues).toEqual({ kind: 'length', lengthMm: 40 });
    const roiValues = measureGeometry(ct, roi);
    // the sphere's voxels counted independently: every voxel centre within 10 mm of the centre
    let n = 0;
    let sum = 0;
    const [nx, ny, nz] = ct.dims;
    for (let k = 0; k < nz; k++) for (let j = 0; j < ny; j++) for (let i = 0; i < nx; i++) {
      const p = applyAffine(ct.affineRas, [i, j, k]);
      if (Math.hypot(p[0] - LESION[0], p[1] - LESION[1], p[2] - LESION[2]) <= 10) { n++; sum += ct.data[i + nx * (j + ny * k)]!; }
    }
    if (roiValues.kind !== 'roi') throw new Error('expected ROI values');
    expect(roiValues.voxels).toBe(n);
    expect(roiValues.meanHu).toBeCloseTo(sum / n, 6);
    expect(roiValues.volumeMl).toBeCloseTo((n * ct.spacingMm[0] * ct.spacingMm[1] * ct.spacingMm[2]) / 1000, 9);
    // ... a bidimensional on MWA's first simulated sample
    const mwa = report.candidates.find((c) => c.name === 'mwa')!;
    const sampleFile = report.files.find((f) => f.role === 'sample-volume' && f.candidate === 'mwa' && f.sample === 0)!;
    const sample = readNifti(new Uint8Array(readFileSync(join(plan, sampleFile.path)))).volume;
    const bi: MeasurementGeometry = {
      kind: 'bidimensional', plane: 'axial',
      long: [[LESION[0] - 15, LESION[1], LESION[2]], [LESION[0] + 15, LESION[1], LESION[2]]],
      short: [[LESION[0], LESION[1] - 6, LESION[2]], [LESION[0], LESION[1] + 6, LESION[2]]],
    };
    const biValues = measureGeometry(sample, bi);
    expect(biValues).toEqual({ kind: 'bidimensional', longMm: 30, shortMm: 12, productMm2: 360, angleDeg: 90 });
    const ms = [
      measurement('L1', line, lineValues, { kind: 'series', seriesId: 'series-1' }, 'across the metastasis'),
      measurement('R1', roi, roiValues, { kind: 'series', seriesId: 'series-1' }),
      measurement('B1', bi, biValues, { kind: 'sample', jobId: 'job-1', candidate: 'mwa', sample: 0 }),
    ];
    const rows = measurementRows(report, ms);
    expect(rows[2]).toEqual(['B1', 'Bidimensional', `#${mwa.rank} mwa · sample 1`, 'axial', '30.0 × 12.0 mm (360 mm²)', '']);
    expect(rows[0]![4]).toBe('40.0 mm');

    const pdf = await renderPlanFolderPdf(plan, { measurements: ms, compress: false });
    expect(pdf.length).toBeGreaterThan(readFileSync(join(plan, 'report.pdf')).length);
    if (!havePdftotext) return;
    const path = join(work, 'measured.pdf');
    writeFileSync(path, pdf);
    const text = execFileSync('pdftotext', ['-raw', path, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
    expect(text).toContain("Reader's measurements");
    expect(text).toContain('across the metastasis');
    // every row's values as the viewer prints them (the table wraps cells; compare whitespace-free)
    const squeeze = (s: string) => s.replace(/\s+/g, '');
    for (const m of ms) expect(squeeze(text)).toContain(squeeze(formatMeasurementValues(m.values)));
  }, 120_000);

  it('refuses a folder whose sample changed after the plan was written', async () => {
    const copy = join(work, 'changed');
    cpSync(plan, copy, { recursive: true });
    const sampleFile = report.files.find((f) => f.role === 'sample-volume')!;
    copyFileSync(join(plan, 'ct.nii.gz'), join(copy, sampleFile.path));
    const e = await renderPlanFolderPdf(copy).catch((x: unknown) => x);
    expect(errorCodeOf(e)).toBe('INPUT');
    expect((e as Error).message).toMatch(/does not match its sha256/);
  }, 60_000);
});
