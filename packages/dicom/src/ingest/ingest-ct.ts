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
import { DeidentificationError, DicomParseError, InputError, InputTooLargeError, describeThrown } from '../errors.ts';
import { DICOM_REFERENCE_PATIENT_STUDY_KEYWORDS, dicomSourceReferenceSchema, MewmError, type DicomSourceReference } from '@mewm/contracts';
import type { Volume } from '../volume.ts';
import { detectFormat, openInputFiles, resolveLimits, type IngestLimits, type InputFile, type InputHandle, type InputSource } from '../input/index.ts';
import { assertDeidentifiedByUs, createDeidContext, deidentifyDicom, summariseDeidRecords, type DeidContext, type DeidRecord } from '../deid/index.ts';
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
  /**
   * The input is DICOM this project de-identified earlier (kept with `keepDeidentifiedFiles`, e.g. the
   * series of a staged upload): each file must carry our de-identification marker
   * (`assertDeidentifiedByUs`) and is read as is, not de-identified again (which would map its UIDs
   * and shift its dates a second time). `deidentification` is then undefined.
   */
  alreadyDeidentified?: boolean;
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
  /**
   * Which patient of the input the series belongs to: 1, 2, … in order of first appearance of the
   * de-identified Patient ID (each original patient has its own pseudonym). All 1 for a one-patient input.
   */
  patient: number;
  /** The series' date as de-identified (shifted by the case's offset), YYYYMMDD; '' when it has none. */
  shiftedDate: string;
  /** In-plane pixel spacing [between rows, between columns] and slice thickness of its first image, mm. */
  pixelSpacingMm: [number, number] | undefined;
  sliceThicknessMm: number | undefined;
}

export interface IngestResult {
  format: 'dicom' | 'nifti';
  volume: Volume;
  series: SeriesSummary[];
  chosenSeriesKey: string | undefined;
  /**
   * The chosen series' de-identified identity: Study, Series and Frame of Reference UIDs, the image
   * behind each slice, the pseudonymous Patient and Study values (what a DICOM output derived from this
   * CT must reference and repeat); undefined for NIfTI input.
   */
  dicomReference: DicomSourceReference | undefined;
  assembly: SeriesAssemblyReport | undefined;
  deidentification: ReturnType<typeof summariseDeidRecords> | undefined;
  /** De-identified non-image objects (DICOM SEG) found among the inputs, for mask import. */
  segmentations: InputFile[];
  deidentifiedFiles: InputFile[] | undefined;
  /** With `keepDeidentifiedFiles`: the chosen series' de-identified files, in slice order (each file once). */
  deidentifiedSeriesFiles: InputFile[] | undefined;
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
  const input = await openInputFiles(sources, limits);
  try {
    return await ingestFiles(input.files, limits, opts, t0);
  } finally {
    input.close();
  }
}

async function ingestFiles(files: InputHandle[], limits: IngestLimits, opts: IngestOptions, t0: number): Promise<IngestResult> {
  const tRead = performance.now();

  const niftis = files.filter((f) => /\.nii(\.gz)?$/i.test(f.name));
  if (niftis.length > 0) {
    if (niftis.length > 1 || files.length > 1) {
      throw new InputError(
        `give one NIfTI file on its own (got ${niftis.length} NIfTI among ${files.length} files); masks go with --mask`,
      );
    }
    if (niftis[0]!.sizeBytes > limits.maxMemoryBytes) {
      throw new InputTooLargeError(`NIfTI "${niftis[0]!.name}"`, niftis[0]!.sizeBytes, limits.maxMemoryBytes);
    }
    const bytes = await niftis[0]!.read();
    const { volume } = readNifti(bytes, { maxVoxels: limits.maxVoxels });
    volume.meta.unit = niftiUnitOf(volume, opts.niftiUnit ?? 'auto');
    const tEnd = performance.now();
    return {
      format: 'nifti', volume, series: [], chosenSeriesKey: undefined, dicomReference: undefined, assembly: undefined,
      deidentification: undefined, segmentations: [], deidentifiedFiles: undefined, deidentifiedSeriesFiles: undefined, skipped: [], warnings: [],
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
  const memory = new MemoryBudget(limits.maxMemoryBytes);

  // One original file in memory at a time: read, de-identify, keep only the de-identified copy.
  const cooperate = cooperativeYield();
  for (let index = 0; index < files.length; index++) {
    await cooperate();
    const handle = files[index]!;
    memory.willRead(handle.sizeBytes);
    const tr = performance.now();
    const file: InputFile = { name: handle.name, bytes: await handle.read() };
    const ta = performance.now();
    readMs += ta - tr;
    if (detectFormat(file) === 'nifti') {
      throw new InputError(`"${file.name}" is NIfTI among DICOM files; give one NIfTI file on its own`);
    }
    let clean: Uint8Array;
    try {
      if (opts.alreadyDeidentified === true) {
        assertDeidentifiedByUs(file.bytes, file.name);
        clean = file.bytes;
      } else {
        const out = deidentifyDicom(file.bytes, ctx, file.name);
        clean = out.bytes;
        records.push(out.record);
      }
    } catch (e) {
      if (e instanceof DeidentificationError) throw e;
      skipped.push({ name: file.name, reason: reasonOf(e) });
      deidMs += performance.now() - ta;
      continue;
    }
    const tb = performance.now();
    deidMs += tb - ta;
    let inst: DicomInstance | undefined;
    try {
      inst = parseDicom(clean, file.name);
    } catch (e) {
      skipped.push({ name: file.name, reason: reasonOf(e) });
    }
    if (inst !== undefined) {
      const cleanFile = { name: file.name, bytes: clean };
      const kept = inst.sopClassUid === SEG_SOP_CLASS || inst.hasPixelData || opts.keepDeidentifiedFiles === true;
      if (kept) memory.keepFile(clean.byteLength);
      if (inst.sopClassUid === SEG_SOP_CLASS) segmentations.push(cleanFile);
      else if (!inst.hasPixelData) skipped.push({ name: file.name, reason: 'no pixel data (not an image)' });
      else instances.push(inst);
      if (opts.keepDeidentifiedFiles) deidentified.push(cleanFile);
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
  const patientIds = [...new Set(groups.map(patientIdOf))];
  const series = groups.map((g) => summariseSeries(g, patientIds.indexOf(patientIdOf(g)) + 1));
  const { group, key, warnings } = chooseSeries(groups, series, opts.seriesKey);
  if (patientIds.length > 1) {
    warnings.push(`the input holds images of ${patientIds.length} patients (distinct patient IDs); a case is one patient: check that this series is the right patient's`);
  }
  memory.hold(assemblyBytes(group), 'with the volume it would assemble');
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
    dicomReference: sourceReference(group, report, warnings),
    assembly: report,
    deidentification: opts.alreadyDeidentified === true ? undefined : summariseDeidRecords(records),
    segmentations,
    deidentifiedFiles: opts.keepDeidentifiedFiles ? deidentified : undefined,
    deidentifiedSeriesFiles: opts.keepDeidentifiedFiles ? seriesFiles(deidentified, group, report) : undefined,
    skipped,
    warnings: [...warnings, ...report.warnings],
    timingsMs: { read: readMs, deidentify: deidMs, parse: parseMs, assemble: tEnd - tAssemble, total: tEnd - t0 },
  };
}

/**
 * The de-identified identity of the assembled series (see DicomSourceReference); undefined, with a
 * warning, when the series lacks what a reference needs (e.g. no Study Instance UID).
 */
function sourceReference(group: DicomSeriesGroup, report: SeriesAssemblyReport, warnings: string[]): DicomSourceReference | undefined {
  const first = group.instances[0]!;
  const text = (tag: string): string => (first.dataSet.string(tag) ?? '').trim();
  const patientStudy = Object.fromEntries(DICOM_REFERENCE_PATIENT_STUDY_KEYWORDS.map((k) => [k, text(PATIENT_STUDY_TAGS[k])])) as DicomSourceReference['patientStudy'];
  const parsed = dicomSourceReferenceSchema.safeParse({
    studyInstanceUid: first.studyInstanceUid ?? '',
    seriesInstanceUid: first.seriesInstanceUid,
    frameOfReferenceUid: first.frameOfReferenceUid ?? null,
    sopClassUid: first.sopClassUid,
    slices: report.slices,
    patientStudy,
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    warnings.push(`DICOM outputs derived from this CT will start a new study: its ${issue.path.join('.')} is unusable (${issue.message})`);
    return undefined;
  }
  return parsed.data;
}

const PATIENT_STUDY_TAGS: Record<(typeof DICOM_REFERENCE_PATIENT_STUDY_KEYWORDS)[number], string> = {
  PatientName: 'x00100010', PatientID: 'x00100020', PatientBirthDate: 'x00100030', PatientSex: 'x00100040',
  StudyDate: 'x00080020', StudyTime: 'x00080030', StudyID: 'x00200010', AccessionNumber: 'x00080050',
  ReferringPhysicianName: 'x00080090', StudyDescription: 'x00081030',
};

/** The chosen series' files in slice order, each once (a multi-frame instance is one file). */
function seriesFiles(files: InputFile[], group: DicomSeriesGroup, report: SeriesAssemblyReport): InputFile[] {
  const byName = new Map(files.map((f) => [f.name, f]));
  const sourceOf = new Map(group.instances.map((i) => [i.sopInstanceUid, i.source]));
  const names = [...new Set(report.slices.map((s) => sourceOf.get(s.sopInstanceUid)!))];
  return names.map((n) => byName.get(n)).filter((f): f is InputFile => f !== undefined);
}

/**
 * Memory held per kept file beyond its bytes: dicom-parser's element index and our instance record.
 * Measured about 43 KB (heap and allocator) per 512 × 512 CT slice on Node 20; 64 KiB leaves room.
 */
const PARSED_FILE_BYTES = 64 * 1024;

/**
 * Working memory the runtime needs on top of what an ingest counts: originals already de-identified but
 * not yet garbage-collected, stream and zip buffers. Measured ≈ 9 MB during a 640 MiB zip; reserved:
 * 16 MiB (an eighth of smaller budgets).
 */
function runtimeReserve(budget: number): number {
  return Math.min(16 * 1024 * 1024, Math.floor(budget / 8));
}

/**
 * The bytes an ingest holds, against its budget (`maxMemoryBytes`, less the runtime's reserve): refused
 * before the allocation that would pass it.
 */
class MemoryBudget {
  private held: number;
  constructor(private readonly budget: number) {
    this.held = runtimeReserve(budget);
  }

  /** A file of `bytes` is about to be read and de-identified: the original and its copy, for a moment. */
  willRead(bytes: number): void {
    this.check(this.held + 2 * bytes);
  }

  /** A de-identified file of `bytes` is kept until the volume is assembled. */
  keepFile(bytes: number): void {
    this.hold(bytes + PARSED_FILE_BYTES);
  }

  hold(bytes: number, what?: string): void {
    this.held += bytes;
    this.check(this.held, what);
  }

  private check(total: number, what?: string): void {
    if (total > this.budget) {
      throw new InputTooLargeError(`the image data this ingest holds in memory${what ? ` ${what}` : ''}`, total, this.budget);
    }
  }
}

/** What assembling `group` allocates: every frame decoded (its stored sample size) and the output (≤ 4 bytes a voxel). */
function assemblyBytes(group: DicomSeriesGroup): number {
  let bytes = 0;
  for (const inst of group.instances) {
    const voxels = inst.rows * inst.columns * inst.samplesPerPixel * Math.max(1, inst.numberOfFrames);
    bytes += voxels * (Math.ceil(inst.bitsAllocated / 8) + 4);
  }
  return bytes;
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

/** The series' de-identified Patient ID (the case pseudonym of its original patient); '' when absent. */
function patientIdOf(g: DicomSeriesGroup): string {
  return (g.instances[0]!.dataSet.string('x00100020') ?? '').trim();
}

function summariseSeries(g: DicomSeriesGroup, patient: number): SeriesSummary {
  const first = g.instances[0]!;
  return {
    patient,
    key: seriesKeyOf(first.seriesInstanceUid),
    modality: first.modality,
    imageCount: g.instances.length,
    rows: first.rows,
    columns: first.columns,
    transferSyntaxUid: first.transferSyntaxUid,
    // the dates were shifted by the de-identification; Series, then Acquisition, then Study Date
    shiftedDate: ['x00080021', 'x00080022', 'x00080020'].map((t) => (first.dataSet.string(t) ?? '').trim()).find((d) => /^\d{8}$/.test(d)) ?? '',
    pixelSpacingMm: first.pixelSpacingMm ?? first.frames?.[0]?.pixelSpacingMm,
    sliceThicknessMm: first.sliceThicknessMm ?? first.frames?.[0]?.sliceThicknessMm,
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
