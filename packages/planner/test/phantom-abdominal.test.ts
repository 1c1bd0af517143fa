/**
 * makeAbdominalPhantom: documented HU per organ (median of the noisy image inside each organ, away from
 * edges), noise σ, lesion volume ≈ 4/3·π·r³, identical bytes for the same seed, radiological
 * orientation of the anatomy, recovery of the lesion by the seeded segmentation (Dice ≥ 0.8), bad options.
 */
import { describe, expect, it } from 'vitest';
import { applyAffine, assertGrid, invertAffine, measureMask, segmentLesion, type Vec3 } from '@mewm/dicom';
import { makeAbdominalPhantom, PHANTOM_TISSUES, PhantomOptionsError } from '../src/index.ts';
import { tissueAt } from '../src/phantom/phantom-anatomy.ts';

const phantom = makeAbdominalPhantom();
const { ct, lesionMask, liverMask, lesionCentreRas } = phantom;

/** HU samples at voxels whose whole 5 mm neighbourhood is the same tissue (no partial volume). */
function samplesOf(tissue: keyof typeof PHANTOM_TISSUES, limit = 4000): number[] {
  const st = tissue === 'lesionCore' ? 1 : 3; // the lesion core is small: sample every voxel
  const out: number[] = [];
  const lesion = { centreRas: lesionCentreRas, radiusMm: 15 };
  const [nx, ny, nz] = ct.dims;
  for (let k = 2; k < nz - 2 && out.length < limit; k += st) for (let j = 0; j < ny && out.length < limit; j += st) for (let i = 0; i < nx && out.length < limit; i += st) {
    const p = applyAffine(ct.affineRas, [i, j, k]);
    if (tissueAt(p, lesion) !== tissue) continue;
    const offsets: Vec3[] = [[5, 0, 0], [-5, 0, 0], [0, 5, 0], [0, -5, 0], [0, 0, 5], [0, 0, -5]];
    if (offsets.some((o) => tissueAt([p[0] + o[0], p[1] + o[1], p[2] + o[2]], lesion) !== tissue)) continue;
    out.push(ct.data[i + nx * (j + ny * k)]!);
  }
  return out;
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const sd = (xs: number[]) => { const m = xs.reduce((a, b) => a + b, 0) / xs.length; return Math.sqrt(xs.reduce((a, b) => a + (b - m) ** 2, 0) / (xs.length - 1)); };

describe('makeAbdominalPhantom', () => {
  it('is a valid 256 × 256 × 64 Int16 HU volume on a 1.5 × 1.5 × 2.5 mm grid, masks on the same grid', () => {
    assertGrid(ct, 'ct');
    expect(ct.dims).toEqual([256, 256, 64]);
    expect(ct.spacingMm).toEqual([1.5, 1.5, 2.5]);
    expect(ct.data).toBeInstanceOf(Int16Array);
    expect(ct.meta.unit).toBe('HU');
    expect(lesionMask.labels).toEqual({ 1: 'lesion' });
    expect(liverMask.labels).toEqual({ 1: 'liver' });
    expect(lesionMask.affineRas).toEqual(ct.affineRas);
    // The grid centre is the RAS origin.
    const c = applyAffine(ct.affineRas, [127.5, 127.5, 31.5]);
    c.forEach((v) => expect(Math.abs(v)).toBeLessThan(1e-9));
  });

  it.each([
    ['fat', 8], ['muscle', 8], ['liver', 5], ['spleen', 6], ['kidneyCortex', 12], ['aorta', 6], ['cancellousBone', 8], ['lesionCore', 6],
  ] as const)('%s: median HU within %i HU of the documented value', (tissue, tol) => {
    const xs = samplesOf(tissue);
    expect(xs.length).toBeGreaterThan(20);
    expect(Math.abs(median(xs) - PHANTOM_TISSUES[tissue].hu)).toBeLessThanOrEqual(tol);
  });

  it('noise: σ ≈ 12 HU in homogeneous liver; air is ≈ −1000 HU', () => {
    const s = sd(samplesOf('liver'));
    expect(s).toBeGreaterThan(10.5);
    expect(s).toBeLessThan(13.5);
    expect(ct.data[0]!).toBeLessThan(-950);
  });

  it('noise is spatially correlated in-plane (neighbour correlation 0.2–0.8), not along z', () => {
    // Liver-interior voxels: correlation of the residual with the next voxel in i and in k.
    const [nx, ny] = ct.dims;
    const lesion = { centreRas: lesionCentreRas, radiusMm: 15 };
    const a: number[] = [], bi: number[] = [], bk: number[] = [];
    for (let k = 20; k < 60; k += 2) for (let j = 60; j < 200; j += 2) for (let i = 20; i < 120; i += 2) {
      const ps = [[i, j, k], [i + 1, j, k], [i, j, k + 1]].map((v) => applyAffine(ct.affineRas, v as Vec3));
      if (ps.some((p) => tissueAt(p, lesion) !== 'liver' || tissueAt([p[0] + 4, p[1], p[2]], lesion) !== 'liver' || tissueAt([p[0] - 4, p[1], p[2]], lesion) !== 'liver')) continue;
      const v = (ii: number, jj: number, kk: number) => ct.data[ii + nx * (jj + ny * kk)]! - PHANTOM_TISSUES.liver.hu;
      a.push(v(i, j, k)); bi.push(v(i + 1, j, k)); bk.push(v(i, j, k + 1));
    }
    const corr = (x: number[], y: number[]) => x.reduce((s, xv, t) => s + xv * y[t]!, 0) / Math.sqrt(x.reduce((s, v) => s + v * v, 0) * y.reduce((s, v) => s + v * v, 0));
    expect(a.length).toBeGreaterThan(500);
    expect(corr(a, bi)).toBeGreaterThan(0.2);
    expect(corr(a, bi)).toBeLessThan(0.8);
    expect(Math.abs(corr(a, bk))).toBeLessThan(0.25);
  });

  it('lesion: volume within 3 % of 4/3·π·r³ (r = 15 mm), centred where stated, inside the liver mask', () => {
    const m = measureMask(lesionMask);
    const expected = ((4 / 3) * Math.PI * 15 ** 3) / 1000;
    expect(Math.abs(m.volumeMl / expected - 1)).toBeLessThan(0.03);
    m.centroidRas.forEach((v, a) => expect(Math.abs(v - lesionCentreRas[a]!)).toBeLessThan(0.8));
    for (let v = 0; v < lesionMask.data.length; v++) if (lesionMask.data[v]) expect(liverMask.data[v]).toBe(1);
    // Liver volume is adult-sized (about 1–2.5 L within this 160 mm slab).
    expect(measureMask(liverMask).volumeMl).toBeGreaterThan(800);
    expect(measureMask(liverMask).volumeMl).toBeLessThan(2500);
  });

  it('anatomy is where it belongs: liver and lesion on the patient right (+x), spleen on the left, spine posterior', () => {
    expect(lesionCentreRas[0]).toBeGreaterThan(0);
    expect(measureMask(liverMask).centroidRas[0]).toBeGreaterThan(20);
    const inv = invertAffine(ct.affineRas);
    const hu = (p: Vec3) => { const [i, j, k] = applyAffine(inv, p).map(Math.round) as Vec3; return ct.data[i + ct.dims[0] * (j + ct.dims[1] * k)]!; };
    expect(Math.abs(hu([-90, -30, 35]) - PHANTOM_TISSUES.spleen.hu)).toBeLessThan(50);
    expect(hu([0, -55, 10])).toBeGreaterThan(150); // vertebral body, posterior
    expect(hu([0, 100, 0])).toBeLessThan(-50); // anterior: subcutaneous fat
  });

  it('the same seed gives identical bytes; another seed changes only the noise', () => {
    const again = makeAbdominalPhantom();
    expect(Buffer.from(again.ct.data.buffer).equals(Buffer.from(ct.data.buffer))).toBe(true);
    const other = makeAbdominalPhantom({ seed: 2 });
    expect(Buffer.from(other.ct.data.buffer).equals(Buffer.from(ct.data.buffer))).toBe(false);
    expect(Buffer.from(other.lesionMask.data.buffer).equals(Buffer.from(lesionMask.data.buffer))).toBe(true);
  });

  it('the seeded segmentation at lesionCentreRas recovers the lesion (Dice ≥ 0.8), rim included', () => {
    const { mask, stats } = segmentLesion(ct, lesionCentreRas);
    let both = 0, a = 0, b = 0;
    for (let v = 0; v < mask.data.length; v++) {
      a += lesionMask.data[v]!;
      b += mask.data[v]!;
      both += lesionMask.data[v]! & mask.data[v]!;
    }
    expect((2 * both) / (a + b)).toBeGreaterThanOrEqual(0.8);
    expect(stats.rimIncluded).toBe(true);
  });

  it('a smaller lesion elsewhere in the liver is honoured', () => {
    const p = makeAbdominalPhantom({ lesionRadiusMm: 8, lesionCentreRas: [40, 30, 30], noiseSigmaHu: 0 });
    const m = measureMask(p.lesionMask);
    expect(Math.abs(m.volumeMl / (((4 / 3) * Math.PI * 8 ** 3) / 1000) - 1)).toBeLessThan(0.06);
  });
});

describe('makeAbdominalPhantom: bad options', () => {
  it('names the option and its range', () => {
    expect(() => makeAbdominalPhantom({ seed: 1.5 })).toThrow(PhantomOptionsError);
    expect(() => makeAbdominalPhantom({ noiseSigmaHu: -1 })).toThrow(/noiseSigmaHu must be 0\.\.100/);
    expect(() => makeAbdominalPhantom({ dims: [8, 8, 8] })).toThrow(/dims must be three integers 16\.\.512/);
    expect(() => makeAbdominalPhantom({ spacingMm: [0, 1, 1] })).toThrow(/spacingMm/);
    expect(() => makeAbdominalPhantom({ lesionRadiusMm: 50 })).toThrow(/lesionRadiusMm must be 2\.\.30/);
  });

  it('refuses a lesion outside the liver', () => {
    expect(() => makeAbdominalPhantom({ lesionCentreRas: [-90, -30, 35] })).toThrow(/inside the liver/);
    expect(() => makeAbdominalPhantom({ lesionCentreRas: [Number.NaN, 0, 0] })).toThrow(PhantomOptionsError);
  });
});
