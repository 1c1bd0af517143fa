/**
 * Test helper: store a LesionMask row + NIfTI for a case, made with @mewm/dicom's seeded segmentation
 * on the case's stored CT (as click-to-segment does), without depending on the lesions service.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { measureMask, readNifti, segmentLesion, writeFileAtomic, writeNifti, type Vec3 } from '@mewm/dicom';
import type { ServiceContext } from '../../src/server/services/context.ts';

/** The CRLM-CT-1006 liver metastasis (RAS mm). */
export const CRLM_1006_LESION_RAS: Vec3 = [92.8, -31.6, -304];

export async function createLesionMaskFixture(ctx: ServiceContext, caseId: string, seriesId: string, seedRas: Vec3 = CRLM_1006_LESION_RAS): Promise<{ id: string; volumeMl: number }> {
  const series = await ctx.db.series.findUniqueOrThrow({ where: { id: seriesId }, select: { filePath: true } });
  const ct = readNifti(new Uint8Array(readFileSync(ctx.dataDir.resolveStored(series.filePath)))).volume;
  const { mask } = segmentLesion(ct, seedRas);
  const id = randomUUID();
  const path = join(ctx.dataDir.caseDir(caseId), 'lesions', `${id}.nii.gz`);
  const sha256 = await writeFileAtomic(path, writeNifti(mask));
  const m = measureMask(mask, 1);
  await ctx.db.lesionMask.create({
    data: {
      id, caseId, seriesId, name: 'lesion 1', origin: 'seeded', volumeMl: m.volumeMl, diameterMm: m.longestAxialDiameterMm,
      filePath: ctx.dataDir.relativePath(path), sha256,
    },
    select: { id: true },
  });
  return { id, volumeMl: m.volumeMl };
}
