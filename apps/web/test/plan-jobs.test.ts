/**
 * Plan jobs end to end through the tRPC caller: the real CRLM-CT-1006 series ingested into a case, a
 * seeded lesion mask stored for it, a small plan (2 user candidates × 1 sample, white-noise renderer)
 * run in the background by the job runner in a worker process with live progress (server-sent
 * events) — the same report as the planner's runPlan run in this process, with the CT read in HU —, the report, exports (PDF,
 * JSON, NIfTI zip) with audit rows, cancellation, a worker crash, start-up recovery and bad input.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parsePlanRequest } from '@mewm/contracts';
import { canonicalReportForComparison, loadPlanInputs, REQUEST_ARGUMENT_NAMES, runPlan, type PlanReport } from '@mewm/planner';
import { unzipSync, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sharedData } from '../../../test/support/shared-data.ts';
import { createDb } from '../src/server/db/prisma.ts';
import { findRepoRoot } from '../src/server/repo-root.ts';
import { planExportResponse } from '../src/server/services/exports.ts';
import { ingestReceivedUpload } from '../src/server/services/ingest-upload.ts';
import { planJobEvents } from '../src/server/services/plan-jobs-events.ts';
import { JobRunner } from '../src/server/services/job-runner.ts';
import { planRequestOf } from '../src/server/services/plan-jobs-plan-request.ts';
import type { PlanJobRequest } from '../src/server/services/plan-jobs-request.ts';
import { runPlanJob } from '../src/server/services/plan-jobs-run.ts';
import { seriesDicomDirOf } from '../src/server/services/series.ts';
import { INTERRUPTED_MESSAGE, configurePlanJobRuns, planJobRunner } from '../src/server/services/plan-jobs-runner.ts';
import { queuedProgress, type PlanJobView } from '../src/server/services/plan-jobs-view.ts';
import type { ServiceContext } from '../src/server/services/context.ts';
import { createCaller } from '../src/server/trpc/app-router.ts';
import { receiveUpload } from '../src/server/upload/receive-upload.ts';
import { createLesionMaskFixture } from './support/lesion-mask-fixture.ts';
import { chunksOf, createWebTestContext, type WebTestContext } from './support/web-test-context.ts';
import { isAlive } from './support/process-alive.ts';

let t: WebTestContext;
let caseId: string;
let caseLabel: string;
let seriesId: string;
let jobId: string;
/** Process ids of the plan worker processes started by the runner. */
const workerPids: number[] = [];

const SMALL_PLAN = { policy: 'user', candidates: ['rfa', 'folfox'], samples: 1, seed: 3 };

async function ingestCrlm1006(id: string): Promise<string> {
  const dir = sharedData('crlm-ct', 'CRLM-CT-1006');
  const entries: Record<string, Uint8Array> = {};
  for (const name of readdirSync(dir).filter((f) => f.endsWith('.dcm'))) entries[`CRLM/${name}`] = new Uint8Array(readFileSync(join(dir, name)));
  const received = await receiveUpload(t.ctx.dataDir, chunksOf(zipSync(entries, { level: 0 })), { name: 'ct.zip', maxBytes: t.ctx.maxUploadBytes });
  return (await ingestReceivedUpload(t.ctx, { caseId: id, tempPath: received.tempPath, uploadSha256: received.sha256 })).series.id;
}

/** Every `event: job` of the job's SSE stream until `event: end`. */
async function collectEvents(ctx: ServiceContext, id: string): Promise<PlanJobView[]> {
  const stream = await planJobEvents(ctx, id, new AbortController().signal, 25);
  const text = await new Response(stream).text();
  return text.split('\n\n').filter((b) => b.startsWith('event: job')).map((b) => JSON.parse(b.slice(b.indexOf('data: ') + 6)) as PlanJobView);
}

async function rejection(p: Promise<unknown>): Promise<{ code?: string; message?: string }> {
  return p.then(() => ({ code: 'RESOLVED' }), (e: unknown) => e as { code?: string; message?: string });
}

beforeAll(async () => {
  configurePlanJobRuns({ worker: { onSpawn: (pid) => workerPids.push(pid) } });
  t = createWebTestContext();
  const c = await t.caller.cases.create({ disease: 'crlm' }); // CRLM-CT-1006: a colorectal liver metastasis
  caseId = c.id;
  caseLabel = c.label;
  seriesId = await ingestCrlm1006(caseId);
  await createLesionMaskFixture(t.ctx, caseId, seriesId);
});
afterAll(async () => {
  await (await planJobRunner(t.ctx)).whenIdle();
  await t.close();
});

describe('plan jobs: a small plan on CRLM-CT-1006', () => {
  it('previews the guideline policy\'s candidates without simulating', async () => {
    const preview = await t.caller.plans.preview({ caseId, options: { policy: 'guideline', candidates: ['folfox'] } });
    expect(preview.candidates.length).toBeGreaterThan(1);
    expect(preview.candidates.map((c) => c.source)).toContain('user');
    expect(preview.disease).toBe('crlm');
    expect(preview.bclcStage).toBeNull();
    expect(preview.candidates.filter((c) => c.source === 'guideline').every((c) => c.rationale.startsWith('CRLM: ') || c.name === 'best-supportive-care')).toBe(true);
    expect(preview.note).toBeNull();
    expect(preview.ready).toBe(true);
    // The TACE beam search is HCC-only: refused for a CRLM case, naming the policy.
    expect(await rejection(t.caller.plans.preview({ caseId, options: { policy: 'search' } }))).toMatchObject({ code: 'BAD_REQUEST', message: expect.stringMatching(/^policy: "search" is not available for colorectal liver metastases/) });
  });

  it('runs 2 candidates × 1 sample in the background to succeeded, streaming progress, with a schema-valid report', async () => {
    const loop = monitorEventLoopDelay({ resolution: 10 });
    loop.enable();
    const started = await t.caller.plans.start({ caseId, options: SMALL_PLAN });
    jobId = started.id;
    expect(['queued', 'running']).toContain(started.status);
    expect(started.options).toMatchObject({ policy: 'user', samples: 1, seed: 3, userCandidates: 2, clinicalSource: 'none' });
    const events = await collectEvents(t.ctx, jobId);
    loop.disable();
    const last = events[events.length - 1]!;
    expect(last.error).toBeNull();
    expect(last.status).toBe('succeeded');
    expect(events.some((e) => e.status === 'running')).toBe(true);
    expect(last.progress).toMatchObject({ phase: 'done', fraction: 1, candidates: 2, candidate: 2, samples: 1, sample: 1 });
    expect(last.hasResult).toBe(true);
    expect(last.startedAt).not.toBeNull();
    expect(last.finishedAt).not.toBeNull();

    const report = await t.caller.plans.report({ jobId });
    expect(report.researchUse).toBe('research use only, not for clinical use');
    expect(report.case.pseudonym).toBe(caseLabel);
    expect(report.candidates.map((c) => c.rank)).toEqual([1, 2]);
    expect(report.candidates.map((c) => c.name).sort()).toEqual(['folfox', 'rfa']);
    expect(report.disease).toBe('crlm');
    expect(report.settings).toMatchObject({ samples: 1, seed: 3 });
    expect(report.models.renderer).toMatchObject({ name: 'renderer-ct', learned: true }); // the default renderer
    // the DDIM steps it took: its card's default (the report once said null, and the PDF "not applicable")
    const card = JSON.parse(readFileSync(join(findRepoRoot(), 'models', 'renderer-ct.json'), 'utf8')) as { renderer: { defaultSteps: number } };
    expect(report.settings.steps).toBe(card.renderer.defaultSteps);
    const jobs = await t.caller.plans.list({ caseId });
    expect(jobs.map((j) => j.id)).toContain(jobId);
    // It ran in a worker process, not on this event loop, and that process has ended.
    expect(workerPids).toHaveLength(1);
    expect(workerPids[0]).not.toBe(process.pid);
    expect(isAlive(workerPids[0]!)).toBe(false);
    // So this event loop kept turning: run in process, the planner held it for a whole sample (≈ 2.4 s on
    // 2 cores); now only database writes and IPC run here (≈ 0.1 s at most measured). The bound is
    // generous so that a loaded machine's scheduling delays cannot fail it.
    expect(loop.max / 1e6).toBeLessThan(1000);
    const audit = (await t.caller.cases.audit({ caseId })).filter((a) => a.kind === 'plan-run');
    expect(audit.map((a) => a.details.event)).toEqual(['queued', 'succeeded']);
    expect(JSON.stringify(audit)).not.toContain(caseLabel);
  });

  it('exports the PDF, the JSON, the NIfTI bundle and the DICOM objects with pseudonymous file names, auditing each export', async () => {
    const pdf = await planExportResponse(t.ctx, jobId, 'pdf');
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(pdf.headers.get('content-disposition')).toBe(`attachment; filename="${caseLabel}-plan-${jobId.slice(0, 8)}-report.pdf"`);
    expect(new TextDecoder().decode((await pdf.arrayBuffer()).slice(0, 5))).toBe('%PDF-');
    const json = await planExportResponse(t.ctx, jobId, 'json');
    expect(((await json.json()) as { kind: string }).kind).toBe('mewm-plan-report');
    const zip = await planExportResponse(t.ctx, jobId, 'bundle');
    expect(zip.headers.get('content-disposition')).toMatch(new RegExp(`filename="${caseLabel}-plan-[0-9a-f]{8}-bundle\\.zip"`));
    const files = unzipSync(new Uint8Array(await zip.arrayBuffer()));
    const names = Object.keys(files).map((n) => n.slice(n.indexOf('/') + 1));
    expect(names).toEqual(expect.arrayContaining(['report.json', 'report.pdf', 'ct.nii.gz', 'lesion-mask.nii.gz']));
    expect(names.filter((n) => n.endsWith('.nii.gz') && n.startsWith('volumes/'))).toHaveLength(4);
    // DICOM for a PACS: the series' de-identified CT, a lesion SEG, the 2 simulated series and their SEGs, the SR and the PDF
    const dicomZip = await planExportResponse(t.ctx, jobId, 'dicom');
    expect(dicomZip.headers.get('content-disposition')).toMatch(new RegExp(`filename="${caseLabel}-plan-[0-9a-f]{8}-dicom\\.zip"`));
    const dicom = unzipSync(new Uint8Array(await dicomZip.arrayBuffer()));
    const manifestName = Object.keys(dicom).find((n) => n.endsWith('/manifest.json'))!;
    const manifest = JSON.parse(new TextDecoder().decode(dicom[manifestName])) as { joinsSourceStudy: boolean; objects: Array<{ kind: string }> };
    expect(manifest.joinsSourceStudy).toBe(true);
    const kinds = manifest.objects.reduce<Record<string, number>>((acc, o) => ({ ...acc, [o.kind]: (acc[o.kind] ?? 0) + 1 }), {});
    expect(kinds).toMatchObject({ 'source-ct': 51, 'lesion-seg': 1, 'simulated-ct': 2 * 51, sr: 1, pdf: 1 });
    expect(Object.keys(dicom)).toHaveLength(manifest.objects.length + 1);
    const exportsAudit = (await t.caller.cases.audit({ caseId })).filter((a) => a.kind === 'export');
    expect(exportsAudit.map((a) => a.details.format)).toEqual(['pdf', 'json', 'bundle', 'dicom']);
    expect(exportsAudit.every((a) => a.details.jobId === jobId)).toBe(true);
    expect(JSON.stringify(exportsAudit)).not.toMatch(new RegExp(`${caseLabel}|/|\\\\`));
  });
});

describe('plan jobs: the worker process', () => {
  it('gives the same report (ranking, metrics, files) as runPlan run in this process, on the CT read in HU', async () => {
    const row = (await t.ctx.db.planJob.findUnique({ where: { id: jobId }, select: { request: true } }))!;
    const request = JSON.parse(row.request) as PlanJobRequest;
    const [series, mask] = await Promise.all([
      t.ctx.db.series.findUniqueOrThrow({ where: { id: request.seriesId }, select: { filePath: true, caseId: true, dicomReference: true } }),
      t.ctx.db.lesionMask.findUniqueOrThrow({ where: { id: request.lesionMaskId }, select: { filePath: true } }),
    ]);
    const outDir = join(t.work, 'in-process-plan');
    // a series uploaded as DICOM keeps its de-identified files, which its plans read (as already de-identified)
    const ctDicomDir = await seriesDicomDirOf(t.ctx, request.seriesId, series);
    expect(ctDicomDir).toBeDefined();
    const files = { ctPath: t.ctx.dataDir.resolveStored(series.filePath), lesionMaskPath: t.ctx.dataDir.resolveStored(mask.filePath), ctDicomDir };
    const planRequest = planRequestOf(files, request.options, outDir, caseLabel);
    // The stored CT is read as the CLI reads a CT: in HU.
    const { ct } = await loadPlanInputs(parsePlanRequest(planRequest).inputs, REQUEST_ARGUMENT_NAMES);
    expect(ct.meta.unit).toBe('HU');
    await runPlan(planRequest);
    const inProcess = JSON.parse(readFileSync(join(outDir, 'report.json'), 'utf8')) as PlanReport;
    const viaWorker = await t.caller.plans.report({ jobId });
    expect(viaWorker.candidates.map((c) => [c.rank, c.name])).toEqual(inProcess.candidates.map((c) => [c.rank, c.name]));
    expect(canonicalReportForComparison(viaWorker)).toEqual(canonicalReportForComparison(inProcess));
    // both name the series' DICOM identity, as stored with the series: the plan's DICOM outputs join its study
    const stored = JSON.parse(series.dicomReference!) as { seriesInstanceUid: string };
    expect(viaWorker.inputs.dicom?.seriesInstanceUid).toBe(stored.seriesInstanceUid);
    expect(inProcess.inputs.dicom).toEqual(viaWorker.inputs.dicom);
    expect(viaWorker.files.filter((f) => f.role === 'source-dicom')).toHaveLength(51);
  });
});

describe('plan jobs: cancellation', () => {
  it('cancels a running job between samples and keeps no half-written outputs; a queued job is cancelled at once', async () => {
    const running = await t.caller.plans.start({ caseId, options: { policy: 'user', candidates: ['rfa', 'folfox', 'mwa'], samples: 4, seed: 5 } });
    const queued = await t.caller.plans.start({ caseId, options: SMALL_PLAN });
    for (let i = 0; i < 2000; i++) {
      const j = await t.caller.plans.job({ jobId: running.id });
      if (j.status === 'running' && j.progress.phase === 'simulate') break;
      await new Promise((r) => setTimeout(r, 10));
    }
    const q = await t.caller.plans.cancel({ jobId: queued.id });
    expect(q.status).toBe('cancelled');
    const r = await t.caller.plans.cancel({ jobId: running.id });
    expect(r.status).toBe('running');
    expect(r.cancelRequested).toBe(true);
    await (await planJobRunner(t.ctx)).whenIdle();
    const done = await t.caller.plans.job({ jobId: running.id });
    expect(done.status).toBe('cancelled');
    expect(done.error).toBeNull();
    expect(done.hasResult).toBe(false);
    const plansDir = join(t.ctx.dataDir.caseDir(caseId), 'plans');
    expect(readdirSync(plansDir).sort()).toEqual([jobId, `${jobId}.dicom`]); // the first job's plan and its DICOM export
    await expect(t.caller.plans.cancel({ jobId: running.id })).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(t.caller.plans.report({ jobId: running.id })).rejects.toMatchObject({ code: 'CONFLICT' });
    const events = (await t.caller.cases.audit({ caseId })).filter((a) => a.kind === 'plan-run' && a.details.jobId !== jobId).map((a) => a.details.event);
    expect(events.sort()).toEqual(['cancelled', 'cancelled', 'queued', 'queued']);
    expect(workerPids.filter(isAlive)).toEqual([]);
  });
});

describe('plan jobs: a worker crash', () => {
  it('a worker process that exits mid-plan (exit code 7) ends the job failed with a clear error and no output folder', async () => {
    // A stand-in runPlan that writes a partial folder, reports candidate 1 and exits (test/support/stub-run-plan.ts).
    const plannerModule = new URL('./support/stub-run-plan.ts', import.meta.url).href;
    const mask = await t.ctx.db.lesionMask.findFirstOrThrow({ where: { caseId }, select: { id: true } });
    const crashId = '00000000-0000-4000-8000-0000000000cc';
    const request: PlanJobRequest = { seriesId, lesionMaskId: mask.id, options: { disease: 'crlm', policy: 'user', candidates: ['crash'], samples: 1, seed: 1, clinical: {} }, clinicalSource: 'none' };
    await t.ctx.db.planJob.create({
      data: { id: crashId, caseId, status: 'queued', request: JSON.stringify(request), progress: JSON.stringify(queuedProgress({ samples: 1 })) },
      select: { id: true },
    });
    const runner = new JobRunner({ run: (job) => runPlanJob(t.ctx, job, { worker: { plannerModule } }) });
    runner.enqueue(crashId);
    await runner.whenIdle();
    const job = await t.caller.plans.job({ jobId: crashId });
    expect(job).toMatchObject({ status: 'failed', hasResult: false, error: expect.stringMatching(/planner process stopped unexpectedly \(exit code 7\)/) });
    // A stable code and the phase it failed in (the stub reported candidate 1 of the simulation), no identifiers.
    expect(job).toMatchObject({ errorCode: 'PLAN_WORKER_CRASH', errorStage: 'simulate' });
    expect(job.finishedAt).not.toBeNull();
    expect(readdirSync(join(t.ctx.dataDir.caseDir(caseId), 'plans')).filter((n) => n.includes(crashId))).toEqual([]);
    const audit = (await t.caller.cases.audit({ caseId })).filter((a) => a.kind === 'plan-run' && a.details.jobId === crashId);
    expect(audit.map((a) => a.details.event)).toEqual(['failed']);
  });
});

describe('plan jobs: start-up recovery', () => {
  it('marks a job left running by a previous server process failed ("interrupted by a server restart") and removes its partial outputs', async () => {
    const staleId = '00000000-0000-4000-8000-0000000000aa';
    await t.ctx.db.planJob.create({
      data: {
        id: staleId, caseId, status: 'running', startedAt: new Date(),
        request: JSON.stringify({ seriesId, lesionMaskId: 'x', options: { ...SMALL_PLAN, disease: 'crlm', candidates: [...SMALL_PLAN.candidates], clinical: {} }, clinicalSource: 'none' }),
        progress: JSON.stringify({ phase: 'simulate', message: 'candidate 1 of 2', candidate: 1, candidates: 2, sample: 1, samples: 1, candidateName: 'rfa', search: null, fraction: 0.4 }),
      },
      select: { id: true },
    });
    const partial = join(t.ctx.dataDir.caseDir(caseId), 'plans', `.${staleId}.partial-abc`);
    (await import('node:fs')).mkdirSync(partial, { recursive: true });
    // A new server process: a new database client on the same file, so a new runner that recovers first.
    const restarted: ServiceContext = { ...t.ctx, db: createDb(t.databasePath) };
    try {
      const jobs = await createCaller(restarted).plans.list({ caseId });
      const stale = jobs.find((j) => j.id === staleId)!;
      expect(stale).toMatchObject({ status: 'failed', error: INTERRUPTED_MESSAGE, errorCode: 'INTERRUPTED', errorStage: 'simulate' });
      expect(stale.finishedAt).not.toBeNull();
      expect(jobs.filter((j) => j.status === 'running' || j.status === 'queued')).toEqual([]);
      expect(existsSync(partial)).toBe(false);
    } finally {
      await restarted.db.$disconnect();
    }
  });
});

describe('plan jobs: bad input', () => {
  it('a case without a CT series, or without a lesion mask, is BAD_REQUEST with a message saying what to do', async () => {
    const empty = (await t.caller.cases.create()).id;
    expect(await rejection(t.caller.plans.start({ caseId: empty, options: SMALL_PLAN }))).toMatchObject({ code: 'BAD_REQUEST', message: expect.stringMatching(/no CT series/) });
    const noMask = (await t.caller.cases.create()).id;
    await t.ctx.db.series.create({
      data: {
        id: '00000000-0000-4000-8000-0000000000bb', caseId: noMask, sourceFormat: 'nifti', imageCount: 1, dims: '[1,1,1]', spacingMm: '[1,1,1]',
        affineRas: '[]', unit: 'HU', siblings: '{}', warnings: '[]', filePath: 'x.nii.gz', sha256: '0'.repeat(64), sizeBytes: 1,
      },
      select: { id: true },
    });
    expect(await rejection(t.caller.plans.start({ caseId: noMask, options: SMALL_PLAN }))).toMatchObject({ code: 'BAD_REQUEST', message: expect.stringMatching(/no lesion mask/) });
    expect(await t.ctx.db.planJob.count({ where: { caseId: { in: [empty, noMask] } } })).toBe(0);
    expect(await t.caller.plans.preview({ caseId: noMask })).toMatchObject({ ready: false, candidates: [], note: expect.stringMatching(/no lesion mask/) });
  });

  it('a case without a disease is BAD_REQUEST naming `disease` (never HCC by default); choosing one makes it plannable', async () => {
    expect(await t.caller.cases.setDisease({ caseId, disease: null })).toMatchObject({ disease: null });
    try {
      expect(await rejection(t.caller.plans.start({ caseId, options: SMALL_PLAN }))).toMatchObject({ code: 'BAD_REQUEST', message: expect.stringMatching(/^disease: is required/) });
      expect(await t.caller.plans.preview({ caseId })).toMatchObject({ ready: false, candidates: [], note: expect.stringMatching(/^disease: is required/) });
      expect(await t.caller.cases.setDisease({ caseId, disease: 'hcc' })).toMatchObject({ disease: 'hcc' });
      const hcc = await t.caller.plans.preview({ caseId, options: { policy: 'guideline' } });
      expect(hcc).toMatchObject({ ready: true, disease: 'hcc' });
      expect(hcc.bclcStage).not.toBeNull();
      expect(await rejection(t.caller.cases.setDisease({ caseId, disease: 'liver' as 'hcc' }))).toMatchObject({ code: 'BAD_REQUEST' });
    } finally {
      await t.caller.cases.setDisease({ caseId, disease: 'crlm' });
    }
  });


  it('samples or seed out of range, an unknown policy, a bad candidate or bad clinical data are BAD_REQUEST naming the field', async () => {
    for (const [options, pattern] of [
      [{ samples: 0 }, /samples must be 1\.\.16/],
      [{ samples: 17 }, /samples must be 1\.\.16/],
      [{ samples: 1.5 }, /samples/],
      [{ seed: -1 }, /seed/],
      [{ policy: 'oracle' }, /policy/],
      [{ policy: 'user' }, /candidates/],
      [{ candidates: ['not-a-preset'] }, /candidates\[0\].*unknown preset/],
      [{ clinical: { albuminGPerL: 3.5 } }, /clinical\.albuminGPerL/],
    ] as const) {
      expect(await rejection(t.caller.plans.start({ caseId, options: options as never })), JSON.stringify(options)).toMatchObject({ code: 'BAD_REQUEST', message: expect.stringMatching(pattern) });
    }
    expect(await rejection(t.caller.plans.job({ jobId: '00000000-0000-4000-8000-000000000000' }))).toMatchObject({ code: 'NOT_FOUND' });
    expect(await rejection(t.caller.plans.job({ jobId: '../x' }))).toMatchObject({ code: 'BAD_REQUEST' });
    expect(await rejection(planExportResponse(t.ctx, '00000000-0000-4000-8000-000000000000', 'pdf'))).toMatchObject({ code: 'NOT_FOUND' });
  });
});
