/**
 * The body mask of a stored series (@mewm/dicom bodyMask: the largest connected component above
 * −500 HU, axial holes filled; 1 = body), for the viewer's 3D render, which leaves the CT table out.
 *
 * Computed on the server, once per series, and cached beside the series' NIfTI as
 * `<seriesId>.body-mask.nii.gz`: the labelling takes ~2 s of CPU on a 512×512×51 CT, which a browser
 * would otherwise spend on its main thread on every page load; the stored series never changes, so the
 * cache cannot go stale, and it goes with the case's folder. The uint8 mask gzips to a few tens of kB.
 * Concurrent requests for one series share one computation. A series not ingested as HU is refused.
 */
import 'server-only';
import { bodyMask, writeNiftiAsync } from '@mewm/dicom';
import { InvalidInputError, NotFoundError } from '../errors.ts';
import type { ServiceContext } from './context.ts';
import { derivedFile } from './derived-file.ts';
import { readSeriesVolume } from './lesions-segment.ts';

const DESCRIPTION = 'MeWM body mask (1 = body); research use only';

/** The cache path of a series' body mask, given the series' stored NIfTI path. */
export function bodyMaskCachePath(seriesNiftiPath: string): string {
  return seriesNiftiPath.replace(/\.nii\.gz$/, '.body-mask.nii.gz');
}

/**
 * The absolute path of the series' body mask NIfTI, computing and caching it when needed.
 * @throws NotFoundError when the series does not exist
 * @throws InvalidInputError when the series was not ingested as HU
 */
export async function seriesBodyMaskFile(ctx: ServiceContext, seriesId: string): Promise<string> {
  const row = await ctx.db.series.findUnique({ where: { id: seriesId }, select: { caseId: true, filePath: true, unit: true } });
  if (!row) throw new NotFoundError('series', seriesId);
  if (row.unit !== 'HU') throw new InvalidInputError('the series is not in HU, so no body mask can be computed');
  return derivedFile(bodyMaskCachePath(ctx.dataDir.resolveStored(row.filePath)), async () =>
    writeNiftiAsync(bodyMask(await readSeriesVolume(ctx, row.caseId, seriesId)), { description: DESCRIPTION }));
}
