/**
 * De-identify one DICOM Part 10 file (PS3.15 Annex E Basic Application Level Confidentiality Profile,
 * with the Retain Longitudinal Temporal Information with Modified Dates option unless the context
 * says dates: 'remove') and re-serialise it to Part 10. Every file enters the project through here;
 * the rest of the pipeline parses only the bytes this returns.
 *
 * Rejected, with DeidentificationError: BurnedInAnnotation (0028,0301) = YES, because identifying
 * text burned into the pixels cannot be cleaned here.
 */
import dicomParser, { type DataSet } from 'dicom-parser';
import { inflateRawSync } from 'node:zlib';
import { DeidentificationError, DicomParseError, InputError, InputTooLargeError, describeThrown } from '../errors.ts';
import { MewmError } from '@mewm/contracts';
import type { DeidContext } from './deid-context.ts';
import { DEID_PROFILE, OPTION_MODIFIED_DATES, type DeidRecord } from './deid-record.ts';
import { deidentifyDataSet, type WalkState } from './deidentify-dataset.ts';
import type { BodyEncoding, OutElement } from './out-element.ts';
import { writePart10 } from './part10-writer.ts';
import { uidFromHmac } from './uid-map.ts';
import { encodeString } from './value-codec.ts';

export const TS_IMPLICIT_LE = '1.2.840.10008.1.2';
export const TS_EXPLICIT_LE = '1.2.840.10008.1.2.1';
export const TS_DEFLATED_LE = '1.2.840.10008.1.2.1.99';
export const TS_EXPLICIT_BE = '1.2.840.10008.1.2.2';

/** Upper bound on the inflated size of a deflated dataset (a zip-bomb guard). */
export const MAX_INFLATED_BYTES = 1024 ** 3;

/** Implementation Class UID written in the meta of every de-identified file (a fixed UUID-derived UID). */
export const MEWM_IMPLEMENTATION_CLASS_UID = uidFromHmac('mewm', 'deid-implementation-class-1');
export const MEWM_IMPLEMENTATION_VERSION = 'MEWM_DEID_1';

export interface DeidResult {
  /** The de-identified file, DICOM Part 10. */
  bytes: Uint8Array;
  record: DeidRecord;
}

/**
 * De-identify one file.
 * @param bytes a DICOM Part 10 file (preamble + "DICM" + meta); not modified
 * @param contextOf the case's context (salt, date shift, UID map), shared by every file of the case; or
 *   a function choosing the context from the file's original patient identity (Patient ID, else
 *   Patient Name; '' when both are empty), for inputs that hold several patients
 * @param source a label for error messages (a file name inside the upload, never a full path)
 * @throws DicomParseError not Part 10, truncated or corrupt; DeidentificationError burned-in annotation;
 *   InputTooLargeError a deflated dataset inflating past MAX_INFLATED_BYTES
 */
export function deidentifyDicom(
  bytes: Uint8Array, contextOf: DeidContext | ((patientIdentity: string) => DeidContext), source: string,
): DeidResult {
  if (!(bytes instanceof Uint8Array)) throw new InputError('bytes must be a Uint8Array');
  if (bytes.length < 132 || bytes[128] !== 0x44 || bytes[129] !== 0x49 || bytes[130] !== 0x43 || bytes[131] !== 0x4d) {
    throw new DicomParseError('not a DICOM Part 10 file (no "DICM" at byte 128)', { source });
  }
  const { meta: metaDs, body: ds, transferSyntax: sourceTs } = parse(bytes, source);
  const outTs = sourceTs === TS_DEFLATED_LE ? TS_EXPLICIT_LE : sourceTs;
  const encoding: BodyEncoding = { explicitVr: outTs !== TS_IMPLICIT_LE, littleEndian: outTs !== TS_EXPLICIT_BE };

  if ((ds.string('x00280301') ?? '').trim().toUpperCase() === 'YES') {
    throw new DeidentificationError(
      'BurnedInAnnotation (0028,0301) is YES: identifying text may be burned into the pixels, which this ' +
        'de-identifier cannot clean; the file is rejected',
    );
  }

  const originalPatientId = ds.string('x00100020') ?? '';
  const patientIdentity = originalPatientId !== '' ? originalPatientId : (ds.string('x00100010') ?? '');
  const ctx = typeof contextOf === 'function' ? contextOf(patientIdentity) : contextOf;
  const state: WalkState = {
    ctx,
    explicitVr: encoding.explicitVr,
    patientPseudonym: ctx.pseudonym(patientIdentity),
    source,
    actions: [],
    privateTagsRemoved: 0,
    uidsReplaced: 0,
    sequencesVisited: 0,
    attributesKept: 0,
  };
  const body = deidentifyDataSet(ds, state, true);
  const options = ctx.dates === 'shift' ? [OPTION_MODIFIED_DATES] : [];
  body.push(...deidentificationMethodElements(ctx));
  body.sort((a, b) => a.tag - b.tag);

  const meta = metaElements(metaDs, ds, ctx, outTs, state);
  const out = writePart10(meta, body, encoding);
  const record: DeidRecord = {
    profile: DEID_PROFILE,
    options,
    actions: state.actions,
    privateTagsRemoved: state.privateTagsRemoved,
    uidsReplaced: state.uidsReplaced,
    sequencesVisited: state.sequencesVisited,
    attributesKept: state.attributesKept,
  };
  return { bytes: out, record };
}

interface Parsed {
  /** File Meta Information (group 0002). */
  meta: DataSet;
  /** The dataset body (for deflated input: parsed from the inflated bytes, explicit VR LE). */
  body: DataSet;
  transferSyntax: string;
}

/** Parse meta and body; dicom-parser's own deflate path mis-parses the preamble, so we inflate here. */
function parse(bytes: Uint8Array, source: string): Parsed {
  try {
    const meta = dicomParser.readPart10Header(bytes);
    const transferSyntax = cleanUid(meta.string('x00020010'));
    if (transferSyntax === '') throw new DicomParseError('missing Transfer Syntax UID (0002,0010)', { source });
    if (transferSyntax !== TS_DEFLATED_LE) return { meta, body: dicomParser.parseDicom(bytes), transferSyntax };
    const inflated = inflate(bytes.subarray(metaEnd(meta)), source);
    const body = new DataSetClass(dicomParser.littleEndianByteArrayParser, inflated, {});
    dicomParser.parseDicomDataSetExplicit(body, new dicomParser.ByteStream(dicomParser.littleEndianByteArrayParser, inflated, 0), inflated.length);
    return { meta, body, transferSyntax };
  } catch (e) {
    if (e instanceof MewmError) throw e;
    throw new DicomParseError(`cannot parse DICOM: ${describeThrown(e)}`, { source });
  }
}

/**
 * Check that `bytes` is a file this project wrote when it de-identified it (its meta header names our
 * implementation and Patient Identity Removed (0012,0062) is YES), so that it can be read again as is:
 * de-identifying it a second time would map its UIDs and shift its dates twice. Throws
 * DeidentificationError otherwise. Used for the de-identified files a web upload stages.
 */
export function assertDeidentifiedByUs(bytes: Uint8Array, source: string): void {
  if (bytes.length < 132 || bytes[128] !== 0x44 || bytes[129] !== 0x49 || bytes[130] !== 0x43 || bytes[131] !== 0x4d) {
    throw new DeidentificationError(`"${source}" is not a DICOM Part 10 file written by this project's de-identification`);
  }
  const { meta, body } = parse(bytes, source);
  if (cleanUid(meta.string('x00020012')) !== MEWM_IMPLEMENTATION_CLASS_UID || (body.string('x00120062') ?? '').trim().toUpperCase() !== 'YES') {
    throw new DeidentificationError(`"${source}" was not de-identified by this project; it cannot be read as de-identified input`);
  }
}

/** dicom-parser exports the DataSet class at runtime; its typings declare only the interface. */
const DataSetClass = (dicomParser as unknown as {
  DataSet: new (parser: typeof dicomParser.littleEndianByteArrayParser, bytes: Uint8Array, elements: Record<string, never>) => DataSet;
}).DataSet;

function metaEnd(meta: DataSet): number {
  const position = (meta as DataSet & { position?: number }).position;
  if (typeof position !== 'number') throw new Error('dicom-parser did not report the end of the meta header');
  return position;
}

function inflate(deflated: Uint8Array, source: string): Uint8Array {
  try {
    return new Uint8Array(inflateRawSync(deflated, { maxOutputLength: MAX_INFLATED_BYTES }));
  } catch (e) {
    if (e instanceof RangeError) throw new InputTooLargeError('inflated dataset', MAX_INFLATED_BYTES + 1, MAX_INFLATED_BYTES);
    throw new DicomParseError(`deflated dataset cannot be inflated: ${describeThrown(e)}`, { source });
  }
}

function cleanUid(v: string | undefined): string {
  return (v ?? '').replace(/\0+$/, '').trim();
}

/** (0012,0062) YES, (0012,0063) profile and options, (0012,0064) their codes (CID 7050), (0028,0303). */
function deidentificationMethodElements(ctx: DeidContext): OutElement[] {
  const shift = ctx.dates === 'shift';
  const methods = ['PS3.15 E.1 Basic Application Level Confidentiality Profile'];
  const codes: Array<[string, string]> = [['113100', 'Basic Application Confidentiality Profile']];
  if (shift) {
    methods.push(OPTION_MODIFIED_DATES);
    codes.push(['113107', 'Retain Longitudinal Temporal Information Modified Dates Option']); // PS3.16 CID 7050
  }
  const codeItem = ([value, meaning]: [string, string]): OutElement[] => [
    { kind: 'value', tag: 0x00080100, vr: 'SH', value: encodeString(value, 'SH') },
    { kind: 'value', tag: 0x00080102, vr: 'SH', value: encodeString('DCM', 'SH') },
    { kind: 'value', tag: 0x00080104, vr: 'LO', value: encodeString(meaning, 'LO') },
  ];
  return [
    { kind: 'value', tag: 0x00120062, vr: 'CS', value: encodeString('YES', 'CS') },
    { kind: 'value', tag: 0x00120063, vr: 'LO', value: encodeString(methods.join('\\'), 'LO') },
    { kind: 'sequence', tag: 0x00120064, items: codes.map(codeItem) },
    { kind: 'value', tag: 0x00280303, vr: 'CS', value: encodeString(shift ? 'MODIFIED' : 'REMOVED', 'CS') },
  ];
}

/** New File Meta Information: version, SOP class, the mapped SOP instance UID, transfer syntax, us. */
function metaElements(metaDs: DataSet, ds: DataSet, ctx: DeidContext, outTs: string, state: WalkState): OutElement[] {
  const sopClass = cleanUid(metaDs.string('x00020002')) || cleanUid(ds.string('x00080016'));
  const sopInstance = cleanUid(ds.string('x00080018')) || cleanUid(metaDs.string('x00020003'));
  if (sopClass === '' || sopInstance === '') {
    throw new DicomParseError('missing SOP Class UID or SOP Instance UID (0002,0002/0003 and 0008,0016/0018)', { source: state.source });
  }
  const newInstance = ctx.mapUid(sopInstance);
  state.actions.push({ tag: '(0002,0003)', keyword: 'MediaStorageSOPInstanceUID', action: 'U' });
  const ui = (tag: number, v: string): OutElement => ({ kind: 'value', tag, vr: 'UI', value: encodeString(v, 'UI') });
  return [
    { kind: 'value', tag: 0x00020001, vr: 'OB', value: Uint8Array.of(0x00, 0x01) },
    ui(0x00020002, sopClass),
    ui(0x00020003, newInstance),
    ui(0x00020010, outTs),
    ui(0x00020012, MEWM_IMPLEMENTATION_CLASS_UID),
    { kind: 'value', tag: 0x00020013, vr: 'SH', value: encodeString(MEWM_IMPLEMENTATION_VERSION, 'SH') },
  ];
}
