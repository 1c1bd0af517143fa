/**
 * Staged uploads: the de-identified DICOM of a multi-series upload, kept in
 * `cases/<caseId>/staging/<stagingId>/` for the series picker (`dicom/` and `deidentification.json`;
 * the original upload is deleted after its ingest). Kept no longer than needed: released once the user
 * has picked a series from it, when the case is deleted (with the case's folder), or by the sweep after
 * MEWM_STAGED_TTL_HOURS (services/upload-sweep.ts). A staging folder holding an original upload (left
 * by an older version) is released at start-up (startup-cleanup.ts).
 *
 * Releasing removes the folder and clears `stagingId` in the sibling lists of the series ingested from
 * it, so that the picker no longer offers series that cannot be ingested any more.
 */
import 'server-only';
import { readdir, rm } from 'node:fs/promises';
import { seriesSiblingsColumn } from '../db/column-schemas.ts';
import { readJsonColumn } from '../db/json-column.ts';
import type { ServiceContext } from './context.ts';
import type { SeriesSiblings } from './series.ts';

/** Remove a staged upload and the series rows' references to it. Idempotent. */
export async function releaseStagedUpload(ctx: ServiceContext, caseId: string, stagingId: string): Promise<void> {
  await rm(ctx.dataDir.stagingDir(caseId, stagingId), { recursive: true, force: true });
  const rows = await ctx.db.series.findMany({
    where: { caseId, siblings: { contains: stagingId } },
    select: { id: true, siblings: true },
  });
  for (const row of rows) {
    const siblings = readJsonColumn(seriesSiblingsColumn, row.siblings, 'Series.siblings');
    if (siblings.stagingId !== stagingId) continue;
    await ctx.db.series.update({
      where: { id: row.id },
      data: { siblings: JSON.stringify({ ...siblings, stagingId: null } satisfies SeriesSiblings) },
      select: { id: true },
    });
  }
}

/** The staging ids present on disk for a case (none when the folder is missing). */
export async function listStagedUploads(ctx: ServiceContext, caseId: string): Promise<string[]> {
  const entries = await readdir(ctx.dataDir.stagingRoot(caseId), { withFileTypes: true }).catch(() => []);
  return entries.filter((e) => e.isDirectory()).map((e) => e.name);
}
