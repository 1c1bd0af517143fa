/**
 * The shape of every JSON-in-string column of prisma/schema.prisma, as zod schemas: what our code writes
 * there, so that readJsonColumn (json-column.ts) can check a row on its way back. Read a column with
 * `readJsonColumn(seriesDimsColumn, row.dims, 'Series.dims')`.
 */
import 'server-only';
import { clinicalCovariatesSchema } from '@mewm/survival/clinical-covariates';
import { DISEASES, measurementGeometrySchema, measurementValuesSchema } from '@mewm/contracts';
import { z } from 'zod';
import { PLAN_POLICIES, PLAN_RENDERERS } from '../services/plan-jobs-request.ts';

const vec3 = z.tuple([z.number(), z.number(), z.number()]);
const row4 = z.tuple([z.number(), z.number(), z.number(), z.number()]);

/** Case.clinical: the covariates as saveClinical stores them (every field, null when unknown). */
export const caseClinicalColumn = clinicalCovariatesSchema;

/** Series.dims: [nx, ny, nz]. */
export const seriesDimsColumn = z.tuple([z.number().int().positive(), z.number().int().positive(), z.number().int().positive()]);
/** Series.spacingMm: [sx, sy, sz] in mm. */
export const seriesSpacingMmColumn = vec3;
/** Series.affineRas: 4x4, voxel index → RAS mm. */
export const seriesAffineRasColumn = z.tuple([row4, row4, row4, row4]);
/** Series.deidSummary: @mewm/dicom's de-identification summary; only the file count is read back. */
export const seriesDeidSummaryColumn = z.looseObject({ files: z.number().int().nonnegative().optional() });
/** Series.siblings: the staged upload (if kept) and every series found in the same upload. */
export const seriesSiblingsColumn = z.object({
  stagingId: z.string().nullable(),
  series: z.array(z.object({
    key: z.string(),
    modality: z.string().optional(),
    imageCount: z.number(),
    rows: z.number(),
    columns: z.number(),
    transferSyntaxUid: z.string(),
    /** Which patient of the upload (1, 2, …); absent in series stored before it was recorded. */
    patient: z.number().int().positive().optional(),
    /** De-identified (shifted) date YYYYMMDD, spacing and thickness; absent in series stored before they were recorded. */
    shiftedDate: z.string().optional(),
    pixelSpacingMm: z.tuple([z.number(), z.number()]).optional(),
    sliceThicknessMm: z.number().optional(),
  })),
});
/** Series.warnings: ingest warnings. */
export const seriesWarningsColumn = z.array(z.string());

/** AuditEvent.details: counts, hashes and pseudonymous ids (services/audit.ts). */
export const auditDetailsColumn = z.record(
  z.string(),
  z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(z.string()), z.array(z.number())]),
);

/** PlanJob.request: what the job was asked to do (services/plan-jobs-request.ts PlanJobRequest). */
export const planJobRequestColumn = z.object({
  seriesId: z.string(),
  lesionMaskId: z.string(),
  options: z.object({
    /** The case's disease when the job started; absent in requests stored before it (the planner then refuses the job, naming `disease`). */
    disease: z.enum(DISEASES).optional(),
    policy: z.enum(PLAN_POLICIES),
    candidates: z.array(z.unknown()).nullable(),
    samples: z.number().int().positive(),
    seed: z.number().int().nonnegative(),
    /** Absent in requests stored before the renderer choice. */
    renderer: z.enum(PLAN_RENDERERS).optional(),
    clinical: z.record(z.string(), z.unknown()),
  }),
  clinicalSource: z.enum(['request', 'case', 'none']),
});

/** PlanJob.progress: the job's progress (services/plan-jobs-view.ts PlanJobProgress). */
export const planJobProgressColumn = z.object({
  phase: z.enum(['queued', 'loading', 'policy', 'search', 'simulate', 'report', 'done']),
  message: z.string(),
  candidate: z.number().int().nullable(),
  candidates: z.number().int().nullable(),
  sample: z.number().int().nullable(),
  samples: z.number().int().nullable(),
  candidateName: z.string().nullable(),
  search: z.object({ depth: z.number(), depths: z.number(), evaluated: z.number() }).nullable(),
  fraction: z.number(),
});

/** Measurement.geometry: the plane and RAS mm points (contracts measurement.ts). */
export const measurementGeometryColumn = measurementGeometrySchema;
/** Measurement.measured: the values the server computed from the stored volume (contracts measurement.ts). */
export const measurementValuesColumn = measurementValuesSchema;
