/**
 * Compressed frames from pydicom's test corpus, decoded by our codecs and compared with the
 * uncompressed (or pydicom-decoded) twin that pydicom ships. pydicom runs at test time.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { PYDICOM_TEST_FILES } from '../../../test/support/shared-data.ts';
import { hasTool } from '../../../test/support/external-tool.ts';
import { decodeEncapsulatedFrame, decodeRleFrame } from '../src/codecs/index.ts';
import { DicomUnsupportedError } from '../src/errors.ts';
import { absDiff, loadPydicomReference, type ReferenceCase, type ReferenceCaseSpec } from './codecs-pydicom-reference.ts';

const T = PYDICOM_TEST_FILES;
const spec = (id: string, file: string, refFile: string, frame = 0): ReferenceCaseSpec => ({
  id,
  file: `${T}/${file}`,
  frame,
  refFile: `${T}/${refFile}`,
  refFrame: frame,
});

const CASES: ReferenceCaseSpec[] = [
  spec('mr-rle', 'MR_small_RLE.dcm', 'MR_small.dcm'),
  spec('mr-j2k-lossless', 'MR_small_jp2klossless.dcm', 'MR_small.dcm'),
  spec('mr-jpeg-ls-lossless', 'MR_small_jpeg_ls_lossless.dcm', 'MR_small.dcm'),
  // pydicom decodes RLE itself (numpy handler), so each RLE file is its own reference.
  spec('rgb-rle-8', 'SC_rgb_rle.dcm', 'SC_rgb_rle.dcm'),
  spec('rgb-rle-16', 'SC_rgb_rle_16bit.dcm', 'SC_rgb_rle_16bit.dcm'),
  spec('rgb-rle-8-frame2', 'SC_rgb_rle_2frame.dcm', 'SC_rgb_rle_2frame.dcm', 1),
  spec('rgb-rle-16-frame2', 'SC_rgb_rle_16bit_2frame.dcm', 'SC_rgb_rle_16bit_2frame.dcm', 1),
  spec('rtdose-rle-32-frame4', 'rtdose_rle.dcm', 'rtdose.dcm', 3),
  // GDCM's JPEG Lossless version of the same RGB test image.
  spec('rgb-jpeg-lossless', 'SC_rgb_jpeg_gdcm.dcm', 'SC_rgb_rle.dcm'),
  // DCMTK's decompression (dcmdjpeg) of the same baseline JPEG.
  spec('rgb-jpeg-baseline', 'SC_rgb_jpeg.dcm', 'SC_rgb_jpeg_dcmd.dcm'),
  // Lossy encodings of the RGB test image (YCbCr JPEG by DCMTK, JPEG 2000 by GDCM).
  spec('ybr-jpeg-baseline', 'SC_rgb_dcmtk_+eb+cy+n1.dcm', 'SC_rgb_rle.dcm'),
  spec('rgb-j2k', 'SC_rgb_gdcm_KY.dcm', 'SC_rgb_rle.dcm'),
  spec('rgb-jpeg-dcmtk-cr', 'SC_rgb_dcmtk_+eb+cr.dcm', 'SC_rgb_rle.dcm'),
  spec('rgb-jpeg-gdcm-lossy', 'SC_rgb_jpeg_lossy_gdcm.dcm', 'SC_rgb_rle.dcm'),
  spec('ybr-jpeg-dcmtk', 'SC_rgb_jpeg_dcmtk.dcm', 'SC_rgb_rle.dcm'),
  spec('ybr422-jpeg-dcmtk', 'SC_rgb_dcmtk_+eb+cy+s2.dcm', 'SC_rgb_rle.dcm'),
];

/** Every test here compares with pydicom's decoding (python3-pydicom, python3-numpy); without it they skip. */
const havePydicom = hasTool('pydicom', 'numpy');

let ref: Map<string, ReferenceCase>;
beforeAll(() => {
  if (havePydicom) ref = loadPydicomReference(CASES);
});

function get(id: string): ReferenceCase {
  const c = ref.get(id);
  if (!c) throw new Error(`no reference case ${id}`);
  return c;
}

async function decode(id: string): Promise<{ out: ArrayLike<number> & { length: number }; c: ReferenceCase }> {
  const c = get(id);
  return { out: await decodeEncapsulatedFrame(c.frame, c.transferSyntaxUid, c.info), c };
}

describe.skipIf(!havePydicom)('lossless codecs reproduce the uncompressed twin exactly', () => {
  it.each(['mr-rle', 'mr-j2k-lossless', 'mr-jpeg-ls-lossless'])('%s: 64x64 signed 16-bit MR equals MR_small.dcm', async (id) => {
    const { out, c } = await decode(id);
    expect(out).toBeInstanceOf(Int16Array); // Pixel Representation 1
    expect(out.length).toBe(64 * 64);
    expect(absDiff(out, c.reference).max).toBe(0);
    // The reference is not trivial: a real image with a spread of values.
    expect(Math.max(...c.reference) - Math.min(...c.reference)).toBeGreaterThan(1000);
  });

  it.each(['rgb-rle-8', 'rgb-rle-16', 'rgb-rle-8-frame2', 'rgb-rle-16-frame2'])(
    '%s: 3-sample RLE (planar segments) comes back pixel-interleaved as pydicom decodes it',
    async (id) => {
      const { out, c } = await decode(id);
      expect(out).toBeInstanceOf(c.info.bitsAllocated === 8 ? Uint8Array : Uint16Array);
      expect(out.length).toBe(100 * 100 * 3);
      expect(absDiff(out, c.reference).max).toBe(0);
    },
  );

  it('rgb-jpeg-lossless: GDCM JPEG Lossless (.70) RGB equals the RLE version of the same image', async () => {
    const { out, c } = await decode('rgb-jpeg-lossless');
    expect(c.transferSyntaxUid).toBe('1.2.840.10008.1.2.4.70');
    expect(absDiff(out, c.reference).max).toBe(0);
  });

  it('rtdose-rle-32-frame4: 32-bit RLE decodes (internal decoder) to the uncompressed frame; the public API refuses 32 bits', async () => {
    const c = get('rtdose-rle-32-frame4');
    const bytes = decodeRleFrame(c.frame, c.info);
    const values = new Uint32Array(bytes.buffer, bytes.byteOffset, bytes.length / 4);
    expect(values.length).toBe(100);
    expect(absDiff(values, c.reference).max).toBe(0);
    expect(Math.max(...c.reference)).toBeGreaterThan(65535); // really needs 32 bits
    await expect(decodeEncapsulatedFrame(c.frame, c.transferSyntaxUid, c.info)).rejects.toBeInstanceOf(DicomUnsupportedError);
  });
});

describe.skipIf(!havePydicom)('lossy codecs stay within the expected error of their reference', () => {
  it('rgb-jpeg-baseline: RGB JPEG with a malformed Adobe segment matches DCMTK (no colour transform)', async () => {
    const { out, c } = await decode('rgb-jpeg-baseline');
    const d = absDiff(out, c.reference);
    expect(d.max).toBeLessThanOrEqual(1);
    expect(d.mean).toBeLessThan(0.05);
  });

  it.each([
    // id, mean abs error bound per sample (0..255); a wrong colour transform gives a mean above 50
    ['rgb-jpeg-dcmtk-cr', 0.5], // RGB components 'R','G','B' + Adobe transform 0
    ['rgb-jpeg-gdcm-lossy', 3.5], // header says RGB, stream is YCbCr with IDs 1-2-3 (GDCM)
    ['ybr-jpeg-dcmtk', 1], // YBR_FULL
    ['ybr422-jpeg-dcmtk', 1], // YBR_FULL_422
    ['ybr-jpeg-baseline', 3.5], // YBR_FULL, DCMTK non-standard 4:2:2 option
    ['rgb-j2k', 1], // JPEG 2000 from GDCM
  ] as const)('%s: decodes to RGB within a mean error of %s of the lossless original', async (id, bound) => {
    const { out, c } = await decode(id);
    expect(out).toBeInstanceOf(Uint8Array);
    expect(out.length).toBe(100 * 100 * 3);
    expect(absDiff(out, c.reference).mean).toBeLessThan(bound);
  });
});
