/**
 * Walk one dicom-parser DataSet (the top level or a sequence item) and produce its de-identified
 * OutElement list, recursing into every sequence item so the Basic Profile applies at every level.
 *
 * Order of rules for each element:
 *  1. private (odd group) → removed; repeating groups 50xx (curves) and 60xx (overlays) → removed;
 *     group length (gggg,0000) → dropped (lengths change, and the element is retired);
 *  2. PatientName / PatientID → the case pseudonym (D);
 *  3. an attribute in Table E.1-1 → its action (dates and times under the Modified Dates option shift);
 *  4. any other UI value → new UID (standard and class UIDs kept); any other DA/DT → shifted
 *     (mode 'shift') or emptied (mode 'remove');
 *  5. everything else → copied verbatim from the source bytes.
 */
import type { DataSet, Element } from 'dicom-parser';
import { DicomParseError } from '../errors.ts';
import { BASIC_PROFILE, type BasicProfileEntry } from './basic-profile-table.ts';
import type { DeidContext } from './deid-context.ts';
import { formatTag, type DeidAction, type DeidActionEntry } from './deid-record.ts';
import { shiftDateElementValue } from './date-shift.ts';
import { DICTIONARY_VR } from './dictionary-vr.ts';
import type { OutElement } from './out-element.ts';
import { attributeTypeInImageIod, resolveBasicProfileAction } from './resolve-action.ts';
import { decodeString, dummyValue, encodeString } from './value-codec.ts';

export const TAG_PATIENT_NAME = 0x00100010;
export const TAG_PATIENT_ID = 0x00100020;

/**
 * UI attributes that name a class or definition (SOP classes, transfer syntaxes, coding schemes),
 * not an instance: kept even when private (not under 1.2.840.10008.), since they identify no one.
 */
export const CLASS_UID_TAGS: ReadonlySet<number> = new Set([
  0x00020002, 0x00020010, 0x00020012, 0x00041510, 0x00041512, 0x00080016, 0x0008001a, 0x0008001b,
  0x00080062, 0x0008010c, 0x00080117, 0x00081150, 0x04000010,
]);

/** Top-level attributes the caller writes itself (de-identification method, temporal flag). */
export const REWRITTEN_TOP_LEVEL_TAGS: ReadonlySet<number> = new Set([0x00120062, 0x00120063, 0x00120064, 0x00280303]);

export interface WalkState {
  readonly ctx: DeidContext;
  readonly explicitVr: boolean;
  /** Pseudonym written to every PatientName. */
  readonly patientPseudonym: string;
  readonly source: string;
  readonly actions: DeidActionEntry[];
  privateTagsRemoved: number;
  uidsReplaced: number;
  sequencesVisited: number;
  attributesKept: number;
}

/**
 * De-identify the elements of `ds` (meta group 0002 excluded). `topLevel` also excludes the
 * attributes listed in REWRITTEN_TOP_LEVEL_TAGS. Returns elements in ascending tag order.
 */
export function deidentifyDataSet(ds: DataSet, state: WalkState, topLevel: boolean): OutElement[] {
  const out: OutElement[] = [];
  for (const key of Object.keys(ds.elements)) {
    const el = ds.elements[key];
    if (el === undefined) continue;
    const tag = Number.parseInt(key.slice(1), 16);
    const group = tag >>> 16;
    // 0xFFFE: item / delimitation tags dicom-parser keeps inside undefined-length items; the writer adds its own
    if (group === 0x0002 || group === 0xfffe || (topLevel && REWRITTEN_TOP_LEVEL_TAGS.has(tag))) continue;
    if ((group & 1) === 1) {
      state.privateTagsRemoved += 1;
      continue;
    }
    if ((tag & 0xffff) === 0) continue;
    if ((group & 0xff00) === 0x6000 || (group & 0xff00) === 0x5000) {
      record(state, tag, (group & 0xff00) === 0x6000 ? 'OverlayGroup' : 'CurveGroup', 'X');
      continue;
    }
    checkBounds(ds, el, tag, state.source);
    const e = deidentifyElement(ds, el, tag, state);
    if (e !== undefined) out.push(e);
  }
  return out.sort((a, b) => a.tag - b.tag);
}

function deidentifyElement(ds: DataSet, el: Element, tag: number, state: WalkState): OutElement | undefined {
  const entry = BASIC_PROFILE.get(tag);
  const dict = DICTIONARY_VR.get(tag);
  const keyword = entry?.keyword ?? dict?.keyword ?? '';
  const wireVr = el.vr;
  const vr = wireVr !== undefined && wireVr !== 'UN' ? wireVr : (entry?.vr ?? dict?.vr ?? (el.items ? 'SQ' : 'UN'));
  const outVr = wireVr ?? vr;

  if (el.items !== undefined) return deidentifySequence(el, tag, keyword, entry, state);
  if (el.hadUndefinedLength === true && el.encapsulatedPixelData !== true) {
    // an undefined-length value we could not parse into items (e.g. UN holding a sequence): cannot be cleaned
    record(state, tag, keyword, 'X');
    return undefined;
  }

  if (el.encapsulatedPixelData === true) checkEncapsulatedEnd(ds, el, tag, state.source);

  if (tag === TAG_PATIENT_NAME || tag === TAG_PATIENT_ID) {
    const id = tag === TAG_PATIENT_ID ? readString(ds, el) : '';
    const pseudonym = id === '' ? state.patientPseudonym : state.ctx.pseudonym(id);
    record(state, tag, keyword, 'D');
    return { kind: 'value', tag, vr: outVr, value: encodeString(pseudonym, vr) };
  }

  if (entry !== undefined) {
    // the Modified Dates option modifies dates and times; a date-related value of another VR (e.g.
    // FrameOriginTimestamp, OB) cannot be shifted and takes the basic action instead
    if (state.ctx.dates === 'shift' && entry.modifiedDatesOption && (vr === 'DA' || vr === 'DT' || vr === 'TM')) {
      return shiftOrKeep(ds, el, tag, keyword, vr, outVr, state, true);
    }
    if (vr === 'SQ') {
      // a sequence dicom-parser did not expand (empty, implicit VR): nothing inside to clean
      const action = resolveBasicProfileAction(entry.code, attributeTypeInImageIod(tag));
      if (action === 'X') {
        record(state, tag, keyword, 'X');
        return undefined;
      }
      return verbatim(ds, el, tag, state);
    }
    return applyAction(ds, el, tag, entry, vr, outVr, state);
  }

  if (vr === 'UI' && !CLASS_UID_TAGS.has(tag)) return replaceUids(ds, el, tag, keyword, outVr, state, false);
  if (vr === 'DA' || vr === 'DT') return shiftOrKeep(ds, el, tag, keyword, vr, outVr, state, false);
  return verbatim(ds, el, tag, state);
}

function deidentifySequence(
  el: Element, tag: number, keyword: string, entry: BasicProfileEntry | undefined, state: WalkState,
): OutElement | undefined {
  const action = entry ? resolveBasicProfileAction(entry.code, attributeTypeInImageIod(tag)) : undefined;
  if (action === 'X') {
    record(state, tag, keyword, 'X');
    return undefined;
  }
  if (action === 'Z') {
    record(state, tag, keyword, 'Z');
    return { kind: 'sequence', tag, items: [] };
  }
  if (action !== undefined) record(state, tag, keyword, action);
  state.sequencesVisited += 1;
  const items = (el.items ?? []).map((item) =>
    item.dataSet ? deidentifyDataSet(item.dataSet, state, false) : [],
  );
  return { kind: 'sequence', tag, items };
}

function applyAction(
  ds: DataSet, el: Element, tag: number, entry: BasicProfileEntry, vr: string, outVr: string, state: WalkState,
): OutElement | undefined {
  const action = resolveBasicProfileAction(entry.code, attributeTypeInImageIod(tag));
  switch (action) {
    case 'X':
      record(state, tag, entry.keyword, 'X');
      return undefined;
    case 'Z':
      record(state, tag, entry.keyword, 'Z');
      return { kind: 'value', tag, vr: outVr, value: new Uint8Array(0) };
    case 'D':
      record(state, tag, entry.keyword, 'D');
      return { kind: 'value', tag, vr: outVr, value: dummyValue(vr, el.length) };
    case 'U':
      return replaceUids(ds, el, tag, entry.keyword, outVr, state, true);
  }
}

/** Replace every value of a UI element with its mapped UID (standard UIDs stay). */
function replaceUids(
  ds: DataSet, el: Element, tag: number, keyword: string, outVr: string, state: WalkState, alwaysRecord: boolean,
): OutElement {
  const original = readString(ds, el);
  let replaced = 0;
  const mapped = original
    .split('\\')
    .map((u) => {
      const uid = u.trim().replace(/\0+$/, '');
      if (uid === '') return '';
      const m = state.ctx.mapUid(uid);
      if (m !== uid) replaced += 1;
      return m;
    })
    .join('\\');
  if (replaced === 0 && !alwaysRecord) return verbatim(ds, el, tag, state);
  state.uidsReplaced += replaced;
  record(state, tag, keyword, 'U');
  return { kind: 'value', tag, vr: outVr, value: encodeString(mapped, 'UI') };
}

/**
 * Dates under the Modified Dates option (or any DA/DT outside the table): shift DA/DT by the case's
 * offset in 'shift' mode; in 'remove' mode (only reached for DA/DT outside the table) empty them.
 * Times (TM) and other date-related values are kept: a whole-day shift leaves them valid.
 * A date that cannot be parsed is emptied, never kept.
 */
function shiftOrKeep(
  ds: DataSet, el: Element, tag: number, keyword: string, vr: string, outVr: string, state: WalkState, fromTable: boolean,
): OutElement {
  if (vr !== 'DA' && vr !== 'DT') {
    if (fromTable && vr === 'TM') record(state, tag, keyword, 'shift');
    return verbatim(ds, el, tag, state);
  }
  const original = readString(ds, el);
  if (original === '') return verbatim(ds, el, tag, state);
  if (state.ctx.dates === 'shift') {
    const shifted = shiftDateElementValue(vr, original, state.ctx.dateShiftDays);
    if (shifted !== undefined) {
      record(state, tag, keyword, 'shift');
      return { kind: 'value', tag, vr: outVr, value: encodeString(shifted, vr) };
    }
  }
  record(state, tag, keyword, 'Z');
  return { kind: 'value', tag, vr: outVr, value: new Uint8Array(0) };
}

/**
 * VRs dicom-parser 1.8 reads with a 32-bit length (its list, which lacks OV/SV/UV): the header size
 * must match the parser's own reading so the element's first byte is found from its dataOffset.
 */
const PARSER_LONG_LENGTH_VRS: ReadonlySet<string> = new Set(['OB', 'OD', 'OL', 'OW', 'SQ', 'OF', 'UC', 'UR', 'UT', 'UN']);

function verbatim(ds: DataSet, el: Element, tag: number, state: WalkState): OutElement {
  state.attributesKept += 1;
  const header = !state.explicitVr ? 8 : PARSER_LONG_LENGTH_VRS.has(el.vr ?? '') ? 12 : 8;
  const start = el.dataOffset - header;
  if (start < 0) throw new DicomParseError(`element ${formatTag(tag)} has an impossible offset`, { source: state.source });
  return { kind: 'verbatim', tag, bytes: ds.byteArray.subarray(start, el.dataOffset + el.length) };
}

function readString(ds: DataSet, el: Element): string {
  return decodeString(ds.byteArray, el.dataOffset, el.length);
}

function checkBounds(ds: DataSet, el: Element, tag: number, source: string): void {
  if (el.dataOffset < 0 || el.length < 0 || el.dataOffset + el.length > ds.byteArray.length) {
    throw new DicomParseError(`element ${formatTag(tag)} runs past the end of the data (truncated file)`, { source });
  }
}

/** Encapsulated pixel data is copied verbatim up to and including its sequence delimiter: require one. */
function checkEncapsulatedEnd(ds: DataSet, el: Element, tag: number, source: string): void {
  const end = el.dataOffset + el.length;
  const p = ds.byteArrayParser;
  const ok =
    el.length >= 8 &&
    p.readUint16(ds.byteArray, end - 8) === 0xfffe &&
    p.readUint16(ds.byteArray, end - 6) === 0xe0dd;
  if (!ok) {
    throw new DicomParseError(`encapsulated ${formatTag(tag)} has no sequence delimiter (truncated file)`, { source });
  }
}

function record(state: WalkState, tag: number, keyword: string, action: DeidAction): void {
  state.actions.push({ tag: formatTag(tag), keyword, action });
}
