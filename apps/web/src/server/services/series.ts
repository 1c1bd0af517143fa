/**
 * Series of a case as the UI sees them: geometry, provenance and the other series found in the same
 * upload (for the series picker). Columns are selected explicitly; no secret or path leaves here.
 */
import 'server-only';
import { stat } from 'node:fs/promises';
import type { z } from 'zod';
import { seriesDeidSummaryColumn, seriesDimsColumn, seriesSiblingsColumn, seriesSpacingMmColumn, seriesWarningsColumn } from '../db/column-schemas.ts';
import { readJsonColumn } from '../db/json-column.ts';
import { NotFoundError } from '../errors.ts';
import type { ServiceContext } from './context.ts';

/**
 * The other series of the same upload (@mewm/dicom SeriesSummary, as stored: JSON drops an unknown
 * modality) and the staged upload that can still be ingested with another series key (null when none was kept).
 */
export type SeriesSiblings = z.output<typeof seriesSiblingsColumn>;

export interface SeriesView {
  id: string;
  caseId: string;
  seriesKey: string | null;
  sourceFormat: 'dicom' | 'nifti';
  modality: string | null;
  imageCount: number;
  dims: [number, number, number];
  spacingMm: [number, number, number];
  unit: string;
  sha256: string;
  sizeBytes: number;
  createdAt: string;
  siblings: SeriesSiblings;
  warnings: string[];
  deidentifiedFiles: number | null;
}

export const seriesViewSelect = {
  id: true, caseId: true, seriesKey: true, sourceFormat: true, modality: true, imageCount: true,
  dims: true, spacingMm: true, unit: true, sha256: true, sizeBytes: true, createdAt: true,
  siblings: true, warnings: true, deidSummary: true,
} as const;

type SeriesRow = {
  id: string; caseId: string; seriesKey: string | null; sourceFormat: string; modality: string | null;
  imageCount: number; dims: string; spacingMm: string; unit: string; sha256: string; sizeBytes: number;
  createdAt: Date; siblings: string; warnings: string; deidSummary: string | null;
};

export function toSeriesView(r: SeriesRow): SeriesView {
  const deid = r.deidSummary === null ? null : readJsonColumn(seriesDeidSummaryColumn, r.deidSummary, 'Series.deidSummary');
  return {
    id: r.id,
    caseId: r.caseId,
    seriesKey: r.seriesKey,
    sourceFormat: r.sourceFormat === 'nifti' ? 'nifti' : 'dicom',
    modality: r.modality,
    imageCount: r.imageCount,
    dims: readJsonColumn(seriesDimsColumn, r.dims, 'Series.dims'),
    spacingMm: readJsonColumn(seriesSpacingMmColumn, r.spacingMm, 'Series.spacingMm'),
    unit: r.unit,
    sha256: r.sha256,
    sizeBytes: r.sizeBytes,
    createdAt: r.createdAt.toISOString(),
    siblings: readJsonColumn(seriesSiblingsColumn, r.siblings, 'Series.siblings'),
    warnings: readJsonColumn(seriesWarningsColumn, r.warnings, 'Series.warnings'),
    deidentifiedFiles: deid?.files ?? null,
  };
}

export async function listSeries(ctx: ServiceContext, caseId: string): Promise<SeriesView[]> {
  const exists = await ctx.db.case.findUnique({ where: { id: caseId }, select: { id: true } });
  if (!exists) throw new NotFoundError('case', caseId);
  const rows = await ctx.db.series.findMany({ where: { caseId }, orderBy: { createdAt: 'asc' }, select: seriesViewSelect });
  return rows.map(toSeriesView);
}

/** The stored NIfTI of a series, for streaming to the viewer. */
export async function seriesVolumeFile(ctx: ServiceContext, seriesId: string): Promise<{ path: string; sizeBytes: number; sha256: string }> {
  const row = await ctx.db.series.findUnique({ where: { id: seriesId }, select: { filePath: true, sizeBytes: true, sha256: true } });
  if (!row) throw new NotFoundError('series', seriesId);
  return { path: ctx.dataDir.resolveStored(row.filePath), sizeBytes: row.sizeBytes, sha256: row.sha256 };
}

/**
 * The folder of a series' stored de-identified DICOM files (absolute), or undefined when it has none:
 * a NIfTI series, or one stored before series kept their DICOM (its plans then read the NIfTI and start
 * a new study when exported as DICOM).
 */
export async function seriesDicomDirOf(
  ctx: Pick<ServiceContext, 'dataDir'>, seriesId: string, series: { caseId: string; dicomReference: string | null },
): Promise<string | undefined> {
  if (series.dicomReference === null) return undefined;
  const dir = ctx.dataDir.seriesDicomDir(series.caseId, seriesId);
  const found = await stat(dir).catch(() => undefined);
  return found?.isDirectory() === true ? dir : undefined;
}
