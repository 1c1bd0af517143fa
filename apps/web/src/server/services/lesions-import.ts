/**
 * Import a lesion mask file (NIfTI label map or DICOM SEG, or a drawing saved by the viewer as NIfTI)
 * for a series of the case: @mewm/dicom's loadMask conforms it to the CT grid (nearest-neighbour
 * resampling when the grids differ; DICOM SEG is de-identified with the case's context first). The
 * imported mask replaces the case's current mask. The temporary upload is consumed.
 */
import 'server-only';
import { createDeidContext, loadMask } from '@mewm/dicom';
import { seriesAffineRasColumn, seriesDimsColumn, seriesSpacingMmColumn } from '../db/column-schemas.ts';
import { readJsonColumn } from '../db/json-column.ts';
import { NotFoundError } from '../errors.ts';
import { discardUpload } from '../upload/receive-upload.ts';
import { recordAudit } from './audit.ts';
import { caseDeidParams } from './cases.ts';
import type { ServiceContext } from './context.ts';
import { ingestLimitsOf } from './ingest-upload.ts';
import type { CaseLesions } from './lesions.ts';
import { storeLesionMask } from './lesions-store.ts';

export async function importLesionMask(
  ctx: ServiceContext,
  input: { caseId: string; seriesId: string; tempPath: string; uploadSha256: string; drawn: boolean },
): Promise<CaseLesions> {
  try {
    const series = await ctx.db.series.findFirst({
      where: { id: input.seriesId, caseId: input.caseId }, select: { dims: true, spacingMm: true, affineRas: true },
    });
    if (!series) throw new NotFoundError('series', input.seriesId);
    const grid = {
      dims: readJsonColumn(seriesDimsColumn, series.dims, 'Series.dims'),
      spacingMm: readJsonColumn(seriesSpacingMmColumn, series.spacingMm, 'Series.spacingMm'),
      affineRas: readJsonColumn(seriesAffineRasColumn, series.affineRas, 'Series.affineRas'),
    };
    const deid = createDeidContext(await caseDeidParams(ctx, input.caseId));
    const loaded = await loadMask(input.tempPath, grid, {
      // a mask's files are all held at once: their total is bounded by the memory budget too
      deid, limits: { ...ingestLimitsOf(ctx), maxTotalBytes: Math.max(1, Math.min(ctx.maxUploadBytes, ctx.ingestMemoryBytes)) },
    });
    const origin = input.drawn ? 'drawn' : loaded.format === 'dicom-seg' ? 'import-seg' : 'import-nifti';
    const stored = await storeLesionMask(ctx, {
      caseId: input.caseId, seriesId: input.seriesId, mask: loaded.mask, origin, name: input.drawn ? 'edited drawing' : 'imported mask',
    });
    await recordAudit(ctx, 'upload', input.caseId, {
      target: 'lesion-mask', origin, seriesId: input.seriesId, uploadSha256: input.uploadSha256,
      maskSha256: stored.mask?.sha256 ?? null, lesions: stored.lesions.length,
    });
    return stored;
  } finally {
    await discardUpload(input.tempPath);
  }
}
