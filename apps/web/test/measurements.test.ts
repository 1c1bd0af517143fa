/**
 * A reader's measurements (services/measurements.ts through the tRPC caller) on a real plan of
 * CRLM-CT-1006: lengths, bidimensional and spherical ROIs on the series and on a simulated sample,
 * values computed by the server from the stored volumes (checked against the NIfTI read back), labels
 * per case, bad input refused with a message naming the problem, the plan PDF export listing them
 * (pdftotext), and their deletion with the plan they measured.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatMeasurementValues, measurementTargetLabel, type MeasurementGeometry } from '@mewm/contracts';
import { applyAffine, invertAffine, readNifti, type Vec3, type Volume } from '@mewm/dicom';
import { planVolumeFile } from '../src/server/services/compare.ts';
import { planExportResponse } from '../src/server/services/exports.ts';
import { planJobRunner } from '../src/server/services/plan-jobs-runner.ts';
import { toTRPCError } from '../src/server/trpc/error-mapping.ts';
import { hasTool } from '../../../test/support/external-tool.ts';
import { finishedCrlm1006Plan } from './support/crlm-plan-fixture.ts';
import { CRLM_1006_LESION_RAS } from './support/lesion-mask-fixture.ts';
import { createWebTestContext, type WebTestContext } from './support/web-test-context.ts';

const havePdftotext = hasTool('pdftotext');
const L = CRLM_1006_LESION_RAS;
const shift = (p: readonly number[], d: Vec3): Vec3 => [p[0]! + d[0], p[1]! + d[1], p[2]! + d[2]];

/** The HU of the voxel nearest a RAS point (an independent read of the NIfTI). */
function voxelAt(v: Volume, p: Vec3): number {
  const [i, j, k] = applyAffine(invertAffine(v.affineRas), p).map(Math.round) as Vec3;
  return v.data[i + v.dims[0] * (j + v.dims[1] * k)]!;
}

describe('measurements: lengths, bidimensional and ROIs kept with the case', () => {
  let t: WebTestContext;
  let caseId = '';
  let seriesId = '';
  let jobId = '';
  const work = mkdtempSync(join(tmpdir(), 'mewm-measurements-'));

  beforeAll(async () => {
    t = createWebTestContext();
    ({ caseId, seriesId, jobId } = await finishedCrlm1006Plan(t, { candidates: ['mwa', 'best-supportive-care'], samples: 1 }));
  }, 240_000);
  afterAll(async () => {
    await (await planJobRunner(t.ctx)).whenIdle();
    await t.close();
    rmSync(work, { recursive: true, force: true });
  });

  it('measures on the series: a length equals the distance of its points, an ROI of 1 mm radius reads the voxel at its centre', async () => {
    const line: MeasurementGeometry = { kind: 'length', plane: 'axial', points: [shift(L, [-15, 0, 0]), shift(L, [15, 20, 0])] };
    const m = await t.caller.measurements.create({ caseId, target: { kind: 'series', seriesId }, geometry: line, note: 'across the metastasis' });
    expect(m.label).toBe('L1');
    expect(m.values).toEqual({ kind: 'length', lengthMm: Math.hypot(30, 20) });
    expect(formatMeasurementValues(m.values)).toBe('36.1 mm');
    // a sphere smaller than the voxel spacing holds only the voxel whose centre is nearest: the NIfTI's value there
    const ct = readNifti(new Uint8Array(readFileSync(await planVolumeFile(t.ctx, jobId, 'ct.nii.gz')))).volume;
    const centre = applyAffine(ct.affineRas, applyAffine(invertAffine(ct.affineRas), L).map(Math.round) as Vec3);
    const roi = await t.caller.measurements.create({ caseId, target: { kind: 'series', seriesId }, geometry: { kind: 'roi', plane: 'axial', centre, edge: shift(centre, [0.3, 0, 0]) } });
    expect(roi.label).toBe('R1');
    expect(roi.values).toMatchObject({ kind: 'roi', voxels: 1, meanHu: voxelAt(ct, centre), sdHu: 0, minHu: voxelAt(ct, centre), maxHu: voxelAt(ct, centre) });
    const big = await t.caller.measurements.create({ caseId, target: { kind: 'series', seriesId }, geometry: { kind: 'roi', plane: 'axial', centre: L, edge: shift(L, [0, 8, 0]) } });
    if (big.values.kind !== 'roi') throw new Error('expected an ROI');
    // about (4/3)π·8³ mm³ = 2.1 mL, in voxels of the CT's spacing
    expect(big.values.volumeMl).toBeGreaterThan(1.8);
    expect(big.values.volumeMl).toBeLessThan(2.5);
    expect(big.values.sdHu).toBeGreaterThan(0);
    expect(big.label).toBe('R2');
  });

  it('measures on a simulated sample of the plan and lists everything in creation order', async () => {
    const bi: MeasurementGeometry = { kind: 'bidimensional', plane: 'axial', long: [shift(L, [-12, 0, 0]), shift(L, [12, 0, 0])], short: [shift(L, [0, -5, 0]), shift(L, [0, 5, 0])] };
    const m = await t.caller.measurements.create({ caseId, target: { kind: 'sample', jobId, candidate: 'mwa', sample: 0 }, geometry: bi });
    expect(m.label).toBe('B1');
    expect(formatMeasurementValues(m.values)).toBe('24.0 × 10.0 mm (240 mm²)');
    const list = await t.caller.measurements.list({ caseId });
    expect(list.map((x) => x.label)).toEqual(['L1', 'R1', 'R2', 'B1']);
    expect(measurementTargetLabel(list[3]!.target)).toBe('mwa · sample 1');
  });

  it('refuses bad input with a message naming the problem, and keeps nothing', async () => {
    const bad = async (p: Promise<unknown>) => {
      const e = toTRPCError(await p.then(() => undefined, (x: unknown) => x));
      return `${e.code}: ${e.message}`;
    };
    const outside: MeasurementGeometry = { kind: 'length', plane: 'axial', points: [L, shift(L, [0, 0, 900])] };
    expect(await bad(t.caller.measurements.create({ caseId, target: { kind: 'series', seriesId }, geometry: outside }))).toMatch(/^BAD_REQUEST: .*point 2 .*outside the volume/);
    const zero: MeasurementGeometry = { kind: 'roi', plane: 'axial', centre: L, edge: L };
    expect(await bad(t.caller.measurements.create({ caseId, target: { kind: 'series', seriesId }, geometry: zero }))).toMatch(/^BAD_REQUEST: .*radius has no length/);
    expect(await bad(t.caller.measurements.create({ caseId, target: { kind: 'sample', jobId, candidate: 'rfa', sample: 0 }, geometry: { kind: 'length', plane: 'axial', points: [L, shift(L, [5, 0, 0])] } })))
      .toMatch(/^NOT_FOUND: .*simulated sample/);
    expect(await bad(t.caller.measurements.create({ caseId, target: { kind: 'series', seriesId }, geometry: { kind: 'length', plane: 'axial', points: [L, shift(L, [5, 0, 0])] }, note: 'MRN 12345678' })))
      .toMatch(/^BAD_REQUEST: note: .*6 or more digits/);
    expect((await t.caller.measurements.list({ caseId })).length).toBe(4);
  });

  it('the plan PDF export lists the measurements on its CT and samples as the viewer prints them', async () => {
    const res = await planExportResponse(t.ctx, jobId, 'pdf');
    const pdf = new Uint8Array(await res.arrayBuffer());
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(Number(res.headers.get('content-length'))).toBe(pdf.length);
    if (!havePdftotext) return;
    const path = join(work, 'plan.pdf');
    writeFileSync(path, pdf);
    const text = execFileSync('pdftotext', ['-raw', path, '-'], { encoding: 'utf8' });
    const squeezed = text.replace(/\s+/g, '');
    expect(text).toContain("Reader's measurements");
    for (const m of await t.caller.measurements.list({ caseId })) {
      expect(squeezed).toContain(formatMeasurementValues(m.values).replace(/\s+/g, ''));
    }
    expect(text).toContain('across the metastasis');
  }, 60_000);

  it('deletes one measurement, and the sample\'s with the plan', async () => {
    const [l1] = await t.caller.measurements.list({ caseId });
    await t.caller.measurements.delete({ caseId, id: l1!.id });
    const e = toTRPCError(await t.caller.measurements.delete({ caseId, id: l1!.id }).catch((x: unknown) => x));
    expect(e.code).toBe('NOT_FOUND');
    await t.caller.plans.delete({ jobId });
    expect((await t.caller.measurements.list({ caseId })).map((m) => m.label)).toEqual(['R1', 'R2']);
  });
});
