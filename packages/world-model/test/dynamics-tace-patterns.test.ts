/**
 * TACE-like outcomes on a synthetic sphere: state volumes follow the outcome, necrosis grows from
 * the centre, residual tumour lies where each pattern puts it, Lipiodol stays in necrotic tumour.
 */
import { describe, expect, it } from 'vitest';
import { connectedComponents, type Vec3 } from '@mewm/dicom';
import { squaredDistanceMm, synthesiseTissueState } from '../src/dynamics/index.ts';
import { createRng } from '../src/random.ts';
import { TISSUE_STATE } from '@mewm/contracts';
import { SPACING, ijkOf, makePhantom, mmBetween, outcome, stateCounts } from './dynamics-phantom.ts';

const CENTRE: Vec3 = [60, 60, 12];
const phantom = makePhantom([{ centre: CENTRE, radiusMm: 12 }]);
const lesionMask = phantom.lesions.data.map((l) => (l ? 1 : 0));
const V0 = lesionMask.reduce((a, b) => a + b, 0);
const notLesion = lesionMask.map((l) => 1 - l);
/** mm from each lesion voxel to the lesion edge (nearest non-lesion voxel centre). */
const depthMm = squaredDistanceMm(notLesion, phantom.ct.dims, SPACING).map(Math.sqrt);

function run(o: Parameters<typeof outcome>[0], seed = 1) {
  return synthesiseTissueState({
    ct: phantom.ct, lesions: phantom.lesions, liver: phantom.liver, outcomes: new Map([[1, outcome(o)]]), rng: createRng(seed),
  });
}

function voxelsWith(states: Uint8Array, ...values: number[]): number[] {
  const out: number[] = [];
  for (let v = 0; v < states.length; v++) if (values.includes(states[v]!)) out.push(v);
  return out;
}

function centroid(voxels: number[]): Vec3 {
  const c: Vec3 = [0, 0, 0];
  for (const v of voxels) {
    const p = ijkOf(v, phantom.ct.dims);
    c[0] += p[0]; c[1] += p[1]; c[2] += p[2];
  }
  return [c[0] / voxels.length, c[1] / voxels.length, c[2] / voxels.length];
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

describe('synthesiseTissueState: TACE response on a 12 mm sphere', () => {
  it('has a lesion of the expected size (sanity of the phantom)', () => {
    const voxelMm3 = SPACING[0] * SPACING[1] * SPACING[2];
    expect(V0 * voxelMm3).toBeGreaterThan(0.8 * (4 / 3) * Math.PI * 12 ** 3);
    expect(V0 * voxelMm3).toBeLessThan(1.2 * (4 / 3) * Math.PI * 12 ** 3);
  });

  it('matches the outcome volumes: viable 30 %, whole lesion 90 %, Lipiodol in half the necrosis', () => {
    const r = run({ viableFraction: 0.3, totalVolumeFactor: 0.9, residualPattern: 'rim', lipiodolFraction: 0.5, lipiodolHu: 600 });
    const c = stateCounts(r.states.data);
    const necrotic = c[TISSUE_STATE.necrosis]! + c[TISSUE_STATE.lipiodol]!;
    expect(c[TISSUE_STATE.viable]! / V0).toBeCloseTo(0.3, 2);
    expect((c[TISSUE_STATE.viable]! + necrotic) / V0).toBeCloseTo(0.9, 2);
    expect(c[TISSUE_STATE.lipiodol]! / necrotic).toBeCloseTo(0.5, 2);
    expect(c[TISSUE_STATE.regressed]! / V0).toBeCloseTo(0.1, 2);
    expect(c[TISSUE_STATE.growth]).toBe(0);
    const p = r.perLesion[0]!;
    const baselineMl = V0 * SPACING[0] * SPACING[1] * SPACING[2] / 1000;
    expect(p.baselineMl).toBeCloseTo(baselineMl, 6);
    expect(p.viableMl / baselineMl).toBeCloseTo(0.3, 2);
    expect(p.totalMl / baselineMl).toBeCloseTo(0.9, 2);
    expect((p.necrosisMl + p.lipiodolMl) / baselineMl).toBeCloseTo(0.6, 2);
  });

  it("puts a 'rim' residual at the lesion edge and the necrosis in the centre", () => {
    const r = run({ viableFraction: 0.3, totalVolumeFactor: 1, residualPattern: 'rim' });
    const viable = voxelsWith(r.states.data, TISSUE_STATE.viable);
    const necrotic = voxelsWith(r.states.data, TISSUE_STATE.necrosis);
    const viableDepth = mean(viable.map((v) => depthMm[v]!));
    const necroticDepth = mean(necrotic.map((v) => depthMm[v]!));
    expect(viableDepth).toBeLessThan(2);
    expect(necroticDepth).toBeGreaterThan(2 * viableDepth);
    // The necrotic core is centred on the lesion.
    expect(mmBetween(centroid(necrotic), CENTRE)).toBeLessThan(1);
  });

  it("puts a 'nodular' residual in eccentric nodules at part of the edge, unlike a rim", () => {
    const edge = voxelsWith(lesionMask, 1).filter((v) => depthMm[v]! < 1);
    for (const seed of [1, 2, 3, 4]) {
      const nod = run({ viableFraction: 0.15, residualPattern: 'nodular' }, seed);
      const viable = voxelsWith(nod.states.data, TISSUE_STATE.viable);
      expect(viable.length / V0).toBeCloseTo(0.15, 2);
      const cc = connectedComponents(nod.states.data.map((s) => (s === TISSUE_STATE.viable ? 1 : 0)), phantom.ct.dims, 26);
      expect(cc.count).toBeGreaterThanOrEqual(1);
      expect(cc.count).toBeLessThanOrEqual(2);
      for (let c = 1; c <= cc.count; c++) {
        const nodule = viable.filter((v) => cc.labels[v] === c);
        expect(mmBetween(centroid(nodule), CENTRE)).toBeGreaterThan(5);
      }
      expect(edge.filter((v) => nod.states.data[v] === TISSUE_STATE.viable).length / edge.length).toBeLessThan(0.5);
    }
    const rim = run({ viableFraction: 0.15, residualPattern: 'rim' });
    expect(edge.filter((v) => rim.states.data[v] === TISSUE_STATE.viable).length / edge.length).toBeGreaterThan(0.9);
    expect(mmBetween(centroid(voxelsWith(rim.states.data, TISSUE_STATE.viable)), CENTRE)).toBeLessThan(1.5);
  });

  it("intermixes viable and necrotic tissue for a 'diffuse' residual", () => {
    const r = run({ viableFraction: 0.5, residualPattern: 'diffuse' });
    const viable = voxelsWith(r.states.data, TISSUE_STATE.viable);
    const necrotic = voxelsWith(r.states.data, TISSUE_STATE.necrosis);
    expect(viable.length / V0).toBeCloseTo(0.5, 2);
    // Both reach the centre and the edge: their mean depths are similar (a rim would differ by > 2×).
    const ratio = mean(viable.map((v) => depthMm[v]!)) / mean(necrotic.map((v) => depthMm[v]!));
    expect(ratio).toBeGreaterThan(0.6);
    expect(ratio).toBeLessThan(1.6);
  });

  it('writes Lipiodol > 300 HU inside the lesion only, in coherent blobs, at the outcome HU', () => {
    const r = run({ viableFraction: 0.2, residualPattern: 'rim', lipiodolFraction: 0.4, lipiodolHu: 700 });
    let inside = 0, outside = 0;
    for (let v = 0; v < r.expectedHu.length; v++) {
      if (r.expectedHu[v]! <= 300) continue;
      if (lesionMask[v]) inside++;
      else outside++;
    }
    expect(inside).toBeGreaterThan(0);
    expect(outside).toBe(0);
    const lip = voxelsWith(r.states.data, TISSUE_STATE.lipiodol);
    expect(lip.every((v) => r.expectedHu[v] === 700)).toBe(true);
    // Coherence: an in-plane neighbour of a Lipiodol voxel that is necrotic tumour is far more often
    // Lipiodol than the overall share (0.4) would give by chance.
    let same = 0, total = 0;
    const s = r.states.data;
    for (const v of lip) {
      for (const d of [-1, 1, -phantom.ct.dims[0], phantom.ct.dims[0]]) {
        const t = s[v + d]!;
        if (t === TISSUE_STATE.lipiodol || t === TISSUE_STATE.necrosis) {
          total++;
          if (t === TISSUE_STATE.lipiodol) same++;
        }
      }
    }
    expect(same / total).toBeGreaterThan(0.75);
  });

  it('creates no voxel above 300 HU without Lipiodol', () => {
    const r = run({ viableFraction: 0.2, residualPattern: 'rim', lipiodolFraction: 0 });
    let maxChanged = -Infinity;
    for (let v = 0; v < r.expectedHu.length; v++) if (r.states.data[v]) maxChanged = Math.max(maxChanged, r.expectedHu[v]!);
    expect(maxChanged).toBeLessThan(300);
    expect(stateCounts(r.states.data)[TISSUE_STATE.lipiodol]).toBe(0);
  });

  it('keeps the real CT in unchanged voxels and bounds the changed ones with a tight bbox', () => {
    const r = run({ viableFraction: 0.3, totalVolumeFactor: 0.8, residualPattern: 'rim' });
    const min: Vec3 = [Infinity, Infinity, Infinity];
    const max: Vec3 = [-1, -1, -1];
    for (let v = 0; v < r.expectedHu.length; v++) {
      if (r.states.data[v] === 0) {
        if (r.expectedHu[v] !== phantom.ct.data[v]) throw new Error(`unchanged voxel ${v} differs from the CT`);
        continue;
      }
      const p = ijkOf(v, phantom.ct.dims);
      for (let a = 0; a < 3; a++) { min[a] = Math.min(min[a]!, p[a]!); max[a] = Math.max(max[a]!, p[a]!); }
    }
    expect(r.changed).toEqual({ min, max });
    expect(r.states.dims).toEqual(phantom.ct.dims);
    expect(r.states.affineRas).toEqual(phantom.ct.affineRas);
  });

  it('measures parenchyma and viable-tumour HU on the CT instead of assuming them', () => {
    const r = run({ viableFraction: 0.3, totalVolumeFactor: 0.7, residualPattern: 'rim' });
    expect(r.perLesion[0]!.parenchymaHu).toBeGreaterThan(107);
    expect(r.perLesion[0]!.parenchymaHu).toBeLessThan(113);
    expect(r.perLesion[0]!.viableHu).toBeGreaterThan(57);
    expect(r.perLesion[0]!.viableHu).toBeLessThan(63);
    // A brighter liver (+40 HU, another contrast timing): the regressed tumour follows it.
    const bright = { ...phantom.ct, data: phantom.ct.data.map((h, v) => (phantom.liver.data[v] && !lesionMask[v] ? h + 40 : h)) };
    const b = synthesiseTissueState({
      ct: bright, lesions: phantom.lesions, liver: phantom.liver, rng: createRng(1),
      outcomes: new Map([[1, outcome({ viableFraction: 0.3, totalVolumeFactor: 0.7, residualPattern: 'rim' })]]),
    });
    expect(b.perLesion[0]!.parenchymaHu).toBeGreaterThan(147);
    const regressed = voxelsWith(b.states.data, TISSUE_STATE.regressed);
    expect(regressed.length).toBeGreaterThan(0);
    expect(b.expectedHu[regressed[0]!]).toBeCloseTo(b.perLesion[0]!.parenchymaHu, 3);
  });

  it('is deterministic for the seed, and the seed matters for stochastic patterns', () => {
    const o = { viableFraction: 0.2, residualPattern: 'nodular' as const, lipiodolFraction: 0.5, lipiodolHu: 500 };
    const a = run(o, 11);
    const b = run(o, 11);
    const c = run(o, 12);
    expect(Buffer.from(a.states.data).equals(Buffer.from(b.states.data))).toBe(true);
    expect(Buffer.from(a.expectedHu.buffer).equals(Buffer.from(b.expectedHu.buffer))).toBe(true);
    expect(Buffer.from(a.states.data).equals(Buffer.from(c.states.data))).toBe(false);
  });
});
