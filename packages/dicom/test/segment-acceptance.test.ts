/**
 * Seeded lesion segmentation: synthetic lesions of known volume (homogeneous spheres, a target-like
 * lesion with a necrotic centre and an enhancing rim, a lesion touching a bright vessel) and the real
 * CRLM-CT-1006 metastasis.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import {
  InputError, SegmentationError, applyAffine, ingestCt, segmentLesion, type Mat4, type Vec3, type Volume,
} from '../src/index.ts';
import { sharedData } from '../../../test/support/shared-data.ts';

const SPACING: Vec3 = [0.8, 0.8, 2.5];
const DIMS: Vec3 = [128, 128, 40];

function affine(): Mat4 {
  return [
    [-SPACING[0], 0, 0, 60],
    [0, -SPACING[1], 0, 40],
    [0, 0, SPACING[2], -100],
    [0, 0, 0, 1],
  ];
}

/** Seeded Gaussian noise (mulberry32 + Box–Muller), so the phantom is the same on every run. */
function noise(seed: number): () => number {
  let s = seed >>> 0;
  const u = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return () => Math.sqrt(-2 * Math.log(u() + 1e-12)) * Math.cos(2 * Math.PI * u());
}

/** A liver-like phantom: `hu(pointMm)` gives the noiseless HU at a voxel centre (mm from the volume centre). */
function phantom(hu: (x: number, y: number, z: number) => number, sigma = 15, seed = 7): Volume {
  const n = DIMS[0] * DIMS[1] * DIMS[2];
  const data = new Float32Array(n);
  const g = noise(seed);
  let v = 0;
  for (let k = 0; k < DIMS[2]; k++) {
    for (let j = 0; j < DIMS[1]; j++) {
      for (let i = 0; i < DIMS[0]; i++, v++) {
        const x = (i - DIMS[0] / 2) * SPACING[0];
        const y = (j - DIMS[1] / 2) * SPACING[1];
        const z = (k - DIMS[2] / 2) * SPACING[2];
        data[v] = hu(x, y, z) + sigma * g();
      }
    }
  }
  return { data, dims: DIMS, spacingMm: SPACING, affineRas: affine(), meta: { source: 'derived', unit: 'HU', notes: [] } };
}

/** RAS point of a position given in mm from the volume centre. */
function centreRas(dx = 0, dy = 0, dz = 0): Vec3 {
  return applyAffine(affine(), [DIMS[0] / 2 + dx / SPACING[0], DIMS[1] / 2 + dy / SPACING[1], DIMS[2] / 2 + dz / SPACING[2]]);
}

/** Voxelised sphere volume (voxel centres inside), mL: the truth a voxel segmentation can reach. */
function voxelisedSphereMl(r: number): number {
  let count = 0;
  for (let k = 0; k < DIMS[2]; k++) for (let j = 0; j < DIMS[1]; j++) for (let i = 0; i < DIMS[0]; i++) {
    const x = (i - DIMS[0] / 2) * SPACING[0], y = (j - DIMS[1] / 2) * SPACING[1], z = (k - DIMS[2] / 2) * SPACING[2];
    if (x * x + y * y + z * z <= r * r) count++;
  }
  return (count * SPACING[0] * SPACING[1] * SPACING[2]) / 1000;
}

function dice(a: Uint8Array, b: Uint8Array): number {
  let both = 0, na = 0, nb = 0;
  for (let i = 0; i < a.length; i++) {
    if (a[i]) na++;
    if (b[i]) nb++;
    if (a[i] && b[i]) both++;
  }
  return (2 * both) / (na + nb);
}

describe('segmentLesion on synthetic lesions of known volume', () => {
  it.each([10, 20])('a hypodense sphere of radius %i mm is within 5% of 4/3·π·r³', (r) => {
    const ct = phantom((x, y, z) => (x * x + y * y + z * z <= r * r ? 40 : 100));
    const { stats } = segmentLesion(ct, centreRas());
    const truth = (4 / 3) * Math.PI * r ** 3 / 1000;
    expect(Math.abs(stats.volumeMl - truth) / truth).toBeLessThan(0.05);
    expect(Math.abs(stats.longestAxialDiameterMm - 2 * r)).toBeLessThan(3);
  });

  it('a target-like lesion (necrotic centre, enhancing rim) is found whole from the centre or the body', () => {
    const hu = (x: number, y: number, z: number) => {
      const d = Math.sqrt(x * x + y * y + z * z);
      return d <= 8 ? 20 : d <= 15 ? 60 : d <= 18 ? 140 : 100;
    };
    const ct = phantom(hu);
    const truth = voxelisedSphereMl(18);
    for (const seed of [centreRas(), centreRas(11, 0, 0), centreRas(0, -10, 2.5)]) {
      const { stats } = segmentLesion(ct, seed);
      expect(Math.abs(stats.volumeMl - truth) / truth).toBeLessThan(0.1);
    }
  });

  it('does not follow a bright vessel that touches the lesion', () => {
    const r = 12;
    const hu = (x: number, y: number, z: number) => {
      if (x * x + y * y + z * z <= r * r) return 40;
      if ((x - r - 2) ** 2 + y * y <= 16) return 180; // a 4 mm tube along z touching the lesion
      return 100;
    };
    const ct = phantom(hu);
    const { mask, stats } = segmentLesion(ct, centreRas());
    const truth = voxelisedSphereMl(r);
    expect(Math.abs(stats.volumeMl - truth) / truth).toBeLessThan(0.08);
    // no voxel of the tube beyond the lesion's axial extent is included
    let tubeVoxels = 0;
    for (let k = 0; k < DIMS[2]; k++) {
      const z = (k - DIMS[2] / 2) * SPACING[2];
      if (Math.abs(z) < r + 3) continue;
      for (let j = 0; j < DIMS[1]; j++) for (let i = 0; i < DIMS[0]; i++) {
        if (mask.data[i + DIMS[0] * (j + DIMS[1] * k)]) tubeVoxels++;
      }
    }
    expect(tubeVoxels).toBe(0);
  });
});

describe('segmentLesion on the real CRLM-CT-1006 liver metastasis', () => {
  let ct: Volume;
  // Found by viewing axial slices in the liver window: a target-like hypodense metastasis in the
  // right lobe on the lower slices; this point is near its centre (RAS mm).
  const seed: Vec3 = [92.8, -31.6, -304];
  beforeAll(async () => {
    ct = (await ingestCt([sharedData('crlm-ct', 'CRLM-CT-1006')])).volume;
  });

  it('gives a plausible ~3 cm lesion that is darker than its surroundings', () => {
    const { stats, mask } = segmentLesion(ct, seed);
    expect(stats.volumeMl).toBeGreaterThan(6);
    expect(stats.volumeMl).toBeLessThan(25);
    expect(stats.longestAxialDiameterMm).toBeGreaterThan(20);
    expect(stats.longestAxialDiameterMm).toBeLessThan(50);
    expect(stats.lesionMeanHu).toBeLessThan(stats.surroundingHu - 15);
    expect(mask.dims).toEqual(ct.dims);
    // the patient's right: the lesion lies at +x of the body's midline (about x = 0 on this table)
    expect(stats.centroidRas[0]).toBeGreaterThan(40);
  });

  it('gives the same lesion from other clicks inside it, on the same and the next slice (Dice ≥ 0.8)', () => {
    const a = segmentLesion(ct, seed);
    const c = a.stats.centroidRas;
    for (const d of [[-4, -4, 0], [4, 4, 0], [0, 0, 5]] as const) {
      const b = segmentLesion(ct, [c[0] + d[0], c[1] + d[1], c[2] + d[2]]);
      expect(dice(a.mask.data, b.mask.data)).toBeGreaterThanOrEqual(0.8);
    }
  });
});

describe('segmentLesion: bad input', () => {
  const ct = phantom((x, y, z) => (x * x + y * y + z * z <= 100 ? 40 : z > 30 ? -900 : x > 40 ? 900 : 100), 5);

  it('refuses a seed outside the volume, with the reason', () => {
    expect(() => segmentLesion(ct, [1000, 0, 0])).toThrow(SegmentationError);
  });

  it('refuses non-finite coordinates', () => {
    expect(() => segmentLesion(ct, [Number.NaN, 0, 0])).toThrow(InputError);
  });

  it('refuses a seed in air and a seed in bone', () => {
    expect(() => segmentLesion(ct, centreRas(0, 0, 40))).toThrow(SegmentationError);
    expect(() => segmentLesion(ct, centreRas(45, 0, 0))).toThrow(SegmentationError);
  });

  it('refuses invalid options, naming the option', () => {
    expect(() => segmentLesion(ct, centreRas(), { maxRadiusMm: -1 })).toThrow(/maxRadiusMm/);
  });
});
