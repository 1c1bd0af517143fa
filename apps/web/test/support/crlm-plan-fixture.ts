/**
 * Test helper: a finished plan job on the real CRLM-CT-1006 — the DICOM series ingested into a case (as
 * an upload of a zip), a seeded lesion mask stored for it, and a small plan started through the tRPC
 * caller and awaited (the job's public state, polled). Callers await the runner's `whenIdle()` before
 * closing the context.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { zipSync } from 'fflate';
import { sharedData } from '../../../../test/support/shared-data.ts';
import { ingestReceivedUpload } from '../../src/server/services/ingest-upload.ts';
import { receiveUpload } from '../../src/server/upload/receive-upload.ts';
import { createLesionMaskFixture } from './lesion-mask-fixture.ts';
import { chunksOf, type WebTestContext } from './web-test-context.ts';

/** Ingest the CRLM-CT-1006 DICOM series into the case; returns the series id. */
export async function ingestCrlm1006(t: WebTestContext, caseId: string): Promise<string> {
  const dir = sharedData('crlm-ct', 'CRLM-CT-1006');
  const entries: Record<string, Uint8Array> = {};
  for (const name of readdirSync(dir).filter((f) => f.endsWith('.dcm'))) entries[`CRLM/${name}`] = new Uint8Array(readFileSync(join(dir, name)));
  const received = await receiveUpload(t.ctx.dataDir, chunksOf(zipSync(entries, { level: 0 })), { name: 'ct.zip', maxBytes: t.ctx.maxUploadBytes });
  return (await ingestReceivedUpload(t.ctx, { caseId, tempPath: received.tempPath, uploadSha256: received.sha256 })).series.id;
}

/** A case with CRLM-CT-1006, its seeded lesion mask and a succeeded plan of `candidates` × `samples`. */
export async function finishedCrlm1006Plan(
  t: WebTestContext,
  opts: { candidates: string[]; samples: number; seed?: number; timeoutMs?: number },
): Promise<{ caseId: string; seriesId: string; jobId: string }> {
  const caseId = (await t.caller.cases.create({ disease: 'crlm' })).id;
  const seriesId = await ingestCrlm1006(t, caseId);
  await createLesionMaskFixture(t.ctx, caseId, seriesId);
  const { id: jobId } = await t.caller.plans.start({ caseId, options: { policy: 'user', candidates: opts.candidates, samples: opts.samples, seed: opts.seed ?? 3 } });
  const deadline = Date.now() + (opts.timeoutMs ?? 120_000);
  for (;;) {
    const job = await t.caller.plans.job({ jobId });
    if (job.status === 'succeeded') return { caseId, seriesId, jobId };
    if (job.status === 'failed' || job.status === 'cancelled') throw new Error(`the fixture plan ended ${job.status}: ${job.error ?? ''}`);
    if (Date.now() > deadline) throw new Error(`the fixture plan did not finish within ${opts.timeoutMs ?? 120_000} ms (status ${job.status})`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
