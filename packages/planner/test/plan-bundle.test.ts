/**
 * The plan's NIfTI bundle writes each simulated sample in the background (gzip on the thread pool,
 * beside the next simulation): the files must hold the voxels given at the call even when the caller
 * reuses its buffers at once, match their sha256, and a failed write must fail the plan and leave
 * nothing behind. On a real CT (TotalSegmentator's example).
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readNifti, readNiftiLabels, type LabelVolume } from '@mewm/dicom';
import { openPlanBundle, type RankedCandidate } from '../src/index.ts';
import { sharedData } from '../../../test/support/shared-data.ts';

const tmp = mkdtempSync(join(tmpdir(), 'mewm-bundle-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const ct = readNifti(readFileSync(sharedData('totalsegmentator-example', 'example_ct.nii.gz'))).volume;
const grid = { dims: ct.dims, spacingMm: ct.spacingMm, affineRas: ct.affineRas };
const sameBytes = (a: ArrayBufferView, b: ArrayBufferView) =>
  Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));
/** Only rank and name are read by finalise. */
const ranked = (names: string[]) => names.map((name, i) => ({ rank: i + 1, candidate: { name } })) as unknown as RankedCandidate[];

describe('plan bundle: background sample writes', () => {
  it('files hold the voxels given at each call although the caller reuses its buffers, and match their sha256', async () => {
    const bundle = await openPlanBundle(join(tmp, 'plan'));
    const volume = { ...ct, data: new Int16Array(ct.data.length) };
    const states: LabelVolume = { ...grid, data: new Uint8Array(ct.data.length), labels: { 1: 'viable tumour' } };
    const expected: { volume: Int16Array; states: Uint8Array }[] = [];
    for (let k = 0; k < 5; k++) {
      for (let v = 0; v < ct.data.length; v++) {
        volume.data[v] = ct.data[v]! + 7 * k;
        states.data[v] = ct.data[v]! > 100 * k ? 1 : 0;
      }
      expected.push({ volume: volume.data.slice(), states: states.data.slice() });
      await bundle.writeSample(0, 'rfa', k, { volume, states });
      volume.data.fill(-1000); // the caller's buffers are reused for the next sample at once
      states.data.fill(0);
    }
    const files = await bundle.finalise(ranked(['rfa']), ct, { ...grid, data: expected[0]!.states, labels: { 1: 'lesion' } });
    await bundle.commit();
    const dir = join(tmp, 'plan');
    expect(files.map((f) => f.role)).toEqual(['ct', 'lesion-mask', ...Array.from({ length: 5 }, () => ['sample-states', 'sample-volume']).flat()]);
    for (const f of files) {
      const bytes = readFileSync(join(dir, f.path));
      expect(createHash('sha256').update(bytes).digest('hex')).toBe(f.sha256);
      if (f.role === 'sample-volume') expect(sameBytes(readNifti(bytes).volume.data, expected[f.sample!]!.volume)).toBe(true);
      if (f.role === 'sample-states') expect(sameBytes(readNiftiLabels(bytes).data, expected[f.sample!]!.states)).toBe(true);
    }
  });

  it('a write that fails fails the plan, and abort leaves nothing behind', async () => {
    const bundle = await openPlanBundle(join(tmp, 'broken'));
    rmSync(bundle.tmpDir, { recursive: true });
    writeFileSync(bundle.tmpDir, 'not a folder'); // every write into the bundle now fails
    const states: LabelVolume = { ...grid, data: new Uint8Array(ct.data.length), labels: { 1: 'viable tumour' } };
    const written = (async () => {
      for (let k = 0; k < 4; k++) await bundle.writeSample(0, 'rfa', k, { volume: ct, states });
      await bundle.finalise(ranked(['rfa']), ct, { ...states, labels: { 1: 'lesion' } });
    })();
    await expect(written).rejects.toMatchObject({ code: expect.stringMatching(/^(ENOTDIR|EEXIST)$/) });
    await bundle.abort();
    expect(existsSync(bundle.tmpDir)).toBe(false);
    expect(existsSync(join(tmp, 'broken'))).toBe(false);
  });
});
