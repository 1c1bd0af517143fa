/**
 * DICOM Part 10 parsing, pixel decoding and series assembly into volumes.
 */
export type { DicomInstance, FrameGeometry } from './dicom-instance.ts';
export { parseDicom, type ParseDicomLimits } from './parse-dicom.ts';
export { decodeFramePixels, type FramePixels } from './decode-frame-pixels.ts';
export { groupSeries, nonImageReason, type DicomSeriesGroup } from './group-series.ts';
export { assembleVolume, type AssembleVolumeOptions, type SeriesAssemblyReport } from './assemble-volume.ts';
export {
  resolveStackGeometry, ORIENTATION_TOLERANCE, PIXEL_SPACING_TOLERANCE_MM, DUPLICATE_TOLERANCE_MM, GAP_FACTOR,
  SPACING_TOLERANCE_MM, TILT_TOLERANCE_DEG, type SliceDescriptor, type StackGeometry, type StackGeometryOptions,
} from './stack-geometry.ts';
export {
  isNativeTransferSyntax, IMPLICIT_VR_LITTLE_ENDIAN, EXPLICIT_VR_LITTLE_ENDIAN, DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN,
  EXPLICIT_VR_BIG_ENDIAN,
} from './transfer-syntax.ts';
