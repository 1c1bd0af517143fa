/**
 * readDicomSeg: a DICOM Segmentation object (BINARY or FRACTIONAL) as a label map on its own grid.
 */
import dicomParser, { type DataSet } from 'dicom-parser';
import { DicomParseError, DicomUnsupportedError, InputTooLargeError, MaskGridError, describeThrown } from '../errors.ts';
import { cross3, dicomAffineLps, dot3, lpsToRas, norm3, type Vec3 } from '../geometry.ts';
import type { LabelVolume } from '../volume.ts';
import { SEG_TAGS as T, firstItem, items, label, nums, str, us } from './seg-dataset.ts';

export const SEGMENTATION_STORAGE_UID = '1.2.840.10008.5.1.4.1.1.66.4';
/** Voxel limit of a SEG's output grid (rows × columns × slices), checked before allocating. */
export const DEFAULT_SEG_MAX_VOXELS = 2 ** 28;
const NATIVE_SYNTAXES = new Set(['1.2.840.10008.1.2', '1.2.840.10008.1.2.1']);

export interface DicomSegResult {
  /** Label map: voxel value = segment number (1..255), 0 = background; grid from the SEG itself. */
  mask: LabelVolume;
  /** Segments declared in SegmentSequence, by number. */
  segments: { number: number; label: string }[];
  /** Documented handling (fractional threshold, overlaps). */
  notes: string[];
}

interface Frame {
  index: number;
  segment: number;
  position: Vec3;
}

/**
 * Read a DICOM SEG (Segmentation Storage, uncompressed explicit or implicit VR little endian).
 *
 * Geometry comes from the functional groups: ImageOrientationPatient (PlaneOrientationSequence) and
 * PixelSpacing (PixelMeasuresSequence) from the per-frame item or else the shared one, and each frame's
 * ImagePositionPatient (PlanePositionSequence). Frames are placed by their position along the slice
 * normal (row × column direction); the slice step is the smallest distance between distinct positions
 * (or SpacingBetweenSlices when there is only one position), every position must lie on that lattice.
 * The grid spans from the lowest to the highest frame position. Affine in RAS+ (converted from LPS).
 *
 * BINARY: 1 bit per pixel, packed LSB first across frames. FRACTIONAL: 8 bits; a pixel is in the segment
 * when its value is at least half of MaximumFractionalValue. Overlapping segments: the HIGHER segment
 * number wins (frames are painted in increasing segment number).
 * @throws DicomParseError for unreadable files or missing/malformed attributes
 * @throws DicomUnsupportedError for other SOP classes, compressed pixel data or mixed orientations
 * @throws MaskGridError when frame positions do not form a regular grid
 * @throws InputTooLargeError when the grid exceeds `maxVoxels`
 */
export function readDicomSeg(bytes: Uint8Array, opts: { maxVoxels?: number } = {}): DicomSegResult {
  let ds: DataSet;
  try {
    ds = dicomParser.parseDicom(bytes);
  } catch (e) {
    const inner = e !== null && typeof e === 'object' && 'exception' in e ? e.exception : e;
    throw new DicomParseError(`DICOM SEG could not be parsed: ${describeThrown(inner).slice(0, 200)}`);
  }
  if (str(ds, T.sopClassUid) !== SEGMENTATION_STORAGE_UID) {
    throw new DicomUnsupportedError(`not a DICOM SEG: ${label(T.sopClassUid)} is not Segmentation Storage (${SEGMENTATION_STORAGE_UID})`);
  }
  const ts = str(ds, T.transferSyntaxUid);
  if (ts !== undefined && !NATIVE_SYNTAXES.has(ts)) {
    throw new DicomUnsupportedError(`DICOM SEG transfer syntax ${ts} is not supported; only uncompressed little endian`);
  }
  const rows = required(us(ds, T.rows), T.rows);
  const cols = required(us(ds, T.columns), T.columns);
  const nFrames = required(nums(ds, T.numberOfFrames, 1)?.[0], T.numberOfFrames);
  if (!(rows > 0 && cols > 0 && Number.isInteger(nFrames) && nFrames > 0)) {
    throw new DicomParseError(`Rows, Columns and NumberOfFrames must be positive integers`);
  }
  const type = str(ds, T.segmentationType);
  const bits = us(ds, T.bitsAllocated);
  if (!((type === 'BINARY' && bits === 1) || (type === 'FRACTIONAL' && bits === 8))) {
    throw new DicomUnsupportedError(`${label(T.segmentationType)} must be BINARY with 1 bit or FRACTIONAL with 8 bits allocated`);
  }
  const notes: string[] = [];
  const segments = items(ds, T.segmentSequence).map((s) => ({
    number: required(us(s, T.segmentNumber), T.segmentNumber),
    label: str(s, T.segmentLabel) ?? '',
  }));
  for (const s of segments) {
    if (s.number < 1 || s.number > 255) throw new DicomUnsupportedError(`${label(T.segmentNumber)} must be 1..255 for a label map; got ${s.number}`);
  }
  const shared = firstItem(ds, T.sharedFg);
  const perFrame = items(ds, T.perFrameFg);
  if (perFrame.length !== nFrames) {
    throw new DicomParseError(`${label(T.perFrameFg)} has ${perFrame.length} items; NumberOfFrames is ${nFrames}`);
  }
  const sharedIop = nums(firstItem(shared, T.planeOrientationSeq), T.imageOrientation, 6);
  const sharedPs = nums(firstItem(shared, T.pixelMeasuresSeq), T.pixelSpacing, 2);
  let iop: number[] | undefined;
  let ps: number[] | undefined;
  const frames: Frame[] = perFrame.map((f, index) => {
    const fIop = nums(firstItem(f, T.planeOrientationSeq), T.imageOrientation, 6) ?? sharedIop;
    const fPs = nums(firstItem(f, T.pixelMeasuresSeq), T.pixelSpacing, 2) ?? sharedPs;
    if (!fIop) throw new DicomParseError(`frame ${index + 1}: no ${label(T.imageOrientation)} in the functional groups`);
    if (!fPs) throw new DicomParseError(`frame ${index + 1}: no ${label(T.pixelSpacing)} in the functional groups`);
    if (!iop) iop = fIop;
    else if (fIop.some((v, a) => Math.abs(v - iop![a]!) > 1e-4)) {
      throw new DicomUnsupportedError(`DICOM SEG frames have different orientations (${label(T.imageOrientation)}); one orientation is required`);
    }
    if (!ps) ps = fPs;
    else if (fPs.some((v, a) => Math.abs(v - ps![a]!) > 1e-4)) {
      throw new MaskGridError(`DICOM SEG frames have different ${label(T.pixelSpacing)}`);
    }
    const pos = nums(firstItem(f, T.planePositionSeq), T.imagePosition, 3);
    if (!pos) throw new DicomParseError(`frame ${index + 1}: no ${label(T.imagePosition)} in PlanePositionSequence`);
    const segSeq = firstItem(f, T.segmentIdentificationSeq);
    const segment = segSeq ? us(segSeq, T.referencedSegmentNumber) : undefined;
    if (segment === undefined) throw new DicomParseError(`frame ${index + 1}: no ${label(T.referencedSegmentNumber)}`);
    if (segment < 1 || segment > 255) throw new DicomUnsupportedError(`frame ${index + 1}: ${label(T.referencedSegmentNumber)} must be 1..255; got ${segment}`);
    return { index, segment, position: pos as Vec3 };
  });
  const rowDir = iop!.slice(0, 3) as Vec3;
  const colDir = iop!.slice(3, 6) as Vec3;
  const normalRaw = cross3(rowDir, colDir);
  if (Math.abs(norm3(rowDir) - 1) > 1e-3 || Math.abs(norm3(colDir) - 1) > 1e-3 || Math.abs(norm3(normalRaw) - 1) > 1e-3) {
    throw new DicomParseError(`${label(T.imageOrientation)} must be two orthogonal unit vectors`);
  }
  const normal = normalRaw;
  const spacingHint = nums(firstItem(shared, T.pixelMeasuresSeq), T.spacingBetweenSlices, 1)?.[0] ?? nums(firstItem(shared, T.pixelMeasuresSeq), T.sliceThickness, 1)?.[0];
  const { sliceOf, nSlices, step, origin } = placeFrames(frames, normal, rowDir, colDir, spacingHint);
  const voxels = cols * rows * nSlices;
  const limit = opts.maxVoxels ?? DEFAULT_SEG_MAX_VOXELS;
  if (voxels > limit) throw new InputTooLargeError('DICOM SEG grid (voxels)', voxels, limit);

  const pixel = ds.elements[T.pixelData[0]];
  if (!pixel || pixel.encapsulatedPixelData) {
    throw new DicomUnsupportedError(`${label(T.pixelData)} is missing or encapsulated (compressed)`);
  }
  const framePixels = rows * cols;
  const needed = type === 'BINARY' ? Math.ceil((framePixels * nFrames) / 8) : framePixels * nFrames;
  if (pixel.length < needed || pixel.dataOffset + needed > ds.byteArray.length) {
    throw new DicomParseError(`${label(T.pixelData)} has ${pixel.length} bytes; ${nFrames} frames of ${rows}×${cols} need ${needed}`);
  }
  const px = ds.byteArray.subarray(pixel.dataOffset, pixel.dataOffset + needed);
  let threshold = 1;
  if (type === 'FRACTIONAL') {
    const maxFrac = us(ds, T.maxFractionalValue) ?? 255;
    threshold = Math.max(1, Math.ceil(maxFrac / 2));
    notes.push(`FRACTIONAL segmentation thresholded at ${threshold} of ${maxFrac} (50%)`);
  }
  const data = new Uint8Array(voxels);
  const order = frames.slice().sort((a, b) => a.segment - b.segment || a.index - b.index);
  let overlaps = 0;
  for (const f of order) {
    const base = sliceOf[f.index]! * framePixels;
    const start = f.index * framePixels;
    for (let p = 0; p < framePixels; p++) {
      const on = type === 'BINARY' ? (px[(start + p) >> 3]! >> ((start + p) & 7)) & 1 : px[start + p]! >= threshold ? 1 : 0;
      if (on) {
        if (data[base + p] !== 0 && data[base + p] !== f.segment) overlaps++;
        data[base + p] = f.segment;
      }
    }
  }
  if (overlaps > 0) notes.push(`${overlaps} voxels belong to more than one segment; the higher segment number was kept`);
  const affineLps = dicomAffineLps(rowDir, colDir, origin, [ps![0]!, ps![1]!], [normal[0] * step, normal[1] * step, normal[2] * step]);
  const labels: Record<number, string> = {};
  for (const s of segments) labels[s.number] = s.label || `segment ${s.number}`;
  return {
    mask: { dims: [cols, rows, nSlices], spacingMm: [ps![1]!, ps![0]!, step], affineRas: lpsToRas(affineLps), data, labels },
    segments,
    notes,
  };
}

function required<V>(v: V | undefined, t: (typeof T)[keyof typeof T]): V {
  if (v === undefined) throw new DicomParseError(`${label(t)} is missing`);
  return v;
}

/**
 * Slice index of each frame from its distance along the normal; the origin is the in-plane position of
 * the lowest frame. Frames must share one in-plane offset and lie on one regular lattice.
 */
function placeFrames(frames: Frame[], normal: Vec3, rowDir: Vec3, colDir: Vec3, spacingHint: number | undefined) {
  const dist = frames.map((f) => dot3(f.position, normal));
  const sorted = [...new Set(dist.map((d) => Math.round(d * 1e4) / 1e4))].sort((a, b) => a - b);
  const distinct: number[] = [];
  for (const d of sorted) if (distinct.length === 0 || d - distinct[distinct.length - 1]! > 1e-3) distinct.push(d);
  let step = Infinity;
  for (let s = 1; s < distinct.length; s++) step = Math.min(step, distinct[s]! - distinct[s - 1]!);
  if (!Number.isFinite(step)) step = spacingHint && spacingHint > 0 ? spacingHint : 1;
  const d0 = distinct[0]!;
  const sliceOf = dist.map((d) => {
    const t = (d - d0) / step;
    if (Math.abs(t - Math.round(t)) > 0.1) {
      throw new MaskGridError(`DICOM SEG frame positions are not evenly spaced along the slice normal (step ${step.toFixed(3)} mm, a frame is ${(d - d0).toFixed(3)} mm from the first)`);
    }
    return Math.round(t);
  });
  const lowest = frames[dist.indexOf(Math.min(...dist))]!.position;
  for (const f of frames) {
    const delta: Vec3 = [f.position[0] - lowest[0], f.position[1] - lowest[1], f.position[2] - lowest[2]];
    if (Math.abs(dot3(delta, rowDir)) > 0.01 || Math.abs(dot3(delta, colDir)) > 0.01) {
      throw new MaskGridError('DICOM SEG frames are shifted in-plane against each other; cannot stack them on one grid');
    }
  }
  return { sliceOf, nSlices: Math.max(...sliceOf) + 1, step, origin: lowest };
}
