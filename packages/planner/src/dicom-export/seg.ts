/**
 * A label map as a DICOM Segmentation (SEG, BINARY): one segment per label, one frame per slice that
 * holds the segment, frames packed bit by bit one after another (PS3.3 C.8.20.2). Geometry in the
 * shared and per-frame functional groups; each frame names the image it segments (Derivation Image
 * Sequence) when the segmented series is known.
 *
 * Why not dcmjs's `derivations.Segmentation`: it builds a SEG from the referenced images' full data sets,
 * which an export from a plan bundle does not hold (it has the volume and the references), and it writes
 * every frame of every segment, including empty ones. We assemble the module attributes here; dcmjs
 * encodes them (part10.ts).
 */
import type { LabelVolume } from '@mewm/dicom';
import { ascii, SEGMENTATION_STORAGE, type ExportIdentity } from './export-identity.ts';
import type { NaturalDataset } from './part10.ts';
import { ds, sliceGeometry } from './slice-geometry.ts';
import type { SourceImage } from './ct-series.ts';

export interface Code { CodeValue: string; CodingSchemeDesignator: string; CodeMeaning: string }

export interface SegmentSpec {
  /** Voxel value of the segment in the label map. */
  value: number;
  label: string;
  description?: string;
  category: Code;
  type: Code;
  /** Display colour, CIELab as DICOM stores it (0…65535 each). */
  cielab?: [number, number, number];
}

export interface SegOptions {
  sopInstanceUid: string;
  seriesInstanceUid: string;
  seriesNumber: number;
  seriesDescription: string;
  contentLabel: string;
  contentDescription: string;
  segments: readonly SegmentSpec[];
  /** The segmented series: its UID and the image behind slice k. */
  referenced?: { seriesInstanceUid: string; image: (k: number) => SourceImage };
  /** Algorithm that made the segments (Segment Algorithm Name). */
  algorithmName: string;
}

/** DICOM 121322 purpose and 113076 "Segmentation" derivation (PS3.16 CID 7202, CID 7203). */
const SOURCE_FOR_PROCESSING = { CodeValue: '121322', CodingSchemeDesignator: 'DCM', CodeMeaning: 'Source image for image processing operation' };
const SEGMENTATION_DERIVATION = { CodeValue: '113076', CodingSchemeDesignator: 'DCM', CodeMeaning: 'Segmentation' };

/** The segments present in `mask` (with at least one voxel) as a SEG data set; undefined when none is. */
export function segDataset(mask: LabelVolume, identity: ExportIdentity, o: SegOptions): NaturalDataset | undefined {
  const [nx, ny, nz] = mask.dims;
  const n = nx * ny;
  const g = sliceGeometry(mask);
  // one pass over the volume: which label values each slice holds
  const inSlice: Array<Set<number>> = [];
  for (let k = 0; k < nz; k++) {
    const values = new Set<number>();
    for (let i = k * n, end = i + n; i < end; i++) {
      const v = mask.data[i]!;
      if (v !== 0) values.add(v);
    }
    inSlice.push(values);
  }
  const present = o.segments.filter((s) => inSlice.some((values) => values.has(s.value)));
  if (present.length === 0) return undefined;
  const frames: Array<{ segment: number; k: number }> = [];
  present.forEach((s, index) => {
    for (let k = 0; k < nz; k++) if (inSlice[k]!.has(s.value)) frames.push({ segment: index + 1, k });
  });
  // BINARY: one bit per pixel, frames back to back, the first pixel in the least significant bit
  const bits = new Uint8Array(Math.ceil((frames.length * n) / 8) + ((Math.ceil((frames.length * n) / 8)) % 2));
  frames.forEach(({ segment, k }, f) => {
    const value = present[segment - 1]!.value;
    const base = f * n;
    for (let i = 0; i < n; i++) {
      if (mask.data[k * n + i] === value) bits[(base + i) >> 3]! |= 1 << ((base + i) & 7);
    }
  });
  const dimensionOrganizationUid = `${o.sopInstanceUid}.1`.length <= 64 ? `${o.sopInstanceUid}.1` : o.sopInstanceUid;
  const ref = o.referenced;
  return {
    ...identity.common,
    SOPClassUID: SEGMENTATION_STORAGE,
    SOPInstanceUID: o.sopInstanceUid,
    Modality: 'SEG',
    SeriesInstanceUID: o.seriesInstanceUid,
    SeriesNumber: o.seriesNumber,
    SeriesDescription: ascii(o.seriesDescription, 64),
    FrameOfReferenceUID: identity.frameOfReferenceUid,
    PositionReferenceIndicator: '',
    InstanceNumber: 1,
    ImageType: ['DERIVED', 'PRIMARY'],
    ContentLabel: ascii(o.contentLabel, 16).toUpperCase().replace(/[^A-Z0-9_ ]/g, '_'),
    ContentDescription: ascii(o.contentDescription, 64),
    ContentCreatorName: '',
    SegmentationType: 'BINARY',
    SamplesPerPixel: 1,
    PhotometricInterpretation: 'MONOCHROME2',
    Rows: ny,
    Columns: nx,
    BitsAllocated: 1,
    BitsStored: 1,
    HighBit: 0,
    PixelRepresentation: 0,
    LossyImageCompression: '00',
    NumberOfFrames: frames.length,
    SegmentSequence: present.map((s, index) => ({
      SegmentNumber: index + 1,
      SegmentLabel: ascii(s.label, 64),
      ...(s.description ? { SegmentDescription: ascii(s.description, 64) } : {}),
      SegmentAlgorithmType: 'AUTOMATIC',
      SegmentAlgorithmName: ascii(o.algorithmName, 64),
      SegmentedPropertyCategoryCodeSequence: [s.category],
      SegmentedPropertyTypeCodeSequence: [s.type],
      ...(s.cielab ? { RecommendedDisplayCIELabValue: s.cielab } : {}),
    })),
    DimensionOrganizationSequence: [{ DimensionOrganizationUID: dimensionOrganizationUid }],
    DimensionIndexSequence: [
      {
        DimensionOrganizationUID: dimensionOrganizationUid,
        DimensionIndexPointer: 0x0062000b, // Referenced Segment Number
        FunctionalGroupPointer: 0x0062000a, // Segment Identification Sequence
        DimensionDescriptionLabel: 'Segment Number',
      },
      {
        DimensionOrganizationUID: dimensionOrganizationUid,
        DimensionIndexPointer: 0x00200032, // Image Position (Patient)
        FunctionalGroupPointer: 0x00209113, // Plane Position Sequence
        DimensionDescriptionLabel: 'Image Position',
      },
    ],
    SharedFunctionalGroupsSequence: [{
      PlaneOrientationSequence: [{ ImageOrientationPatient: g.orientation.map(ds) }],
      PixelMeasuresSequence: [{ PixelSpacing: g.pixelSpacing.map(ds), SliceThickness: ds(g.sliceStepMm), SpacingBetweenSlices: ds(g.sliceStepMm) }],
    }],
    PerFrameFunctionalGroupsSequence: frames.map(({ segment, k }) => {
      const image = ref?.image(k);
      return {
        FrameContentSequence: [{ DimensionIndexValues: [segment, k + 1] }],
        PlanePositionSequence: [{ ImagePositionPatient: g.position(k).map(ds) }],
        SegmentIdentificationSequence: [{ ReferencedSegmentNumber: segment }],
        ...(image ? {
          DerivationImageSequence: [{
            SourceImageSequence: [{
              ReferencedSOPClassUID: image.sopClassUid,
              ReferencedSOPInstanceUID: image.sopInstanceUid,
              ...(image.frameNumber !== undefined ? { ReferencedFrameNumber: image.frameNumber } : {}),
              PurposeOfReferenceCodeSequence: [SOURCE_FOR_PROCESSING],
            }],
            DerivationCodeSequence: [SEGMENTATION_DERIVATION],
          }],
        } : {}),
      };
    }),
    ...(ref ? {
      ReferencedSeriesSequence: [{
        SeriesInstanceUID: ref.seriesInstanceUid,
        ReferencedInstanceSequence: uniqueImages(nz, ref.image).map((im) => ({ ReferencedSOPClassUID: im.sopClassUid, ReferencedSOPInstanceUID: im.sopInstanceUid })),
      }],
    } : {}),
    PixelData: [bits.buffer],
    _vrMap: { PixelData: 'OB' },
  };
}

function uniqueImages(nz: number, image: (k: number) => SourceImage): SourceImage[] {
  const seen = new Map<string, SourceImage>();
  for (let k = 0; k < nz; k++) {
    const im = image(k);
    if (!seen.has(im.sopInstanceUid)) seen.set(im.sopInstanceUid, im);
  }
  return [...seen.values()];
}
