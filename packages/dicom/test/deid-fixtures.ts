/**
 * Test support for de-identification: plant identifying values into a real DICOM file (rebuilt with
 * the Part 10 writer, then checked independently with pydicom), search bytes for strings, run pydicom.
 */
import { spawnSync } from 'node:child_process';
import dicomParser from 'dicom-parser';
import { writePart10, type OutElement } from '../src/deid/index.ts';
import { SYSTEM_PYTHON } from '../../../test/support/external-tool.ts';

export const PLANTED = {
  patientName: 'PLANTED^NAME',
  patientId: 'PLANTEDID123',
  birthDate: '19450317',
  institution: 'PLANTED HOSPITAL',
  referring: 'PLANTED^DOCTOR',
  operators: 'PLANTED^OPERATOR',
  privateValue: 'PLANTED-PRIVATE',
  privateCreator: 'PLANTED CREATOR',
  accession: 'PLANTEDACC42',
  nested: 'PLANTED-NESTED',
  nestedOperator: 'PLANTED^NESTEDOP',
  overlay: 'PLANTED-OVERLAY',
} as const;

/** A UID planted only inside ReferencedPatientSequence (which the profile removes whole). */
export const PLANTED_UID = '1.2.3.4.5.6.7.8.9.424242';

function str(tag: number, vr: string, value: string): OutElement {
  const raw = Buffer.from(value, 'latin1');
  const padded = raw.length % 2 === 0 ? raw : Buffer.concat([raw, Buffer.from([vr === 'UI' ? 0 : 0x20])]);
  return { kind: 'value', tag, vr, value: new Uint8Array(padded) };
}

/**
 * Rebuild an explicit VR little endian file with planted identifiers: top-level replacements, a
 * private block, an overlay, RequestAttributesSequence and ReferencedPatientSequence (both removed by
 * the profile) and ReferencedSeriesSequence (kept and recursed) whose item repeats the real Series
 * Instance UID, a nested PatientID, a nested OperatorsName and a nested date equal to `nestedDate`;
 * `extra` adds or replaces top-level string elements.
 */
export function plantIdentifiers(
  original: Uint8Array,
  opts: { burnedIn?: boolean; extra?: Array<[tag: number, vr: string, value: string]>; neutralStructures?: boolean } = {},
): Uint8Array {
  // neutralStructures: the overlay and the nested values hold nothing planted (the structures stay, for
  // comparisons with a de-identifier that keeps overlays or nested attributes)
  const nested = opts.neutralStructures ? { patientId: 'NESTED0001', nested: 'NESTED-VALUE', operator: 'NESTED^VALUE', overlay: 'NEUTRAL-OVERLAY' } : { patientId: PLANTED.patientId, nested: PLANTED.nested, operator: PLANTED.nestedOperator, overlay: PLANTED.overlay };
  const ds = dicomParser.parseDicom(original);
  const ts = ds.string('x00020010');
  if (ts !== '1.2.840.10008.1.2.1') throw new Error(`plantIdentifiers needs explicit VR LE input, got ${ts}`);
  const seriesUid = ds.string('x0020000e') ?? '';
  const studyDate = ds.string('x00080020') ?? '';
  const planted = new Map<number, OutElement>([
    [0x00100010, str(0x00100010, 'PN', PLANTED.patientName)],
    [0x00100020, str(0x00100020, 'LO', PLANTED.patientId)],
    [0x00100030, str(0x00100030, 'DA', PLANTED.birthDate)],
    [0x00080080, str(0x00080080, 'LO', PLANTED.institution)],
    [0x00080090, str(0x00080090, 'PN', PLANTED.referring)],
    [0x00081070, str(0x00081070, 'PN', PLANTED.operators)],
    [0x00080050, str(0x00080050, 'SH', PLANTED.accession)],
    [0x00090010, str(0x00090010, 'LO', PLANTED.privateCreator)],
    [0x00091010, str(0x00091010, 'LO', PLANTED.privateValue)],
    [0x60003000, { kind: 'value', tag: 0x60003000, vr: 'OW', value: new Uint8Array(Buffer.from(`${nested.overlay}!`, 'latin1')) }],
    [0x00400275, { kind: 'sequence', tag: 0x00400275, items: [[
      str(0x00100020, 'LO', nested.patientId),
      str(0x00401001, 'SH', nested.nested),
    ]] }],
    [0x00081120, { kind: 'sequence', tag: 0x00081120, items: [[
      str(0x00081150, 'UI', '1.2.840.10008.3.1.2.1.4'),
      str(0x00081155, 'UI', PLANTED_UID),
    ]] }],
    [0x00081115, { kind: 'sequence', tag: 0x00081115, items: [[
      str(0x00080012, 'DA', studyDate),
      str(0x00081070, 'PN', nested.operator),
      str(0x00100020, 'LO', nested.patientId),
      str(0x0020000e, 'UI', seriesUid),
    ]] }],
  ]);
  if (opts.burnedIn) planted.set(0x00280301, str(0x00280301, 'CS', 'YES'));
  for (const [tag, vr, value] of opts.extra ?? []) planted.set(tag, str(tag, vr, value));
  const body: OutElement[] = [];
  for (const [key, el] of Object.entries(ds.elements)) {
    const tag = Number.parseInt(key.slice(1), 16);
    if (tag >>> 16 === 2 || planted.has(tag)) continue;
    const long = ['OB', 'OW', 'OF', 'SQ', 'UT', 'UN', 'UC', 'UR', 'OD', 'OL'].includes(el.vr ?? '');
    const start = el.dataOffset - (long ? 12 : 8);
    if (el.hadUndefinedLength && !el.encapsulatedPixelData && !el.items) throw new Error('plantIdentifiers: undefined-length element');
    // dicom-parser's length of an undefined-length sequence stops before its 8-byte delimiter
    const end = el.dataOffset + el.length + (el.items && el.hadUndefinedLength ? 8 : 0);
    body.push({ kind: 'verbatim', tag, bytes: ds.byteArray.subarray(start, end) });
  }
  body.push(...planted.values());
  body.sort((a, b) => a.tag - b.tag);
  const meta = [0x00020001, 0x00020002, 0x00020003, 0x00020010, 0x00020012].map((tag): OutElement => {
    const el = ds.elements[`x${tag.toString(16).padStart(8, '0')}`];
    if (!el) throw new Error('missing meta element');
    return { kind: 'value', tag, vr: el.vr ?? 'UI', value: ds.byteArray.slice(el.dataOffset, el.dataOffset + el.length) };
  });
  return writePart10(meta, body, { explicitVr: true, littleEndian: true });
}

/** Every encoding a string could hide in: ASCII/Latin-1, UTF-16LE, UTF-16BE. */
export function containsString(bytes: Uint8Array, s: string): boolean {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const le = Buffer.from(s, 'utf16le');
  const be = Buffer.from(le);
  be.swap16();
  return buf.includes(Buffer.from(s, 'latin1')) || buf.includes(le) || buf.includes(be);
}

/** Raw bytes of an element's value as dicom-parser locates them (top level). */
export function elementBytes(bytes: Uint8Array, tag: string): Uint8Array {
  const ds = dicomParser.parseDicom(bytes);
  const el = ds.elements[tag];
  if (!el) throw new Error(`no element ${tag}`);
  return ds.byteArray.subarray(el.dataOffset, el.dataOffset + el.length);
}

/** Run a script with Debian's python3 (SYSTEM_PYTHON; pydicom where it imports it); it prints one JSON document. */
export function runPython<T>(script: string, args: string[]): T {
  const r = spawnSync(SYSTEM_PYTHON, ['-c', script, ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`python failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as T;
}
