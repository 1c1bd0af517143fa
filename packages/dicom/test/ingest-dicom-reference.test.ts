/**
 * An ingest names the de-identified Study, Series and Frame of Reference UIDs of the series it
 * assembled, the image behind each slice and the pseudonymous patient and study values (what DICOM outputs derived from the CT must reference): the original UIDs mapped by the
 * case's context, never the originals; NIfTI input has none. An input of several patients says which
 * patient each series belongs to, and warns.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import dicomParser from 'dicom-parser';
import { describe, expect, it } from 'vitest';
import { createDeidContext } from '../src/deid/index.ts';
import { ingestCt } from '../src/ingest/index.ts';
import { writeNifti } from '../src/nifti/index.ts';
import { sharedData } from '../../../test/support/shared-data.ts';

describe('IngestResult.dicomReference', () => {
  it('holds the chosen series\' UIDs as de-identified by the case context', async () => {
    const dir = sharedData('crlm-ct', 'CRLM-CT-1006');
    const first = dicomParser.parseDicom(new Uint8Array(readFileSync(join(dir, readdirSync(dir).filter((f) => f.endsWith('.dcm')).sort()[0]!))));
    const ctx = createDeidContext({ salt: 'a-fixed-test-salt', dateShiftDays: -400 });
    const result = await ingestCt([dir], { deid: ctx });
    const original = { study: first.string('x0020000d')!, series: first.string('x0020000e')!, frame: first.string('x00200052')! };
    const ref = result.dicomReference!;
    expect(ref).toMatchObject({
      studyInstanceUid: ctx.mapUid(original.study),
      seriesInstanceUid: ctx.mapUid(original.series),
      frameOfReferenceUid: ctx.mapUid(original.frame),
      sopClassUid: '1.2.840.10008.5.1.4.1.1.2',
    });
    expect([ref.studyInstanceUid, ref.seriesInstanceUid, ref.frameOfReferenceUid].some((u) => Object.values(original).includes(u!))).toBe(false);

    // one image per slice, in the volume's slice order: slice k's instance sits at the volume's k-th position
    expect(ref.slices).toHaveLength(result.volume.dims[2]);
    const byUid = new Map(readdirSync(dir).filter((f) => f.endsWith('.dcm')).map((f) => {
      const ds = dicomParser.parseDicom(new Uint8Array(readFileSync(join(dir, f))));
      return [ctx.mapUid(ds.string('x00080018')!), ds.string('x00200032')!.split('\\').map(Number)] as const;
    }));
    const zOf = (k: number) => result.volume.affineRas[2][2] * k + result.volume.affineRas[2][3]; // RAS S = LPS z
    for (const k of [0, 17, ref.slices.length - 1]) {
      const position = byUid.get(ref.slices[k]!.sopInstanceUid)!;
      expect(position[2]).toBeCloseTo(zOf(k), 3);
    }
    expect(ref.slices.every((s) => s.frameNumber === undefined)).toBe(true);
    // the patient and study as de-identified: the case pseudonym, a shifted date, no original value
    expect(ref.patientStudy.PatientID).toBe(ref.patientStudy.PatientName);
    expect(ref.patientStudy.PatientID).not.toBe((first.string('x00100020') ?? '').trim());
    expect(ref.patientStudy.StudyDate).not.toBe(first.string('x00080020'));

    const nifti = await ingestCt([{ name: 'ct.nii', bytes: writeNifti(result.volume, { gzip: false }) }]);
    expect(nifti.dicomReference).toBeUndefined();
  });
});

describe('an input holding more than one patient', () => {
  it('says which patient each series belongs to, and warns; gives the shifted date and spacing of each series', async () => {
    const pick = (id: string, n: number) => {
      const dir = sharedData('crlm-ct', id);
      return readdirSync(dir).filter((f) => f.endsWith('.dcm')).sort().slice(0, n).map((f) => join(dir, f));
    };
    const result = await ingestCt([...pick('CRLM-CT-1006', 4), ...pick('CRLM-CT-1004', 3)]);
    expect(result.series.map((s) => s.patient).sort()).toEqual([1, 2]);
    expect(result.warnings.some((w) => /images of 2 patients/.test(w))).toBe(true);
    const one = await ingestCt(pick('CRLM-CT-1006', 4), { deid: createDeidContext({ salt: 's', dateShiftDays: -400 }) });
    expect(one.series.map((s) => s.patient)).toEqual([1]);
    // what a series picker shows: the shifted date, the spacing and thickness as stored
    const original = dicomParser.parseDicom(new Uint8Array(readFileSync(pick('CRLM-CT-1006', 1)[0]!)));
    const stored = (original.string('x00080021') ?? original.string('x00080022') ?? original.string('x00080020'))!;
    const shifted = new Date(Date.UTC(+stored.slice(0, 4), +stored.slice(4, 6) - 1, +stored.slice(6, 8)) - 400 * 86_400_000).toISOString().slice(0, 10).replace(/-/g, '');
    expect(one.series[0]!.shiftedDate).toBe(shifted);
    expect(one.series[0]!.pixelSpacingMm).toEqual(original.string('x00280030')!.split('\\').map(Number));
    expect(one.series[0]!.sliceThicknessMm).toBe(Number(original.string('x00180050')));
    expect(one.warnings.some((w) => /patients/.test(w))).toBe(false);
  });
});
