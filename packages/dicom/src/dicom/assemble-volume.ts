/**
 * assembleVolume: one image series group → a CT Volume in Hounsfield units on its RAS+ grid.
 *
 * Slices (single-frame instances, or frames of enhanced multi-frame instances) are ordered by
 * position along the slice normal, checked to form one regular grid (stack-geometry.ts), decoded,
 * and rescaled (RescaleSlope × stored + RescaleIntercept) into one output array: Int16Array when
 * every slice's rescale maps its stored values to integers within int16, else Float32Array.
 * The affine is `lpsToRas(dicomAffineLps(...))`; voxel (i, j, k) = (column, row, slice).
 */
import { cooperativeYield } from '../io/cooperative-yield.ts';
import { valueRange } from '../ops/value-range.ts';
import { DicomUnsupportedError, InputTooLargeError, SeriesGeometryError } from '../errors.ts';
import { dicomAffineLps, lpsToRas, norm3, orientationCode, type Vec3 } from '../geometry.ts';
import type { Volume, VoxelData } from '../volume.ts';
import type { DicomInstance } from './dicom-instance.ts';
import { decodeFramePixels, type FramePixels } from './decode-frame-pixels.ts';
import type { DicomSeriesGroup } from './group-series.ts';
import { resolveStackGeometry, type SliceDescriptor } from './stack-geometry.ts';

export interface SeriesAssemblyReport {
  sliceCount: number;
  /** [columns, rows, slices]. */
  dims: Vec3;
  /** Voxel spacing along i, j, k in mm (k: length of the slice step vector). */
  spacingMm: Vec3;
  /** Distance between slices along the slice normal, mm. */
  sliceStepMm: number;
  /** Orientation code of the RAS+ affine, e.g. "LPS" for axial head-first supine CT. */
  orientation: string;
  transferSyntaxUid: string;
  /** Smallest and largest output value (HU for CT). */
  huRange: [number, number];
  dataType: 'int16' | 'float32';
  /** Shear of the slice step from the normal, degrees (0 unless a gantry tilt was accepted). */
  tiltDeg: number;
  /**
   * The image behind each volume slice k (0 … nz − 1): its SOP Instance UID, and its 1-based frame
   * number when the instance is multi-frame (what a derived object's Source Image Sequence names).
   */
  slices: Array<{ sopInstanceUid: string; frameNumber?: number }>;
  warnings: string[];
}

export interface AssembleVolumeOptions {
  /** Accept gantry-tilted series with a sheared affine instead of throwing SeriesGeometryError. */
  allowGantryTilt?: boolean;
  /** Called after each slice is decoded. */
  onProgress?: (done: number, total: number) => void;
  /** Refuse volumes with more voxels than this before allocating (default 2^28). */
  maxVoxels?: number;
}

const DEFAULT_MAX_VOXELS = 2 ** 28;
const MONOCHROME = new Set(['MONOCHROME1', 'MONOCHROME2']);

interface SliceRef {
  inst: DicomInstance;
  frame: number;
  slope: number;
  intercept: number;
  descriptor: SliceDescriptor;
}

/**
 * Build a Volume from one image series.
 * @returns the volume (affineRas: voxel → RAS+ mm; data in HU when CT with rescale) and a report.
 * @throws DicomUnsupportedError for a non-image group or colour / non-monochrome slices;
 *   SeriesGeometryError when the slices do not form one regular grid (see resolveStackGeometry)
 *   or mix frames of reference; InputTooLargeError above `maxVoxels`; DicomParseError from decoding.
 */
export async function assembleVolume(
  group: DicomSeriesGroup, opts: AssembleVolumeOptions = {},
): Promise<{ volume: Volume; report: SeriesAssemblyReport }> {
  if (group.kind !== 'image') {
    throw new DicomUnsupportedError(`series group is not an image series (${group.description ?? 'non-image'}); it cannot form a volume`);
  }
  if (group.instances.length === 0) throw new SeriesGeometryError('series group has no instances');
  const slices = expandSlices(group.instances);
  checkPixelFormat(slices);
  checkFrameOfReference(group.instances);
  const geom = resolveStackGeometry(slices.map((s) => s.descriptor), { allowGantryTilt: opts.allowGantryTilt ?? false });
  const first = slices[0]!.inst;
  const dims: Vec3 = [first.columns, first.rows, slices.length];
  const voxels = dims[0] * dims[1] * dims[2];
  const maxVoxels = opts.maxVoxels ?? DEFAULT_MAX_VOXELS;
  if (voxels > maxVoxels) throw new InputTooLargeError('volume (voxels × 4 bytes)', voxels * 4, maxVoxels * 4);

  const ordered = geom.order.map((i) => slices[i]!);
  const decoded: FramePixels[] = [];
  const storedRange: [number, number][] = [];
  const cooperate = cooperativeYield(); // decoding a long series must not hold a server's event loop
  for (let k = 0; k < ordered.length; k++) {
    await cooperate();
    const s = ordered[k]!;
    const px = await decodeFramePixels(s.inst, s.frame);
    decoded.push(px);
    storedRange.push(valueRange(px));
    opts.onProgress?.(k + 1, ordered.length);
  }
  const asInt16 = ordered.every((s, k) => fitsInt16(s.slope, s.intercept, storedRange[k]!));
  const sliceVoxels = dims[0] * dims[1];
  const data: VoxelData = asInt16 ? new Int16Array(voxels) : new Float32Array(voxels);
  let lo = Infinity;
  let hi = -Infinity;
  for (let k = 0; k < ordered.length; k++) {
    const s = ordered[k]!;
    writeRescaled(data, k * sliceVoxels, decoded[k]!, s.slope, s.intercept);
    const [a, b] = storedRange[k]!;
    lo = Math.min(lo, a * s.slope + s.intercept, b * s.slope + s.intercept);
    hi = Math.max(hi, a * s.slope + s.intercept, b * s.slope + s.intercept);
  }
  if (!asInt16) [lo, hi] = [Math.fround(lo), Math.fround(hi)];

  const affineRas = lpsToRas(dicomAffineLps(geom.rowCosines, geom.colCosines, geom.originLps, geom.pixelSpacingMm, geom.sliceStepLps));
  const spacingMm: Vec3 = [geom.pixelSpacingMm[1], geom.pixelSpacingMm[0], norm3(geom.sliceStepLps)];
  const warnings = [...group.warnings, ...geom.warnings, ...formatWarnings(group.instances)];
  const isHu = first.modality === 'CT' && group.instances.every((i) => i.hasRescale);
  const volume: Volume = {
    dims,
    spacingMm,
    affineRas,
    data,
    meta: {
      source: 'dicom',
      unit: isHu ? 'HU' : 'unknown',
      transferSyntaxUid: first.transferSyntaxUid,
      sliceCount: slices.length,
      notes: geom.warnings.slice(),
      ...(first.modality !== undefined ? { modality: first.modality } : {}),
      ...(first.seriesDescription !== undefined ? { seriesDescription: first.seriesDescription } : {}),
    },
  };
  const report: SeriesAssemblyReport = {
    sliceCount: slices.length,
    dims,
    spacingMm,
    sliceStepMm: geom.sliceSpacingMm,
    orientation: orientationCode(affineRas),
    transferSyntaxUid: first.transferSyntaxUid,
    huRange: [lo, hi],
    dataType: asInt16 ? 'int16' : 'float32',
    tiltDeg: geom.tiltDeg,
    slices: ordered.map((s) => (s.inst.numberOfFrames > 1 ? { sopInstanceUid: s.inst.sopInstanceUid, frameNumber: s.frame + 1 } : { sopInstanceUid: s.inst.sopInstanceUid })),
    warnings,
  };
  return { volume, report };
}

/** One SliceRef per single-frame instance, or per frame of a multi-frame instance. */
function expandSlices(instances: DicomInstance[]): SliceRef[] {
  const out: SliceRef[] = [];
  for (const inst of instances) {
    const base = {
      rows: inst.rows,
      columns: inst.columns,
      sliceThicknessMm: inst.sliceThicknessMm,
      spacingBetweenSlicesMm: inst.spacingBetweenSlicesMm,
    };
    if (inst.numberOfFrames <= 1) {
      out.push({
        inst, frame: 0, slope: inst.rescaleSlope, intercept: inst.rescaleIntercept,
        descriptor: {
          ...base, label: inst.source, position: inst.imagePositionPatient,
          orientation: inst.imageOrientationPatient, pixelSpacingMm: inst.pixelSpacingMm,
        },
      });
      continue;
    }
    if (inst.frames === undefined) {
      throw new SeriesGeometryError(
        `${inst.source}: multi-frame image (${inst.numberOfFrames} frames) without functional groups; per-frame positions are unknown`,
      );
    }
    inst.frames.forEach((f, frame) => {
      out.push({
        inst, frame, slope: f.rescaleSlope, intercept: f.rescaleIntercept,
        descriptor: {
          ...base, label: `${inst.source} frame ${frame + 1}`,
          position: f.imagePositionPatient ?? undefined,
          orientation: f.imageOrientationPatient ?? inst.imageOrientationPatient,
          pixelSpacingMm: f.pixelSpacingMm ?? inst.pixelSpacingMm,
          sliceThicknessMm: f.sliceThicknessMm ?? inst.sliceThicknessMm,
        },
      });
    });
  }
  return out;
}

function checkPixelFormat(slices: SliceRef[]): void {
  for (const { inst } of slices) {
    if (inst.samplesPerPixel !== 1 || !MONOCHROME.has(inst.photometricInterpretation)) {
      throw new DicomUnsupportedError(
        `${inst.source}: PhotometricInterpretation ${inst.photometricInterpretation} with SamplesPerPixel ${inst.samplesPerPixel}; ` +
          'a volume needs single-sample MONOCHROME1 or MONOCHROME2 slices',
      );
    }
  }
}

function checkFrameOfReference(instances: DicomInstance[]): void {
  const uids = new Set(instances.map((i) => i.frameOfReferenceUid).filter((u): u is string => u !== undefined));
  if (uids.size > 1) {
    throw new SeriesGeometryError(
      `the series mixes ${uids.size} frames of reference (FrameOfReferenceUID (0020,0052)); positions are not comparable`,
    );
  }
}

function formatWarnings(instances: DicomInstance[]): string[] {
  const w: string[] = [];
  const syntaxes = new Set(instances.map((i) => i.transferSyntaxUid));
  if (syntaxes.size > 1) w.push(`slices use ${syntaxes.size} transfer syntaxes: ${[...syntaxes].join(', ')}`);
  if (instances.some((i) => i.photometricInterpretation === 'MONOCHROME1')) {
    w.push('MONOCHROME1 slices: values are rescaled as stored (the inversion is a display convention only)');
  }
  if (!instances.every((i) => i.hasRescale)) w.push('some slices have no RescaleSlope/RescaleIntercept: stored values used as is');
  return w;
}

function fitsInt16(slope: number, intercept: number, [lo, hi]: [number, number]): boolean {
  if (!Number.isInteger(slope) || !Number.isInteger(intercept)) return false;
  const a = lo * slope + intercept;
  const b = hi * slope + intercept;
  return Math.min(a, b) >= -32768 && Math.max(a, b) <= 32767;
}

function writeRescaled(out: VoxelData, offset: number, px: FramePixels, slope: number, intercept: number): void {
  const n = px.length;
  if (slope === 1 && intercept === 0) {
    out.set(px, offset);
    return;
  }
  if (slope === 1) {
    for (let i = 0; i < n; i++) out[offset + i] = px[i]! + intercept;
    return;
  }
  for (let i = 0; i < n; i++) out[offset + i] = px[i]! * slope + intercept;
}
