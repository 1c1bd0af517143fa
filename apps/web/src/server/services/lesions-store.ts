/**
 * Store a lesion mask as the case's new current mask: binarise (any non-zero label = lesion), measure,
 * write the NIfTI atomically (sha256 recorded), then add the LesionMask row. The file is removed when
 * the row cannot be written, so nothing is half-stored.
 */
import 'server-only';
import { randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { writeFileAtomic, writeNiftiAsync, type LabelVolume } from '@mewm/dicom';
import { InvalidInputError } from '../errors.ts';
import type { ServiceContext } from './context.ts';
import { lesionMaskViewSelect, measureLesions, toLesionMaskView, type CaseLesions, type LesionMaskOrigin } from './lesions.ts';

export async function storeLesionMask(
  ctx: ServiceContext,
  input: { caseId: string; seriesId: string; mask: LabelVolume; origin: LesionMaskOrigin; name: string },
): Promise<CaseLesions> {
  const data = new Uint8Array(input.mask.data.length);
  let any = false;
  for (let v = 0; v < data.length; v++) {
    if (input.mask.data[v] !== 0) {
      data[v] = 1;
      any = true;
    }
  }
  if (!any) throw new InvalidInputError('the lesion mask is empty: it has no voxel with a non-zero label');
  const mask: LabelVolume = { dims: input.mask.dims, spacingMm: input.mask.spacingMm, affineRas: input.mask.affineRas, data, labels: { 1: 'lesion' } };
  const lesions = measureLesions(mask);
  const maskId = randomUUID();
  const path = ctx.dataDir.lesionMaskFile(input.caseId, maskId);
  const sha256 = await writeFileAtomic(path, await writeNiftiAsync(mask));
  try {
    const row = await ctx.db.lesionMask.create({
      data: {
        id: maskId,
        caseId: input.caseId,
        seriesId: input.seriesId,
        name: input.name,
        origin: input.origin,
        volumeMl: lesions.reduce((s, l) => s + l.volumeMl, 0),
        diameterMm: lesions[0]?.longestAxialDiameterMm ?? null,
        filePath: ctx.dataDir.relativePath(path),
        sha256,
      },
      select: lesionMaskViewSelect,
    });
    return { mask: toLesionMaskView(row), lesions };
  } catch (e) {
    await rm(path, { force: true });
    throw e;
  }
}
