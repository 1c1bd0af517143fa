/**
 * The simulation pipeline on the real CRLM-CT-1006 metastasis: the treatment changes the output,
 * Lipiodol shows as dense voxels only with Lipiodol, and the same seed gives identical volumes.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { ingestCt, segmentLesion, type LabelVolume, type Volume } from '@mewm/dicom';
import { createWhiteNoiseRenderer, resolveProtocol, simulateTreatment, DynamicsInputError } from '../src/index.ts';
import { sharedData } from '../../../test/support/shared-data.ts';

let ct: Volume;
let lesionMask: LabelVolume;
const renderer = createWhiteNoiseRenderer();

beforeAll(async () => {
  ct = (await ingestCt([sharedData('crlm-ct', 'CRLM-CT-1006')])).volume;
  lesionMask = segmentLesion(ct, [92.8, -31.6, -304]).mask;
});

const run = (preset: string, seed = 1, samples = 3) =>
  simulateTreatment({ ct, lesionMask, protocol: resolveProtocol(preset) }, { samples, seed, renderer });

const meanViable = (r: Awaited<ReturnType<typeof run>>) =>
  r.samples.reduce((a, s) => a + s.summary.viableVolumeMl, 0) / r.samples.length;

function maxInLesion(v: Volume, mask: LabelVolume): number {
  let m = -Infinity;
  for (let i = 0; i < mask.data.length; i++) if (mask.data[i]) m = Math.max(m, v.data[i]!);
  return m;
}

describe('simulateTreatment on CRLM-CT-1006', () => {
  it('orders mean viable tumour untreated > cTACE ≥ ablation', async () => {
    const untreated = meanViable(await run('best-supportive-care'));
    const tace = meanViable(await run('ctace-epirubicin-lipiodol'));
    const mwa = meanViable(await run('mwa'));
    expect(untreated).toBeGreaterThan(tace);
    expect(tace).toBeGreaterThanOrEqual(mwa);
  });

  it('creates voxels above 300 HU in the lesion with Lipiodol only', async () => {
    const withLipiodol = await run('ctace-epirubicin-lipiodol', 2, 3);
    expect(Math.max(...withLipiodol.samples.map((s) => maxInLesion(s.volume, lesionMask)))).toBeGreaterThan(300);
    const without = await run('tace-epirubicin-gelatin', 2, 3);
    for (const s of without.samples) expect(s.summary.lipiodolCoverage).toBe(0);
    expect(Math.max(...without.samples.map((s) => maxInLesion(s.volume, lesionMask)))).toBeLessThan(300);
  });

  it('is bit-identical for the same seed and differs between protocols', async () => {
    const a = await run('sorafenib', 5, 1);
    const b = await run('sorafenib', 5, 1);
    expect(Buffer.compare(Buffer.from(a.samples[0]!.volume.data.buffer), Buffer.from(b.samples[0]!.volume.data.buffer))).toBe(0);
    const c = await run('resection', 5, 1);
    expect(Buffer.compare(Buffer.from(a.samples[0]!.volume.data.buffer), Buffer.from(c.samples[0]!.volume.data.buffer))).not.toBe(0);
    expect(a.researchUse).toBe('research use only, not for clinical use');
  });

  it('rejects an empty mask and a bad sample count with typed errors', async () => {
    const empty = { ...lesionMask, data: new Uint8Array(lesionMask.data.length) };
    await expect(simulateTreatment({ ct, lesionMask: empty, protocol: resolveProtocol('mwa') }, { samples: 1, seed: 1, renderer })).rejects.toBeInstanceOf(DynamicsInputError);
    await expect(run('mwa', 1, 0)).rejects.toBeInstanceOf(DynamicsInputError);
  });
});
