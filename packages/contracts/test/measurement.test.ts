/** A reader's measurement: the schemas refuse what the server must not store; one formatting for every screen and the PDF. */
import { describe, expect, it } from 'vitest';
import {
  formatMeasurementValues, measurementGeometrySchema, measurementSegments, measurementTargetLabel, measurementTargetSchema,
} from '../src/index.ts';

describe('measurement contracts', () => {
  it('formats lengths to 0.1 mm, HU to whole units, ROI volumes to 2 significant figures', () => {
    expect(formatMeasurementValues({ kind: 'length', lengthMm: 36.0555 })).toBe('36.1 mm');
    expect(formatMeasurementValues({ kind: 'bidimensional', longMm: 24, shortMm: 10, productMm2: 240, angleDeg: 90 })).toBe('24.0 × 10.0 mm (240 mm²)');
    expect(formatMeasurementValues({
      kind: 'roi', radiusMm: 8, voxels: 1311, volumeMl: 2.0979, meanHu: 61.6, sdHu: 14.49, minHu: 12, maxHu: 118,
    })).toBe('mean 62 HU, SD 14 HU, min 12, max 118; 2.1 mL (r 8.0 mm, 1311 voxels)');
    expect(formatMeasurementValues({ kind: 'roi', radiusMm: 0.2, voxels: 0, volumeMl: 0, meanHu: null, sdHu: null, minHu: null, maxHu: null }))
      .toBe('r 0.2 mm: no voxel inside');
  });

  it('says when the bidimensional axes are not perpendicular (beyond ±10°)', () => {
    expect(formatMeasurementValues({ kind: 'bidimensional', longMm: 30, shortMm: 12, productMm2: 360, angleDeg: 81 })).toBe('30.0 × 12.0 mm (360 mm²)');
    expect(formatMeasurementValues({ kind: 'bidimensional', longMm: 30, shortMm: 12, productMm2: 360, angleDeg: 62.4 }))
      .toBe('30.0 × 12.0 mm (360 mm²) (axes at 62°, not perpendicular)');
  });

  it('refuses non-finite points, unknown planes and kinds, and a sample without its candidate', () => {
    expect(measurementGeometrySchema.safeParse({ kind: 'length', plane: 'axial', points: [[0, 0, 0], [Number.NaN, 0, 0]] }).success).toBe(false);
    expect(measurementGeometrySchema.safeParse({ kind: 'length', plane: 'oblique', points: [[0, 0, 0], [1, 0, 0]] }).success).toBe(false);
    expect(measurementGeometrySchema.safeParse({ kind: 'angle', plane: 'axial', points: [[0, 0, 0], [1, 0, 0]] }).success).toBe(false);
    expect(measurementTargetSchema.safeParse({ kind: 'sample', jobId: 'j', sample: 0 }).success).toBe(false);
    expect(measurementTargetSchema.safeParse({ kind: 'sample', jobId: 'j', candidate: 'rfa', sample: -1 }).success).toBe(false);
  });

  it('names where a measurement was made, samples numbered from 1, and the lines each kind draws', () => {
    expect(measurementTargetLabel({ kind: 'series', seriesId: 's' })).toBe('pre-treatment CT');
    expect(measurementTargetLabel({ kind: 'sample', jobId: 'j', candidate: 'mwa', sample: 1 }, () => 2)).toBe('#2 mwa · sample 2');
    const g = measurementGeometrySchema.parse({ kind: 'bidimensional', plane: 'coronal', long: [[0, 0, 0], [9, 0, 0]], short: [[4, 0, -2], [4, 0, 2]] });
    expect(measurementSegments(g)).toEqual([[[0, 0, 0], [9, 0, 0]], [[4, 0, -2], [4, 0, 2]]]);
    expect(measurementSegments({ kind: 'roi', plane: 'axial', centre: [1, 2, 3], edge: [4, 2, 3] })).toEqual([[[1, 2, 3], [4, 2, 3]]]);
  });
});
