/**
 * One lesion numbering everywhere: lesion 1 is the largest lesion in the web app's lesion list, in the
 * world model's labelling (simulations), in the plan report's lesion table and in the survival
 * measurement — here on a mask whose smaller lesion comes first in memory (the order the world model
 * used to number by), with a third lesion tied in size broken by memory order.
 */
import { describe, expect, it } from 'vitest';
import { lesionComponents, measureMask, type LabelVolume, type Mat4, type Vec3 } from '@mewm/dicom';
import { extractImagingFeatures } from '@mewm/survival';
import { labelLesions } from '@mewm/world-model';
import { summariseLesions } from '../../../packages/planner/src/plan/lesion-summary.ts';
import type { PlanInput } from '../../../packages/planner/src/plan/contracts.ts';
import { measureLesions } from '../src/server/services/lesions.ts';

const dims: Vec3 = [48, 48, 48];
const affineRas = [[1, 0, 0, -24], [0, 1, 0, -24], [0, 0, 1, -100], [0, 0, 0, 1]] as unknown as Mat4;
const grid = { dims, spacingMm: [1, 1, 1] as Vec3, affineRas };

function sphere(mask: Uint8Array, [ci, cj, ck]: Vec3, r: number): void {
  for (let k = 0; k < dims[2]; k++) for (let j = 0; j < dims[1]; j++) for (let i = 0; i < dims[0]; i++) {
    if ((i - ci) ** 2 + (j - cj) ** 2 + (k - ck) ** 2 <= r * r) mask[i + dims[0] * (j + dims[1] * k)] = 1;
  }
}

const data = new Uint8Array(dims[0] * dims[1] * dims[2]);
sphere(data, [10, 10, 8], 3); // smallest, first in memory
sphere(data, [30, 30, 30], 8); // largest, last in memory
sphere(data, [36, 10, 16], 5); // middle
const mask: LabelVolume = { ...grid, data, labels: { 1: 'lesion' } };
const centroidOf = (labelled: LabelVolume, label: number) => measureMask(labelled, label).centroidRas;
/** Voxel index of a centroid (RAS mm → i, j, k on this grid). */
const voxelOf = (c: readonly number[]) => [c[0]! + 24, c[1]! + 24, c[2]! + 100].map(Math.round);

describe('lesion numbering: largest first, everywhere', () => {
  it('lesionComponents numbers the largest 1, then by size, ties by memory order', () => {
    const cc = lesionComponents(data, dims);
    expect(cc.count).toBe(3);
    expect(cc.sizes[0]!).toBeGreaterThan(cc.sizes[1]!);
    expect(cc.sizes[1]!).toBeGreaterThan(cc.sizes[2]!);
    const tie = new Uint8Array(data.length);
    sphere(tie, [10, 10, 10], 4);
    sphere(tie, [30, 30, 30], 4); // same size, later in memory → 2
    const t = lesionComponents(tie, dims);
    expect(t.labels[10 + 48 * (10 + 48 * 10)]).toBe(1);
    expect(t.labels[30 + 48 * (30 + 48 * 30)]).toBe(2);
  });

  it('"Lesion n" of the web app is lesion n of the world model, the plan report and the survival measurement', () => {
    const web = measureLesions(mask).map((l) => voxelOf(l.centroidRas));
    expect(web).toEqual([[30, 30, 30], [36, 10, 16], [10, 10, 8]]);

    const labelled = labelLesions(mask);
    expect([1, 2, 3].map((label) => voxelOf(centroidOf(labelled, label)))).toEqual(web);

    const report = summariseLesions({ lesionMask: mask } as PlanInput);
    expect(report.map((l) => l.label)).toEqual([1, 2, 3]);
    expect(report.map((l) => voxelOf(l.centroidRas))).toEqual(web);

    const ct = { ...grid, data: new Float32Array(data.length), meta: { source: 'derived' as const, unit: 'HU' as const, notes: [] } };
    const f = extractImagingFeatures({ baseline: { ct, lesions: mask }, followUp: { ct, states: { ...grid, data: new Uint8Array(data.length), labels: {} } } });
    expect(f.lesions.map((l) => l.lesion)).toEqual([1, 2, 3]);
    expect(f.lesions.map((l) => Math.round(l.baselineDiameterMm))).toEqual(report.map((l) => Math.round(l.longestAxialDiameterMm)));
  });
});
