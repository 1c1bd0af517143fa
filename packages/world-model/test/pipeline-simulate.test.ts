/**
 * The simulation pipeline on the real CRLM-CT-1006 metastasis: the treatment changes the output,
 * Lipiodol shows as dense voxels only with Lipiodol, and the same seed gives identical volumes.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { ingestCt, segmentLesion, writeNifti, type LabelVolume, type Volume } from '@mewm/dicom';
import { createWhiteNoiseRenderer, modelReadKey, PRESET_NAMES, resolveProtocol, simulateTreatment, DynamicsInputError } from '../src/index.ts';
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

  it('creates voxels at the sampled Lipiodol HU (well above liver) in the lesion with Lipiodol only', async () => {
    const withLipiodol = await run('ctace-epirubicin-lipiodol', 2, 3);
    for (const s of withLipiodol.samples) {
      const lipiodolHu = Math.max(...s.outcomes.map((o) => o.outcome.lipiodolHu));
      expect(lipiodolHu).toBeGreaterThan(100);
      expect(maxInLesion(s.volume, lesionMask)).toBeGreaterThan(lipiodolHu - 60);
    }
    const without = await run('tace-epirubicin-gelatin', 2, 3);
    for (const s of without.samples) expect(s.summary.lipiodolCoverage).toBe(0);
    const withMax = Math.max(...withLipiodol.samples.map((s) => maxInLesion(s.volume, lesionMask)));
    const withoutMax = Math.max(...without.samples.map((s) => maxInLesion(s.volume, lesionMask)));
    expect(withoutMax).toBeLessThan(300);
    expect(withMax).toBeGreaterThan(withoutMax);
  });

  it('gives the same simulated volume (same seed) exactly to the presets the models read alike, and a different one to every other preset', async () => {
    const sha = (v: Volume) => createHash('sha256').update(Buffer.from(v.data.buffer, v.data.byteOffset, v.data.byteLength)).digest('hex');
    const byPreset = new Map<string, string>();
    for (const preset of PRESET_NAMES) byPreset.set(preset, sha((await run(preset, 5, 1)).samples[0]!.volume));
    const groups = new Map<string, string[]>();
    for (const [preset, hash] of byPreset) groups.set(hash, [...(groups.get(hash) ?? []), preset]);
    // The spatial realisation and the renderer seed are keyed by the model-read key: presets the
    // models read alike (cTACE with epirubicin vs oxaliplatin: the outcome model treats TACE drugs
    // alike) give bit-identical volumes; presets read differently never collide (RFA vs MWA when both
    // ablate completely still differ); outcome draws stay common random numbers.
    const byReadKey = new Map<string, string[]>();
    for (const preset of PRESET_NAMES) {
      const key = modelReadKey(resolveProtocol(preset));
      byReadKey.set(key, [...(byReadKey.get(key) ?? []), preset]);
    }
    const norm = (gs: Iterable<string[]>) => [...gs].map((g) => [...g].sort().join(' = ')).sort();
    expect(norm(groups.values()), 'presets that give the same volume').toEqual(norm(byReadKey.values()));
    expect(norm(groups.values())).toContain('ctace-epirubicin-lipiodol = ctace-oxaliplatin-lipiodol');
    expect(PRESET_NAMES.length).toBeGreaterThanOrEqual(12);
    // Same protocol and seed again: the written files are byte-identical (the first run's hash too).
    const a = (await run('sorafenib', 5, 1)).samples[0]!;
    const b = (await run('sorafenib', 5, 1)).samples[0]!;
    expect(sha(a.volume)).toBe(byPreset.get('sorafenib'));
    expect(Buffer.from(writeNifti(a.volume, { gzip: false })).equals(Buffer.from(writeNifti(b.volume, { gzip: false })))).toBe(true);
    expect(Buffer.from(writeNifti(a.states, { gzip: false })).equals(Buffer.from(writeNifti(b.states, { gzip: false })))).toBe(true);
    expect(a.summary).toEqual(b.summary);
  }, 300_000); // one simulation per preset: grows with the registry's presets (17 with TARE, ~120 s on 2 busy cores)

  it('rejects an empty mask and a bad sample count with typed errors', async () => {
    const empty = { ...lesionMask, data: new Uint8Array(lesionMask.data.length) };
    await expect(simulateTreatment({ ct, lesionMask: empty, protocol: resolveProtocol('mwa') }, { samples: 1, seed: 1, renderer })).rejects.toBeInstanceOf(DynamicsInputError);
    await expect(run('mwa', 1, 0)).rejects.toBeInstanceOf(DynamicsInputError);
  });

  it('rejects a mask on another grid and a lesion touching the volume edge, saying which', async () => {
    const simulate = (mask: LabelVolume) => simulateTreatment({ ct, lesionMask: mask, protocol: resolveProtocol('mwa') }, { samples: 1, seed: 1, renderer });
    const shifted: LabelVolume = { ...lesionMask, affineRas: lesionMask.affineRas.map((r, i) => (i === 0 ? [r[0], r[1], r[2], r[3] + 5] : r)) as LabelVolume['affineRas'] };
    await expect(simulate(shifted)).rejects.toThrow(DynamicsInputError);
    await expect(simulate(shifted)).rejects.toThrow(/lesion mask is not on the CT grid/);
    // The real lesion plus a few voxels on the last slice (k = nz − 1).
    const [nx, ny, nz] = ct.dims;
    const atEdge = Uint8Array.from(lesionMask.data);
    for (let j = 240; j < 244; j++) for (let i = 120; i < 124; i++) atEdge[i + nx * (j + ny * (nz - 1))] = 1;
    await expect(simulate({ ...lesionMask, data: atEdge })).rejects.toThrow(/lesion \d+ touches the edge of the CT volume along z \(k, slices\) \(index 50\)/);
  });
});
