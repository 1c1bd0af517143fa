/**
 * Exports of a finished plan: report.pdf (drawn again with the reader's measurements when the case has some on
 * the plan's CT or samples), report.json, the NIfTI bundle and the DICOM objects (zips streamed with
 * fflate; the NIfTI files are already gzip-compressed, so entries are stored, not deflated). File
 * names carry the case's pseudonymous label only. Every export writes an AuditEvent (kind 'export')
 * with the job id, the format and sizes/hashes — no identifiers, no paths.
 */
import 'server-only';
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { Zip, ZipPassThrough } from 'fflate';
import { recordAudit } from './audit.ts';
import type { ServiceContext } from './context.ts';
import { measurementsForPlan } from './measurements.ts';
import { planDicom } from './plan-dicom.ts';
import { withBridge } from './plan-jobs-bridge.ts';
import { planJobResult } from './plan-jobs.ts';

export const PLAN_EXPORT_KINDS = ['pdf', 'json', 'bundle', 'dicom'] as const;
export type PlanExportKind = (typeof PLAN_EXPORT_KINDS)[number];

const SAFE_REL = /^(?!\/)(?!.*\.\.)[A-Za-z0-9._+\-/]+$/;

export function exportFileName(caseLabel: string, jobId: string, kind: PlanExportKind): string {
  const base = `${caseLabel.replace(/[^A-Za-z0-9._-]/g, '_')}-plan-${jobId.slice(0, 8)}`;
  return kind === 'pdf' ? `${base}-report.pdf` : kind === 'json' ? `${base}-report.json` : kind === 'dicom' ? `${base}-dicom.zip` : `${base}-bundle.zip`;
}

function fileResponse(body: ReadableStream<Uint8Array>, contentType: string, filename: string, sizeBytes?: number): Response {
  return new Response(body, {
    headers: {
      'content-type': contentType,
      ...(sizeBytes === undefined ? {} : { 'content-length': String(sizeBytes) }),
      'content-disposition': `attachment; filename="${filename}"`,
      'cache-control': 'private, no-store',
      'x-content-type-options': 'nosniff',
    },
  });
}

/** Stream `files` (absolute path → name in the zip) as a zip, reading each file in chunks. */
export function zipStream(files: ReadonlyArray<{ path: string; name: string }>): ReadableStream<Uint8Array> {
  async function* chunks(): AsyncGenerator<Uint8Array> {
    const out: Uint8Array[] = [];
    let failure: Error | undefined;
    const zip = new Zip((err, chunk) => {
      if (err) failure = err;
      else out.push(chunk);
    });
    for (const f of files) {
      const entry = new ZipPassThrough(f.name);
      zip.add(entry);
      for await (const chunk of createReadStream(f.path)) {
        entry.push(new Uint8Array(chunk as Buffer));
        if (failure !== undefined) throw failure;
        yield* out.splice(0);
      }
      entry.push(new Uint8Array(0), true);
      yield* out.splice(0);
    }
    zip.end();
    if (failure !== undefined) throw failure;
    yield* out.splice(0);
  }
  const it = chunks();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await it.next();
      if (next.done === true) controller.close();
      else controller.enqueue(next.value);
    },
    async cancel() {
      await it.return(undefined);
    },
  });
}

/** The HTTP response for one export of a succeeded plan job; the export is audited. */
export async function planExportResponse(ctx: ServiceContext, jobId: string, kind: PlanExportKind): Promise<Response> {
  const result = await planJobResult(ctx, jobId);
  const filename = exportFileName(result.caseLabel, jobId, kind);
  if (kind === 'pdf') {
    // a reader's measurements on this plan's CT or samples: the PDF drawn again with them (not stored: they may change)
    const measurements = await measurementsForPlan(ctx, jobId);
    if (measurements.length > 0) {
      const pdf = await withBridge((b) => b.renderPlanFolderPdf(result.dir, { measurements }));
      await recordAudit(ctx, 'export', result.caseId, { jobId, format: kind, bytes: pdf.length, measurements: measurements.length });
      return fileResponse(new Blob([new Uint8Array(pdf)]).stream(), 'application/pdf', filename, pdf.length);
    }
  }
  if (kind === 'pdf' || kind === 'json') {
    const path = join(result.dir, kind === 'pdf' ? 'report.pdf' : 'report.json');
    const { size } = await stat(path);
    await recordAudit(ctx, 'export', result.caseId, { jobId, format: kind, bytes: size });
    const body = Readable.toWeb(createReadStream(path)) as unknown as ReadableStream<Uint8Array>;
    return fileResponse(body, kind === 'pdf' ? 'application/pdf' : 'application/json', filename, size);
  }
  if (kind === 'dicom') {
    const dicom = await planDicom(ctx, jobId);
    const folder = filename.replace(/\.zip$/, '');
    const rel = ['manifest.json', ...dicom.manifest.objects.map((o) => o.path)].filter((p) => SAFE_REL.test(p));
    await recordAudit(ctx, 'export', result.caseId, { jobId, format: 'dicom', files: rel.length });
    return fileResponse(zipStream(rel.map((p) => ({ path: join(dicom.dir, p), name: `${folder}/${p}` }))), 'application/zip', filename);
  }
  const report = JSON.parse(await readFile(join(result.dir, 'report.json'), 'utf8')) as { files?: Array<{ path: string }> };
  const rel = ['report.json', 'report.pdf', ...(report.files ?? []).map((f) => f.path)].filter((p) => SAFE_REL.test(p));
  const folder = filename.replace(/\.zip$/, '');
  const files = rel.map((p) => ({ path: join(result.dir, p), name: `${folder}/${p}` }));
  await recordAudit(ctx, 'export', result.caseId, { jobId, format: 'bundle', files: files.length });
  return fileResponse(zipStream(files), 'application/zip', filename);
}
