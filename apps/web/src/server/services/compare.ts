/**
 * Compare: the volumes of a finished plan job, for a grid of synchronised viewers — the pre-treatment
 * CT and, per candidate (in rank order) and sample, the simulated CT and its tissue-state map. Read
 * from the job's output folder (packages/planner's plan bundle: report.json lists every NIfTI with its
 * role, candidate and sample; candidate folders are volumes/<rank>-<name>/). Only files listed in the
 * report are ever served. Also: where the views start (the lesion centre, from the plan's lesion mask)
 * and each sample's difference volume URL (compare-difference.ts computes it).
 */
import 'server-only';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { readNiftiLabels, type Vec3 } from '@mewm/dicom';
import { planJobRequestColumn } from '../db/column-schemas.ts';
import { InvalidInputError, NotFoundError } from '../errors.ts';
import type { ServiceContext } from './context.ts';
import { lesionCentreRas } from './lesion-centre.ts';

export interface CompareSample {
  sample: number;
  volumeUrl: string;
  statesUrl: string | null;
  /** simulated − pre-treatment CT (HU), computed on first request (GET /api/plan-jobs/:jobId/difference). */
  differenceUrl: string;
}

export interface CompareCandidate {
  rank: number;
  name: string;
  samples: CompareSample[];
}

export interface CompareSet {
  jobId: string;
  /** The series the plan was made from (its CT is that series: measurements on it show on the plan's CT); null when unknown. */
  seriesId: string | null;
  ctUrl: string;
  lesionMaskUrl: string | null;
  /** Where the views start: the centroid of the plan's (largest) lesion, RAS+ mm; null without a mask. */
  lesionCentreRas: Vec3 | null;
  /** Rank order (1 = best). */
  candidates: CompareCandidate[];
  sampleCount: number;
}

export interface FinishedPlanJob {
  id: string;
  finishedAt: string | null;
}

export interface ReportFile {
  path: string;
  role: 'ct' | 'lesion-mask' | 'sample-volume' | 'sample-states';
  candidate?: string;
  sample?: number;
}

const SAFE_PATH = /^(?!\/)(?!.*\.\.)[A-Za-z0-9._+\-/]+\.nii\.gz$/;

export const planVolumeUrl = (jobId: string, path: string) => `/api/plan-jobs/${jobId}/volumes/${path.split('/').map(encodeURIComponent).join('/')}`;
export const planDifferenceUrl = (jobId: string, candidate: string, sample: number) =>
  `/api/plan-jobs/${jobId}/difference?candidate=${encodeURIComponent(candidate)}&sample=${sample}`;

/** Succeeded plan jobs of the case, newest first. */
export async function listFinishedPlanJobs(ctx: ServiceContext, caseId: string): Promise<FinishedPlanJob[]> {
  const rows = await ctx.db.planJob.findMany({
    where: { caseId, status: 'succeeded', resultPath: { not: null } }, orderBy: { createdAt: 'desc' }, select: { id: true, finishedAt: true },
  });
  return rows.map((r) => ({ id: r.id, finishedAt: r.finishedAt?.toISOString() ?? null }));
}

/** The plan folder of a succeeded job and the files its report.json lists (safe relative paths only). */
export async function readPlanReportFiles(ctx: ServiceContext, jobId: string, caseId?: string): Promise<{ dir: string; files: ReportFile[]; request: string }> {
  const row = await ctx.db.planJob.findUnique({ where: { id: jobId }, select: { caseId: true, status: true, resultPath: true, request: true } });
  if (!row || (caseId !== undefined && row.caseId !== caseId)) throw new NotFoundError('plan job', jobId);
  if (row.status !== 'succeeded' || row.resultPath === null) throw new InvalidInputError(`the plan job has no results to compare (it is ${row.status})`);
  const dir = ctx.dataDir.resolveStored(row.resultPath);
  const report = JSON.parse(await readFile(join(dir, 'report.json'), 'utf8')) as { files?: unknown };
  const files = (Array.isArray(report.files) ? report.files : []).filter(
    (f): f is ReportFile => typeof f === 'object' && f !== null && typeof (f as ReportFile).path === 'string' && SAFE_PATH.test((f as ReportFile).path),
  );
  return { dir, files, request: row.request };
}

export async function getCompareSet(ctx: ServiceContext, input: { caseId: string; jobId: string }): Promise<CompareSet> {
  const { dir, files, request: requestJson } = await readPlanReportFiles(ctx, input.jobId, input.caseId);
  const ct = files.find((f) => f.role === 'ct');
  if (!ct) throw new InvalidInputError('the plan job\'s report lists no pre-treatment CT');
  const mask = files.find((f) => f.role === 'lesion-mask');
  const byName = new Map<string, CompareCandidate>();
  for (const f of files) {
    if (f.role !== 'sample-volume' || f.candidate === undefined || f.sample === undefined) continue;
    const rank = Number(/^volumes\/(\d+)-/.exec(f.path)?.[1] ?? Number.NaN);
    const c = byName.get(f.candidate) ?? { rank, name: f.candidate, samples: [] };
    const states = files.find((s) => s.role === 'sample-states' && s.candidate === f.candidate && s.sample === f.sample);
    c.samples.push({
      sample: f.sample, volumeUrl: planVolumeUrl(input.jobId, f.path), statesUrl: states ? planVolumeUrl(input.jobId, states.path) : null,
      differenceUrl: planDifferenceUrl(input.jobId, f.candidate, f.sample),
    });
    byName.set(f.candidate, c);
  }
  const candidates = [...byName.values()].sort((a, b) => a.rank - b.rank || a.name.localeCompare(b.name));
  for (const c of candidates) c.samples.sort((a, b) => a.sample - b.sample);
  const request = planJobRequestColumn.safeParse(JSON.parse(requestJson));
  return {
    jobId: input.jobId,
    seriesId: request.success ? request.data.seriesId : null,
    ctUrl: planVolumeUrl(input.jobId, ct.path),
    lesionMaskUrl: mask ? planVolumeUrl(input.jobId, mask.path) : null,
    lesionCentreRas: mask ? lesionCentreRas(readNiftiLabels(new Uint8Array(await readFile(join(dir, mask.path))))) : null,
    candidates,
    sampleCount: Math.max(0, ...candidates.map((c) => c.samples.length)),
  };
}

/** The absolute path of a NIfTI listed in a succeeded job's report (anything else is NOT_FOUND). */
export async function planVolumeFile(ctx: ServiceContext, jobId: string, relPath: string): Promise<string> {
  const { dir, files } = await readPlanReportFiles(ctx, jobId);
  if (!SAFE_PATH.test(relPath) || !files.some((f) => f.path === relPath)) throw new NotFoundError('plan volume', relPath.split('/').at(-1) ?? '');
  return join(dir, relPath);
}
