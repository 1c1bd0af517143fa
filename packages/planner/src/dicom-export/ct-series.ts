/**
 * A volume as a classic CT series (CT Image Storage, one instance per slice): what a PACS and every
 * viewer reads. Used for each simulated follow-up (ImageType DERIVED\SECONDARY, Synthetic Data YES, a
 * Source Image Sequence naming the pre-treatment slice it was simulated from) and, when a plan's CT was
 * not DICOM, for the input CT itself. Voxels are HU, stored as signed 16-bit with slope 1, intercept 0.
 */
import type { Volume } from '@mewm/dicom';
import { ascii, CT_IMAGE_STORAGE, type ExportIdentity } from './export-identity.ts';
import type { NaturalDataset } from './part10.ts';
import { ds, sliceGeometry } from './slice-geometry.ts';

export interface SourceImage { sopClassUid: string; sopInstanceUid: string; frameNumber?: number }

export interface CtSeriesOptions {
  seriesInstanceUid: string;
  seriesNumber: number;
  /** Starts with the research-use label (RESEARCH_USE_SERIES_PREFIX). */
  seriesDescription: string;
  /** SOP Instance UID of slice k. */
  instanceUid(k: number): string;
  /** Simulated images: Synthetic Data YES. */
  synthetic: boolean;
  /** What was done to make the images (Derivation Description, 1024 characters at most). */
  derivation: string;
  /** Research-use label, model versions (Image Comments). */
  comments: string;
  /** The image slice k was derived from (Source Image Sequence), when there is one. */
  sourceImage?: (k: number) => SourceImage;
}

/** DICOM 121322: "Source image for image processing operation" (PS3.16 CID 7202). */
const SOURCE_FOR_PROCESSING = { CodeValue: '121322', CodingSchemeDesignator: 'DCM', CodeMeaning: 'Source image for image processing operation' };

/** Slice k of the series as a data set (pixel data copied, int16 little endian). */
export function ctSliceDataset(volume: Volume, k: number, identity: ExportIdentity, o: CtSeriesOptions): NaturalDataset {
  const [nx, ny] = volume.dims;
  const g = sliceGeometry(volume);
  const n = nx * ny;
  const pixels = new Int16Array(n);
  const src = volume.data;
  for (let i = 0, off = k * n; i < n; i++) {
    const v = Math.round(src[off + i]!);
    pixels[i] = v < -32768 ? -32768 : v > 32767 ? 32767 : v;
  }
  const source = o.sourceImage?.(k);
  return {
    ...identity.common,
    SOPClassUID: CT_IMAGE_STORAGE,
    SOPInstanceUID: o.instanceUid(k),
    Modality: 'CT',
    SeriesInstanceUID: o.seriesInstanceUid,
    SeriesNumber: o.seriesNumber,
    SeriesDescription: ascii(o.seriesDescription, 64),
    PatientPosition: '',
    // a liver CT; naming the (unpaired) region is what makes Laterality unnecessary (General Series, Type 2C)
    BodyPartExamined: 'ABDOMEN',
    FrameOfReferenceUID: identity.frameOfReferenceUid,
    PositionReferenceIndicator: '',
    ImageType: ['DERIVED', 'SECONDARY', g.axial ? 'AXIAL' : 'OTHER'],
    InstanceNumber: k + 1,
    AcquisitionNumber: '',
    PatientOrientation: '',
    ImageComments: ascii(o.comments, 10240),
    BurnedInAnnotation: 'NO',
    SyntheticData: o.synthetic ? 'YES' : 'NO',
    DerivationDescription: ascii(o.derivation, 1024),
    ...(source ? {
      SourceImageSequence: [{
        ReferencedSOPClassUID: source.sopClassUid,
        ReferencedSOPInstanceUID: source.sopInstanceUid,
        ...(source.frameNumber !== undefined ? { ReferencedFrameNumber: source.frameNumber } : {}),
        PurposeOfReferenceCodeSequence: [SOURCE_FOR_PROCESSING],
      }],
    } : {}),
    ImagePositionPatient: g.position(k).map(ds),
    ImageOrientationPatient: g.orientation.map(ds),
    PixelSpacing: g.pixelSpacing.map(ds),
    SliceThickness: ds(g.sliceStepMm),
    SamplesPerPixel: 1,
    PhotometricInterpretation: 'MONOCHROME2',
    Rows: ny,
    Columns: nx,
    BitsAllocated: 16,
    BitsStored: 16,
    HighBit: 15,
    PixelRepresentation: 1,
    RescaleIntercept: '0',
    RescaleSlope: '1',
    RescaleType: 'HU',
    KVP: '',
    // abdominal soft-tissue window (W 400, L 40), the preset the plan PDF and the viewer open with
    WindowCenter: '40',
    WindowWidth: '400',
    PixelData: [pixels.buffer],
    _vrMap: { PixelData: 'OW' },
  };
}
