/**
 * `mewm measure` on the real CRLM-CT-1006 CT: the CT against itself (unchanged → SD, viable =
 * baseline), a follow-up whose lesion turned non-enhancing (→ CR, LR-TR nonviable), the same follow-up
 * on a shifted grid (resampled through the affines, same result), a follow-up with an ablation zone 6 mm
 * around the lesion (the minimal ablative margin read from the image), human-readable and JSON output with
 * the research-use label, and the bad-input block (usage errors exit 2, rejected input exits 1 with a
 * typed error naming the argument).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestCt, segmentLesion, writeNifti, type LabelVolume, type Mat4, type Volume } from '@mewm/dicom';
import { squaredDistanceMm } from '@mewm/world-model';
import { main as runCli } from '../src/cli/main.ts';
import { sharedData } from '../../../test/support/shared-data.ts';

const work = mkdtempSync(join(tmpdir(), 'mewm-cli-measure-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const CT = sharedData('crlm-ct', 'CRLM-CT-1006');
const POINT = '92.8,-31.6,-304';
let ct: Volume;
let lesion: LabelVolume;
let necroticPath: string;
let shiftedPath: string;
let maskPath: string;
let ablatedPath: string;

async function cli(args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(['measure', ...args], { out: (t) => (stdout += t), err: (t) => (stderr += t) });
  return { code, stdout, stderr };
}

beforeAll(async () => {
  ct = (await ingestCt([CT])).volume;
  lesion = segmentLesion(ct, [92.8, -31.6, -304]).mask;
  maskPath = join(work, 'mask.nii.gz');
  writeFileSync(maskPath, writeNifti(lesion, { gzip: true }));
  // Follow-up: the lesion is non-enhancing fluid-like tissue (0 HU) everywhere.
  const data = Float32Array.from(ct.data, (h, v) => (lesion.data[v] ? 0 : h));
  necroticPath = join(work, 'necrotic.nii.gz');
  writeFileSync(necroticPath, writeNifti({ ...ct, data }, { gzip: true }));
  // The same follow-up on a grid shifted by 3 voxels along i: data and affine move together.
  const [nx, ny, nz] = ct.dims;
  const shifted = new Float32Array(data.length).fill(-1000);
  for (let k = 0; k < nz; k++) for (let j = 0; j < ny; j++) for (let i = 0; i + 3 < nx; i++) shifted[i + nx * (j + ny * k)] = data[i + 3 + nx * (j + ny * k)]!;
  const a = ct.affineRas;
  const affineRas = a.map((row) => [row[0], row[1], row[2], row[3] + 3 * row[0]]) as Mat4;
  shiftedPath = join(work, 'shifted.nii.gz');
  writeFileSync(shiftedPath, writeNifti({ ...ct, affineRas, data: shifted }, { gzip: true }));
  // Follow-up after an ablation: the lesion and everything within 6 mm of it is a non-enhancing zone (30 HU).
  const toLesionSq = squaredDistanceMm(lesion.data, ct.dims, ct.spacingMm);
  const ablated = Float32Array.from(ct.data, (h, v) => (toLesionSq[v]! <= 36 ? 30 : h));
  ablatedPath = join(work, 'ablated.nii.gz');
  writeFileSync(ablatedPath, writeNifti({ ...ct, data: ablated }, { gzip: true }));
});

describe('mewm measure on CRLM-CT-1006', () => {
  it('the CT against itself: SD, viable volume equal to baseline, human-readable with the research-use label', async () => {
    const r = await cli(['--pre', CT, '--post', CT, '--point', POINT]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/mRECIST\s+SD/);
    expect(r.stdout).toMatch(/LI-RADS TR\s+LR-TR Viable/);
    expect(r.stdout).toContain('research use only, not for clinical use');
  });

  it('a lesion turned non-enhancing: CR and LR-TR nonviable (JSON keeps the PatientImagingFeatures names)', async () => {
    const r = await cli(['--pre', CT, '--post', necroticPath, '--mask', maskPath, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.researchUse).toBe('research use only, not for clinical use');
    expect(j.patient.mrecist).toBe('CR');
    expect(j.patient.liradsTr).toBe('LR-TR Nonviable');
    expect(j.patient.viableVolumeMl).toBe(0);
    for (const key of ['lesionCount', 'targetLesionCount', 'baselineVolumeMl', 'viableVolumeMl', 'necroticVolumeMl', 'necrosisFraction', 'lipiodolCoverage',
      'largestBaselineDiameterMm', 'sumBaselineDiameterMm', 'sumViableDiameterMm', 'diameterSumChange', 'newLesionCount', 'mrecist', 'responder']) {
      expect(j.patient, key).toHaveProperty(key);
    }
    expect(j.alignment).toBe('sameGrid');
    expect(j.lesionSource).toBe('mask');
  });

  it('the same follow-up on a shifted grid: resampled through the affines, same category and volumes', async () => {
    const a = JSON.parse((await cli(['--pre', CT, '--post', necroticPath, '--mask', maskPath, '--json'])).stdout);
    const r = await cli(['--pre', CT, '--post', shiftedPath, '--mask', maskPath, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const b = JSON.parse(r.stdout);
    expect(b.alignment).toBe('resampledThroughAffines');
    expect(b.patient.mrecist).toBe(a.patient.mrecist);
    expect(b.patient.necroticVolumeMl).toBeCloseTo(a.patient.necroticVolumeMl, 1);
  });

  it('an ablation zone on the follow-up: the minimal ablative margin is read from the image', async () => {
    const r = await cli(['--pre', CT, '--post', ablatedPath, '--mask', maskPath, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.patient.ablationZoneVolumeMl).toBeGreaterThan(0);
    // Every tumour voxel is covered. The least margin is not the 6 mm painted: where the zone lies on tissue that
    // did not enhance before (this metastasis touches fluid and fat at the capsule), the image cannot show it as
    // newly ablated, so there the margin reads one voxel (0.8 mm), as a reader would call it from the image.
    expect(j.ablationMargin.uncoveredVoxels).toBe(0);
    expect(j.ablationMargin.minimalMarginMm).toBeGreaterThanOrEqual(0.5);
    expect(j.ablationMargin.minimalMarginMm).toBeLessThanOrEqual(6.8);
    const human = await cli(['--pre', CT, '--post', ablatedPath, '--mask', maskPath]);
    expect(human.stdout).toMatch(/minimal ablative margin -?\d+\.\d mm/);
    // no ablation zone, no margin
    expect(JSON.parse((await cli(['--pre', CT, '--post', CT, '--mask', maskPath, '--json'])).stdout).ablationMargin).toBeNull();
  });

  it('bad input: usage errors exit 2, rejected input exits 1 with a typed error', async () => {
    expect((await cli(['--pre', CT, '--point', POINT])).code).toBe(2);
    expect((await cli(['--pre', CT, '--post', CT])).code).toBe(2);
    expect((await cli(['--pre', CT, '--post', CT, '--point', POINT, '--mask', maskPath])).code).toBe(2);
    const missing = await cli(['--pre', join(work, 'nope.nii.gz'), '--post', CT, '--point', POINT, '--json']);
    expect(missing.code).toBe(1);
    const offGrid = await cli(['--pre', CT, '--post', CT, '--mask', maskPath, '--post-mask', join(work, 'nope.nii.gz'), '--json']);
    expect(offGrid.code).toBe(1);
    expect(JSON.parse(offGrid.stderr).error.code).toBeDefined();
  });
});
