/**
 * An ingest names the de-identified Study, Series and Frame of Reference UIDs of the series it
 * assembled (what DICOM outputs derived from the CT must reference): the original UIDs mapped by the
 * case's context, never the originals; NIfTI input has none.
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
    expect(result.dicomReference).toEqual({
      studyInstanceUid: ctx.mapUid(original.study),
      seriesInstanceUid: ctx.mapUid(original.series),
      frameOfReferenceUid: ctx.mapUid(original.frame),
    });
    expect(Object.values(result.dicomReference!).some((u) => Object.values(original).includes(u!))).toBe(false);

    const nifti = await ingestCt([{ name: 'ct.nii', bytes: writeNifti(result.volume, { gzip: false }) }]);
    expect(nifti.dicomReference).toBeUndefined();
  });
});
