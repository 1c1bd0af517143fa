/**
 * A finished plan as DICOM (@mewm/planner's exportPlanDicom: derived CT, SEG, TID 1500 SR, Encapsulated
 * PDF) for the web app: written once beside the plan's folder (`plans/<jobId>.dicom/`; the export is
 * deterministic, so it is reused), downloaded as a zip (exports.ts) or stored in a configured PACS over
 * STOW-RS. A plan of a series that came in as DICOM joins the series' de-identified study. Every push
 * writes an audit row (kind 'export', format 'dicom-stow') with counts and the PACS name, never a URL.
 */
import 'server-only';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { storeInstances } from '@mewm/dicom';
import type { DicomExportManifest } from '@mewm/planner';
import { recordAudit } from './audit.ts';
import type { ServiceContext } from './context.ts';
import { pacsEndpointOf } from './pacs.ts';
import { withBridge } from './plan-jobs-bridge.ts';
import { planJobResult } from './plan-jobs.ts';

export interface PlanDicom { dir: string; manifest: DicomExportManifest; caseId: string; caseLabel: string }

/** The DICOM folder of a plan folder. */
export const planDicomDirOf = (planDir: string): string => `${planDir}.dicom`;

const exporting = new Map<string, Promise<DicomExportManifest>>();

/** The plan's DICOM objects, exported on first use (concurrent callers share one export). */
export async function planDicom(ctx: ServiceContext, jobId: string): Promise<PlanDicom> {
  const result = await planJobResult(ctx, jobId);
  const dir = planDicomDirOf(result.dir);
  let manifest = await readFile(join(dir, 'manifest.json'), 'utf8').then((t) => JSON.parse(t) as DicomExportManifest, () => undefined);
  if (!manifest) {
    let running = exporting.get(dir);
    if (!running) {
      running = withBridge((b) => b.exportPlanDicom(result.dir, dir));
      exporting.set(dir, running);
      running.finally(() => exporting.delete(dir)).catch(() => undefined);
    }
    manifest = await running;
  }
  return { dir, manifest, caseId: result.caseId, caseLabel: result.caseLabel };
}

export interface PacsPushResult {
  pacs: string;
  studyInstanceUid: string;
  /** True when the objects joined the study of the series the plan was made from. */
  joinsSourceStudy: boolean;
  series: number;
  stored: number;
  failed: number;
}

/** Store a plan's DICOM objects in a configured PACS (STOW-RS). */
export async function pushPlanToPacs(
  ctx: ServiceContext, input: { jobId: string; pacs: string }, onProgress?: (done: number, total: number) => void,
): Promise<PacsPushResult> {
  const ep = pacsEndpointOf(ctx, input.pacs); // an unknown PACS is refused before any export
  const { dir, manifest, caseId } = await planDicom(ctx, input.jobId);
  const paths = manifest.objects.map((o) => join(dir, o.path));
  let done = 0;
  const result = await storeInstances(ep, (async function* () {
    for (const p of paths) {
      yield new Uint8Array(await readFile(p));
      onProgress?.(++done, paths.length);
    }
  })());
  const out: PacsPushResult = {
    pacs: input.pacs, studyInstanceUid: manifest.studyInstanceUid, joinsSourceStudy: manifest.joinsSourceStudy,
    series: new Set(manifest.objects.map((o) => o.seriesInstanceUid)).size, stored: result.stored, failed: result.failed.length,
  };
  await recordAudit(ctx, 'export', caseId, { jobId: input.jobId, format: 'dicom-stow', pacs: input.pacs, objects: paths.length, stored: out.stored, failed: out.failed });
  return out;
}
