/**
 * The planner's `onSampleVolumes` hook for a plan that writes its NIfTI bundle and PDF: every simulated
 * sample goes into the bundle, and each candidate's first sample is rendered as key slices for the PDF.
 * Shared by `mewm plan` and the web app's plan jobs.
 */
import type { LabelVolume, Volume } from '@mewm/dicom';
import type { KeySliceImages } from '../plan/contracts.ts';
import type { ScoreCandidatesOptions } from '../plan/score-candidates.ts';
import { renderKeySlices } from '../report/render-key-slices.ts';
import type { PlanBundle } from './plan-bundle.ts';

export interface BundleSampleWriter {
  onSampleVolumes: NonNullable<ScoreCandidatesOptions['onSampleVolumes']>;
  /** Key slices by candidate name, for writePlanPdf. */
  readonly images: Map<string, KeySliceImages>;
  /** Time spent rendering key slices, ms. */
  keySlicesMs(): number;
}

/** `afterSample` runs after each sample is written (e.g. a cancellation checkpoint that may throw). */
export function bundleSampleWriter(
  bundle: PlanBundle, ct: Volume, lesionMask: LabelVolume, afterSample?: () => Promise<void>,
): BundleSampleWriter {
  const images = new Map<string, KeySliceImages>();
  let ms = 0;
  return {
    images,
    keySlicesMs: () => ms,
    onSampleVolumes: async ({ candidate, name, sample, volumes }) => {
      await bundle.writeSample(candidate, name, sample, volumes);
      if (sample === 0) {
        const t0 = performance.now();
        images.set(name, renderKeySlices(ct, volumes.volume, lesionMask));
        ms += performance.now() - t0;
      }
      await afterSample?.();
    },
  };
}
