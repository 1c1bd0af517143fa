/**
 * One parsed DICOM file: the attributes needed to place its pixels in space, plus the
 * dicom-parser DataSet for pixel access. Built by `parseDicom`; holds no patient name or ID fields.
 */
import type { DataSet } from 'dicom-parser';
import type { Vec3 } from '../geometry.ts';

/**
 * Where one frame of a multi-frame (enhanced) image lies, from its functional groups.
 * Positions and cosines are DICOM patient coordinates (LPS+, mm).
 */
export interface FrameGeometry {
  imagePositionPatient?: Vec3;
  imageOrientationPatient?: [Vec3, Vec3];
  /** [between rows, between columns] in mm. */
  pixelSpacingMm?: [number, number];
  sliceThicknessMm?: number;
  rescaleSlope: number;
  rescaleIntercept: number;
}

export interface DicomInstance {
  /** Label for messages (a file name inside an upload), never a full path of a patient upload. */
  source: string;
  transferSyntaxUid: string;
  /** SOP Class UID (falls back to MediaStorageSOPClassUID when the data set's is empty; '' if both are). */
  sopClassUid: string;
  sopInstanceUid: string;
  /** '' when the file has none; `groupSeries` then groups by frame of reference and series number. */
  seriesInstanceUid: string;
  studyInstanceUid?: string;
  frameOfReferenceUid?: string;
  modality?: string;
  seriesDescription?: string;
  seriesNumber?: number;
  instanceNumber?: number;
  /** 0 when there is no pixel data. */
  rows: number;
  columns: number;
  numberOfFrames: number;
  bitsAllocated: number;
  bitsStored: number;
  highBit: number;
  pixelRepresentation: 0 | 1;
  samplesPerPixel: number;
  planarConfiguration: 0 | 1;
  photometricInterpretation: string;
  /** Modality LUT; 1 and 0 when absent (see `hasRescale`). */
  rescaleSlope: number;
  rescaleIntercept: number;
  /** True when RescaleSlope/Intercept were present (top level or in functional groups). */
  hasRescale: boolean;
  /** LPS+ mm, centre of the first transmitted pixel. */
  imagePositionPatient?: Vec3;
  /** [row cosines (direction of increasing column index), column cosines], unit vectors, LPS+. */
  imageOrientationPatient?: [Vec3, Vec3];
  /** PixelSpacing as stored: [between rows, between columns] in mm. */
  pixelSpacingMm?: [number, number];
  sliceThicknessMm?: number;
  spacingBetweenSlicesMm?: number;
  /** GantryDetectorTilt in degrees when present (informative; geometry is taken from positions). */
  gantryTiltDeg?: number;
  /** Per-frame geometry of an enhanced multi-frame image (length = numberOfFrames), else undefined. */
  frames?: FrameGeometry[];
  hasPixelData: boolean;
  dataSet: DataSet;
}
