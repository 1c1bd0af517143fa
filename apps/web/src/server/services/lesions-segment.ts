/**
 * Click-to-segment: @mewm/dicom's seeded segmentLesion at a RAS mm point of a series. The new lesion
 * is added to the case's current mask when that mask is on the same series (a new row holding the
 * union), otherwise it starts a new mask.
 */
import 'server-only';
import { readFile } from 'node:fs/promises';
import { readNifti, segmentLesion, type Vec3, type Volume } from '@mewm/dicom';
import { NotFoundError } from '../errors.ts';
import type { ServiceContext } from './context.ts';
import { latestLesionMask, readLesionMask, type CaseLesions } from './lesions.ts';
import { storeLesionMask } from './lesions-store.ts';

export interface SegmentOutcome extends CaseLesions {
  /** Things to check about the new lesion (from segmentLesion; no pixel values). */
  warnings: string[];
}

/** The stored CT of a series of `caseId`. */
export async function readSeriesVolume(ctx: ServiceContext, caseId: string, seriesId: string): Promise<Volume> {
  const row = await ctx.db.series.findFirst({ where: { id: seriesId, caseId }, select: { filePath: true, unit: true } });
  if (!row) throw new NotFoundError('series', seriesId);
  const volume = readNifti(new Uint8Array(await readFile(ctx.dataDir.resolveStored(row.filePath)))).volume;
  // NIfTI carries no unit: the series row says whether ingest calibrated the values to HU
  if (row.unit === 'HU') volume.meta.unit = 'HU';
  return volume;
}

export async function segmentLesionAt(
  ctx: ServiceContext,
  input: { caseId: string; seriesId: string; pointRas: Vec3 },
): Promise<SegmentOutcome> {
  const ct = await readSeriesVolume(ctx, input.caseId, input.seriesId);
  const seg = segmentLesion(ct, input.pointRas);
  const current = await latestLesionMask(ctx, input.caseId);
  const mask = seg.mask;
  if (current && current.seriesId === input.seriesId) {
    const previous = await readLesionMask(ctx, current.id);
    if (previous.data.length === mask.data.length) {
      for (let v = 0; v < mask.data.length; v++) if (previous.data[v] !== 0) mask.data[v] = 1;
    }
  }
  const stored = await storeLesionMask(ctx, { caseId: input.caseId, seriesId: input.seriesId, mask, origin: 'seeded', name: 'click-to-segment' });
  return { ...stored, warnings: seg.warnings };
}
