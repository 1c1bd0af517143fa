/**
 * A reader's measurements (length, bidimensional, spherical ROI; @mewm/contracts measurement.ts) on the
 * case's series or on a simulated sample of one of its plans. The server computes the values from the
 * stored volume (@mewm/dicom measureGeometry), so the viewer, the list and the plan PDF print the same
 * numbers; the browser sends only the plane and the RAS mm points. Kept with the case (table
 * Measurement), apart from the reproducible report.json; deleted with the series or plan they measured.
 */
import 'server-only';
import { randomUUID } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import {
  MEASUREMENT_LABEL_PREFIX,
  type Measurement, type MeasurementGeometry, type MeasurementKind, type MeasurementTarget,
} from '@mewm/contracts';
import { measureGeometry, readNifti, type Volume } from '@mewm/dicom';
import { measurementGeometryColumn, measurementValuesColumn, planJobRequestColumn } from '../db/column-schemas.ts';
import { readJsonColumn } from '../db/json-column.ts';
import { InvalidInputError, NotFoundError } from '../errors.ts';
import { caseNoteProblem } from './cases.ts';
import { readPlanReportFiles } from './compare.ts';
import type { ServiceContext } from './context.ts';
import { readSeriesVolume } from './lesions-segment.ts';

const measurementSelect = {
  id: true, label: true, kind: true, seriesId: true, jobId: true, candidate: true, sample: true, geometry: true, measured: true, note: true, createdAt: true,
} as const;

type Row = {
  id: string; label: string; kind: string; seriesId: string | null; jobId: string | null; candidate: string | null; sample: number | null;
  geometry: string; measured: string; note: string | null; createdAt: Date;
};

function toMeasurement(r: Row): Measurement {
  const target: MeasurementTarget = r.seriesId !== null
    ? { kind: 'series', seriesId: r.seriesId }
    : { kind: 'sample', jobId: r.jobId ?? '', candidate: r.candidate ?? '', sample: r.sample ?? 0 };
  return {
    id: r.id, label: r.label, target,
    geometry: readJsonColumn(measurementGeometryColumn, r.geometry, 'Measurement.geometry'),
    values: readJsonColumn(measurementValuesColumn, r.measured, 'Measurement.measured'),
    note: r.note, createdAt: r.createdAt.toISOString(),
  };
}

/** The case's measurements in creation order. */
export async function listMeasurements(ctx: ServiceContext, caseId: string): Promise<Measurement[]> {
  const exists = await ctx.db.case.findUnique({ where: { id: caseId }, select: { id: true } });
  if (!exists) throw new NotFoundError('case', caseId);
  const rows = await ctx.db.measurement.findMany({ where: { caseId }, orderBy: [{ createdAt: 'asc' }, { label: 'asc' }], select: measurementSelect });
  return rows.map(toMeasurement);
}

/**
 * The measurements that belong in a plan's report: those on its simulated samples and those on the
 * series it was planned from (its pre-treatment CT is that series, in the same RAS space).
 */
export async function measurementsForPlan(ctx: ServiceContext, jobId: string): Promise<Measurement[]> {
  const job = await ctx.db.planJob.findUnique({ where: { id: jobId }, select: { caseId: true, request: true } });
  if (!job) throw new NotFoundError('plan job', jobId);
  const { seriesId } = readJsonColumn(planJobRequestColumn, job.request, 'PlanJob.request');
  const rows = await ctx.db.measurement.findMany({
    where: { caseId: job.caseId, OR: [{ jobId }, { seriesId }] }, orderBy: [{ createdAt: 'asc' }, { label: 'asc' }], select: measurementSelect,
  });
  return rows.map(toMeasurement);
}

// The last volume measured, kept decoded: a reader measures several times on the same CT.
let cached: { key: string; volume: Volume } | null = null;

async function readVolumeCached(path: string, read: () => Promise<Volume>): Promise<Volume> {
  const s = await stat(path);
  const key = `${path}:${s.size}:${s.mtimeMs}`;
  if (cached?.key !== key) cached = { key, volume: await read() };
  return cached.volume;
}

async function targetVolume(ctx: ServiceContext, caseId: string, target: MeasurementTarget): Promise<Volume> {
  if (target.kind === 'series') {
    const row = await ctx.db.series.findFirst({ where: { id: target.seriesId, caseId }, select: { filePath: true } });
    if (!row) throw new NotFoundError('series', target.seriesId);
    return readVolumeCached(ctx.dataDir.resolveStored(row.filePath), () => readSeriesVolume(ctx, caseId, target.seriesId));
  }
  const { dir, files } = await readPlanReportFiles(ctx, target.jobId, caseId);
  const file = files.find((f) => f.role === 'sample-volume' && f.candidate === target.candidate && f.sample === target.sample);
  if (!file) throw new NotFoundError('simulated sample', `${target.candidate} #${target.sample}`);
  const path = join(dir, file.path);
  return readVolumeCached(path, async () => readNifti(new Uint8Array(await readFile(path)), { unit: 'HU' }).volume);
}

async function nextLabel(ctx: ServiceContext, caseId: string, kind: MeasurementKind): Promise<string> {
  const prefix = MEASUREMENT_LABEL_PREFIX[kind];
  const rows = await ctx.db.measurement.findMany({ where: { caseId, kind }, select: { label: true } });
  const highest = Math.max(0, ...rows.map((r) => Number(r.label.slice(prefix.length))).filter(Number.isFinite));
  return `${prefix}${highest + 1}`;
}

/**
 * Measure `geometry` on `target` and keep it with the case.
 * @throws NotFoundError for an unknown case, series, plan or sample; InvalidInputError for a note that
 * looks like it holds an identifier; @mewm/dicom InputError for a point outside the volume or a zero length
 */
export async function createMeasurement(
  ctx: ServiceContext,
  input: { caseId: string; target: MeasurementTarget; geometry: MeasurementGeometry; note?: string },
): Promise<Measurement> {
  const note = input.note?.trim() ?? '';
  const problem = note === '' ? null : caseNoteProblem(note);
  if (problem !== null) throw new InvalidInputError(`note: ${problem}`);
  const exists = await ctx.db.case.findUnique({ where: { id: input.caseId }, select: { id: true } });
  if (!exists) throw new NotFoundError('case', input.caseId);
  const values = measureGeometry(await targetVolume(ctx, input.caseId, input.target), input.geometry);
  const t = input.target;
  // labels are unique per case: a concurrent measurement of the same kind takes the next number
  for (let attempt = 0; ; attempt++) {
    const label = await nextLabel(ctx, input.caseId, input.geometry.kind);
    try {
      const row = await ctx.db.measurement.create({
        data: {
          id: randomUUID(), caseId: input.caseId, label, kind: input.geometry.kind,
          seriesId: t.kind === 'series' ? t.seriesId : null,
          jobId: t.kind === 'sample' ? t.jobId : null, candidate: t.kind === 'sample' ? t.candidate : null, sample: t.kind === 'sample' ? t.sample : null,
          geometry: JSON.stringify(input.geometry), measured: JSON.stringify(values), note: note === '' ? null : note,
        },
        select: measurementSelect,
      });
      return toMeasurement(row);
    } catch (e) {
      if (attempt >= 3 || (e as { code?: string }).code !== 'P2002') throw e;
    }
  }
}

/** Delete one measurement of the case. */
export async function deleteMeasurement(ctx: ServiceContext, caseId: string, id: string): Promise<{ deleted: string }> {
  const { count } = await ctx.db.measurement.deleteMany({ where: { id, caseId } });
  if (count === 0) throw new NotFoundError('measurement', id);
  return { deleted: id };
}
