/**
 * preparePlanAnatomy when the CT has no liver to find: the plan goes on without the anatomy and the
 * report's notes say why (a CT of fat only; a CT of two slices).
 */
import { describe, expect, it } from 'vitest';
import type { LabelVolume, Mat4, Vec3, Volume } from '@mewm/dicom';
import { preparePlanAnatomy } from '../src/index.ts';

function fatCt(dims: Vec3): { ct: Volume; lesion: LabelVolume } {
  const spacingMm: Vec3 = [2, 2, 5];
  const affineRas: Mat4 = [[2, 0, 0, 0], [0, 2, 0, 0], [0, 0, 5, 0], [0, 0, 0, 1]];
  const n = dims[0] * dims[1] * dims[2];
  const data = new Int16Array(n).fill(-100);
  const mask = new Uint8Array(n);
  const centre = Math.floor(dims[0] / 2) + dims[0] * (Math.floor(dims[1] / 2) + dims[1] * Math.floor(dims[2] / 2));
  for (const d of [0, 1, -1, dims[0], -dims[0]]) { mask[centre + d] = 1; data[centre + d] = 40; }
  return {
    ct: { dims, spacingMm, affineRas, data, meta: { source: 'nifti', unit: 'HU', notes: [] } } as unknown as Volume,
    lesion: { dims, spacingMm, affineRas, data: mask, labels: { 1: 'lesion' } },
  };
}

describe('preparePlanAnatomy without a liver to find', () => {
  for (const [name, dims] of [['fat only', [48, 48, 8]], ['two slices', [48, 48, 2]]] as const) {
    it(`${name}: no liver, no vessels, a note saying why`, () => {
      const { ct, lesion } = fatCt([...dims]);
      const a = preparePlanAnatomy(ct, lesion);
      expect(a.liverMask).toBeUndefined();
      expect(a.vesselMask).toBeUndefined();
      expect(a.anatomy.liver).toBeNull();
      expect(a.anatomy.vessels).toBeNull();
      expect(a.anatomy.notes.join(' ')).toMatch(/The liver could not be segmented \(.+\): no future liver remnant/);
    });
  }
});
