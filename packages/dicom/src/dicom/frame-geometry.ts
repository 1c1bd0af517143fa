/**
 * Per-frame geometry of enhanced multi-frame images (Enhanced CT and similar), read from the
 * Shared and Per-Frame Functional Groups Sequences (PS3.3 C.7.6.16). A per-frame macro overrides
 * the shared one. Positions and cosines are LPS+ mm, as stored.
 */
import type { DataSet } from 'dicom-parser';
import { DicomParseError } from '../errors.ts';
import type { FrameGeometry } from './dicom-instance.ts';
import {
  firstItem, itemAt, readNumber, readOrientation, readPixelSpacing, readVec3, tagLabel, type TagRef,
} from './read-values.ts';
import { TAGS } from './tags.ts';

/** The macro item for `seq`, from the frame's functional group first, then the shared group. */
function macro(perFrame: DataSet | undefined, shared: DataSet | undefined, seq: TagRef): DataSet | undefined {
  return (perFrame && firstItem(perFrame, seq)) ?? (shared && firstItem(shared, seq));
}

/**
 * Read each frame's position, orientation, pixel measures and rescale.
 * @returns one entry per frame, or undefined when the data set has no functional groups.
 * @throws DicomParseError when the per-frame sequence has fewer items than NumberOfFrames.
 */
export function readFrameGeometry(ds: DataSet, numberOfFrames: number, source: string): FrameGeometry[] | undefined {
  const perFrameEl = ds.elements[TAGS.perFrameFunctionalGroups.tag];
  const shared = firstItem(ds, TAGS.sharedFunctionalGroups);
  if (perFrameEl === undefined && shared === undefined) return undefined;
  const itemCount = perFrameEl?.items?.length ?? 0;
  if (perFrameEl !== undefined && itemCount < numberOfFrames) {
    throw new DicomParseError(
      `${tagLabel(TAGS.perFrameFunctionalGroups)} has ${itemCount} item(s) but NumberOfFrames is ${numberOfFrames}`,
      { source },
    );
  }
  const frames: FrameGeometry[] = [];
  for (let f = 0; f < numberOfFrames; f++) {
    const per = itemAt(ds, TAGS.perFrameFunctionalGroups, f);
    const where = `${source} frame ${f + 1}`;
    const pos = macro(per, shared, TAGS.planePositionSequence);
    const ori = macro(per, shared, TAGS.planeOrientationSequence);
    const measures = macro(per, shared, TAGS.pixelMeasuresSequence);
    const pvt = macro(per, shared, TAGS.pixelValueTransformationSequence);
    const frame: FrameGeometry = {
      rescaleSlope: (pvt && readNumber(pvt, TAGS.rescaleSlope, where)) ?? 1,
      rescaleIntercept: (pvt && readNumber(pvt, TAGS.rescaleIntercept, where)) ?? 0,
    };
    const ipp = pos && readVec3(pos, TAGS.imagePositionPatient, where);
    if (ipp) frame.imagePositionPatient = ipp;
    const iop = ori && readOrientation(ori, TAGS.imageOrientationPatient, where);
    if (iop) frame.imageOrientationPatient = iop;
    const spacing = measures && readPixelSpacing(measures, TAGS.pixelSpacing, where);
    if (spacing) frame.pixelSpacingMm = spacing;
    const thickness = measures && readNumber(measures, TAGS.sliceThickness, where);
    if (thickness !== undefined) frame.sliceThicknessMm = thickness;
    frames.push(frame);
  }
  return frames;
}

/** True when any frame's functional groups carry a Pixel Value Transformation (rescale). */
export function framesHaveRescale(ds: DataSet): boolean {
  const shared = firstItem(ds, TAGS.sharedFunctionalGroups);
  if (shared && firstItem(shared, TAGS.pixelValueTransformationSequence)) return true;
  const per = itemAt(ds, TAGS.perFrameFunctionalGroups, 0);
  return per !== undefined && firstItem(per, TAGS.pixelValueTransformationSequence) !== undefined;
}
