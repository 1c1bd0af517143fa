/**
 * A reader's measurement on a CT the app shows: a length, a bidimensional (RECIST-style long axis and
 * the short axis across it) or a spherical ROI, made on the pre-treatment series or on one simulated
 * sample of a plan. Measurements belong to the case (kept in the database, apart from the
 * reproducible report.json) and appear in the plan PDF the web app exports. Points are RAS+ mm, so a
 * measurement drawn on the series shows on the plan's pre-treatment CT too (the same patient space).
 *
 * The values are computed once, by the server, from the stored volume (@mewm/dicom measureGeometry);
 * the viewer, the measurement list and the PDF all print them with `formatMeasurementValues`, so one
 * set of numbers is shown everywhere. Research use only, not for clinical use.
 */
import { z } from 'zod';
import { formatVolumeMl, sampleLabel } from './plan-report-display.ts';

export const MEASUREMENT_KINDS = ['length', 'bidimensional', 'roi'] as const;
export type MeasurementKind = (typeof MEASUREMENT_KINDS)[number];
/** The view plane a measurement was drawn on (where the viewer shows it again). */
export const MEASUREMENT_PLANES = ['axial', 'coronal', 'sagittal'] as const;
export type MeasurementPlane = (typeof MEASUREMENT_PLANES)[number];
/** Label prefix per kind: L1, B1, R1, ... numbered per case in creation order. */
export const MEASUREMENT_LABEL_PREFIX: Record<MeasurementKind, string> = { length: 'L', bidimensional: 'B', roi: 'R' };
/** Longest free-text note on a measurement (no identifiers: the server refuses ID-like text as in case notes). */
export const MEASUREMENT_NOTE_MAX = 200;
/** A bidimensional measurement's axes should cross at a right angle (RECIST short axis); beyond this it is flagged. */
export const BIDIMENSIONAL_ANGLE_TOLERANCE_DEG = 10;

const finite = z.number();
const point = z.tuple([finite, finite, finite]);
const segment = z.tuple([point, point]);

/** What was measured: the case's series, or one simulated sample of one of its plans (candidate by name, sample 0-based). */
export const measurementTargetSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('series'), seriesId: z.string().min(1).max(64) }),
  z.strictObject({ kind: z.literal('sample'), jobId: z.string().min(1).max(64), candidate: z.string().min(1).max(200), sample: z.number().int().nonnegative() }),
]);
export type MeasurementTarget = z.infer<typeof measurementTargetSchema>;

export const measurementGeometrySchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('length'), plane: z.enum(MEASUREMENT_PLANES), points: segment }),
  /** `long` is the longest diameter, `short` the axis across it (drawn second). */
  z.strictObject({ kind: z.literal('bidimensional'), plane: z.enum(MEASUREMENT_PLANES), long: segment, short: segment }),
  /** A sphere around `centre` through `edge` (the radius is drawn in the plane). */
  z.strictObject({ kind: z.literal('roi'), plane: z.enum(MEASUREMENT_PLANES), centre: point, edge: point }),
]);
export type MeasurementGeometry = z.infer<typeof measurementGeometrySchema>;

export const measurementValuesSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('length'), lengthMm: z.number().nonnegative() }),
  z.strictObject({
    kind: z.literal('bidimensional'), longMm: z.number().nonnegative(), shortMm: z.number().nonnegative(),
    /** long × short, mm² (the WHO bidimensional product). */
    productMm2: z.number().nonnegative(),
    /** Angle between the two axes, 0–90°. */
    angleDeg: z.number().min(0).max(90),
  }),
  z.strictObject({
    kind: z.literal('roi'), radiusMm: z.number().nonnegative(),
    /** Voxels whose centres lie in the sphere and their volume (voxels × voxel volume), mL. */
    voxels: z.number().int().nonnegative(), volumeMl: z.number().nonnegative(),
    /** Statistics of the voxel values (HU for a CT in HU); null when the sphere holds no voxel centre. */
    meanHu: z.number().nullable(), sdHu: z.number().nullable(), minHu: z.number().nullable(), maxHu: z.number().nullable(),
  }),
]);
export type MeasurementValues = z.infer<typeof measurementValuesSchema>;

export const measurementSchema = z.strictObject({
  id: z.string().min(1),
  /** L1, B2, R1, ...: stable within the case. */
  label: z.string().min(2),
  target: measurementTargetSchema,
  geometry: measurementGeometrySchema,
  values: measurementValuesSchema,
  note: z.string().max(MEASUREMENT_NOTE_MAX).nullable(),
  createdAt: z.iso.datetime(),
});
export type Measurement = z.infer<typeof measurementSchema>;

const mm = (x: number) => `${x.toFixed(1)} mm`;
const hu = (x: number | null) => (x === null ? '-' : `${Math.round(x)}`);

/**
 * The values as people read them, the same string in the viewer, the list and the PDF: lengths to
 * 0.1 mm (the display's precision, not the CT's: a voxel is 0.6–5 mm), HU to whole units, volumes to 2
 * significant figures.
 */
export function formatMeasurementValues(v: MeasurementValues): string {
  switch (v.kind) {
    case 'length':
      return mm(v.lengthMm);
    case 'bidimensional': {
      const flag = Math.abs(90 - v.angleDeg) > BIDIMENSIONAL_ANGLE_TOLERANCE_DEG ? ` (axes at ${Math.round(v.angleDeg)}°, not perpendicular)` : '';
      return `${v.longMm.toFixed(1)} × ${v.shortMm.toFixed(1)} mm (${Math.round(v.productMm2)} mm²)${flag}`;
    }
    case 'roi':
      return v.voxels === 0
        ? `r ${mm(v.radiusMm)}: no voxel inside`
        : `mean ${hu(v.meanHu)} HU, SD ${hu(v.sdHu)} HU, min ${hu(v.minHu)}, max ${hu(v.maxHu)}; ${formatVolumeMl(v.volumeMl)} mL (r ${mm(v.radiusMm)}, ${v.voxels} voxels)`;
  }
}

export const MEASUREMENT_KIND_LABEL: Record<MeasurementKind, string> = { length: 'Length', bidimensional: 'Bidimensional', roi: 'ROI (sphere)' };

/** Where a measurement was made, as people read it ("pre-treatment CT", "#2 MWA · sample 1"). */
export function measurementTargetLabel(t: MeasurementTarget, rankOf?: (candidate: string) => number | undefined): string {
  if (t.kind === 'series') return 'pre-treatment CT';
  const rank = rankOf?.(t.candidate);
  return `${rank === undefined ? '' : `#${rank} `}${t.candidate} · ${sampleLabel(t.sample)}`;
}

/** The segments a measurement draws (each a line in the viewer): one, two, or the ROI's radius. */
export function measurementSegments(g: MeasurementGeometry): Array<readonly [readonly [number, number, number], readonly [number, number, number]]> {
  switch (g.kind) {
    case 'length':
      return [g.points];
    case 'bidimensional':
      return [g.long, g.short];
    case 'roi':
      return [[g.centre, g.edge]];
  }
}
