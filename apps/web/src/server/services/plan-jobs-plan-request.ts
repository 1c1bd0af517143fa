/**
 * A plan job as the planner's plan request (@mewm/contracts): the stored CT and lesion mask as absolute
 * paths, the job's options, the case's pseudonym and the job's output folder. Plain data, so it crosses
 * to the plan worker process as JSON; the worker hands it to runPlan unchanged. The renderer choice
 * becomes the planner's renderer spec: the baseline as 'white-noise', a learned renderer as its model
 * card in the repository's models/ folder (found from the repository root, as the renderer choices are).
 */
import 'server-only';
import { join } from 'node:path';
import { WHITE_NOISE_RENDERER_SPEC, type Disease, type PlanPreviewRequestInput, type PlanRequestInput } from '@mewm/contracts';
import { findRepoRoot } from '../repo-root.ts';
import { DEFAULT_PLAN_RENDERER, PLAN_RENDERER_CARDS, type PlanJobOptions, type PlanRenderer } from './plan-jobs-request.ts';

export interface PlanInputFiles {
  /** Stored de-identified CT (NIfTI), absolute path. */
  ctPath: string;
  /**
   * The series' stored de-identified DICOM files (absolute folder), when it came in as DICOM: the plan
   * reads these instead of the NIfTI (the same voxels), so its report names the series' DICOM identity
   * and its DICOM outputs join the series' study.
   */
  ctDicomDir?: string | undefined;
  /** Stored lesion mask (NIfTI label map on the CT's grid), absolute path. */
  lesionMaskPath: string;
}

export function rendererSpecOf(id: PlanRenderer = DEFAULT_PLAN_RENDERER): string {
  return id === 'white-noise-baseline' ? WHITE_NOISE_RENDERER_SPEC : join(findRepoRoot(), PLAN_RENDERER_CARDS[id]);
}

/**
 * The request of a candidate preview (no output folder). A job without a disease (stored before the
 * disease existed) passes none, and the planner refuses it naming `disease`: never HCC by default.
 */
export function planPreviewRequestOf(files: PlanInputFiles, options: PlanJobOptions): PlanPreviewRequestInput {
  return {
    inputs: {
      kind: 'files', lesion: { kind: 'mask', path: files.lesionMaskPath },
      ...(files.ctDicomDir === undefined ? { ct: [files.ctPath] } : { ct: [files.ctDicomDir], ctAlreadyDeidentified: true }),
    },
    options: {
      ...({ disease: options.disease } as { disease: Disease }),
      policy: options.policy,
      candidates: options.candidates ?? [],
      samples: options.samples,
      seed: options.seed,
      clinical: options.clinical,
    },
  };
}

/** The request of a plan job. */
export function planRequestOf(files: PlanInputFiles, options: PlanJobOptions, outDir: string, pseudonym: string): PlanRequestInput {
  const preview = planPreviewRequestOf(files, options);
  return { ...preview, outDir, options: { ...preview.options, renderer: rendererSpecOf(options.renderer), pseudonym } };
}
