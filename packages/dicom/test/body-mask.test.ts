/**
 * bodyMask on the real CRLM-CT-1006 (the table lies posterior to the patient, at the bottom of the
 * axial image, rows j ≳ 410) and on a small synthetic body with a hole and a separate "table".
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { InputError } from '../src/errors.ts';
import { assembleVolume, groupSeries, parseDicom } from '../src/dicom/index.ts';
import { bodyMask } from '../src/ops/body-mask.ts';
import type { Volume } from '../src/volume.ts';
import { sharedData } from '../../../test/support/shared-data.ts';

function synthetic(): Volume {
  const dims: [number, number, number] = [40, 40, 3];
  const data = new Int16Array(40 * 40 * 3).fill(-1000);
  for (let k = 0; k < 3; k++) {
    for (let j = 0; j < 40; j++) {
      for (let i = 0; i < 40; i++) {
        const v = i + 40 * (j + 40 * k);
        const r = Math.hypot(i - 20, j - 15);
        if (r < 12) data[v] = 40; // body
        if (r < 4) data[v] = -900; // a hole: lung / gas
        if (j >= 34 && j <= 35) data[v] = 200; // the table, 7 rows below the body
      }
    }
  }
  return { dims, spacingMm: [1, 1, 1], affineRas: [[1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 1, 0], [0, 0, 0, 1]], data, meta: { source: 'derived', unit: 'HU', notes: [] } };
}

describe('bodyMask', () => {
  it('keeps the body with its holes filled and leaves the separate table out (synthetic)', () => {
    const ct = synthetic();
    const m = bodyMask(ct);
    const at = (i: number, j: number, k = 1) => m.data[i + 40 * (j + 40 * k)];
    expect(at(20, 15)).toBe(1); // the hole's centre: filled
    expect(at(20, 5)).toBe(1); // body
    expect(at(20, 34)).toBe(0); // table
    expect(at(1, 1)).toBe(0); // air
    expect(m.labels).toEqual({ 1: 'body' });
    expect(m.dims).toEqual(ct.dims);
  });

  it('refuses a threshold out of range and a CT not in HU, naming the argument', () => {
    const ct = synthetic();
    expect(() => bodyMask(ct, { thresholdHu: 5000 })).toThrow(InputError);
    expect(() => bodyMask(ct, { thresholdHu: Number.NaN })).toThrow(/thresholdHu must be within -1024\.\.3071/);
    expect(() => bodyMask({ ...ct, meta: { ...ct.meta, unit: 'unknown' } })).toThrow(/must be in HU/);
  });

  describe('on the real CT (CRLM-CT-1006)', () => {
    let ct: Volume;
    beforeAll(async () => {
      const dir = sharedData('crlm-ct', 'CRLM-CT-1006');
      const files = readdirSync(dir).filter((f) => f.endsWith('.dcm'));
      ct = (await assembleVolume(groupSeries(files.map((f) => parseDicom(new Uint8Array(readFileSync(join(dir, f))), f)))[0]!)).volume;
    }, 60_000);

    it('excludes the table rows below the body and keeps the body (mid slice)', () => {
      const m = bodyMask(ct);
      const [nx, ny, nz] = ct.dims;
      const k = Math.floor(nz / 2);
      const row = (j: number) => {
        let dense = 0, inBody = 0;
        for (let i = 0; i < nx; i++) {
          const v = i + nx * (j + ny * k);
          if (ct.data[v]! > -500) dense++;
          if (m.data[v]) inBody++;
        }
        return { dense, inBody };
      };
      // the table (dense, below the patient's back): out of the mask
      const table = row(480);
      expect(table.dense).toBeGreaterThan(100);
      expect(table.inBody).toBe(0);
      for (let j = 416; j < ny; j++) expect(row(j).inBody).toBe(0);
      // the abdomen: in the mask, every dense voxel of the row, holes (bowel gas) filled
      const body = row(256);
      expect(body.inBody).toBeGreaterThanOrEqual(body.dense);
      expect(body.inBody).toBeGreaterThan(350);
      // the body is most of what is dense in the volume (the table is a small part)
      let dense = 0, kept = 0;
      for (let v = 0; v < ct.data.length; v++) if (ct.data[v]! > -500) { dense++; if (m.data[v]) kept++; }
      expect(kept / dense).toBeGreaterThan(0.9);
      expect(kept / dense).toBeLessThan(1);
    });
  });
});
