/**
 * parseDicom and decodeFramePixels against pydicom, computed at test time on the same files:
 * header values of the real CT series, and stored pixel values across native transfer syntaxes
 * (explicit/implicit VR little endian, explicit big endian, deflated), bit depths 1/8/16/32,
 * multi-frame, colour, plus the JPEG 2000 series through the codecs module.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DicomParseError, DicomUnsupportedError, InputError, InputTooLargeError } from '../src/errors.ts';
import { MewmError } from '@mewm/contracts';
import { decodeFramePixels, parseDicom, type DicomInstance } from '../src/dicom/index.ts';
import { PYDICOM_TEST_FILES } from '../../../test/support/shared-data.ts';
import { hasTool } from '../../../test/support/external-tool.ts';
import { SERIES, python, readInstances, seriesFiles } from './dicom-test-helpers.ts';

/** pydicom (python3-pydicom; its pixel_array needs python3-numpy) computes the reference values; the tests that ask it skip without it. */
const havePydicom = hasTool('pydicom');
const havePixelArray = hasTool('pydicom', 'numpy');

const PYDICOM_HEADERS = `
import json, sys, pydicom
out = []
for p in json.load(sys.stdin):
    ds = pydicom.dcmread(p, stop_before_pixels=True)
    f = lambda v: None if v is None or v == '' else [float(x) for x in v] if isinstance(v, (list, pydicom.multival.MultiValue)) else float(v)
    out.append({
        'ts': str(ds.file_meta.TransferSyntaxUID), 'sop': str(ds.get('SOPClassUID') or ds.file_meta.MediaStorageSOPClassUID),
        'series': str(ds.get('SeriesInstanceUID', '')), 'modality': ds.get('Modality'),
        'rows': int(ds.Rows), 'columns': int(ds.Columns), 'bitsAllocated': int(ds.BitsAllocated),
        'bitsStored': int(ds.BitsStored), 'pixelRepresentation': int(ds.PixelRepresentation),
        'slope': f(ds.get('RescaleSlope')), 'intercept': f(ds.get('RescaleIntercept')),
        'ipp': f(ds.get('ImagePositionPatient')), 'iop': f(ds.get('ImageOrientationPatient')),
        'spacing': f(ds.get('PixelSpacing')), 'thickness': f(ds.get('SliceThickness')),
        'instanceNumber': None if ds.get('InstanceNumber') in (None, '') else int(ds.InstanceNumber),
    })
print(json.dumps(out))
`;

interface PyHeader {
  ts: string; sop: string; series: string; modality: string | null; rows: number; columns: number;
  bitsAllocated: number; bitsStored: number; pixelRepresentation: number; slope: number | null; intercept: number | null;
  ipp: number[] | null; iop: number[] | null; spacing: number[] | null; thickness: number | null; instanceNumber: number | null;
}

/** pydicom's pixel_array of one frame, flattened in the file's storage order: length, sum, weighted sum. */
const PYDICOM_PIXELS = `
import json, sys, numpy as np, pydicom
out = []
for req in json.load(sys.stdin):
    ds = pydicom.dcmread(req['path'])
    a = ds.pixel_array
    if int(getattr(ds, 'NumberOfFrames', 1) or 1) > 1:
        a = a[req['frame']]
    if int(getattr(ds, 'SamplesPerPixel', 1)) > 1 and int(getattr(ds, 'PlanarConfiguration', 0)) == 1:
        a = np.moveaxis(a, -1, 0)
    v = a.astype(np.float64).ravel()
    w = (np.arange(v.size) % 97 + 1).astype(np.float64)
    out.append({'n': int(v.size), 'sum': float(v.sum()), 'wsum': float((v * w).sum()), 'min': float(v.min()), 'max': float(v.max())})
print(json.dumps(out))
`;

interface PyPixels { n: number; sum: number; wsum: number; min: number; max: number }

function stats(px: ArrayLike<number>): PyPixels {
  let sum = 0, wsum = 0, min = Infinity, max = -Infinity;
  for (let i = 0; i < px.length; i++) {
    const v = px[i]!;
    sum += v;
    wsum += v * ((i % 97) + 1);
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return { n: px.length, sum, wsum, min, max };
}

const pyFile = (name: string) => join(PYDICOM_TEST_FILES, name);
const load = (path: string, label = path.split('/').pop()!) => parseDicom(readFileSync(path), label);

describe('parseDicom on the real CT series', () => {
  for (const [name, dir] of Object.entries(SERIES)) {
    it.skipIf(!havePydicom)(`reads every header value of ${name} as pydicom does`, () => {
      const paths = seriesFiles(dir());
      const insts = readInstances(dir());
      const ref = python<PyHeader[]>(PYDICOM_HEADERS, paths);
      expect(insts.length).toBe(ref.length);
      insts.forEach((inst, n) => {
        const r = ref[n]!;
        expect(inst.transferSyntaxUid).toBe(r.ts);
        expect(inst.sopClassUid).toBe(r.sop);
        expect(inst.seriesInstanceUid).toBe(r.series);
        expect(inst.modality).toBe(r.modality ?? undefined);
        expect([inst.rows, inst.columns, inst.bitsAllocated, inst.bitsStored, inst.pixelRepresentation]).toEqual([
          r.rows, r.columns, r.bitsAllocated, r.bitsStored, r.pixelRepresentation,
        ]);
        expect(inst.rescaleSlope).toBe(r.slope ?? 1);
        expect(inst.rescaleIntercept).toBe(r.intercept ?? 0);
        expect(inst.imagePositionPatient).toEqual(r.ipp);
        expect(inst.imageOrientationPatient!.flat()).toEqual(r.iop);
        expect(inst.pixelSpacingMm).toEqual(r.spacing);
        expect(inst.sliceThicknessMm).toBe(r.thickness ?? undefined);
        expect(inst.instanceNumber).toBe(r.instanceNumber ?? undefined);
        expect(inst.numberOfFrames).toBe(1);
        expect(inst.hasPixelData).toBe(true);
      });
    });
  }

  it('falls back to MediaStorageSOPClassUID when SOPClassUID is empty (the JPEG 2000 files)', () => {
    const inst = readInstances(SERIES.jpeg2000())[0]!;
    expect(inst.dataSet.string('x00080016') ?? '').toBe('');
    expect(inst.sopClassUid).toBe('1.2.840.10008.5.1.4.1.1.2');
    expect(inst.seriesInstanceUid).toBe('');
  });
});

describe('decodeFramePixels matches pydicom across transfer syntaxes and bit depths', () => {
  const cases: Array<{ file: string; frame?: number; ts: string; type: string }> = [
    { file: 'MR_small.dcm', ts: '1.2.840.10008.1.2.1', type: 'Int16Array' },
    { file: 'MR_small_implicit.dcm', ts: '1.2.840.10008.1.2', type: 'Int16Array' },
    { file: 'MR_small_bigendian.dcm', ts: '1.2.840.10008.1.2.2', type: 'Int16Array' },
    { file: 'CT_small.dcm', ts: '1.2.840.10008.1.2.1', type: 'Int16Array' },
    { file: 'image_dfl.dcm', ts: '1.2.840.10008.1.2.1.99', type: 'Uint8Array' },
    { file: 'rtdose.dcm', frame: 0, ts: '1.2.840.10008.1.2', type: 'Uint32Array' },
    { file: 'rtdose.dcm', frame: 14, ts: '1.2.840.10008.1.2', type: 'Uint32Array' },
    { file: 'rtdose_expb.dcm', frame: 7, ts: '1.2.840.10008.1.2.2', type: 'Uint32Array' },
    { file: 'ExplVR_BigEnd.dcm', ts: '1.2.840.10008.1.2.2', type: 'Uint8Array' },
    { file: 'SC_rgb_small_odd.dcm', ts: '1.2.840.10008.1.2.1', type: 'Uint8Array' },
    { file: 'liver_1frame.dcm', ts: '1.2.840.10008.1.2.1', type: 'Uint8Array' },
    { file: 'liver_expb_1frame.dcm', ts: '1.2.840.10008.1.2.2', type: 'Uint8Array' },
  ];
  const ref = havePixelArray ? python<PyPixels[]>(PYDICOM_PIXELS, cases.map((c) => ({ path: pyFile(c.file), frame: c.frame ?? 0 }))) : [];
  cases.forEach((c, n) => {
    it.skipIf(!havePixelArray)(`${c.file} frame ${c.frame ?? 0} (${c.ts})`, async () => {
      const inst = load(pyFile(c.file));
      expect(inst.transferSyntaxUid).toBe(c.ts);
      const px = await decodeFramePixels(inst, c.frame ?? 0);
      expect(px.constructor.name).toBe(c.type);
      expect(stats(px)).toEqual(ref[n]);
      expect(ref[n]!.max).toBeGreaterThan(ref[n]!.min); // a constant frame would prove nothing
    });
  });

  // pydicom here has no JPEG 2000 handler; the JPEG 2000 series is checked against dcm2niix in dicom-series.test.ts.
  it.skipIf(!havePixelArray)('decodes real uncompressed CT slices to pydicom values', async () => {
    const paths = [seriesFiles(SERIES.crlm1006())[20]!, seriesFiles(SERIES.hcc048())[44]!, seriesFiles(SERIES.ct3slice())[1]!];
    const expected = python<PyPixels[]>(PYDICOM_PIXELS, paths.map((path) => ({ path, frame: 0 })));
    for (let n = 0; n < paths.length; n++) {
      const px = await decodeFramePixels(load(paths[n]!), 0);
      expect(stats(px)).toEqual(expected[n]);
    }
  });

  it('returns a view over the file bytes for aligned little endian 16-bit data (no copy)', async () => {
    const bytes = readFileSync(seriesFiles(SERIES.crlm1004())[0]!);
    const inst = parseDicom(bytes, 'slice');
    const px = await decodeFramePixels(inst, 0);
    const el = inst.dataSet.elements['x7fe00010']!;
    if ((bytes.byteOffset + el.dataOffset) % 2 === 0) expect(px.buffer).toBe(bytes.buffer);
    expect(px.length).toBe(512 * 512);
  });
});

/** A copy of `bytes` with the value of a US element replaced (little endian files only). */
function withUint16(bytes: Uint8Array, inst: DicomInstance, tag: string, value: number): Uint8Array {
  const el = inst.dataSet.elements[tag]!;
  const copy = new Uint8Array(bytes);
  copy[el.dataOffset] = value & 0xff;
  copy[el.dataOffset + 1] = value >>> 8;
  return copy;
}

describe('BitsStored < BitsAllocated: masking and sign extension (values derived by hand)', () => {
  const bytes = new Uint8Array(readFileSync(pyFile('MR_small.dcm')));
  const base = parseDicom(bytes, 'MR_small.dcm');
  const pixelOffset = base.dataSet.elements['x7fe00010']!.dataOffset;
  const setRaw = (b: Uint8Array, index: number, raw: number) => {
    b[pixelOffset + 2 * index] = raw & 0xff;
    b[pixelOffset + 2 * index + 1] = raw >>> 8;
  };

  it('drops unused high bits of unsigned 12-bit data', async () => {
    let b = withUint16(bytes, base, 'x00280101', 12); // BitsStored 12
    b = withUint16(b, base, 'x00280102', 11); // HighBit 11
    b = withUint16(b, parseDicom(b, 'x'), 'x00280103', 0); // unsigned
    setRaw(b, 0, 0xf123);
    setRaw(b, 1, 0x0fff);
    setRaw(b, 2, 0xa000);
    const px = await decodeFramePixels(parseDicom(b, 'x'), 0);
    expect(px.constructor.name).toBe('Uint16Array');
    expect([px[0], px[1], px[2]]).toEqual([0x123, 0xfff, 0]);
  });

  it('sign-extends signed 12-bit data from bit 11', async () => {
    let b = withUint16(bytes, base, 'x00280101', 12);
    b = withUint16(b, base, 'x00280102', 11);
    setRaw(b, 0, 0x0800); // -2048 in 12-bit two's complement
    setRaw(b, 1, 0xf7ff); // junk high nibble; 0x7ff = 2047
    setRaw(b, 2, 0x0fff); // -1
    const px = await decodeFramePixels(parseDicom(b, 'x'), 0);
    expect(px.constructor.name).toBe('Int16Array');
    expect([px[0], px[1], px[2]]).toEqual([-2048, 2047, -1]);
  });

  it('shifts by HighBit + 1 − BitsStored when the stored bits are not at the bottom', async () => {
    let b = withUint16(bytes, base, 'x00280101', 12);
    b = withUint16(b, base, 'x00280102', 15); // bits 4..15
    b = withUint16(b, parseDicom(b, 'x'), 'x00280103', 0);
    setRaw(b, 0, 0x1230);
    setRaw(b, 1, 0xfff5);
    const px = await decodeFramePixels(parseDicom(b, 'x'), 0);
    expect([px[0], px[1]]).toEqual([0x123, 0xfff]);
  });
});

describe('parseDicom: bad input', () => {
  const crlm = new Uint8Array(readFileSync(seriesFiles(SERIES.crlm1004())[0]!));

  it.each([
    ['empty', new Uint8Array(0), /0 bytes/],
    ['random bytes', new Uint8Array(2000).map((_, i) => (i * 7919 + 13) & 255), /not DICOM/],
    ['the first 200 bytes only', crlm.slice(0, 200), /0002,0010/],
    ['the first half only', crlm.slice(0, crlm.length >> 1), /buffer overrun/],
    ['a truncated pydicom file', new Uint8Array(readFileSync(pyFile('MR_truncated.dcm'))), /not a readable DICOM file/],
    ['a file meta group without TransferSyntaxUID', new Uint8Array(readFileSync(pyFile('meta_missing_tsyntax.dcm'))), /0002,0010/],
    ['a malformed NumberOfFrames', new Uint8Array(readFileSync(pyFile('badVR.dcm'))), /NumberOfFrames \(0028,0008\)/],
  ])('rejects %s with DicomParseError', (label, bytes, pattern) => {
    const err = captureSync(() => parseDicom(bytes, label));
    expect(err).toBeInstanceOf(DicomParseError);
    expect(err.message).toMatch(pattern);
    expect(err.message.startsWith(`${label}: `)).toBe(true);
  });

  it('rejects a value that is not a Uint8Array', () => {
    expect(() => parseDicom('not bytes' as unknown as Uint8Array, 'x')).toThrow(DicomParseError);
  });

  it('names ImageOrientationPatient when its values are not numbers', () => {
    const el = parseDicom(crlm, 'x').dataSet.elements['x00200037']!;
    const copy = new Uint8Array(crlm);
    copy.fill(0x41, el.dataOffset, el.dataOffset + 4); // "AAAA" over the first value
    const err = captureSync(() => parseDicom(copy, 'bad-iop.dcm'));
    expect(err).toBeInstanceOf(DicomParseError);
    expect(err.message).toMatch(/ImageOrientationPatient \(0020,0037\) value 1 of 6 is not a finite number/);
  });

  it('names Rows and its range when Rows is 0', () => {
    const inst = parseDicom(crlm, 'x');
    const err = captureSync(() => parseDicom(withUint16(crlm, inst, 'x00280010', 0), 'rows0.dcm'));
    expect(err).toBeInstanceOf(DicomParseError);
    expect(err.message).toMatch(/Rows \(0028,0010\) must be in \[1, 65535\]/);
  });

  it('refuses to inflate a deflated data set past the limit', () => {
    const bytes = new Uint8Array(readFileSync(pyFile('image_dfl.dcm')));
    expect(() => parseDicom(bytes, 'dfl', { maxInflatedBytes: 10_000 })).toThrow(InputTooLargeError);
    expect(parseDicom(bytes, 'dfl').rows).toBe(512);
  });

  it.skipIf(!havePydicom)('keeps the patient name out of every error message', () => {
    const name = python<string>(
      'import json,sys,pydicom; print(json.dumps(str(pydicom.dcmread(json.load(sys.stdin)).PatientName)))',
      seriesFiles(SERIES.crlm1004())[0]!,
    );
    const inst = parseDicom(crlm, 'x');
    const bad = [crlm.slice(0, crlm.length - 1000), withUint16(crlm, inst, 'x00280010', 0), withUint16(crlm, inst, 'x00280100', 16 + 256)];
    for (const b of bad) {
      const err = captureSync(() => parseDicom(b, 'x'));
      expect(err).toBeInstanceOf(MewmError);
      if (name.length > 2) expect(err.message).not.toContain(name);
    }
  });
});

describe('decodeFramePixels: bad input', () => {
  const crlmPath = seriesFiles(SERIES.crlm1004())[0]!;
  const crlm = new Uint8Array(readFileSync(crlmPath));
  const inst = parseDicom(crlm, 'slice.dcm');

  it.each([-1, 1, 0.5, Number.NaN])('rejects frame index %s with InputError naming the range', async (f) => {
    const err = await captureAsync(() => decodeFramePixels(inst, f));
    expect(err).toBeInstanceOf(InputError);
    expect(err.message).toMatch(/frameIndex must be an integer in \[0, 0\]/);
  });

  it('rejects an object without pixel data (structured report)', async () => {
    const sr = load(pyFile('test-SR.dcm'));
    expect(sr.hasPixelData).toBe(false);
    await expect(decodeFramePixels(sr, 0)).rejects.toThrow(DicomUnsupportedError);
  });

  it('rejects Rows larger than the pixel data holds before allocating (truncated pixel data)', async () => {
    const tall = parseDicom(withUint16(crlm, inst, 'x00280010', 4096), 'tall.dcm');
    const err = await captureAsync(() => decodeFramePixels(tall, 0));
    expect(err).toBeInstanceOf(DicomParseError);
    expect(err.message).toMatch(/holds 524288 bytes but .* needs 4194304/);
  });

  it('rejects BitsAllocated 24 as unsupported, naming the supported depths', async () => {
    const b = withUint16(crlm, inst, 'x00280100', 24);
    const err = await captureAsync(() => decodeFramePixels(parseDicom(b, 'b24.dcm'), 0));
    expect(err).toBeInstanceOf(DicomUnsupportedError);
    expect(err.message).toMatch(/BitsAllocated \(0028,0100\) = 24; supported: 1, 8, 16, 32/);
  });

  it('rejects an unknown transfer syntax', async () => {
    const ts = inst.dataSet.elements['x00020010']!;
    const copy = new Uint8Array(crlm);
    const uid = '1.2.840.10008.9.9.9';
    for (let i = 0; i < uid.length; i++) copy[ts.dataOffset + i] = uid.charCodeAt(i);
    const odd = parseDicom(copy, 'odd.dcm');
    expect(odd.transferSyntaxUid).toBe(uid);
    await expect(decodeFramePixels(odd, 0)).rejects.toThrow(DicomUnsupportedError);
  });
});

function captureSync(fn: () => unknown): Error {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(Error);
    return e as Error;
  }
  throw new Error('expected an error');
}

async function captureAsync(fn: () => Promise<unknown>): Promise<Error> {
  try {
    await fn();
  } catch (e) {
    expect(e).toBeInstanceOf(Error);
    return e as Error;
  }
  throw new Error('expected an error');
}
