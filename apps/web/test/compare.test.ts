/**
 * Compare service: the volumes of a finished plan job read from its output folder (report.json's file
 * list), in rank order per sample; only listed NIfTI files are served. The difference view
 * (simulated − pre-treatment CT) and the lesion centre where the views start, on a real plan of
 * CRLM-CT-1006, and their pure functions on small grids.
 */
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, sep } from 'node:path';
import { measureMask, readNifti, readNiftiLabels, writeNifti, type LabelVolume, type Mat4, type Volume } from '@mewm/dicom';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planDifferenceFile } from '../src/server/services/compare-difference.ts';
import { planVolumeFile } from '../src/server/services/compare.ts';
import { DifferenceGridError, differenceVolume } from '../src/server/services/difference-volume.ts';
import { lesionCentreRas } from '../src/server/services/lesion-centre.ts';
import { planJobRunner } from '../src/server/services/plan-jobs-runner.ts';
import { toTRPCError } from '../src/server/trpc/error-mapping.ts';
import { finishedCrlm1006Plan } from './support/crlm-plan-fixture.ts';
import { CRLM_1006_LESION_RAS } from './support/lesion-mask-fixture.ts';
import { createWebTestContext, type WebTestContext } from './support/web-test-context.ts';

const AFFINE: Mat4 = [[2, 0, 0, -5], [0, 2, 0, -5], [0, 0, 3, -6], [0, 0, 0, 1]];
const SMALL_DIMS: [number, number, number] = [6, 6, 4];
const at = (i: number, j: number, k: number) => i + 6 * (j + 6 * k);

/** Two lesions: three voxels around (1, 1, 1) and one voxel at (4, 4, 3). */
function twoLesionMask(): LabelVolume {
  const data = new Uint8Array(6 * 6 * 4);
  for (const [i, j, k] of [[1, 1, 1], [2, 1, 1], [1, 2, 1], [4, 4, 3]] as const) data[at(i, j, k)] = 1;
  return { dims: SMALL_DIMS, spacingMm: [2, 2, 3], affineRas: AFFINE, data, labels: { 1: 'lesion' } };
}

function smallCt(values: (v: number) => number, type: 'int16' | 'float32' = 'int16', affineRas: Mat4 = AFFINE): Volume {
  const n = 6 * 6 * 4;
  const data = type === 'int16' ? new Int16Array(n) : new Float32Array(n);
  for (let v = 0; v < n; v++) data[v] = values(v);
  return { dims: SMALL_DIMS, spacingMm: [2, 2, 3], affineRas, data, meta: { source: 'derived', unit: 'HU', notes: [] } };
}

describe('compare: the listed volumes of a plan folder', () => {
  let t: WebTestContext;
  let caseId: string;
  const jobId = 'job-compare-1';

  beforeAll(async () => {
    t = createWebTestContext();
    caseId = (await t.caller.cases.create()).id;
    const rel = join('cases', caseId, 'plans', jobId);
    const dir = t.ctx.dataDir.resolveStored(rel);
    const files = [
      { path: 'ct.nii.gz', role: 'ct' },
      { path: 'lesion-mask.nii.gz', role: 'lesion-mask' },
      ...['2-sorafenib', '1-rfa'].flatMap((folder) => [0, 1].flatMap((k) => [
        { path: `volumes/${folder}/sample-${k}.nii.gz`, role: 'sample-volume', candidate: folder.slice(2), sample: k },
        { path: `volumes/${folder}/states-${k}.nii.gz`, role: 'sample-states', candidate: folder.slice(2), sample: k },
      ])),
    ];
    for (const f of files) {
      mkdirSync(join(dir, f.path, '..'), { recursive: true });
      writeFileSync(join(dir, f.path), f.role === 'lesion-mask' ? writeNifti(twoLesionMask()) : 'nifti');
    }
    writeFileSync(join(dir, 'report.json'), JSON.stringify({ files: files.map((f) => ({ ...f, sha256: '0'.repeat(64) })) }));
    writeFileSync(join(dir, 'secret.txt'), 'not listed');
    await t.ctx.db.planJob.create({
      data: { id: jobId, caseId, status: 'succeeded', request: '{}', progress: '{}', resultPath: rel, finishedAt: new Date() },
      select: { id: true },
    });
    await t.ctx.db.planJob.create({ data: { id: 'job-running', caseId, status: 'running', request: '{}', progress: '{}' }, select: { id: true } });
  });
  afterAll(async () => t.close());

  it('lists the finished plan jobs of the case only', async () => {
    expect((await t.caller.compare.jobs({ caseId })).map((j) => j.id)).toEqual([jobId]);
  });

  it('gives the pre-treatment CT, the mask and each candidate\'s samples in rank order with their state maps and differences', async () => {
    const set = await t.caller.compare.get({ caseId, jobId });
    expect(set.ctUrl).toBe(`/api/plan-jobs/${jobId}/volumes/ct.nii.gz`);
    expect(set.lesionMaskUrl).toBe(`/api/plan-jobs/${jobId}/volumes/lesion-mask.nii.gz`);
    expect(set.candidates.map((c) => [c.rank, c.name])).toEqual([[1, 'rfa'], [2, 'sorafenib']]);
    expect(set.sampleCount).toBe(2);
    expect(set.candidates[0]!.samples[1]).toEqual({
      sample: 1,
      volumeUrl: `/api/plan-jobs/${jobId}/volumes/volumes/1-rfa/sample-1.nii.gz`,
      statesUrl: `/api/plan-jobs/${jobId}/volumes/volumes/1-rfa/states-1.nii.gz`,
      differenceUrl: `/api/plan-jobs/${jobId}/difference?candidate=rfa&sample=1`,
    });
    await expect(planVolumeFile(t.ctx, jobId, 'volumes/1-rfa/sample-1.nii.gz')).resolves.toMatch(/sample-1\.nii\.gz$/);
  });

  it('starts the views at the centre of the largest lesion of the plan\'s mask (RAS mm)', async () => {
    const set = await t.caller.compare.get({ caseId, jobId });
    // the three-voxel lesion: mean index (4/3, 4/3, 1) → RAS (2·4/3 − 5, 2·4/3 − 5, 3·1 − 6)
    const expected = [2 * (4 / 3) - 5, 2 * (4 / 3) - 5, -3];
    set.lesionCentreRas!.forEach((x, a) => expect(x).toBeCloseTo(expected[a]!, 5));
  });

  it('bad input: unlisted files, path traversal, another case\'s job and an unfinished job are refused', async () => {
    await expect(planVolumeFile(t.ctx, jobId, 'secret.txt')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(planVolumeFile(t.ctx, jobId, '../../../mewm.db')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const other = (await t.caller.cases.create()).id;
    await expect(t.caller.compare.get({ caseId: other, jobId })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(t.caller.compare.get({ caseId, jobId: 'job-running' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(t.caller.compare.get({ caseId, jobId: '../x' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(planDifferenceFile(t.ctx, 'job-running', 'rfa', 0)).rejects.toMatchObject({ code: 'BAD_INPUT' });
    await expect(planDifferenceFile(t.ctx, 'no-such-job', 'rfa', 0)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('compare: the difference view and the lesion centre on a real plan (CRLM-CT-1006, rfa × 1 sample)', () => {
  let t: WebTestContext;
  let caseId: string;
  let jobId: string;

  beforeAll(async () => {
    t = createWebTestContext();
    ({ caseId, jobId } = await finishedCrlm1006Plan(t, { candidates: ['rfa'], samples: 1 }));
  }, 180_000);
  afterAll(async () => {
    await (await planJobRunner(t.ctx)).whenIdle();
    await t.close();
  });

  it('the difference NIfTI equals simulated − pre-treatment CT voxel by voxel, with the CT\'s dims and affine', async () => {
    const set = await t.caller.compare.get({ caseId, jobId });
    expect(set.candidates[0]!.samples[0]!.differenceUrl).toBe(`/api/plan-jobs/${jobId}/difference?candidate=rfa&sample=0`);
    const pre = readNifti(new Uint8Array(readFileSync(await planVolumeFile(t.ctx, jobId, 'ct.nii.gz'))));
    const sim = readNifti(new Uint8Array(readFileSync(await planVolumeFile(t.ctx, jobId, 'volumes/1-rfa/sample-0.nii.gz'))));
    const path = await planDifferenceFile(t.ctx, jobId, 'rfa', 0);
    expect(path.split(sep).slice(-4).join('/')).toBe('derived/volumes/1-rfa/difference-0.nii.gz');
    const diff = readNifti(new Uint8Array(readFileSync(path)));

    expect(diff.volume.dims).toEqual(pre.volume.dims);
    expect(diff.volume.affineRas).toEqual(pre.volume.affineRas);
    expect(diff.header.sformAffineRas).toEqual(pre.header.sformAffineRas);
    expect(diff.header.qformAffineRas).toEqual(pre.header.qformAffineRas);
    expect(diff.header.pixdim.slice(0, 4)).toEqual(pre.header.pixdim.slice(0, 4));
    const a = pre.volume.data, b = sim.volume.data, d = diff.volume.data;
    expect(d.length).toBe(a.length);
    let mismatches = 0, changed = 0;
    for (let v = 0; v < d.length; v++) {
      if (d[v] !== b[v]! - a[v]!) mismatches++;
      if (d[v] !== 0) changed++;
    }
    expect(mismatches).toBe(0);
    // the simulation changed the lesion region and left the rest of the CT as it was
    expect(changed).toBeGreaterThan(100);
    expect(changed / d.length).toBeLessThan(0.05);
  }, 60_000);

  it('caches the difference in the plan folder: a second request, or two at once, reuse the file', async () => {
    const first = await planDifferenceFile(t.ctx, jobId, 'rfa', 0);
    const mtime = statSync(first).mtimeMs;
    const [x, y] = await Promise.all([planDifferenceFile(t.ctx, jobId, 'rfa', 0), planDifferenceFile(t.ctx, jobId, 'rfa', 0)]);
    expect([x, y]).toEqual([first, first]);
    expect(statSync(first).mtimeMs).toBe(mtime);
  }, 60_000);

  it('starts the views at the lesion: the centre equals the plan mask\'s centroid', async () => {
    const set = await t.caller.compare.get({ caseId, jobId });
    const mask = readNiftiLabels(new Uint8Array(readFileSync(await planVolumeFile(t.ctx, jobId, 'lesion-mask.nii.gz'))));
    const centroid = measureMask(mask).centroidRas;
    set.lesionCentreRas!.forEach((x, a) => expect(x).toBeCloseTo(centroid[a]!, 6));
    const fromSeed = Math.hypot(...set.lesionCentreRas!.map((x, a) => x - CRLM_1006_LESION_RAS[a]!));
    expect(fromSeed).toBeLessThan(15);
  });

  it('bad input: a candidate or sample not in the report is NOT_FOUND, a negative sample BAD_INPUT', async () => {
    for (const [candidate, sample] of [['sorafenib', 0], ['rfa', 1], ['../ct', 0], ['rfa ', 0]] as const) {
      const e = await planDifferenceFile(t.ctx, jobId, candidate, sample).then(() => undefined, (err: unknown) => err);
      expect(e).toMatchObject({ code: 'NOT_FOUND' });
      expect(toTRPCError(e).code).toBe('NOT_FOUND');
    }
    await expect(planDifferenceFile(t.ctx, jobId, 'rfa', -1)).rejects.toMatchObject({ code: 'BAD_INPUT' });
    await expect(planDifferenceFile(t.ctx, jobId, 'rfa', 0.5)).rejects.toMatchObject({ code: 'BAD_INPUT' });
  });
});

describe('differenceVolume and lesionCentreRas (pure)', () => {
  it('subtracts voxel by voxel on the CT grid, as int16 when it fits and float32 when it does not', () => {
    const pre = smallCt((v) => v - 50);
    const sim = smallCt((v) => 2 * v);
    const d = differenceVolume(pre, sim);
    expect(d.data).toBeInstanceOf(Int16Array);
    expect(Array.from(d.data)).toEqual(Array.from({ length: d.data.length }, (_, v) => v + 50));
    expect(d.affineRas).toEqual(AFFINE);
    expect(d.dims).toEqual(SMALL_DIMS);
    const wide = differenceVolume(smallCt(() => -32000), smallCt(() => 32000));
    expect(wide.data).toBeInstanceOf(Float32Array);
    expect(wide.data[0]).toBe(64000);
    expect(differenceVolume(smallCt(() => 0.25, 'float32'), smallCt(() => 1)).data[3]).toBe(0.75);
  });

  it('bad input: a simulated CT on another grid is refused (CONFLICT), not resampled', () => {
    const shifted: Mat4 = [[2, 0, 0, -4], [0, 2, 0, -5], [0, 0, 3, -6], [0, 0, 0, 1]];
    expect(() => differenceVolume(smallCt(() => 0), smallCt(() => 0, 'int16', shifted))).toThrow(DifferenceGridError);
    const other = { ...smallCt(() => 0), dims: [6, 6, 2] as [number, number, number], data: new Int16Array(72) };
    expect(() => differenceVolume(smallCt(() => 0), other)).toThrow(/not on the pre-treatment CT's grid/);
    expect(toTRPCError(new DifferenceGridError('x')).code).toBe('CONFLICT');
  });

  it('the lesion centre is the largest lesion\'s centroid, and null for an empty mask', () => {
    const c = lesionCentreRas(twoLesionMask())!;
    expect(c[0]).toBeCloseTo(2 * (4 / 3) - 5, 6);
    expect(c[2]).toBeCloseTo(-3, 6);
    expect(lesionCentreRas({ ...twoLesionMask(), data: new Uint8Array(144) })).toBeNull();
  });
});
