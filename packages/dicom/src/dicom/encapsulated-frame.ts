/**
 * The encoded bytes of one frame of encapsulated (compressed) pixel data.
 *
 * Frame boundaries come from, in order: a single frame (all fragments), the Extended Offset Table
 * (7FE0,0001), the Basic Offset Table, one fragment per frame, or (JPEG family only) a scan of the
 * fragments for JPEG start-of-image markers.
 */
import dicomParser, { type Element, type Fragment } from 'dicom-parser';
import { DicomParseError, DicomUnsupportedError, describeThrown } from '../errors.ts';
import type { DicomInstance } from './dicom-instance.ts';
import { TAGS } from './tags.ts';

const JPEG_FAMILY = new Set([
  '1.2.840.10008.1.2.4.50',
  '1.2.840.10008.1.2.4.51',
  '1.2.840.10008.1.2.4.57',
  '1.2.840.10008.1.2.4.70',
]);

/**
 * Extract the encoded bytes of frame `frameIndex` (0-based, already range-checked).
 * @throws DicomParseError when PixelData is not encapsulated or its offset tables are inconsistent;
 *         DicomUnsupportedError when frame boundaries cannot be found.
 */
export function extractEncapsulatedFrame(inst: DicomInstance, el: Element, frameIndex: number): Uint8Array {
  const source = inst.source;
  const fragments = el.fragments;
  if (el.encapsulatedPixelData !== true || fragments === undefined) {
    throw new DicomParseError(
      `PixelData (7FE0,0010) is not encapsulated although transfer syntax ${inst.transferSyntaxUid} requires it`,
      { source },
    );
  }
  if (fragments.length === 0) throw new DicomParseError('encapsulated PixelData (7FE0,0010) has no fragments', { source });
  const ds = inst.dataSet;
  try {
    if (inst.numberOfFrames === 1) {
      return dicomParser.readEncapsulatedPixelDataFromFragments(ds, el, 0, fragments.length);
    }
    const offsets = frameOffsets(inst, el, fragments);
    const range = fragmentRange(offsets, fragments, frameIndex, source);
    return dicomParser.readEncapsulatedPixelDataFromFragments(ds, el, range.start, range.count);
  } catch (e) {
    if (e instanceof DicomParseError || e instanceof DicomUnsupportedError) throw e;
    throw new DicomParseError(`cannot read frame ${frameIndex + 1} of encapsulated PixelData (${describeThrown(e).slice(0, 200)})`, {
      source,
    });
  }
}

/** Byte offsets (from the first fragment's item tag) at which each frame starts. */
function frameOffsets(inst: DicomInstance, el: Element, fragments: Fragment[]): number[] {
  const eot = readExtendedOffsetTable(inst);
  if (eot !== undefined) return eot;
  const bot = el.basicOffsetTable ?? [];
  if (bot.length > 0) return bot;
  if (fragments.length === inst.numberOfFrames) return fragments.map((f) => f.offset);
  if (JPEG_FAMILY.has(inst.transferSyntaxUid)) return dicomParser.createJPEGBasicOffsetTable(inst.dataSet, el);
  throw new DicomUnsupportedError(
    `${inst.source}: cannot find frame boundaries: no offset table and ${fragments.length} fragments for ${inst.numberOfFrames} frames`,
  );
}

/** ExtendedOffsetTable (OV, 64-bit little endian), or undefined when absent. */
function readExtendedOffsetTable(inst: DicomInstance): number[] | undefined {
  const el = inst.dataSet.elements[TAGS.extendedOffsetTable.tag];
  if (el === undefined || el.length === 0) return undefined;
  if (el.length !== inst.numberOfFrames * 8) {
    throw new DicomParseError(
      `ExtendedOffsetTable (7FE0,0001) has ${el.length} bytes; NumberOfFrames ${inst.numberOfFrames} needs ${inst.numberOfFrames * 8}`,
      { source: inst.source },
    );
  }
  const b = inst.dataSet.byteArray;
  const view = new DataView(b.buffer, b.byteOffset + el.dataOffset, el.length);
  const out: number[] = [];
  for (let i = 0; i < inst.numberOfFrames; i++) out.push(Number(view.getBigUint64(i * 8, true)));
  return out;
}

function fragmentRange(offsets: number[], fragments: Fragment[], frameIndex: number, source: string): { start: number; count: number } {
  const begin = offsets[frameIndex];
  if (begin === undefined) {
    throw new DicomParseError(`offset table has ${offsets.length} entries; frame ${frameIndex + 1} has none`, { source });
  }
  const end = offsets[frameIndex + 1] ?? Number.POSITIVE_INFINITY;
  const start = fragments.findIndex((f) => f.offset === begin);
  if (start < 0) throw new DicomParseError(`offset table entry ${frameIndex + 1} does not point at a fragment`, { source });
  let count = 0;
  while (start + count < fragments.length && fragments[start + count]!.offset < end) count++;
  return { start, count };
}
