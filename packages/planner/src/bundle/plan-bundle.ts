/**
 * The output folder of `mewm plan`, written all-or-nothing: everything goes into a hidden temporary
 * folder beside --out (same file system), which is renamed to --out only when complete; on failure it
 * is removed, so --out never holds a half-written plan. Layout:
 *   report.json, report.pdf, ct.nii.gz (pre-treatment CT), lesion-mask.nii.gz, liver-mask.nii.gz and
 *   vessel-mask.nii.gz (the anatomy the plan used, when it had one),
 *   volumes/<rank>-<name>/sample-<k>.nii.gz (simulated CT) and states-<k>.nii.gz (tissue states),
 *   source-dicom/<nnnnnn>.dcm (DICOM input only: the CT series' de-identified files in slice order,
 *   which the plan's DICOM outputs reference; see report.inputs.dicom),
 * k = the sample index of report.json (0-based). Paths in the report are relative to --out.
 */
import { mkdir, mkdtemp, readdir, rename, rm, rmdir, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { writeNiftiAsync, sha256Hex, type InputFile, type LabelVolume, type Volume } from '@mewm/dicom';
import { PLAN_RESEARCH_USE, TISSUE_STATE_NAMES, type PlanReport } from '@mewm/contracts';
import { PlannerInputError } from '../errors.ts';
import type { RankedCandidate } from '../plan/rank-candidates.ts';
import type { SampleVolumes } from '../plan/sample-record.ts';

type FileEntry = PlanReport['files'][number];

const DESCRIPTION = `MeWM plan; ${PLAN_RESEARCH_USE}`.slice(0, 80);

/** A file-system-safe folder name for a candidate (letters, digits, . _ + -). */
export function slug(name: string): string {
  // No path separators, no leading dot and no '..' anywhere (the report's file paths refuse them).
  return name.replace(/[^A-Za-z0-9._+-]+/g, '_').replace(/\.{2,}/g, '_').replace(/^\./, '_').slice(0, 80) || 'candidate';
}

/**
 * How many samples may be compressing and writing at once: each holds its two raw NIfTI copies (a
 * 512×512×51 CT sample: ~40 MB), and the gzip runs on libuv's thread pool beside the next simulation.
 */
export const MAX_SAMPLE_WRITES_IN_FLIGHT = 2;

export interface PlanBundle {
  readonly tmpDir: string;
  /**
   * Takes the sample's voxels at once (a copy: the caller may reuse its buffers) and compresses and
   * writes them in the background; resolves when at most MAX_SAMPLE_WRITES_IN_FLIGHT writes are left.
   * A failed write rejects this call or a later one, or finalise.
   */
  writeSample(candidate: number, name: string, sample: number, v: SampleVolumes): Promise<void>;
  /**
   * Names the candidate folders by rank, writes the CT, the lesion mask and the CT's de-identified
   * DICOM files when given; returns every file written.
   */
  finalise(
    ranked: readonly RankedCandidate[], ct: Volume, lesionMask: LabelVolume, sourceDicom?: readonly InputFile[],
    anatomy?: { liverMask?: LabelVolume; vesselMask?: LabelVolume },
  ): Promise<FileEntry[]>;
  writeText(relPath: string, text: string): Promise<void>;
  commit(): Promise<void>;
  abort(): Promise<void>;
}

/** @throws PlannerInputError naming `argument` when `outDir` exists and is not an empty folder. */
export async function openPlanBundle(outDir: string, argument = '--out'): Promise<PlanBundle> {
  const out = resolve(outDir);
  const existing = await stat(out).catch(() => undefined);
  if (existing && (!existing.isDirectory() || (await readdir(out)).length > 0)) {
    throw new PlannerInputError(argument, 'exists and is not an empty folder; give a new folder (nothing is overwritten)');
  }
  await mkdir(dirname(out), { recursive: true });
  const tmpDir = await mkdtemp(join(dirname(out), `.${basename(out)}.partial-`));
  const samples: Array<FileEntry & { candidateIndex: number }> = [];
  const inFlight: Promise<void>[] = [];

  const put = async (rel: string, bytes: Uint8Array | Promise<Uint8Array>): Promise<string> => {
    const data = await bytes; // first: a rejected encoding is handled from the start
    const path = join(tmpDir, rel);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, data);
    return sha256Hex(data);
  };
  /** Both results, once both have settled (nothing is left writing when one fails); the first failure is thrown. */
  const both = async <A, B>(a: Promise<A>, b: Promise<B>): Promise<[A, B]> => {
    const [ra, rb] = await Promise.allSettled([a, b]);
    if (ra.status === 'rejected') throw ra.reason;
    if (rb.status === 'rejected') throw rb.reason;
    return [ra.value, rb.value];
  };
  /** Wait for every background sample write; the first failure is thrown. */
  const settle = async (): Promise<void> => {
    const all = inFlight.splice(0);
    const results = await Promise.allSettled(all);
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
  };

  return {
    tmpDir,
    async writeSample(candidate, name, sample, v) {
      const dir = `volumes/c${candidate}`;
      const volumePath = `${dir}/sample-${sample}.nii.gz`;
      const statesPath = `${dir}/states-${sample}.nii.gz`;
      // writeNiftiAsync copies the voxels before it returns; only the gzip and the write are deferred
      const volumeBytes = writeNiftiAsync(v.volume, { description: DESCRIPTION });
      const statesBytes = writeNiftiAsync({ ...v.states, labels: TISSUE_STATE_NAMES }, { description: DESCRIPTION });
      const write = (async () => {
        const [volumeSha, statesSha] = await both(put(volumePath, volumeBytes), put(statesPath, statesBytes));
        samples.push(
          { path: volumePath, sha256: volumeSha, role: 'sample-volume', candidate: name, sample, candidateIndex: candidate },
          { path: statesPath, sha256: statesSha, role: 'sample-states', candidate: name, sample, candidateIndex: candidate },
        );
      })();
      write.catch(() => undefined); // handled: awaited below, by a later call, by finalise or by abort
      inFlight.push(write);
      while (inFlight.length > MAX_SAMPLE_WRITES_IN_FLIGHT) await inFlight.shift()!;
    },
    async finalise(ranked, ct, lesionMask, sourceDicom = [], anatomy = {}) {
      await settle();
      const [ctSha, maskSha] = await both(
        put('ct.nii.gz', writeNiftiAsync(ct, { description: 'MeWM plan input CT (de-identified)' })),
        put('lesion-mask.nii.gz', writeNiftiAsync(lesionMask, { description: 'MeWM plan lesion mask' })),
      );
      const files: FileEntry[] = [
        { path: 'ct.nii.gz', sha256: ctSha, role: 'ct' },
        { path: 'lesion-mask.nii.gz', sha256: maskSha, role: 'lesion-mask' },
      ];
      for (const [role, mask] of [['liver-mask', anatomy.liverMask], ['vessel-mask', anatomy.vesselMask]] as const) {
        if (!mask) continue;
        const path = `${role}.nii.gz`;
        files.push({ path, sha256: await put(path, writeNiftiAsync(mask, { description: `MeWM plan ${role.replace('-', ' ')}` })), role });
      }
      for (const [i, file] of sourceDicom.entries()) {
        const path = `source-dicom/${String(i + 1).padStart(6, '0')}.dcm`;
        files.push({ path, sha256: await put(path, file.bytes), role: 'source-dicom' });
      }
      for (const c of ranked) {
        const index = samples.find((s) => s.candidate === c.candidate.name)?.candidateIndex;
        if (index === undefined) continue;
        const from = `volumes/c${index}`;
        const to = `volumes/${c.rank}-${slug(c.candidate.name)}`;
        await rename(join(tmpDir, from), join(tmpDir, to));
        const mine = samples.filter((s) => s.candidateIndex === index).sort((a, b) => a.sample! - b.sample! || (a.role < b.role ? -1 : 1));
        for (const { candidateIndex: _i, ...s } of mine) files.push({ ...s, path: s.path.replace(`${from}/`, `${to}/`) });
      }
      return files;
    },
    async writeText(relPath, text) {
      await put(relPath, new TextEncoder().encode(text));
    },
    async commit() {
      if (await stat(out).catch(() => undefined)) await rmdir(out); // empty (checked at open)
      await rename(tmpDir, out);
    },
    async abort() {
      await settle().catch(() => undefined); // nothing may still be writing into the folder removed next
      await rm(tmpDir, { recursive: true, force: true });
    },
  };
}
