/**
 * Lesion masks (click-to-segment, import, remove) and clinical data through the tRPC routers and
 * services, on the real CRLM-CT-1006 series uploaded as a zip into a temporary database.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { zipSync } from 'fflate';
import { measureMask, readNiftiLabels, segmentLesion, readNifti, writeNifti, type LabelVolume, type Mat4 } from '@mewm/dicom';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sharedData } from '../../../test/support/shared-data.ts';
import { ingestReceivedUpload } from '../src/server/services/ingest-upload.ts';
import { importLesionMask } from '../src/server/services/lesions-import.ts';
import { measureLesions, readLesionMask } from '../src/server/services/lesions.ts';
import { receiveUpload } from '../src/server/upload/receive-upload.ts';
import { chunksOf, createWebTestContext, type WebTestContext } from './support/web-test-context.ts';

const SEED: [number, number, number] = [92.8, -31.6, -304];
let t: WebTestContext;
let caseId: string;
let seriesId: string;

beforeAll(async () => {
  t = createWebTestContext();
  const dir = sharedData('crlm-ct', 'CRLM-CT-1006');
  const entries: Record<string, Uint8Array> = {};
  for (const name of readdirSync(dir).filter((f) => f.endsWith('.dcm'))) entries[`CRLM/${name}`] = new Uint8Array(readFileSync(join(dir, name)));
  caseId = (await t.caller.cases.create()).id;
  const received = await receiveUpload(t.ctx.dataDir, chunksOf(zipSync(entries, { level: 0 })), { name: 'ct.zip', maxBytes: t.ctx.maxUploadBytes });
  seriesId = (await ingestReceivedUpload(t.ctx, { caseId, tempPath: received.tempPath, uploadSha256: received.sha256 })).series.id;
});
afterAll(async () => t.close());

async function importFile(bytes: Uint8Array, name: string, drawn = false) {
  const received = await receiveUpload(t.ctx.dataDir, chunksOf(bytes), { name, maxBytes: t.ctx.maxUploadBytes });
  return importLesionMask(t.ctx, { caseId, seriesId, tempPath: received.tempPath, uploadSha256: received.sha256, drawn });
}

describe('lesions: click-to-segment on the real CRLM-CT-1006 metastasis', () => {
  let firstMl = 0;

  it('starts with no mask and an empty lesion list', async () => {
    expect(await t.caller.lesions.list({ caseId })).toEqual({ mask: null, lesions: [] });
  });

  it('segments the lesion under a RAS mm point, stores the mask as the case\'s latest LesionMask row, and lists it with mL and diameter', async () => {
    const out = await t.caller.lesions.segment({ caseId, seriesId, pointRas: SEED });
    expect(out.lesions).toHaveLength(1);
    const lesion = out.lesions[0]!;
    firstMl = lesion.volumeMl;
    expect(lesion.volumeMl).toBeGreaterThan(6);
    expect(lesion.volumeMl).toBeLessThan(25);
    expect(lesion.longestAxialDiameterMm).toBeGreaterThan(20);
    expect(lesion.longestAxialDiameterMm).toBeLessThan(50);
    expect(lesion.centroidRas[0]).toBeGreaterThan(40);
    // the same numbers as the package's segmentation of the stored CT
    const row = await t.ctx.db.series.findUniqueOrThrow({ where: { id: seriesId }, select: { filePath: true } });
    const ct = readNifti(new Uint8Array(readFileSync(t.ctx.dataDir.resolveStored(row.filePath)))).volume;
    expect(lesion.volumeMl).toBeCloseTo(segmentLesion(ct, SEED).stats.volumeMl, 6);
    // the stored file is the latest row, with its sha256, on the CT grid
    const latest = await t.ctx.db.lesionMask.findFirstOrThrow({ where: { caseId }, orderBy: { createdAt: 'desc' }, select: { id: true, origin: true, volumeMl: true, filePath: true, sha256: true } });
    expect(latest).toMatchObject({ id: out.mask!.id, origin: 'seeded' });
    expect(latest.volumeMl).toBeCloseTo(lesion.volumeMl, 9);
    const bytes = readFileSync(t.ctx.dataDir.resolveStored(latest.filePath));
    const { createHash } = await import('node:crypto');
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(latest.sha256);
    expect(readNiftiLabels(new Uint8Array(bytes)).dims).toEqual([512, 512, 51]);
    expect(await t.caller.lesions.list({ caseId })).toEqual({ mask: out.mask, lesions: out.lesions });
  });

  it('a second click inside the same lesion keeps one lesion (the new mask is the union)', async () => {
    const out = await t.caller.lesions.segment({ caseId, seriesId, pointRas: SEED });
    expect(out.lesions).toHaveLength(1);
    expect(out.lesions[0]!.volumeMl).toBeCloseTo(firstMl, 6);
    expect(await t.ctx.db.lesionMask.count({ where: { caseId } })).toBe(2);
  });

  it('bad input: a click in air is BAD_REQUEST with the reason; a point that is not three finite numbers is refused', async () => {
    await expect(t.caller.lesions.segment({ caseId, seriesId, pointRas: [0, 300, -304] })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(t.caller.lesions.segment({ caseId, seriesId, pointRas: [Number.NaN, 0, 0] })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(t.caller.lesions.segment({ caseId, seriesId: '00000000-0000-4000-8000-000000000000', pointRas: SEED })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('measureLesions', () => {
  it('measures each component on its bounding box exactly as measureMask does on the whole grid (oblique affine)', () => {
    const dims: [number, number, number] = [40, 30, 20];
    const affineRas = [[0.7, 0.1, 0, -50], [-0.05, 0.8, 0.2, 20], [0, -0.1, 2.5, -300], [0, 0, 0, 1]] as unknown as Mat4;
    const data = new Uint8Array(dims[0] * dims[1] * dims[2]);
    const big = new Uint8Array(data.length), small = new Uint8Array(data.length);
    for (let k = 0; k < 20; k++) for (let j = 0; j < 30; j++) for (let i = 0; i < 40; i++) {
      const v = i + 40 * (j + 30 * k);
      if ((i - 12) ** 2 + (j - 14) ** 2 + 4 * (k - 9) ** 2 < 50) big[v] = data[v] = 1;
      if (i >= 30 && i < 34 && j >= 3 && j < 6 && k >= 15 && k < 17) small[v] = data[v] = 3;
    }
    const col = (c: 0 | 1 | 2) => Math.hypot(affineRas[0][c], affineRas[1][c], affineRas[2][c]);
    const grid = { dims, spacingMm: [col(0), col(1), col(2)] as [number, number, number], affineRas, labels: { 1: 'lesion' } };
    const out = measureLesions({ ...grid, data });
    expect(out.map((l) => l.label)).toEqual(['Lesion 1', 'Lesion 2']);
    for (const [lesion, only] of [[out[0]!, big], [out[1]!, small]] as const) {
      const ref = measureMask({ ...grid, data: only });
      expect(lesion.voxelCount).toBe(ref.voxelCount);
      expect(lesion.volumeMl).toBeCloseTo(ref.volumeMl, 12);
      expect(lesion.longestAxialDiameterMm).toBeCloseTo(ref.longestAxialDiameterMm, 9);
      lesion.centroidRas.forEach((c, i) => expect(c).toBeCloseTo(ref.centroidRas[i]!, 9));
    }
    expect(measureLesions({ ...grid, data: new Uint8Array(data.length) })).toEqual([]);
  });
});

describe('lesions: mask import', () => {
  let grid: LabelVolume;

  beforeAll(async () => {
    const current = await t.caller.lesions.list({ caseId });
    grid = await readLesionMask(t.ctx, current.mask!.id);
  });

  it('imports a NIfTI label map on the CT grid as the new mask (two lesions, any non-zero label)', async () => {
    const data = new Uint8Array(grid.data);
    // a second 10×10×5 voxel block with label 2, far from the first lesion
    for (let k = 5; k < 10; k++) for (let j = 100; j < 110; j++) for (let i = 100; i < 110; i++) data[i + 512 * (j + 512 * k)] = 2;
    const out = await importFile(writeNifti({ ...grid, data, labels: { 1: 'a', 2: 'b' } }), 'mask.nii.gz');
    expect(out.mask).toMatchObject({ origin: 'import-nifti', seriesId });
    expect(out.lesions).toHaveLength(2);
    expect(out.lesions[1]!.voxelCount).toBe(500);
    const audit = await t.caller.cases.audit({ caseId });
    expect(audit.at(-1)).toMatchObject({ kind: 'upload', details: { target: 'lesion-mask', origin: 'import-nifti', lesions: 2 } });
  });

  it('resamples a mask on another grid of the same space onto the CT grid', async () => {
    // 2× coarser in-plane: nearest-neighbour back onto the CT grid
    const [nx, ny, nz] = grid.dims;
    const coarse = new Uint8Array((nx / 2) * (ny / 2) * nz);
    for (let k = 0; k < nz; k++) for (let j = 0; j < ny / 2; j++) for (let i = 0; i < nx / 2; i++) coarse[i + (nx / 2) * (j + (ny / 2) * k)] = grid.data[2 * i + nx * (2 * j + ny * k)]!;
    const a = grid.affineRas;
    const affineRas = a.map((row) => [row[0] * 2, row[1] * 2, row[2], row[3] + (row[0] + row[1]) / 2]) as unknown as Mat4;
    const out = await importFile(writeNifti({ dims: [nx / 2, ny / 2, nz], spacingMm: [grid.spacingMm[0] * 2, grid.spacingMm[1] * 2, grid.spacingMm[2]], affineRas, data: coarse, labels: { 1: 'lesion' } }, { gzip: false }), 'coarse.nii');
    expect(out.lesions.length).toBeGreaterThanOrEqual(1);
    expect(out.lesions[0]!.volumeMl).toBeGreaterThan(4);
  });

  it('marks an edited drawing as drawn', async () => {
    const out = await importFile(writeNifti(grid, { gzip: false }), 'drawing.nii', true);
    expect(out.mask?.origin).toBe('drawn');
  });

  it('bad input: a file that is not a mask and an empty mask are refused with a message, and nothing is stored', async () => {
    const before = await t.ctx.db.lesionMask.count({ where: { caseId } });
    await expect(importFile(new TextEncoder().encode('not a mask at all, just text'), 'x.nii.gz')).rejects.toMatchObject({ name: expect.stringMatching(/Error$/) });
    await expect(importFile(writeNifti({ ...grid, data: new Uint8Array(grid.data.length) }), 'empty.nii.gz')).rejects.toThrow(/empty/);
    expect(await t.ctx.db.lesionMask.count({ where: { caseId } })).toBe(before);
    const tmp = join(t.work, 'x.txt');
    await writeFile(tmp, 'x');
  });

  it('removes a lesion (a new row without it), and removing the last one clears the masks', async () => {
    const two = await importFile(writeNifti({ ...grid, data: (() => { const d = new Uint8Array(grid.data); d[0] = 1; return d; })() }), 'm.nii.gz');
    expect(two.lesions).toHaveLength(2);
    const one = await t.caller.lesions.remove({ caseId, index: 2 });
    expect(one.lesions).toHaveLength(1);
    await expect(t.caller.lesions.remove({ caseId, index: 5 })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    expect(await t.caller.lesions.remove({ caseId, index: 1 })).toEqual({ mask: null, lesions: [] });
    expect(await t.ctx.db.lesionMask.count({ where: { caseId } })).toBe(0);
  });
});

describe('clinical data', () => {
  it('starts unknown, stores validated covariates and derives the ALBI grade', async () => {
    const empty = await t.caller.clinical.get({ caseId });
    expect(empty.entered).toBe(false);
    expect(Object.values(empty.covariates).every((v) => v === null)).toBe(true);
    const saved = await t.caller.clinical.save({
      caseId,
      covariates: { ageYears: 64, afpNgPerMl: 12, albuminGPerL: 40, bilirubinUmolPerL: 12, childPughClass: 'A', ecog: 0, macrovascularInvasion: false, extrahepaticSpread: null, bclcStage: 'B' },
    });
    expect(saved.covariates).toMatchObject({ ageYears: 64, albiGrade: 1, extrahepaticSpread: null, bclcStage: 'B', cirrhosis: null });
    expect(await t.caller.clinical.get({ caseId })).toEqual(saved);
  });

  it('bad input: a unit mistake, an ALBI grade that contradicts the labs, and unknown fields are BAD_REQUEST naming the field', async () => {
    await expect(t.caller.clinical.save({ caseId, covariates: { albuminGPerL: 3.5 } })).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringMatching(/albumin/) });
    await expect(t.caller.clinical.save({ caseId, covariates: { albuminGPerL: 40, bilirubinUmolPerL: 12, albiGrade: 3 } })).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringMatching(/albiGrade/) });
    await expect(t.caller.clinical.save({ caseId, covariates: { name: 'x' } as never })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    expect((await t.caller.clinical.get({ caseId })).covariates.ageYears).toBe(64);
  });
});
