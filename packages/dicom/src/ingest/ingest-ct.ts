/**
 * Ingest: the one way CT enters the project.
 *
 * inputs (folders, files, zips, buffers) → safe collection → de-identification of every DICOM file
 * (PS3.15 Annex E) → parse of the de-identified bytes only → series grouping → volume assembly.
 * NIfTI input is read directly (it carries no DICOM identifiers; its header text is not kept).
 * Nothing downstream ever sees an original DICOM byte.
 */
import { createHash } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { DeidentificationError, DicomParseError, InputError, describeThrown } from '../errors.ts';
import { MewmError } from '@mewm/contracts';
import type { Volume } from '../volume.ts';
import { detectFormat, openInputFiles, resolveLimits, type IngestLimits, type InputFile, type InputHandle, type InputSource } from '../input/index.ts';
import { createDeidContext, deidentifyDicom, summariseDeidRecords, type DeidContext, type DeidRecord } from '../deid/index.ts';
import { assembleVolume, groupSeries, parseDicom, type DicomInstance, type DicomSeriesGroup, type SeriesAssemblyReport } from '../dicom/index.ts';
import { cooperativeYield } from '../io/cooperative-yield.ts';
import { readNifti } from '../nifti/index.ts';
import { valueRange } from '../ops/value-range.ts';

export type IngestStage = 'read' | 'deidentify' | 'parse' | 'assemble';

export interface IngestProgress {
  stage: IngestStage;
  done: number;
  total: number;
}

export interface IngestOptions {
  limits?: Partial<IngestLimits>;
  /** One context per case, so UIDs and dates stay consistent across uploads of the same case. */
  deid?: DeidContext;
  /** Pseudonymous series key (from `series`) to pick when a study holds several image series. */
  seriesKey?: string;
  allowGantryTilt?: boolean;
  /**
   * NIfTI stores no unit. 'auto' (default) treats the values as HU when they span air to soft tissue
   * (minimum at or below −900, maximum at or above 100), as CT NIfTI converted from DICOM does, and
   * says so in meta.notes; 'HU' or 'unknown' overrides.
   */
  niftiUnit?: 'auto' | 'HU' | 'unknown';
  /** Return the de-identified DICOM files (for storage); off by default. */
  keepDeidentifiedFiles?: boolean;
  onProgress?: (p: IngestProgress) => void;
}

/** One image series found in the input, described without identifiers. */
export interface SeriesSummary {
  /** Pseudonymous key: first 16 hex of sha256 of the de-identified Series Instance UID. */
  key: string;
  modality: string | undefined;
  imageCount: number;
  rows: number;
  columns: number;
  transferSyntaxUid: string;
}

export interface IngestResult {
  format: 'dicom' | 'nifti';
  volume: Volume;
  series: SeriesSummary[];
  chosenSeriesKey: string | undefined;
  assembly: SeriesAssemblyReport | undefined;
  deidentification: ReturnType<typeof summariseDeidRecords> | undefined;
  /** De-identified non-image objects (DICOM SEG) found among the inputs, for mask import. */
  segmentations: InputFile[];
  deidentifiedFiles: InputFile[] | undefined;
  /** Files that were not usable, with the reason (never their contents). */
  skipped: Array<{ name: string; reason: string }>;
  warnings: string[];
  timingsMs: Record<'read' | 'deidentify' | 'parse' | 'assemble' | 'total', number>;
}

const SEG_SOP_CLASS = '1.2.840.10008.5.1.4.1.1.66.4';

/** Read a CT from any supported input. Throws a MewmError subclass naming what is wrong. */
export async function ingestCt(sources: InputSource[], opts: IngestOptions = {}): Promise<IngestResult> {
  const t0 = performance.now();
  const limits = resolveLimits(opts.limits);
  const files = await openInputFiles(sources, limits);
  const tRead = performance.now();

  const niftis = files.filter((f) => /\.nii(\.gz)?$/i.test(f.name));
  if (niftis.length > 0) {
    if (niftis.length > 1 || files.length > 1) {
      throw new InputError(
        `give one NIfTI file on its own (got ${niftis.length} NIfTI among ${files.length} files); masks go with --mask`,
      );
    }
    const bytes = await niftis[0]!.read();
    const { volume } = readNifti(bytes, { maxVoxels: limits.maxVoxels });
    volume.meta.unit = niftiUnitOf(volume, opts.niftiUnit ?? 'auto');
    const tEnd = performance.now();
    return {
      format: 'nifti', volume, series: [], chosenSeriesKey: undefined, assembly: undefined,
      deidentification: undefined, segmentations: [], deidentifiedFiles: undefined, skipped: [], warnings: [],
      timingsMs: { read: tRead - t0, deidentify: 0, parse: 0, assemble: tEnd - tRead, total: tEnd - t0 },
    };
  }
  return ingestDicomFiles(files, limits, opts, t0, tRead);
}

async function ingestDicomFiles(
  files: InputHandle[], limits: IngestLimits, opts: IngestOptions, t0: number, tRead: number,
): Promise<IngestResult> {
  const ctx = opts.deid ?? createDeidContext();
  const skipped: IngestResult['skipped'] = [];
  const records: DeidRecord[] = [];
  const instances: DicomInstance[] = [];
  const deidentified: InputFile[] = [];
  const segmentations: InputFile[] = [];
  let deidMs = 0;
  let parseMs = 0;
  let readMs = tRead - t0;

  // One original file in memory at a time: read, de-identify, keep only the de-identified copy.
  const cooperate = cooperativeYield();
  for (let index = 0; index < files.length; index++) {
    await cooperate();
    const handle = files[index]!;
    const tr = performance.now();
    const file: InputFile = { name: handle.name, bytes: await handle.read() };
    const ta = performance.now();
    readMs += ta - tr;
    if (detectFormat(file) === 'nifti') {
      throw new InputError(`"${file.name}" is NIfTI among DICOM files; give one NIfTI file on its own`);
    }
    let clean: Uint8Array;
    try {
      const out = deidentifyDicom(file.bytes, ctx, file.name);
      clean = out.bytes;
      records.push(out.record);
    } catch (e) {
      if (e instanceof DeidentificationError) throw e;
      skipped.push({ name: file.name, reason: reasonOf(e) });
      deidMs += performance.now() - ta;
      continue;
    }
    const tb = performance.now();
    deidMs += tb - ta;
    try {
      const inst = parseDicom(clean, file.name);
      const cleanFile = { name: file.name, bytes: clean };
      if (inst.sopClassUid === SEG_SOP_CLASS) segmentations.push(cleanFile);
      else if (!inst.hasPixelData) skipped.push({ name: file.name, reason: 'no pixel data (not an image)' });
      else instances.push(inst);
      if (opts.keepDeidentifiedFiles) deidentified.push(cleanFile);
    } catch (e) {
      skipped.push({ name: file.name, reason: reasonOf(e) });
    }
    parseMs += performance.now() - tb;
    opts.onProgress?.({ stage: 'parse', done: index + 1, total: files.length });
  }

  if (instances.length === 0) {
    const why = skipped.slice(0, 3).map((s) => `${s.name}: ${s.reason}`).join('; ');
    throw new InputError(`no readable DICOM image among ${files.length} input file(s)${why ? ` (${why})` : ''}`);
  }

  const groups = groupSeries(instances).filter((g) => g.kind === 'image');
  if (groups.length === 0) throw new InputError('the input holds no image series (only non-image DICOM objects)');
  const series = groups.map(summariseSeries);
  const { group, key, warnings } = chooseSeries(groups, series, opts.seriesKey);
  const tAssemble = performance.now();
  const { volume, report } = await assembleVolume(group, {
    allowGantryTilt: opts.allowGantryTilt ?? false,
    onProgress: (done, total) => opts.onProgress?.({ stage: 'assemble', done, total }),
  });
  volume.meta.seriesKey = key;
  const tEnd = performance.now();
  return {
    format: 'dicom',
    volume,
    series,
    chosenSeriesKey: key,
    assembly: report,
    deidentification: summariseDeidRecords(records),
    segmentations,
    deidentifiedFiles: opts.keepDeidentifiedFiles ? deidentified : undefined,
    skipped,
    warnings: [...warnings, ...report.warnings],
    timingsMs: { read: readMs, deidentify: deidMs, parse: parseMs, assemble: tEnd - tAssemble, total: tEnd - t0 },
  };
}

function niftiUnitOf(volume: Volume, wanted: 'auto' | 'HU' | 'unknown'): Volume['meta']['unit'] {
  if (wanted !== 'auto') return wanted;
  const [lo, hi] = valueRange(volume.data);
  if (lo <= -900 && hi >= 100) {
    volume.meta.notes.push(`NIfTI has no unit; values span ${lo}..${hi}, read as HU`);
    return 'HU';
  }
  return 'unknown';
}

/** The pseudonymous key of a (de-identified) series UID. */
export function seriesKeyOf(seriesInstanceUid: string): string {
  return createHash('sha256').update(seriesInstanceUid).digest('hex').slice(0, 16);
}

function summariseSeries(g: DicomSeriesGroup): SeriesSummary {
  const first = g.instances[0]!;
  return {
    key: seriesKeyOf(first.seriesInstanceUid),
    modality: first.modality,
    imageCount: g.instances.length,
    rows: first.rows,
    columns: first.columns,
    transferSyntaxUid: first.transferSyntaxUid,
  };
}

function chooseSeries(
  groups: DicomSeriesGroup[], series: SeriesSummary[], wanted: string | undefined,
): { group: DicomSeriesGroup; key: string; warnings: string[] } {
  if (wanted !== undefined) {
    const i = series.findIndex((s) => s.key === wanted);
    if (i < 0) {
      throw new InputError(`series "${wanted}" is not in the input; found: ${series.map((s) => s.key).join(', ')}`);
    }
    return { group: groups[i]!, key: wanted, warnings: [] };
  }
  if (groups.length === 1) return { group: groups[0]!, key: series[0]!.key, warnings: [] };
  // Several series: take the CT series with the most images and say so.
  let best = 0;
  series.forEach((s, i) => {
    const b = series[best]!;
    const score = (x: SeriesSummary) => (x.modality === 'CT' ? 1e9 : 0) + x.imageCount;
    if (score(s) > score(b)) best = i;
  });
  return {
    group: groups[best]!,
    key: series[best]!.key,
    warnings: [
      `the input holds ${groups.length} image series; using ${series[best]!.key} (${series[best]!.imageCount} images); pick another with its series key`,
    ],
  };
}

function reasonOf(e: unknown): string {
  if (e instanceof MewmError) return e instanceof DicomParseError && e.source ? e.message.slice(e.source.length + 2) : e.message;
  return `unreadable (${describeThrown(e)})`;
}
