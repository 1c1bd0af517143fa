/**
 * The difference volume of one sample of a finished plan (simulated − pre-treatment CT, HU, on the CT's
 * grid), as a NIfTI file for the compare grid.
 *
 * Cached, not streamed: computed on the first request from the two NIfTI files the report lists (the
 * `ct` entry and the candidate/sample's `sample-volume` entry), written atomically (temporary file,
 * fsync, rename) into the plan's own folder as `derived/<sample path with sample- → difference->`, and
 * served from there afterwards. A plan folder never changes once the job has succeeded, so the cache
 * cannot go stale; computing takes a second or two (two gunzips and one gzip of a CT), which a sample
 * switch or a page reload should not repeat. Concurrent requests for one file share one computation.
 * The cache is not in report.json (so not in the NIfTI bundle export) and goes with the plan's folder.
 * Only candidate/sample pairs listed in report.json are accepted; every path comes from the report.
 */
import 'server-only';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { readNifti, writeNiftiAsync } from '@mewm/dicom';
import { InvalidInputError, NotFoundError } from '../errors.ts';
import { readPlanReportFiles } from './compare.ts';
import type { ServiceContext } from './context.ts';
import { derivedFile, exists } from './derived-file.ts';
import { differenceVolume } from './difference-volume.ts';

const DESCRIPTION = 'MeWM simulated - pre-treatment CT (HU); model output, research use only';

/** The cache path (relative to the plan folder) of a sample volume's difference. */
export function differenceCachePath(sampleVolumePath: string): string {
  return `derived/${sampleVolumePath.replace(/sample-(\d+)\.nii\.gz$/, 'difference-$1.nii.gz')}`;
}

/**
 * The absolute path of the difference NIfTI of `candidate`'s sample `sample` in a succeeded plan job,
 * computing and caching it when needed.
 * @throws NotFoundError when the job does not exist or its report lists no such candidate/sample
 * @throws InvalidInputError when the job has not succeeded or its report lists no pre-treatment CT
 * @throws DifferenceGridError when the simulated CT is not on the CT's grid
 */
export async function planDifferenceFile(ctx: ServiceContext, jobId: string, candidate: string, sample: number): Promise<string> {
  if (!Number.isInteger(sample) || sample < 0) throw new InvalidInputError(`sample must be an integer ≥ 0; got ${sample}`);
  const { dir, files } = await readPlanReportFiles(ctx, jobId);
  const sim = files.find((f) => f.role === 'sample-volume' && f.candidate === candidate && f.sample === sample);
  if (!sim) throw new NotFoundError('plan sample', `${candidate} #${sample}`);
  const ct = files.find((f) => f.role === 'ct');
  if (!ct) throw new InvalidInputError('the plan job\'s report lists no pre-treatment CT');
  return derivedFile(join(dir, differenceCachePath(sim.path)), async () => {
    const [preBytes, simBytes] = await Promise.all([readFile(join(dir, ct.path)), readFile(join(dir, sim.path))]);
    const diff = differenceVolume(readNifti(new Uint8Array(preBytes), { unit: 'HU' }).volume, readNifti(new Uint8Array(simBytes), { unit: 'HU' }).volume);
    return writeNiftiAsync(diff, { description: DESCRIPTION });
  }, async () => {
    // the case (and its plan folder) may have been deleted meanwhile: do not recreate the folder
    if (!(await exists(join(dir, 'report.json')))) throw new NotFoundError('plan job', jobId);
  });
}
