import { describe, expect, it } from 'vitest';
import { applyAffine, dicomAffineLps, invertAffine, lpsToRas, orientationCode } from '../packages/dicom/src/index.ts';

describe('geometry', () => {
  it('converts an axial DICOM stack to RAS with i toward patient left', () => {
    const lps = dicomAffineLps([1, 0, 0], [0, 1, 0], [-100, -50, 20], [0.7, 0.8], [0, 0, 2.5]);
    const ras = lpsToRas(lps);
    expect(orientationCode(ras)).toBe('LPS');
    expect(applyAffine(ras, [0, 0, 0])).toEqual([100, 50, 20]);
    expect(applyAffine(ras, [10, 0, 0])).toEqual([100 - 8, 50, 20]);
    expect(applyAffine(ras, [0, 10, 1])).toEqual([100, 50 - 7, 22.5]);
  });

  it('inverts an affine', () => {
    const ras = lpsToRas(dicomAffineLps([1, 0, 0], [0, 1, 0], [-100, -50, 20], [0.7, 0.8], [0, 0, 2.5]));
    const p = applyAffine(invertAffine(ras), applyAffine(ras, [3, 4, 5]));
    p.forEach((v, i) => expect(v).toBeCloseTo([3, 4, 5][i]!, 9));
  });
});
