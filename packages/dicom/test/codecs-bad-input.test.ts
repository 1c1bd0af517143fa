/**
 * Hand-derived checks (PackBits, RLE layout, sign extension, the transfer syntax table) and the
 * "bad input" blocks for the codecs' public entry points.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { PYDICOM_TEST_FILES } from '../../../test/support/shared-data.ts';
import { hasTool } from '../../../test/support/external-tool.ts';
import {
  decodeEncapsulatedFrame,
  decodeRleFrame,
  describeTransferSyntax,
  isEncapsulatedTransferSyntax,
  TRANSFER_SYNTAXES,
  unpackBits,
  type FrameInfo,
} from '../src/codecs/index.ts';
import { DicomParseError, DicomUnsupportedError, InputTooLargeError } from '../src/errors.ts';
import { MewmError } from '@mewm/contracts';
import { loadPydicomReference, type ReferenceCase } from './codecs-pydicom-reference.ts';

const MONO16: FrameInfo = {
  rows: 1, columns: 3, bitsAllocated: 16, bitsStored: 12, pixelRepresentation: 1, samplesPerPixel: 1, photometricInterpretation: 'MONOCHROME2',
};

/** A 64-byte RLE header followed by the given already-PackBits-encoded segments. */
function rleFrame(segments: number[][]): Uint8Array {
  const header = new DataView(new ArrayBuffer(64));
  header.setUint32(0, segments.length, true);
  let offset = 64;
  segments.forEach((seg, i) => {
    header.setUint32(4 + 4 * i, offset, true);
    offset += seg.length;
  });
  return Uint8Array.from([...new Uint8Array(header.buffer), ...segments.flat()]);
}

describe('PackBits (PS3.5 G.3.1)', () => {
  it('expands literal runs, replicate runs and skips the -128 no-op', () => {
    // 0x02 → copy 3 literals; 0xFE (-2) → repeat next byte 3 times; 0x80 no-op; 0x00 → 1 literal
    const out = new Uint8Array(7);
    const n = unpackBits(Uint8Array.of(0x02, 1, 2, 3, 0xfe, 9, 0x80, 0x00, 7), out);
    expect(n).toBe(7);
    expect(Array.from(out)).toEqual([1, 2, 3, 9, 9, 9, 7]);
  });

  it('ignores a trailing padding byte, and reports too long and too short segments', () => {
    const out = new Uint8Array(2);
    expect(unpackBits(Uint8Array.of(0x01, 5, 6, 0x00), out)).toBe(2); // 0x00: padding header without data
    expect(Array.from(out)).toEqual([5, 6]);
    expect(unpackBits(Uint8Array.of(0x01, 5, 6, 0x00, 0x00), out)).toBe(3); // one byte too many
    expect(unpackBits(Uint8Array.of(0xf0, 4), out)).toBe(17); // replicate run overshoots
    expect(Array.from(out)).toEqual([4, 4]);
    const big = new Uint8Array(10);
    expect(unpackBits(Uint8Array.of(0x05, 1, 2), big)).toBe(2); // literal run cut by the end of input
  });
});

describe('RLE frames built by hand', () => {
  it('puts the most significant byte segment first and sign-extends 12-bit signed values', async () => {
    // Values 0x0FFF (-1 in 12 bits), 0x0800 (-2048), 0x07FF (2047): MSB segment then LSB segment.
    const frame = rleFrame([[0x02, 0x0f, 0x08, 0x07], [0x02, 0xff, 0x00, 0xff]]);
    const out = await decodeEncapsulatedFrame(frame, '1.2.840.10008.1.2.5', MONO16);
    expect(out).toBeInstanceOf(Int16Array);
    expect(Array.from(out)).toEqual([-1, -2048, 2047]);
    const unsigned = await decodeEncapsulatedFrame(frame, '1.2.840.10008.1.2.5', { ...MONO16, pixelRepresentation: 0 });
    expect(unsigned).toBeInstanceOf(Uint16Array);
    expect(Array.from(unsigned)).toEqual([0x0fff, 0x0800, 0x07ff]);
  });

  it('interleaves the samples of a colour frame', () => {
    // 2 pixels RGB 8-bit: segments R, G, B.
    const bytes = decodeRleFrame(rleFrame([[0x01, 10, 11], [0xff, 20], [0x01, 30, 31]]), { rows: 1, columns: 2, samplesPerPixel: 3, bitsAllocated: 8 });
    expect(Array.from(bytes)).toEqual([10, 20, 30, 11, 20, 31]);
  });
});

describe('transfer syntax table', () => {
  it('marks compressed syntaxes encapsulated and native ones not, tolerating NUL padding', () => {
    expect(isEncapsulatedTransferSyntax('1.2.840.10008.1.2.4.90')).toBe(true);
    expect(isEncapsulatedTransferSyntax('1.2.840.10008.1.2.5\0')).toBe(true);
    expect(isEncapsulatedTransferSyntax('1.2.840.10008.1.2.1')).toBe(false);
    expect(isEncapsulatedTransferSyntax('1.2.840.10008.1.2')).toBe(false);
    expect(isEncapsulatedTransferSyntax('1.2.840.10008.1.2.4.999')).toBe(true); // unknown JPEG-family UID
    expect(isEncapsulatedTransferSyntax('1.2.3.4')).toBe(false);
  });

  it('has unique UIDs, and every supported encapsulated entry names a codec', () => {
    expect(new Set(TRANSFER_SYNTAXES.map((t) => t.uid)).size).toBe(TRANSFER_SYNTAXES.length);
    for (const t of TRANSFER_SYNTAXES) if (t.encapsulated && t.supported) expect(t.codec, t.uid).toBeDefined();
    expect(describeTransferSyntax('1.2.840.10008.1.2.4.91')).toBe('JPEG 2000 (1.2.840.10008.1.2.4.91)');
  });
});

describe('decodeEncapsulatedFrame: bad input', () => {
  /** The real frames below are split out by pydicom (python3-pydicom, python3-numpy); the tests on them skip without it. */
  const havePydicom = hasTool('pydicom', 'numpy');
  let mr: Map<string, ReferenceCase>;
  beforeAll(() => {
    if (!havePydicom) return;
    const T = PYDICOM_TEST_FILES;
    mr = loadPydicomReference(
      ['MR_small_RLE', 'MR_small_jp2klossless', 'MR_small_jpeg_ls_lossless'].map((id) => ({
        id, file: `${T}/${id}.dcm`, frame: 0, refFile: `${T}/MR_small.dcm`, refFrame: 0,
      })).concat([{ id: 'rgb-jpeg-lossless', file: `${T}/SC_rgb_jpeg_gdcm.dcm`, frame: 0, refFile: `${T}/SC_rgb_rle.dcm`, refFrame: 0 },
        { id: 'rgb-jpeg', file: `${T}/SC_rgb_jpeg_dcmtk.dcm`, frame: 0, refFile: `${T}/SC_rgb_rle.dcm`, refFrame: 0 }]),
    );
  });
  const all = (): ReferenceCase[] => [...mr.values()];

  it('refuses unsupported and unknown transfer syntaxes with DicomUnsupportedError naming the UID', async () => {
    const frame = Uint8Array.of(1, 2, 3, 4);
    for (const uid of ['1.2.840.10008.1.2.4.92', '1.2.840.10008.1.2.4.100', '1.2.3.4.5']) {
      const err = await decodeEncapsulatedFrame(frame, uid, MONO16).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(DicomUnsupportedError);
      expect((err as Error).message).toContain(uid);
    }
    await expect(decodeEncapsulatedFrame(frame, '1.2.840.10008.1.2.1', MONO16)).rejects.toThrow(/not a compressed transfer syntax/);
  });

  it.skipIf(!havePydicom)('refuses impossible or unsupported frame descriptions before decoding', async () => {
    const frame = mr.get('MR_small_RLE')!.frame;
    const uid = '1.2.840.10008.1.2.5';
    await expect(decodeEncapsulatedFrame(frame, uid, { ...MONO16, rows: 0 })).rejects.toBeInstanceOf(DicomParseError);
    await expect(decodeEncapsulatedFrame(frame, uid, { ...MONO16, bitsStored: 17 })).rejects.toBeInstanceOf(DicomParseError);
    await expect(decodeEncapsulatedFrame(frame, uid, { ...MONO16, bitsAllocated: 12 })).rejects.toBeInstanceOf(DicomUnsupportedError);
    await expect(decodeEncapsulatedFrame(frame, uid, { ...MONO16, samplesPerPixel: 4 })).rejects.toBeInstanceOf(DicomUnsupportedError);
    await expect(decodeEncapsulatedFrame(frame, uid, { ...MONO16, rows: 65535, columns: 65535, samplesPerPixel: 3 })).rejects.toBeInstanceOf(InputTooLargeError);
    await expect(decodeEncapsulatedFrame(new Uint8Array(0), uid, MONO16)).rejects.toBeInstanceOf(DicomParseError);
  });

  it.skipIf(!havePydicom)('rejects a header that disagrees with the stream (rows, columns, samples) with DicomParseError', async () => {
    for (const c of all()) {
      for (const wrong of [{ rows: c.info.rows - 1 }, { columns: c.info.columns + 2 }, { samplesPerPixel: c.info.samplesPerPixel === 1 ? 3 : 1 }]) {
        const err = await decodeEncapsulatedFrame(c.frame, c.transferSyntaxUid, { ...c.info, ...wrong }).catch((e: unknown) => e);
        expect(err, `${c.transferSyntaxUid} ${JSON.stringify(wrong)}`).toBeInstanceOf(DicomParseError);
      }
    }
  });

  it.skipIf(!havePydicom)('rejects truncated streams of every codec with DicomParseError, at many cut points', async () => {
    for (const c of all()) {
      for (const fraction of [0.01, 0.1, 0.5, 0.9, 0.99]) {
        const cut = c.frame.subarray(0, Math.max(1, Math.floor(c.frame.length * fraction)));
        const err = await decodeEncapsulatedFrame(cut, c.transferSyntaxUid, c.info).catch((e: unknown) => e);
        expect(err, `${c.transferSyntaxUid} cut at ${fraction}`).toBeInstanceOf(DicomParseError);
      }
    }
  });

  it.skipIf(!havePydicom)('rejects random bytes with DicomParseError and keeps decoding valid frames afterwards', async () => {
    let seed = 12345;
    const rand = (): number => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
    for (const c of all()) {
      const junk = Uint8Array.from({ length: c.frame.length }, () => Math.floor(rand() * 256));
      await expect(decodeEncapsulatedFrame(junk, c.transferSyntaxUid, c.info)).rejects.toBeInstanceOf(DicomParseError);
      // Damage inside the entropy-coded data, markers intact: a typed error or a decoded frame, never another exception.
      const damaged = c.frame.slice();
      for (let i = Math.floor(damaged.length / 2); i < damaged.length - 4; i += 5) damaged[i] = Math.floor(rand() * 256);
      const result = await decodeEncapsulatedFrame(damaged, c.transferSyntaxUid, c.info).catch((e: unknown) => e);
      if (result instanceof Error) expect(result).toBeInstanceOf(MewmError);
      else expect((result as Uint16Array).length).toBe(c.info.rows * c.info.columns * c.info.samplesPerPixel);
      // The codec is still usable after the failures.
      const ok = await decodeEncapsulatedFrame(c.frame, c.transferSyntaxUid, c.info);
      expect(ok.length).toBe(c.reference.length);
    }
  });

  it('RLE: wrong segment count and out-of-order offsets are DicomParseError', async () => {
    const uid = '1.2.840.10008.1.2.5';
    await expect(decodeEncapsulatedFrame(rleFrame([[0x02, 1, 2, 3]]), uid, MONO16)).rejects.toThrow(/declares 1 segments; expected 2/);
    const swapped = rleFrame([[0x02, 0x0f, 0x08, 0x07], [0x02, 0xff, 0x00, 0xff]]);
    new DataView(swapped.buffer).setUint32(8, 60, true);
    await expect(decodeEncapsulatedFrame(swapped, uid, MONO16)).rejects.toBeInstanceOf(DicomParseError);
  });
});
