/**
 * Recovery runs at start-up, before the first request (issue 20, item 5): a plan job that a killed
 * server left `running`, with its partial output folder, is marked failed (INTERRUPTED, at the phase
 * it had reached) and its folder removed by the time the restarted production server answers its
 * first page, without anyone calling a plans route.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createDb } from '../../src/server/db/prisma.ts';
import { DataDir } from '../../src/server/storage/data-dir.ts';
import { startServer, type RunningServer } from './support/server.ts';

const work = mkdtempSync(join(tmpdir(), 'mewm-recovery-'));
let server: RunningServer | undefined;
afterAll(async () => {
  await server?.stop();
  rmSync(work, { recursive: true, force: true });
});

describe('start-up recovery (real server)', () => {
  it('marks a job left running failed (INTERRUPTED, at its phase) and removes its partial folder before the first request', async () => {
    // A first server creates the database and a case, then stops.
    server = await startServer({ timeoutMs: 600_000, work });
    const created = await fetch(`${server.url}/api/trpc/cases.create`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ disease: 'crlm' }) });
    expect(created.status).toBe(200);
    const caseId = ((await created.json()) as { result: { data: { id: string } } }).result.data.id;
    await server.stop();
    server = undefined;

    // What a killed server leaves: a running job and its partial output folder.
    const jobId = '00000000-0000-4000-8000-0000000000ab';
    const db = createDb(join(work, 'mewm.db'));
    try {
      await db.planJob.create({
        data: {
          id: jobId, caseId, status: 'running', startedAt: new Date(),
          request: JSON.stringify({ seriesId: 'x', lesionMaskId: 'x', options: { disease: 'crlm', policy: 'user', candidates: ['rfa'], samples: 1, seed: 1, clinical: {} }, clinicalSource: 'none' }),
          progress: JSON.stringify({ phase: 'simulate', message: 'candidate 1 of 1', candidate: 1, candidates: 1, sample: 1, samples: 1, candidateName: 'rfa', search: null, fraction: 0.4 }),
        },
        select: { id: true },
      });
    } finally {
      await db.$disconnect();
    }
    const partial = join(new DataDir(join(work, 'data')).caseDir(caseId), 'plans', `.${jobId}.partial-killed`);
    mkdirSync(partial, { recursive: true });

    // The restarted server: once its first page answers, the job is recovered (no plans route called).
    server = await startServer({ timeoutMs: 600_000, work });
    const check = createDb(join(work, 'mewm.db'));
    try {
      const job = await check.planJob.findUniqueOrThrow({ where: { id: jobId }, select: { status: true, errorCode: true, errorStage: true, finishedAt: true } });
      expect(job).toMatchObject({ status: 'failed', errorCode: 'INTERRUPTED', errorStage: 'simulate' });
      expect(job.finishedAt).not.toBeNull();
    } finally {
      await check.$disconnect();
    }
    expect(existsSync(partial)).toBe(false);
  }, 1_200_000);
});
