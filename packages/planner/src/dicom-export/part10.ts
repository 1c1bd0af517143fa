/**
 * DICOM Part 10 encoding of the export's data sets, by dcmjs (the maintained JavaScript DICOM library):
 * we assemble each object's attributes as a "naturalized" data set (keyword → value), dcmjs looks up the
 * VRs in its dictionary and writes the file meta and the data set, explicit VR little endian.
 */
import dcmjs from 'dcmjs';
import { uidFromHmac } from '@mewm/dicom';

export type NaturalDataset = Record<string, unknown>;

/** Explicit VR Little Endian: what every exported object is written in. */
export const EXPLICIT_VR_LITTLE_ENDIAN = '1.2.840.10008.1.2.1';
/** The export's own implementation identity (file meta (0002,0012) and (0002,0013)). */
export const MEWM_EXPORT_IMPLEMENTATION_CLASS_UID = uidFromHmac('mewm', 'export-implementation-class-1');
export const MEWM_EXPORT_IMPLEMENTATION_VERSION = 'MEWM_EXPORT_1';

// dcmjs reports through loglevel; its warnings name attributes, never values, but the CLI's output is ours.
dcmjs.log.setLevel('error');

/** One data set as a Part 10 file (128-byte preamble, DICM, file meta, data set). */
export function encodePart10(dataset: NaturalDataset): Uint8Array {
  const sopClassUid = dataset.SOPClassUID;
  const sopInstanceUid = dataset.SOPInstanceUID;
  if (typeof sopClassUid !== 'string' || typeof sopInstanceUid !== 'string') throw new TypeError('a data set needs SOPClassUID and SOPInstanceUID');
  const { DicomDict, DicomMetaDictionary } = dcmjs.data;
  const meta = {
    FileMetaInformationVersion: new Uint8Array([0, 1]).buffer,
    MediaStorageSOPClassUID: sopClassUid,
    MediaStorageSOPInstanceUID: sopInstanceUid,
    TransferSyntaxUID: EXPLICIT_VR_LITTLE_ENDIAN,
    ImplementationClassUID: MEWM_EXPORT_IMPLEMENTATION_CLASS_UID,
    ImplementationVersionName: MEWM_EXPORT_IMPLEMENTATION_VERSION,
  };
  const dict = new DicomDict(DicomMetaDictionary.denaturalizeDataset(meta));
  dict.dict = DicomMetaDictionary.denaturalizeDataset(dataset);
  return new Uint8Array(dict.write());
}

/** A Part 10 file as a naturalized data set (for tests and round trips). */
export function decodePart10(bytes: Uint8Array): NaturalDataset {
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  return dcmjs.data.DicomMetaDictionary.naturalizeDataset(dcmjs.data.DicomMessage.readFile(buffer).dict);
}
