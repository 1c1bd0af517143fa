/**
 * The liver and the vessels ≥ 3 mm of a stored series (@mewm/dicom segmentLiver, segmentVessels), for
 * the viewer's anatomy overlays. The same segmentation the planner uses (a plan adds its lesions to the
 * liver); here the CT alone, no click.
 *
 * Computed on the server once per series and cached beside the series' NIfTI as
 * `<seriesId>.liver-mask.nii.gz` and `.vessel-mask.nii.gz` (a few seconds of CPU each on a 512×512×51 CT;
 * the stored series never changes, so the cache cannot go stale). The vessels are segmented inside the
 * cached liver. A CT in which no liver can be found is refused with the segmentation's reason.
 */
import 'server-only';
import { SegmentationError, loadMask, segmentLiver, segmentVessels, writeNiftiAsync } from '@mewm/dicom';
import { InvalidInputError, NotFoundError } from '../errors.ts';
import type { ServiceContext } from './context.ts';
import { derivedFile } from './derived-file.ts';
import { readSeriesVolume } from './lesions-segment.ts';

export const ANATOMY_ORGANS = ['liver', 'vessels'] as const;
export type AnatomyOrgan = (typeof ANATOMY_ORGANS)[number];

const SUFFIX: Record<AnatomyOrgan, string> = { liver: '.liver-mask.nii.gz', vessels: '.vessel-mask.nii.gz' };

/** The cache path of a series' organ mask, given the series' stored NIfTI path. */
export function anatomyMaskCachePath(seriesNiftiPath: string, organ: AnatomyOrgan): string {
  return seriesNiftiPath.replace(/\.nii\.gz$/, SUFFIX[organ]);
}

/**
 * The absolute path of the series' liver or vessel mask NIfTI (1 = organ), computing and caching it when needed.
 * @throws NotFoundError when the series does not exist
 * @throws InvalidInputError when the series was not ingested as HU, or no liver can be found on it
 */
export async function seriesAnatomyMaskFile(ctx: ServiceContext, seriesId: string, organ: AnatomyOrgan): Promise<string> {
  const row = await ctx.db.series.findUnique({ where: { id: seriesId }, select: { caseId: true, filePath: true, unit: true } });
  if (!row) throw new NotFoundError('series', seriesId);
  if (row.unit !== 'HU') throw new InvalidInputError(`the series is not in HU, so no ${organ} mask can be segmented`);
  const stored = ctx.dataDir.resolveStored(row.filePath);
  const liverFile = () => derivedFile(anatomyMaskCachePath(stored, 'liver'), async () => {
    const ct = await readSeriesVolume(ctx, row.caseId, seriesId);
    return writeNiftiAsync(segmented(() => segmentLiver(ct).mask), { description: 'MeWM liver mask (1 = liver); research use only' });
  });
  if (organ === 'liver') return liverFile();
  const liverPath = await liverFile();
  return derivedFile(anatomyMaskCachePath(stored, 'vessels'), async () => {
    const ct = await readSeriesVolume(ctx, row.caseId, seriesId);
    const liver = (await loadMask(liverPath, ct)).mask;
    return writeNiftiAsync(segmented(() => segmentVessels(ct, liver).mask), { description: 'MeWM vessels >= 3 mm in the liver (1 = vessel); research use only' });
  });
}

/** A segmentation that cannot find its organ is the input's problem (a 400 naming why), not a server error. */
function segmented<T>(run: () => T): T {
  try {
    return run();
  } catch (e) {
    if (e instanceof SegmentationError) throw new InvalidInputError(e.message);
    throw e;
  }
}
