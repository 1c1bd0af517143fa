/** Remove one lesion from the case's mask (a new row without it), or clear the case's masks. */
import 'server-only';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { connectedComponents } from '@mewm/dicom';
import { InvalidInputError, NotFoundError } from '../errors.ts';
import type { ServiceContext } from './context.ts';
import { latestLesionMask, readLesionMask, type CaseLesions } from './lesions.ts';
import { storeLesionMask } from './lesions-store.ts';

/** Remove lesion `index` (1-based, as in the lesion list: largest first). */
export async function removeLesion(ctx: ServiceContext, input: { caseId: string; index: number }): Promise<CaseLesions> {
  const current = await latestLesionMask(ctx, input.caseId);
  if (!current) throw new NotFoundError('lesion mask of case', input.caseId);
  const mask = await readLesionMask(ctx, current.id);
  const cc = connectedComponents(mask.data, mask.dims, 26);
  const order = cc.sizes.map((size, c) => ({ size, label: c + 1 })).sort((a, b) => b.size - a.size || a.label - b.label);
  const target = order[input.index - 1];
  if (!target) throw new InvalidInputError(`lesion index must be 1..${order.length}; got ${input.index}`);
  if (order.length === 1) {
    await clearLesionMasks(ctx, input.caseId);
    return { mask: null, lesions: [] };
  }
  const data = new Uint8Array(mask.data.length);
  for (let v = 0; v < data.length; v++) data[v] = mask.data[v] !== 0 && cc.labels[v] !== target.label ? 1 : 0;
  return storeLesionMask(ctx, {
    caseId: input.caseId, seriesId: current.seriesId, mask: { ...mask, data }, origin: 'drawn', name: `lesion ${input.index} removed`,
  });
}

/** Delete every lesion mask of the case (rows and files). */
export async function clearLesionMasks(ctx: ServiceContext, caseId: string): Promise<void> {
  const exists = await ctx.db.case.findUnique({ where: { id: caseId }, select: { id: true } });
  if (!exists) throw new NotFoundError('case', caseId);
  await ctx.db.lesionMask.deleteMany({ where: { caseId } });
  await rm(join(ctx.dataDir.caseDir(caseId), 'lesions'), { recursive: true, force: true });
}
