import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import dicomParser from 'dicom-parser';
import { describe, expect, it } from 'vitest';
import { InputError } from '../src/errors.ts';
import {
  BASIC_PROFILE,
  createDeidContext,
  formatTag,
  resolveBasicProfileAction,
  shiftDate,
  shiftDateElementValue,
  shiftDateTime,
  summariseDeidRecords,
  uidFromHmac,
  writePart10,
  type BasicProfileCode,
  type DeidRecord,
  type OutElement,
} from '../src/deid/index.ts';
import { runPython } from './deid-fixtures.ts';
import { hasTool } from '../../../test/support/external-tool.ts';

/** Independent references: Python's own datetime and uuid (python3), pydicom's dictionary and reader (python3-pydicom). */
const havePython = hasTool('python3');
const havePydicom = hasTool('pydicom');

describe('PS3.15 Table E.1-1 as data', () => {
  it('holds the 617 single-tag rows of the 2024b table (deid-profile-table.test.ts checks each against the standard)', () => {
    expect(BASIC_PROFILE.size).toBe(617);
  });

  it.each([
    [0x00100010, 'PatientName', 'Z'],
    [0x00100020, 'PatientID', 'Z/D'],
    [0x00100030, 'PatientBirthDate', 'Z'],
    [0x00080050, 'AccessionNumber', 'Z'],
    [0x00080090, 'ReferringPhysicianName', 'Z'],
    [0x00080080, 'InstitutionName', 'X/Z/D'],
    [0x00081070, 'OperatorsName', 'X/Z/D'],
    [0x0020000d, 'StudyInstanceUID', 'U'],
    [0x00080018, 'SOPInstanceUID', 'U'],
    [0x00200052, 'FrameOfReferenceUID', 'U'],
    [0x00081140, 'ReferencedImageSequence', 'X/Z/U*'],
    [0x00400275, 'RequestAttributesSequence', 'X'],
    [0x00080023, 'ContentDate', 'Z/D'],
    [0x00180010, 'ContrastBolusAgent', 'Z/D'],
    [0x00081010, 'StationName', 'X/Z/D'],
    [0x0040a730, 'ContentSequence', 'D'],
  ])('%s %s has Basic Profile action %s (values read from the standard)', (tag, keyword, code) => {
    const e = BASIC_PROFILE.get(tag);
    expect(e?.keyword).toBe(keyword);
    expect(e?.code).toBe(code);
  });

  it('marks dates and times (not birth date/time) for the Modified Dates option', () => {
    expect(BASIC_PROFILE.get(0x00080020)?.modifiedDatesOption).toBe(true); // StudyDate
    expect(BASIC_PROFILE.get(0x00080031)?.modifiedDatesOption).toBe(true); // SeriesTime
    expect(BASIC_PROFILE.get(0x00100030)?.modifiedDatesOption).toBe(false); // PatientBirthDate
    expect(BASIC_PROFILE.get(0x00100032)?.modifiedDatesOption).toBe(false); // PatientBirthTime
  });

  it.skipIf(!havePydicom)('keywords and VRs agree with pydicom’s data dictionary for every row it knows (21 newer rows are not in pydicom 2.3)', () => {
    const tags = [...BASIC_PROFILE.keys()].map((t) => String(t));
    const py = runPython<Record<string, [string, string] | null>>(
      String.raw`
import sys, json
from pydicom.datadict import dictionary_has_tag, keyword_for_tag, dictionary_VR
print(json.dumps({t: [keyword_for_tag(int(t)), dictionary_VR(int(t)).split(' or ')[0]] if dictionary_has_tag(int(t)) else None for t in sys.argv[1:]}))
`,
      tags,
    );
    let unknown = 0;
    for (const [tag, e] of BASIC_PROFILE) {
      const known = py[String(tag)];
      if (known === null || known === undefined) unknown++;
      else expect([e.keyword, e.vr], formatTag(tag)).toEqual(known);
    }
    expect(unknown).toBe(21);
  });
});

describe('resolveBasicProfileAction', () => {
  const cases: Array<[BasicProfileCode, 1 | 2 | 3, string]> = [
    ['X/Z', 3, 'X'], ['X/Z', 2, 'Z'],
    ['X/D', 3, 'X'], ['X/D', 1, 'D'],
    ['Z/D', 3, 'Z'], ['Z/D', 2, 'Z'], ['Z/D', 1, 'D'],
    ['X/Z/D', 3, 'X'], ['X/Z/D', 2, 'Z'], ['X/Z/D', 1, 'D'],
    ['X/Z/U*', 3, 'X'], ['X/Z/U*', 2, 'Z'], ['X/Z/U*', 1, 'U'],
    ['X', 1, 'X'], ['Z', 3, 'Z'], ['D', 3, 'D'], ['U', 3, 'U'],
  ];
  it.each(cases)('%s for a Type %i attribute → %s', (code, type, expected) => {
    expect(resolveBasicProfileAction(code, type)).toBe(expected);
  });
});

describe('date shifting', () => {
  it.skipIf(!havePython)('agrees with Python datetime for leap years, month ends and large shifts', () => {
    const dates = ['20040229', '20001231', '19000301', '20240301', '19991231', '20040316'];
    const shifts = [-1, 1, -365, -366, -3650, 1000, -36500];
    const args = dates.flatMap((d) => shifts.map((s) => `${d}:${s}`));
    const expected = runPython<string[]>(
      String.raw`
import sys, json, datetime
out = []
for a in sys.argv[1:]:
    d, s = a.split(':')
    out.append((datetime.datetime.strptime(d, '%Y%m%d') + datetime.timedelta(days=int(s))).strftime('%Y%m%d'))
print(json.dumps(out))
`,
      args,
    );
    args.forEach((a, i) => {
      const [d = '', s = '0'] = a.split(':');
      expect(shiftDate(d, Number(s)), a).toBe(expected[i]);
    });
  });

  it('shifts DT values by their date part and keeps time, fraction and offset', () => {
    expect(shiftDateTime('20040316123045.123456+0100', -1)).toBe('20040315123045.123456+0100');
    expect(shiftDateTime('20040316', 1)).toBe('20040317');
    expect(shiftDateElementValue('DA', '20040316\\20040317', 1)).toBe('20040317\\20040318');
    expect(shiftDateElementValue('DA', '2004.03.16', 1)).toBe('20040317');
    expect(shiftDateElementValue('DA', '\\20040317', 1)).toBe('\\20040318');
  });

  describe('bad input', () => {
    it.each(['2004', '200403', '20041332', '20040230', 'hello', '2004-03-16', '20040316-20040317'])(
      'cannot shift DA "%s" (undefined, so the caller empties it)',
      (v) => {
        expect(shiftDateElementValue('DA', v, 10)).toBeUndefined();
      },
    );
    it('cannot shift a DT coarser than a day', () => {
      expect(shiftDateTime('2004', 10)).toBeUndefined();
      expect(shiftDateTime('200403', 10)).toBeUndefined();
    });
  });
});

describe('uidFromHmac and the context', () => {
  it.skipIf(!havePython)('makes valid UUID-derived UIDs (version 8, RFC variant), ≤ 64 chars, deterministic per salt', () => {
    const uids = ['1.2.3', '1.3.6.1.4.1.14519.5.2.1.1', '1.2.840.113619.2.55.3.1'].map((u) => uidFromHmac('s', u));
    for (const u of uids) {
      expect(u).toMatch(/^2\.25\.[1-9]\d*$/);
      expect(u.length).toBeLessThanOrEqual(64);
    }
    expect(uidFromHmac('s', '1.2.3')).toBe(uids[0]);
    expect(uidFromHmac('t', '1.2.3')).not.toBe(uids[0]);
    const py = runPython<Array<[number, string]>>(
      String.raw`
import sys, json, uuid
print(json.dumps([[uuid.UUID(int=int(a[5:])).version, str(uuid.UUID(int=int(a[5:])).variant)] for a in sys.argv[1:]]))
`,
      uids,
    );
    for (const [version, variant] of py) {
      expect(version).toBe(8);
      expect(variant).toBe('specified in RFC 4122');
    }
  });

  it('keeps standard UIDs, maps others consistently, pseudonymises patient IDs', () => {
    const ctx = createDeidContext({ salt: 'k' });
    expect(ctx.mapUid('1.2.840.10008.5.1.4.1.1.2')).toBe('1.2.840.10008.5.1.4.1.1.2');
    expect(ctx.mapUid('1.2.3.4')).toBe(ctx.mapUid('1.2.3.4'));
    expect(ctx.mapUid('1.2.3.4')).not.toBe(ctx.mapUid('1.2.3.5'));
    expect(ctx.uidCount).toBe(2);
    expect(ctx.pseudonym('ABC')).toMatch(/^MEWM-[0-9A-F]{8}$/);
    expect(ctx.pseudonym('ABC')).toBe(createDeidContext({ salt: 'k' }).pseudonym('ABC'));
    expect(ctx.pseudonym('ABC')).not.toBe(createDeidContext({ salt: 'other' }).pseudonym('ABC'));
    expect(JSON.stringify(ctx)).not.toContain('"k"');
  });

  it('draws a default shift in [-3650, -365] days and a random salt per context', () => {
    const shifts = Array.from({ length: 200 }, () => createDeidContext().dateShiftDays);
    for (const s of shifts) {
      expect(Number.isInteger(s)).toBe(true);
      expect(s).toBeGreaterThanOrEqual(-3650);
      expect(s).toBeLessThanOrEqual(-365);
    }
    expect(new Set(shifts).size).toBeGreaterThan(100);
    expect(createDeidContext().mapUid('1.2.3')).not.toBe(createDeidContext().mapUid('1.2.3'));
  });

  describe('createDeidContext: bad input', () => {
    it.each([
      [{ salt: '' }],
      [{ dateShiftDays: 1.5 }],
      [{ dateShiftDays: 40_000 }],
      [{ dateShiftDays: Number.NaN }],
      [{ dates: 'blur' as 'shift' }],
    ])('rejects %j with InputError', (opts) => {
      expect(() => createDeidContext(opts)).toThrow(InputError);
    });
  });
});

describe('writePart10', () => {
  const str = (tag: number, vr: string, v: string): OutElement => {
    const b = Buffer.from(v.length % 2 ? `${v}${vr === 'UI' ? '\0' : ' '}` : v, 'latin1');
    return { kind: 'value', tag, vr, value: new Uint8Array(b) };
  };
  const meta = (ts: string): OutElement[] => [
    { kind: 'value', tag: 0x00020001, vr: 'OB', value: Uint8Array.of(0, 1) },
    str(0x00020002, 'UI', '1.2.840.10008.5.1.4.1.1.7'),
    str(0x00020003, 'UI', '2.25.1234'),
    str(0x00020010, 'UI', ts),
  ];
  const body: OutElement[] = [
    str(0x00080016, 'UI', '1.2.840.10008.5.1.4.1.1.7'),
    str(0x00080018, 'UI', '2.25.1234'),
    { kind: 'sequence', tag: 0x00081115, items: [[str(0x0020000e, 'UI', '2.25.99')], []] },
    str(0x00100010, 'PN', 'DOE^JANE'),
    { kind: 'sequence', tag: 0x00400275, items: [] },
    { kind: 'value', tag: 0x00280010, vr: 'US', value: Uint8Array.of(0, 0) },
  ];

  it.skipIf(!havePydicom).each([
    ['1.2.840.10008.1.2.1', { explicitVr: true, littleEndian: true }],
    ['1.2.840.10008.1.2', { explicitVr: false, littleEndian: true }],
    ['1.2.840.10008.1.2.2', { explicitVr: true, littleEndian: false }],
  ])('writes %s that pydicom and dicom-parser read back, with a correct group length', (ts, enc) => {
    const bytes = writePart10(meta(ts), body, enc);
    const header = dicomParser.readPart10Header(bytes) as ReturnType<typeof dicomParser.readPart10Header> & { position: number };
    expect(header.position).toBe(144 + (header.uint32('x00020000') ?? -1));
    const ds = dicomParser.parseDicom(bytes);
    expect(ds.string('x00100010')).toBe('DOE^JANE');
    expect(ds.elements.x00081115?.items?.length).toBe(2);
    const dir = mkdtempSync(join(tmpdir(), 'mewm-writer-'));
    try {
      const p = join(dir, 'w.dcm');
      writeFileSync(p, bytes);
      const py = runPython<[string, string, number, string, number]>(
        String.raw`
import sys, json, pydicom
d = pydicom.dcmread(sys.argv[1])
print(json.dumps([str(d.PatientName), str(d.ReferencedSeriesSequence[0].SeriesInstanceUID),
    len(d.ReferencedSeriesSequence), str(d.file_meta.TransferSyntaxUID), len(d.RequestAttributesSequence)]))
`,
        [p],
      );
      expect(py).toEqual(['DOE^JANE', '2.25.99', 2, ts, 0]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('summariseDeidRecords', () => {
  const rec = (actions: DeidRecord['actions'], n: number): DeidRecord => ({
    profile: 'DICOM PS3.15 Annex E Basic Application Level Confidentiality Profile',
    options: ['Retain Longitudinal Temporal Information with Modified Dates'],
    actions,
    privateTagsRemoved: n,
    uidsReplaced: n * 2,
    sequencesVisited: n * 3,
    attributesKept: n * 4,
  });

  it('counts per action and per tag across files', () => {
    const a = rec([{ tag: '(0010,0010)', keyword: 'PatientName', action: 'D' }, { tag: '(0008,0020)', keyword: 'StudyDate', action: 'shift' }], 1);
    const b = rec([{ tag: '(0010,0010)', keyword: 'PatientName', action: 'D' }], 2);
    const s = summariseDeidRecords([a, b]);
    expect(s.files).toBe(2);
    expect(s.actionCounts).toEqual({ X: 0, Z: 0, D: 2, U: 0, shift: 1 });
    expect(s.tags).toEqual([
      { tag: '(0008,0020)', keyword: 'StudyDate', action: 'shift', count: 1 },
      { tag: '(0010,0010)', keyword: 'PatientName', action: 'D', count: 2 },
    ]);
    expect([s.privateTagsRemoved, s.uidsReplaced, s.sequencesVisited, s.attributesKept]).toEqual([3, 6, 9, 12]);
  });

  describe('bad input', () => {
    it('an empty list gives an all-zero summary', () => {
      const s = summariseDeidRecords([]);
      expect(s.files).toBe(0);
      expect(s.tags).toEqual([]);
      expect(Object.values(s.actionCounts).every((n) => n === 0)).toBe(true);
    });
  });
});
