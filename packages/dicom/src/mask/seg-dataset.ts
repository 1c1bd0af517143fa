/**
 * Small readers over a dicom-parser DataSet for the DICOM SEG reader: sequences, numbers, strings.
 * Messages name the attribute by keyword and tag, never its value.
 */
import type { DataSet } from 'dicom-parser';
import { DicomParseError } from '../errors.ts';

/** Tags the SEG reader uses, as dicom-parser names them. */
export const SEG_TAGS = {
  sopClassUid: ['x00080016', 'SOPClassUID'],
  transferSyntaxUid: ['x00020010', 'TransferSyntaxUID'],
  rows: ['x00280010', 'Rows'],
  columns: ['x00280011', 'Columns'],
  numberOfFrames: ['x00280008', 'NumberOfFrames'],
  bitsAllocated: ['x00280100', 'BitsAllocated'],
  segmentationType: ['x00620001', 'SegmentationType'],
  maxFractionalValue: ['x0062000e', 'MaximumFractionalValue'],
  segmentSequence: ['x00620002', 'SegmentSequence'],
  segmentNumber: ['x00620004', 'SegmentNumber'],
  segmentLabel: ['x00620005', 'SegmentLabel'],
  sharedFg: ['x52009229', 'SharedFunctionalGroupsSequence'],
  perFrameFg: ['x52009230', 'PerFrameFunctionalGroupsSequence'],
  planeOrientationSeq: ['x00209116', 'PlaneOrientationSequence'],
  imageOrientation: ['x00200037', 'ImageOrientationPatient'],
  pixelMeasuresSeq: ['x00289110', 'PixelMeasuresSequence'],
  pixelSpacing: ['x00280030', 'PixelSpacing'],
  sliceThickness: ['x00180050', 'SliceThickness'],
  spacingBetweenSlices: ['x00180088', 'SpacingBetweenSlices'],
  planePositionSeq: ['x00209113', 'PlanePositionSequence'],
  imagePosition: ['x00200032', 'ImagePositionPatient'],
  segmentIdentificationSeq: ['x0062000a', 'SegmentIdentificationSequence'],
  referencedSegmentNumber: ['x0062000b', 'ReferencedSegmentNumber'],
  pixelData: ['x7fe00010', 'PixelData'],
} as const satisfies Record<string, readonly [string, string]>;

export type SegTag = (typeof SEG_TAGS)[keyof typeof SEG_TAGS];

export function label(t: SegTag): string {
  const hex = t[0].slice(1).toUpperCase();
  return `${t[1]} (${hex.slice(0, 4)},${hex.slice(4)})`;
}

/** The data sets of a sequence's items ([] when absent). */
export function items(ds: DataSet, t: SegTag): DataSet[] {
  const el = ds.elements[t[0]];
  return el?.items?.map((it) => it.dataSet).filter((d): d is DataSet => d !== undefined) ?? [];
}

/** First item of a sequence, or undefined. */
export function firstItem(ds: DataSet | undefined, t: SegTag): DataSet | undefined {
  return ds ? items(ds, t)[0] : undefined;
}

/** Trimmed string value, undefined when absent or empty. */
export function str(ds: DataSet, t: SegTag): string | undefined {
  const el = ds.elements[t[0]];
  if (!el || el.length === 0) return undefined;
  const s = ds.string(t[0])?.replace(/\0+$/, '').trim();
  return s ? s : undefined;
}

/** `count` backslash-separated decimal numbers (DS / IS), undefined when absent. */
export function nums(ds: DataSet | undefined, t: SegTag, count: number): number[] | undefined {
  if (!ds) return undefined;
  const s = str(ds, t);
  if (s === undefined) return undefined;
  const parts = s.split('\\').map((p) => Number(p.trim()));
  if (parts.length < count || parts.slice(0, count).some((v) => !Number.isFinite(v))) {
    throw new DicomParseError(`${label(t)} must hold ${count} finite number(s)`);
  }
  return parts.slice(0, count);
}

/** A US value, undefined when absent. */
export function us(ds: DataSet, t: SegTag): number | undefined {
  const el = ds.elements[t[0]];
  if (!el || el.length < 2) return undefined;
  return ds.uint16(t[0]);
}
