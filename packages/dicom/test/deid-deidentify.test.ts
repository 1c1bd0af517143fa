import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import dicomParser from 'dicom-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeidentificationError, DicomParseError, InputError } from '../src/errors.ts';
import { createDeidContext, deidentifyDicom, summariseDeidRecords, type DeidRecord } from '../src/deid/index.ts';
import { PYDICOM_TEST_FILES, sharedData } from '../../../test/support/shared-data.ts';
import { hasTool } from '../../../test/support/external-tool.ts';
import { PLANTED, PLANTED_UID, containsString, elementBytes, plantIdentifiers, runPython } from './deid-fixtures.ts';

const SHIFT = -1000;
/** pydicom (python3-pydicom, python3-numpy for the pixel hashes) reads the files independently; those checks skip without it. */
const havePydicom = hasTool('pydicom', 'numpy');
const CRLM = sharedData('crlm-ct', 'CRLM-CT-1006');
const J2K = sharedData('totalsegmentator-example', 'example_ct_dicom_jpeg2000');
const crlmFiles = readdirSync(CRLM).filter((f) => f.endsWith('.dcm')).sort();
const j2kFiles = readdirSync(J2K).sort();

interface PyFile {
  path: string;
  ts: string;
  mediaSop: string;
  patientName: string | null;
  patientId: string | null;
  identityRemoved: string | null;
  studyDate: string | null;
  birthDate: string | null;
  study: string | null;
  series: string | null;
  sop: string | null;
  frameOfReference: string | null;
  methodCodes: string[];
  hasRequestAttributes: boolean;
  hasInstitutionName: boolean;
  nested: { patientId: string | null; series: string | null; date: string | null; hasOperators: boolean } | null;
  rawHash: string | null;
  pixelHash: string | null;
}

/** pydicom's view of each file: the values the tests compare, and hashes of the pixel data. */
const PY_SUMMARY = String.raw`
import sys, json, hashlib, warnings
warnings.simplefilter('ignore')
import pydicom
def s(v):
    return None if v is None else str(v)
out = []
for p in sys.argv[1:]:
    d = pydicom.dcmread(p)
    nested = None
    if 'ReferencedSeriesSequence' in d and len(d.ReferencedSeriesSequence) > 0:
        it = d.ReferencedSeriesSequence[0]
        nested = {'patientId': s(it.get('PatientID')), 'series': s(it.get('SeriesInstanceUID')),
                  'date': s(it.get('InstanceCreationDate')), 'hasOperators': 'OperatorsName' in it}
    raw = pix = None
    if 'PixelData' in d:
        raw = hashlib.sha256(d.PixelData).hexdigest()
        try:
            pix = hashlib.sha256(d.pixel_array.astype(d.pixel_array.dtype.newbyteorder('<')).tobytes()).hexdigest()
        except Exception:
            pix = None
    out.append({'path': p, 'ts': str(d.file_meta.TransferSyntaxUID), 'mediaSop': str(d.file_meta.MediaStorageSOPInstanceUID),
        'patientName': s(d.get('PatientName')), 'patientId': s(d.get('PatientID')),
        'identityRemoved': s(d.get('PatientIdentityRemoved')), 'studyDate': s(d.get('StudyDate')),
        'birthDate': s(d.get('PatientBirthDate')), 'study': s(d.get('StudyInstanceUID')),
        'series': s(d.get('SeriesInstanceUID')), 'sop': s(d.get('SOPInstanceUID')),
        'frameOfReference': s(d.get('FrameOfReferenceUID')),
        'methodCodes': [str(c.CodeValue) for c in d.get('DeidentificationMethodCodeSequence', [])],
        'hasRequestAttributes': 'RequestAttributesSequence' in d, 'hasInstitutionName': 'InstitutionName' in d,
        'nested': nested, 'rawHash': raw, 'pixelHash': pix})
print(json.dumps(out))
`;

const PY_SHIFT_DATE = String.raw`
import sys, json, datetime
d = datetime.datetime.strptime(sys.argv[1], '%Y%m%d') + datetime.timedelta(days=int(sys.argv[2]))
print(json.dumps(d.strftime('%Y%m%d')))
`;

let tmp = '';
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'mewm-deid-'));
});
afterAll(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

function writeTmp(name: string, bytes: Uint8Array): string {
  const p = join(tmp, name);
  writeFileSync(p, bytes);
  return p;
}

function pySummary(paths: string[]): PyFile[] {
  return runPython<PyFile[]>(PY_SUMMARY, paths);
}

describe('deidentifyDicom on a CT slice with planted identifiers', () => {
  const original = new Uint8Array(readFileSync(join(CRLM, '1-01.dcm')));
  const planted = plantIdentifiers(original);
  const ctx = createDeidContext({ salt: 'test-salt', dateShiftDays: SHIFT });
  const { bytes: out, record } = deidentifyDicom(planted, ctx, '1-01.dcm');
  const src = dicomParser.parseDicom(original);
  const originalUids = ['x0020000d', 'x0020000e', 'x00080018', 'x00200052'].map((t) => src.string(t) ?? '');
  const originalDates = ['x00080020', 'x00080021', 'x00080022', 'x00080023', 'x00080012'].map((t) => src.string(t) ?? '');

  it.skipIf(!havePydicom)('the planted file really holds the identifiers (checked by pydicom)', () => {
    const [py] = pySummary([writeTmp('planted.dcm', planted)]);
    expect(py?.patientName).toBe(PLANTED.patientName);
    expect(py?.patientId).toBe(PLANTED.patientId);
    expect(py?.birthDate).toBe(PLANTED.birthDate);
    expect(py?.hasRequestAttributes).toBe(true);
    expect(py?.nested?.patientId).toBe(PLANTED.patientId);
    for (const s of Object.values(PLANTED)) expect(containsString(planted, s)).toBe(true);
    expect(containsString(planted, PLANTED_UID)).toBe(true);
  });

  it('leaves no planted string, original UID or original date in the output bytes or the record', () => {
    const json = JSON.stringify(record);
    for (const s of [...Object.values(PLANTED), PLANTED_UID, ...originalUids, ...originalDates]) {
      expect(s.length).toBeGreaterThan(7);
      expect(containsString(out, s), s).toBe(false);
      expect(json.includes(s), s).toBe(false);
    }
  });

  it('keeps the pixel data byte for byte', () => {
    expect(Buffer.from(elementBytes(out, 'x7fe00010')).equals(Buffer.from(elementBytes(original, 'x7fe00010')))).toBe(true);
  });

  it.skipIf(!havePydicom)('pydicom reads the output: pseudonym, YES, method codes, shifted dates, same pixel array', () => {
    const [a, b] = pySummary([join(CRLM, '1-01.dcm'), writeTmp('deid.dcm', out)]);
    const expectedDate = runPython<string>(PY_SHIFT_DATE, [src.string('x00080020') ?? '', String(SHIFT)]);
    expect(b?.patientName).toMatch(/^MEWM-[0-9A-F]{8}$/);
    expect(b?.patientId).toBe(b?.patientName);
    expect(b?.patientName).toBe(ctx.pseudonym(PLANTED.patientId));
    expect(b?.identityRemoved).toBe('YES');
    expect(b?.methodCodes).toEqual(['113100', '113107']);
    expect(b?.studyDate).toBe(expectedDate);
    expect(b?.birthDate).toBe('');
    expect(b?.hasInstitutionName).toBe(false);
    expect(b?.hasRequestAttributes).toBe(false);
    expect(b?.mediaSop).toBe(b?.sop);
    expect(b?.sop).toMatch(/^2\.25\.\d{1,39}$/);
    expect(b?.pixelHash).toBe(a?.pixelHash);
    expect(b?.pixelHash).not.toBeNull();
  });

  it.skipIf(!havePydicom)('cleans nested sequence items with the same mappings as the top level', () => {
    const [b] = pySummary([writeTmp('deid-nested.dcm', out)]);
    const expectedDate = runPython<string>(PY_SHIFT_DATE, [src.string('x00080020') ?? '', String(SHIFT)]);
    expect(b?.nested?.series).toBe(b?.series);
    expect(b?.nested?.patientId).toBe(b?.patientId);
    expect(b?.nested?.date).toBe(expectedDate);
    expect(b?.nested?.hasOperators).toBe(false);
  });

  it('records what it did, by tag and keyword only', () => {
    const has = (tag: string, action: string): boolean => record.actions.some((a) => a.tag === tag && a.action === action);
    expect(has('(0010,0010)', 'D')).toBe(true);
    expect(has('(0008,0080)', 'X')).toBe(true);
    expect(has('(0040,0275)', 'X')).toBe(true);
    expect(has('(0008,1120)', 'X')).toBe(true);
    expect(has('(0010,0030)', 'Z')).toBe(true);
    expect(has('(0008,0020)', 'shift')).toBe(true);
    expect(has('(0020,000D)', 'U')).toBe(true);
    expect(has('(6000,3000)', 'X')).toBe(true);
    expect(record.privateTagsRemoved).toBeGreaterThanOrEqual(2);
    expect(record.sequencesVisited).toBeGreaterThanOrEqual(1);
    expect(record.uidsReplaced).toBeGreaterThanOrEqual(5);
    expect(record.options).toEqual(['Retain Longitudinal Temporal Information with Modified Dates']);
    expect(record.actions.find((a) => a.tag === '(0008,0080)')?.keyword).toBe('InstitutionName');
  });

  it("dates: 'remove' empties or removes them instead of shifting", () => {
    const r = deidentifyDicom(planted, createDeidContext({ salt: 'test-salt', dates: 'remove' }), 'x');
    for (const d of originalDates) expect(containsString(r.bytes, d)).toBe(false);
    expect(r.record.options).toEqual([]);
    expect(r.record.actions.some((a) => a.action === 'shift')).toBe(false);
    const ds = dicomParser.parseDicom(r.bytes);
    expect(ds.elements.x00080020?.length).toBe(0); // StudyDate: Z
    expect(ds.elements.x00080021).toBeUndefined(); // SeriesDate: X/D, Type 3 in CT Image → X
    expect(ds.string('x00280303')).toBe('REMOVED');
  });
});

describe('deidentifyDicom over whole series', () => {
  it.skipIf(!havePydicom)('CRLM-CT-1006 (51 slices): consistent UIDs, distinct instances, same shift, same pixels', () => {
    const ctx = createDeidContext({ salt: 'series-salt', dateShiftDays: SHIFT });
    const records: DeidRecord[] = [];
    const outPaths: string[] = [];
    for (const f of crlmFiles) {
      const bytes = new Uint8Array(readFileSync(join(CRLM, f)));
      const r = deidentifyDicom(bytes, ctx, f);
      records.push(r.record);
      expect(Buffer.from(elementBytes(r.bytes, 'x7fe00010')).equals(Buffer.from(elementBytes(bytes, 'x7fe00010')))).toBe(true);
      outPaths.push(writeTmp(`crlm-${f}`, r.bytes));
    }
    expect(crlmFiles.length).toBe(51);
    const before = pySummary(crlmFiles.map((f) => join(CRLM, f)));
    const after = pySummary(outPaths);
    expect(new Set(after.map((a) => a.series)).size).toBe(1);
    expect(new Set(after.map((a) => a.study)).size).toBe(1);
    expect(new Set(after.map((a) => a.sop)).size).toBe(51);
    expect(new Set(after.map((a) => a.studyDate)).size).toBe(1);
    after.forEach((a, i) => {
      const b = before[i]!;
      expect(a.pixelHash).toBe(b.pixelHash);
      expect(a.identityRemoved).toBe('YES');
      expect(a.mediaSop).toBe(a.sop);
      expect(a.sop).not.toBe(b.sop);
      expect(a.series).not.toBe(b.series);
    });
    const expectedDate = runPython<string>(PY_SHIFT_DATE, [before[0]?.studyDate ?? '', String(SHIFT)]);
    expect(after[0]?.studyDate).toBe(expectedDate);
    const summary = summariseDeidRecords(records);
    expect(summary.files).toBe(51);
    expect(summary.tags.find((t) => t.tag === '(0020,000E)' && t.action === 'U')?.count).toBe(51);
  });

  it.skipIf(!havePydicom)('JPEG 2000 series (encapsulated pixel data): fragments copied verbatim, readable by pydicom', () => {
    const ctx = createDeidContext({ salt: 'j2k' });
    const outPaths: string[] = [];
    for (const f of j2kFiles) {
      const bytes = new Uint8Array(readFileSync(join(J2K, f)));
      const r = deidentifyDicom(bytes, ctx, f);
      expect(Buffer.from(elementBytes(r.bytes, 'x7fe00010')).equals(Buffer.from(elementBytes(bytes, 'x7fe00010')))).toBe(true);
      outPaths.push(writeTmp(`j2k-${outPaths.length}.dcm`, r.bytes));
    }
    const before = pySummary(j2kFiles.map((f) => join(J2K, f)));
    const after = pySummary(outPaths);
    expect(after.length).toBe(20);
    after.forEach((a, i) => {
      expect(a.ts).toBe(before[i]?.ts);
      expect(a.ts).toBe('1.2.840.10008.1.2.4.90');
      expect(a.rawHash).toBe(before[i]?.rawHash);
      expect(a.identityRemoved).toBe('YES');
    });
    expect(new Set(after.map((a) => a.series)).size).toBe(1);
    // this example series leaves SOP Instance UID (0008,0018) empty in all 20 files; only the meta
    // (0002,0003) identifies the instance: it is mapped on its own, one new UID per file
    expect(before.map((a) => a.sop)).toEqual(Array(20).fill(''));
    expect(after.map((a) => a.sop)).toEqual(Array(20).fill(''));
    expect(new Set(after.map((a) => a.mediaSop)).size).toBe(20);
    after.forEach((a, i) => {
      expect(a.mediaSop).toMatch(/^2\.25\.\d+$/);
      expect(a.mediaSop).not.toBe(before[i]?.mediaSop);
    });
  });

  it.skipIf(!havePydicom).each([
    ['CT_small.dcm', '1.2.840.10008.1.2.1', '1.2.840.10008.1.2.1'],
    ['MR_small_implicit.dcm', '1.2.840.10008.1.2', '1.2.840.10008.1.2'],
    ['MR_small_bigendian.dcm', '1.2.840.10008.1.2.2', '1.2.840.10008.1.2.2'],
    ['image_dfl.dcm', '1.2.840.10008.1.2.1.99', '1.2.840.10008.1.2.1'],
  ])('%s (%s) is rewritten as %s with the same pixel array', (name, tsIn, tsOut) => {
    const path = join(PYDICOM_TEST_FILES, name);
    const bytes = new Uint8Array(readFileSync(path));
    const r = deidentifyDicom(bytes, createDeidContext({ salt: 'corpus', dateShiftDays: SHIFT }), name);
    const [a, b] = pySummary([path, writeTmp(`corpus-${name}`, r.bytes)]);
    expect(a?.ts).toBe(tsIn);
    expect(b?.ts).toBe(tsOut);
    expect(b?.pixelHash).toBe(a?.pixelHash);
    expect(b?.pixelHash).not.toBeNull();
    expect(b?.identityRemoved).toBe('YES');
    expect(b?.study).not.toBe(a?.study);
    expect(b?.study).toMatch(/^2\.25\./);
    for (const v of [a?.study, a?.sop, a?.series]) if (v) expect(containsString(r.bytes, v)).toBe(false);
    if (a?.patientName && a.patientName.replace(/\^/g, '').length > 3) {
      expect(containsString(r.bytes, a.patientName)).toBe(false);
    }
    if (a?.studyDate) {
      expect(b?.studyDate).toBe(runPython<string>(PY_SHIFT_DATE, [a.studyDate, String(SHIFT)]));
    }
  });
});

describe('deidentifyDicom: bad input', () => {
  const ctx = createDeidContext();
  const ct = new Uint8Array(readFileSync(join(CRLM, '1-01.dcm')));

  it('rejects bytes that are not DICOM Part 10', () => {
    expect(() => deidentifyDicom(new TextEncoder().encode('hello, not dicom'), ctx, 'a.txt')).toThrow(DicomParseError);
    expect(() => deidentifyDicom(new Uint8Array(2000), ctx, 'zeros.dcm')).toThrow(DicomParseError);
    expect(() => deidentifyDicom(new Uint8Array(0), ctx, 'empty.dcm')).toThrow(DicomParseError);
    const noMeta = new Uint8Array(readFileSync(join(PYDICOM_TEST_FILES, 'ExplVR_LitEndNoMeta.dcm')));
    expect(() => deidentifyDicom(noMeta, ctx, 'nometa.dcm')).toThrow(DicomParseError);
  });

  it('rejects truncated files, uncompressed and encapsulated', () => {
    expect(() => deidentifyDicom(ct.subarray(0, 300_000), ctx, 'cut.dcm')).toThrow(DicomParseError);
    const j2k = new Uint8Array(readFileSync(join(J2K, j2kFiles[0]!)));
    expect(() => deidentifyDicom(j2k.subarray(0, j2k.length - 5000), ctx, 'cut-j2k.dcm')).toThrow(DicomParseError);
    const mrCut = new Uint8Array(readFileSync(join(PYDICOM_TEST_FILES, 'MR_truncated.dcm')));
    expect(() => deidentifyDicom(mrCut, ctx, 'MR_truncated.dcm')).toThrow(DicomParseError);
  });

  it('rejects BurnedInAnnotation YES with DeidentificationError naming the tag, never a value', () => {
    const burned = plantIdentifiers(ct, { burnedIn: true });
    let err: unknown;
    try {
      deidentifyDicom(burned, ctx, 'burned.dcm');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(DeidentificationError);
    const msg = (err as Error).message;
    expect(msg).toContain('(0028,0301)');
    for (const s of Object.values(PLANTED)) expect(msg.includes(s)).toBe(false);
  });

  it('rejects a non-Uint8Array argument', () => {
    expect(() => deidentifyDicom('x' as unknown as Uint8Array, ctx, 'x')).toThrow(InputError);
  });
});
