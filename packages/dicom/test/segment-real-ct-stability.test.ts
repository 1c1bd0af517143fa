/**
 * segmentLesion on real CT without expert masks: the CRLM-CT-1006 metastasis from clicks moved by
 * 3–5 mm in every direction (a user's clicks scatter that much) must give nearly the same mask, and
 * plain liver of CRLM-CT-1004 (whose lesions are subtle) must be refused, not segmented.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { applyAffine, ingestCt, segmentLesion, SegmentationError, type Vec3, type Volume } from '../src/index.ts';
import { sharedData } from '../../../test/support/shared-data.ts';

function dice(a: Uint8Array, b: Uint8Array): number {
  let both = 0, na = 0, nb = 0;
  for (let v = 0; v < a.length; v++) {
    na += a[v]!;
    nb += b[v]!;
    both += a[v]! & b[v]!;
  }
  return (2 * both) / (na + nb);
}

describe('segmentLesion on CRLM-CT-1006: stable under seed perturbation', () => {
  let ct: Volume;
  // The seed of segment-lesion.test.ts: voxel (122, 247, 14), near the metastasis's centre.
  const seedRas: Vec3 = [92.8, -31.6, -306.4];
  beforeAll(async () => {
    ct = (await ingestCt([sharedData('crlm-ct', 'CRLM-CT-1006')])).volume;
  });

  it('clicks moved by ±3 mm and ±5 mm in-plane and by one 5 mm slice give masks with Dice ≥ 0.9 against the centre click (measured 0.95–1.00)', () => {
    const ref = segmentLesion(ct, seedRas);
    expect(ref.stats.volumeMl).toBeGreaterThan(6);
    expect(ref.stats.volumeMl).toBeLessThan(25);
    expect(ref.stats.polarity).toBe('hypo');
    expect(ref.stats.roiGrowths).toBe(0);
    const moves: Vec3[] = [[3, 0, 0], [-3, 0, 0], [0, 3, 0], [0, -3, 0], [5, 5, 0], [-5, -5, 0], [0, 0, 5], [0, 0, -5]];
    const scores = moves.map((d) => dice(ref.mask.data, segmentLesion(ct, [seedRas[0] + d[0], seedRas[1] + d[1], seedRas[2] + d[2]]).mask.data));
    for (const s of scores) expect(s).toBeGreaterThanOrEqual(0.9);
  });

  it('a click in the lesion\'s dark spot next to the gallbladder finds the lesion, not 1 mL (leak retried with the surrounding tissue\'s lower bound)', () => {
    const ref = segmentLesion(ct, seedRas);
    const dark = segmentLesion(ct, [86.8, -38.0, -304.6]);
    expect(dark.stats.volumeMl).toBeGreaterThan(6);
    expect(dice(ref.mask.data, dark.mask.data)).toBeGreaterThanOrEqual(0.85);
  });
});

describe('segmentLesion on CRLM-CT-1004: plain liver is refused', () => {
  let ct: Volume;
  beforeAll(async () => {
    ct = (await ingestCt([sharedData('crlm-ct', 'CRLM-CT-1004')])).volume;
  });

  it('a click in homogeneous right-lobe parenchyma (voxel 120, 260, 24) throws SegmentationError, even with ROI growth', () => {
    const at = applyAffine(ct.affineRas, [120, 260, 24]);
    expect(() => segmentLesion(ct, at)).toThrow(SegmentationError);
  });
});
