/**
 * parseDicom: DICOM Part 10 bytes → DicomInstance (attributes + dicom-parser DataSet).
 *
 * Reads Part 10 files with the "DICM" preamble, a file meta group without preamble, and bare data
 * sets without meta group (explicit or implicit VR little endian, guessed from the first element).
 * Deflated transfer syntax is inflated with node:zlib under a size limit. Pixel data is not decoded
 * here (see decodeFramePixels); only its presence and the attributes that describe it are read.
 */
import { inflateRawSync } from 'node:zlib';
import dicomParser, { type DataSet, type ParseDicomOptions } from 'dicom-parser';
import { DicomParseError, InputTooLargeError, describeThrown } from '../errors.ts';
import type { DicomInstance } from './dicom-instance.ts';
import { framesHaveRescale, readFrameGeometry } from './frame-geometry.ts';
import {
  readInteger, readNumber, readOrientation, readPixelSpacing, readString, readUint16, readVec3, tagLabel,
} from './read-values.ts';
import { TAGS } from './tags.ts';
import { EXPLICIT_VR_LITTLE_ENDIAN, IMPLICIT_VR_LITTLE_ENDIAN, isPlausibleUid } from './transfer-syntax.ts';

export interface ParseDicomLimits {
  /** Largest inflated size of a deflated data set, in bytes (default 1 GiB). */
  maxInflatedBytes?: number;
}

const DEFAULT_MAX_INFLATED_BYTES = 1024 ** 3;
const MAX_FRAMES = 100_000;

/**
 * Parse one DICOM file. Pixel data stays in `dataSet` (views over `bytes` when not deflated).
 * @param bytes  the whole file
 * @param source a label for messages (file name), never a full path of a patient upload
 * @throws DicomParseError for non-DICOM, truncated or malformed input (naming the tag);
 *         InputTooLargeError when a deflated data set inflates past `maxInflatedBytes`.
 */
export function parseDicom(bytes: Uint8Array, source: string, limits: ParseDicomLimits = {}): DicomInstance {
  if (!(bytes instanceof Uint8Array)) {
    throw new DicomParseError('input must be a Uint8Array of file bytes', { source });
  }
  if (bytes.length < 8) {
    throw new DicomParseError(`file is ${bytes.length} bytes; a DICOM data set needs at least 8`, { source });
  }
  const maxInflated = limits.maxInflatedBytes ?? DEFAULT_MAX_INFLATED_BYTES;
  const input = toParserInput(bytes, source);
  let tooLarge = false;
  const options: ParseDicomOptions = {
    ...input.options,
    inflater: (arr: Uint8Array, position: number) => {
      let inflated: Uint8Array;
      try {
        inflated = inflateRawSync(arr.subarray(position), { maxOutputLength: maxInflated });
      } catch (e) {
        if ((e as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') tooLarge = true;
        throw e;
      }
      const full = new Uint8Array(position + inflated.length);
      full.set(arr.subarray(0, position), 0);
      full.set(inflated, position);
      return full;
    },
  };
  let dataSet: DataSet;
  try {
    dataSet = dicomParser.parseDicom(input.bytes, options);
  } catch (e) {
    if (tooLarge) throw new InputTooLargeError(`${source}: inflated data set`, maxInflated + 1, maxInflated);
    throw new DicomParseError(`not a readable DICOM file (${parserMessage(e)})`, { source, cause: undefined });
  }
  const transferSyntaxUid = input.transferSyntaxUid ?? readString(dataSet, TAGS.transferSyntaxUid, source);
  if (transferSyntaxUid === undefined || !isPlausibleUid(transferSyntaxUid)) {
    throw new DicomParseError(`${tagLabel(TAGS.transferSyntaxUid)} is missing or not a valid UID`, { source });
  }
  return buildInstance(dataSet, transferSyntaxUid, source);
}

/** dicom-parser throws strings, Errors, and `{ exception, dataSet }`; keep only the message. */
function parserMessage(e: unknown): string {
  const inner = e !== null && typeof e === 'object' && 'exception' in e ? e.exception : e;
  return describeThrown(inner).replace(/^dicomParser[.:]\w+:\s*/, '').slice(0, 200);
}

interface ParserInput {
  bytes: Uint8Array;
  options: ParseDicomOptions;
  /** Set when there is no meta group and the transfer syntax was inferred. */
  transferSyntaxUid?: string;
}

const KNOWN_VRS = new Set(
  'AE AS AT CS DA DS DT FL FD IS LO LT OB OD OF OL OV OW PN SH SL SQ SS ST SV TM UC UI UL UN UR US UT UV'.split(' '),
);

/** Decide how dicom-parser should read the bytes: Part 10, meta without preamble, or a bare data set. */
function toParserInput(bytes: Uint8Array, source: string): ParserInput {
  const hasPrefix = bytes.length >= 132 && bytes[128] === 0x44 && bytes[129] === 0x49 && bytes[130] === 0x43 && bytes[131] === 0x4d;
  if (hasPrefix) return { bytes, options: {} };
  const group = bytes[0]! | (bytes[1]! << 8);
  const vr = String.fromCharCode(bytes[4]!, bytes[5]!);
  if (group === 0x0002 && KNOWN_VRS.has(vr)) {
    // File meta group without the 128-byte preamble: add one so dicom-parser finds "DICM".
    const withPreamble = new Uint8Array(bytes.length + 132);
    withPreamble.set([0x44, 0x49, 0x43, 0x4d], 128);
    withPreamble.set(bytes, 132);
    return { bytes: withPreamble, options: {} };
  }
  if (group === 0x0008) {
    const ts = KNOWN_VRS.has(vr) ? EXPLICIT_VR_LITTLE_ENDIAN : IMPLICIT_VR_LITTLE_ENDIAN;
    return { bytes, options: { TransferSyntaxUID: ts }, transferSyntaxUid: ts };
  }
  throw new DicomParseError(
    'not DICOM: no "DICM" prefix at byte 128 and the data does not start with a group 0002 or 0008 element',
    { source },
  );
}

function buildInstance(ds: DataSet, transferSyntaxUid: string, source: string): DicomInstance {
  const pixelEl = ds.elements[TAGS.pixelData.tag];
  const hasPixelData = pixelEl !== undefined && (pixelEl.length > 0 || pixelEl.encapsulatedPixelData === true);
  const inst: DicomInstance = {
    source,
    transferSyntaxUid,
    sopClassUid: readString(ds, TAGS.sopClassUid, source) ?? readString(ds, TAGS.mediaStorageSopClassUid, source) ?? '',
    sopInstanceUid:
      readString(ds, TAGS.sopInstanceUid, source) ?? readString(ds, TAGS.mediaStorageSopInstanceUid, source) ?? '',
    seriesInstanceUid: readString(ds, TAGS.seriesInstanceUid, source) ?? '',
    rows: 0,
    columns: 0,
    numberOfFrames: 0,
    bitsAllocated: 0,
    bitsStored: 0,
    highBit: 0,
    pixelRepresentation: 0,
    samplesPerPixel: 0,
    planarConfiguration: 0,
    photometricInterpretation: '',
    rescaleSlope: 1,
    rescaleIntercept: 0,
    hasRescale: false,
    hasPixelData,
    dataSet: ds,
  };
  assignOptional(inst, ds, source);
  if (hasPixelData) readImagePixelModule(inst, ds, source);
  return inst;
}

function assignOptional(inst: DicomInstance, ds: DataSet, source: string): void {
  const set = <K extends keyof DicomInstance>(key: K, value: DicomInstance[K] | undefined) => {
    if (value !== undefined) inst[key] = value;
  };
  set('studyInstanceUid', readString(ds, TAGS.studyInstanceUid, source));
  set('frameOfReferenceUid', readString(ds, TAGS.frameOfReferenceUid, source));
  set('modality', readString(ds, TAGS.modality, source));
  set('seriesDescription', readString(ds, TAGS.seriesDescription, source));
  set('seriesNumber', readInteger(ds, TAGS.seriesNumber, source, -(2 ** 31), 2 ** 31 - 1));
  set('instanceNumber', readInteger(ds, TAGS.instanceNumber, source, -(2 ** 31), 2 ** 31 - 1));
  set('imagePositionPatient', readVec3(ds, TAGS.imagePositionPatient, source));
  set('imageOrientationPatient', readOrientation(ds, TAGS.imageOrientationPatient, source));
  set('pixelSpacingMm', readPixelSpacing(ds, TAGS.pixelSpacing, source));
  set('sliceThicknessMm', readNumber(ds, TAGS.sliceThickness, source));
  set('spacingBetweenSlicesMm', readNumber(ds, TAGS.spacingBetweenSlices, source));
  set('gantryTiltDeg', readNumber(ds, TAGS.gantryDetectorTilt, source));
  const slope = readNumber(ds, TAGS.rescaleSlope, source);
  const intercept = readNumber(ds, TAGS.rescaleIntercept, source);
  if (slope !== undefined || intercept !== undefined) {
    if (slope === 0) throw new DicomParseError(`${tagLabel(TAGS.rescaleSlope)} must not be 0`, { source });
    inst.rescaleSlope = slope ?? 1;
    inst.rescaleIntercept = intercept ?? 0;
    inst.hasRescale = true;
  }
}

function requireUint16(ds: DataSet, key: keyof typeof TAGS, source: string, min: number, max: number): number {
  const t = TAGS[key];
  const v = readUint16(ds, t, source);
  if (v === undefined) throw new DicomParseError(`${tagLabel(t)} is required with PixelData but missing`, { source });
  if (v < min || v > max) throw new DicomParseError(`${tagLabel(t)} must be in [${min}, ${max}]`, { source });
  return v;
}

function readImagePixelModule(inst: DicomInstance, ds: DataSet, source: string): void {
  inst.rows = requireUint16(ds, 'rows', source, 1, 65535);
  inst.columns = requireUint16(ds, 'columns', source, 1, 65535);
  inst.bitsAllocated = requireUint16(ds, 'bitsAllocated', source, 1, 64);
  inst.bitsStored = readUint16(ds, TAGS.bitsStored, source) ?? inst.bitsAllocated;
  inst.highBit = readUint16(ds, TAGS.highBit, source) ?? inst.bitsStored - 1;
  if (inst.bitsStored < 1 || inst.bitsStored > inst.bitsAllocated) {
    throw new DicomParseError(`${tagLabel(TAGS.bitsStored)} must be in [1, BitsAllocated = ${inst.bitsAllocated}]`, { source });
  }
  if (inst.highBit < inst.bitsStored - 1 || inst.highBit >= inst.bitsAllocated) {
    throw new DicomParseError(
      `${tagLabel(TAGS.highBit)} must be in [BitsStored - 1 = ${inst.bitsStored - 1}, BitsAllocated - 1 = ${inst.bitsAllocated - 1}]`,
      { source },
    );
  }
  const rep = readUint16(ds, TAGS.pixelRepresentation, source) ?? 0;
  if (rep !== 0 && rep !== 1) throw new DicomParseError(`${tagLabel(TAGS.pixelRepresentation)} must be 0 or 1`, { source });
  inst.pixelRepresentation = rep;
  inst.samplesPerPixel = readUint16(ds, TAGS.samplesPerPixel, source) ?? 1;
  if (inst.samplesPerPixel !== 1 && inst.samplesPerPixel !== 3 && inst.samplesPerPixel !== 4) {
    throw new DicomParseError(`${tagLabel(TAGS.samplesPerPixel)} must be 1, 3 or 4`, { source });
  }
  const planar = readUint16(ds, TAGS.planarConfiguration, source) ?? 0;
  inst.planarConfiguration = planar === 1 ? 1 : 0;
  inst.photometricInterpretation = readString(ds, TAGS.photometricInterpretation, source) ?? 'MONOCHROME2';
  inst.numberOfFrames = readInteger(ds, TAGS.numberOfFrames, source, 1, MAX_FRAMES) ?? 1;
  const frames = readFrameGeometry(ds, inst.numberOfFrames, source);
  if (frames === undefined) return;
  inst.frames = frames;
  const first = frames[0];
  if (first === undefined) return;
  if (!inst.hasRescale && framesHaveRescale(ds)) {
    inst.rescaleSlope = first.rescaleSlope;
    inst.rescaleIntercept = first.rescaleIntercept;
    inst.hasRescale = true;
  }
  inst.imagePositionPatient ??= first.imagePositionPatient;
  inst.imageOrientationPatient ??= first.imageOrientationPatient;
  inst.pixelSpacingMm ??= first.pixelSpacingMm;
  inst.sliceThicknessMm ??= first.sliceThicknessMm;
}
