/**
 * DICOM Part 10 serialisation of an OutElement tree: 128-byte preamble, "DICM", the File Meta
 * Information group (always explicit VR little endian, with (0002,0000) computed), then the dataset
 * in the body encoding. Sequences and items are written with undefined length and delimiters, so
 * nothing above a changed element needs its length recomputed. Size is computed first and the output
 * allocated once.
 */
import { DeidentificationError } from '../errors.ts';
import { LONG_LENGTH_VRS, type BodyEncoding, type OutElement } from './out-element.ts';

const UNDEFINED_LENGTH = 0xffffffff;
const ITEM = 0xfffee000;
const ITEM_DELIMITATION = 0xfffee00d;
const SEQUENCE_DELIMITATION = 0xfffee0dd;
const META_ENCODING: BodyEncoding = { explicitVr: true, littleEndian: true };

/**
 * Serialise to Part 10 bytes.
 * @param meta group 0002 elements other than (0002,0000), in tag order; written explicit VR LE
 * @param body dataset elements in tag order
 * @param encoding body encoding matching the Transfer Syntax UID in `meta`
 */
export function writePart10(meta: readonly OutElement[], body: readonly OutElement[], encoding: BodyEncoding): Uint8Array {
  const metaSize = listSize(meta, META_ENCODING);
  const groupLength: OutElement = { kind: 'value', tag: 0x00020000, vr: 'UL', value: uint32Le(metaSize) };
  const groupLengthSize = elementSize(groupLength, META_ENCODING);
  const total = 132 + groupLengthSize + metaSize + listSize(body, encoding);
  const out = new Uint8Array(total);
  const view = new DataView(out.buffer);
  out[128] = 0x44; // D
  out[129] = 0x49; // I
  out[130] = 0x43; // C
  out[131] = 0x4d; // M
  let pos = writeElement(out, view, 132, groupLength, META_ENCODING);
  pos = writeList(out, view, pos, meta, META_ENCODING);
  pos = writeList(out, view, pos, body, encoding);
  if (pos !== total) throw new DeidentificationError(`part10 writer: wrote ${pos} of ${total} bytes`);
  return out;
}

function uint32Le(n: number): Uint8Array {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setUint32(0, n, true);
  return b;
}

function headerSize(vr: string, enc: BodyEncoding): number {
  if (!enc.explicitVr) return 8;
  return LONG_LENGTH_VRS.has(vr) ? 12 : 8;
}

function listSize(list: readonly OutElement[], enc: BodyEncoding): number {
  let n = 0;
  for (const e of list) n += elementSize(e, enc);
  return n;
}

function elementSize(e: OutElement, enc: BodyEncoding): number {
  switch (e.kind) {
    case 'verbatim':
      return e.bytes.length;
    case 'value':
      return headerSize(e.vr, enc) + e.value.length;
    case 'sequence': {
      let n = headerSize('SQ', enc) + 8; // header + sequence delimitation
      for (const item of e.items) n += 16 + listSize(item, enc); // item tag + item delimitation
      return n;
    }
  }
}

function writeTag(view: DataView, pos: number, tag: number, le: boolean): number {
  view.setUint16(pos, tag >>> 16, le);
  view.setUint16(pos + 2, tag & 0xffff, le);
  return pos + 4;
}

function writeHeader(view: DataView, pos: number, tag: number, vr: string, length: number, enc: BodyEncoding): number {
  const le = enc.littleEndian;
  let p = writeTag(view, pos, tag, le);
  if (!enc.explicitVr) {
    view.setUint32(p, length, le);
    return p + 4;
  }
  view.setUint8(p, vr.charCodeAt(0));
  view.setUint8(p + 1, vr.charCodeAt(1));
  p += 2;
  if (LONG_LENGTH_VRS.has(vr)) {
    view.setUint16(p, 0, le);
    view.setUint32(p + 2, length, le);
    return p + 6;
  }
  if (length > 0xffff) throw new DeidentificationError(`part10 writer: value of ${vr} element too long for a 16-bit length`);
  view.setUint16(p, length, le);
  return p + 2;
}

function writeDelimiter(view: DataView, pos: number, tag: number, length: number, le: boolean): number {
  const p = writeTag(view, pos, tag, le);
  view.setUint32(p, length, le);
  return p + 4;
}

function writeList(out: Uint8Array, view: DataView, pos: number, list: readonly OutElement[], enc: BodyEncoding): number {
  let p = pos;
  for (const e of list) p = writeElement(out, view, p, e, enc);
  return p;
}

function writeElement(out: Uint8Array, view: DataView, pos: number, e: OutElement, enc: BodyEncoding): number {
  switch (e.kind) {
    case 'verbatim':
      out.set(e.bytes, pos);
      return pos + e.bytes.length;
    case 'value': {
      const p = writeHeader(view, pos, e.tag, e.vr, e.value.length, enc);
      out.set(e.value, p);
      return p + e.value.length;
    }
    case 'sequence': {
      const le = enc.littleEndian;
      let p = writeHeader(view, pos, e.tag, 'SQ', UNDEFINED_LENGTH, enc);
      for (const item of e.items) {
        p = writeDelimiter(view, p, ITEM, UNDEFINED_LENGTH, le);
        p = writeList(out, view, p, item, enc);
        p = writeDelimiter(view, p, ITEM_DELIMITATION, 0, le);
      }
      return writeDelimiter(view, p, SEQUENCE_DELIMITATION, 0, le);
    }
  }
}
