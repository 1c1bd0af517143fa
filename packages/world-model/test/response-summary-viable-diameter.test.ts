/**
 * The world model's response summary measures the mRECIST viable diameter on the viable part only
 * (Lencioni & Llovet 2010: never across intervening necrosis), with the same helper as survival's
 * image measurement (@mewm/dicom longestViableDiameterMm): a viable rim around a necrotic centre
 * measures as the longest chord inside the rim, not as the lesion's diameter.
 */
import { describe, expect, it } from 'vitest';
import { TISSUE_STATE } from '@mewm/contracts';
import { longestViableDiameterMm, type LabelVolume, type Mat4, type Vec3 } from '@mewm/dicom';
import { summariseResponse } from '../src/pipeline/index.ts';

const dims: Vec3 = [61, 61, 3];
const affineRas: Mat4 = [[1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 1, 0], [0, 0, 0, 1]];
const grid = { dims, spacingMm: [1, 1, 1] as Vec3, affineRas };

/** A disc of radius 15 mm in the middle slice (the lesion), its centre within `necroticRadiusMm` necrotic, the rest viable. */
function disc(necroticRadiusMm: number): { states: LabelVolume; lesions: LabelVolume } {
  const n = dims[0] * dims[1] * dims[2];
  const states = new Uint8Array(n), lesions = new Uint8Array(n);
  for (let j = 0; j < dims[1]; j++) for (let i = 0; i < dims[0]; i++) {
    const r = Math.hypot(i - 30, j - 30);
    if (r > 15) continue;
    const v = i + dims[0] * (j + dims[1]);
    lesions[v] = 1;
    states[v] = r <= necroticRadiusMm ? TISSUE_STATE.necrosis : TISSUE_STATE.viable;
  }
  return { states: { ...grid, data: states, labels: {} }, lesions: { ...grid, data: lesions, labels: { 1: 'lesion' } } };
}

describe('summariseResponse: viable diameter never across necrosis', () => {
  const baseline = [{ label: 1, volumeMl: 0.7, longestAxialDiameterMm: 30 }];

  it('an all-viable disc measures its diameter; a 3 mm viable rim around necrosis measures the chord inside the rim', () => {
    const solid = disc(-1);
    expect(summariseResponse(solid.states, solid.lesions, baseline).sumViableDiameterMm).toBeCloseTo(30, 0);
    const rim = disc(12);
    const s = summariseResponse(rim.states, rim.lesions, baseline);
    // 2·sqrt(R² − r²) = 2·sqrt(15² − 12²) = 18 mm, within a voxel; never the 30 mm across the necrosis.
    expect(s.sumViableDiameterMm).toBeGreaterThan(16);
    expect(s.sumViableDiameterMm).toBeLessThan(21);
    expect(s.necrosisFraction).toBeGreaterThan(0.5);
    // The same helper as survival's measurement: identical numbers.
    const viable = Uint8Array.from(rim.states.data, (x) => (x === TISSUE_STATE.viable ? 1 : 0));
    expect(s.sumViableDiameterMm).toBeCloseTo(longestViableDiameterMm(viable, dims, affineRas), 12);
  });
});
