import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import dicomParser from 'dicom-parser';
import { describe, expect, it } from 'vitest';
import { conformMask, readDicomSeg } from '../src/mask/index.ts';
import { DicomParseError, DicomUnsupportedError, MaskGridError } from '../src/errors.ts';
import { affineMaxAbsDiff, cross3, dicomAffineLps, dot3, lpsToRas, type Mat4, type Vec3 } from '../src/geometry.ts';
import type { LabelVolume, VolumeGrid } from '../src/volume.ts';
import { sharedData } from '../../../test/support/shared-data.ts';
import { hasTool, runPythonJson } from '../../../test/support/external-tool.ts';

const dir = sharedData('dcmqi-ct3slice', 'segmentations');
const segBytes = readFileSync(join(dir, 'liver.dcm'));

/** The CT grid of ct-3slice, built from the slices' own headers (sorted along the normal). */
function ctGrid(): VolumeGrid {
  const ctDir = join(dir, 'ct-3slice');
  const slices = readdirSync(ctDir).filter((f) => f.endsWith('.dcm')).map((f) => {
    const ds = dicomParser.parseDicom(readFileSync(join(ctDir, f)));
    const n = (tag: string) => ds.string(tag)!.split('\\').map(Number);
    return { ipp: n('x00200032') as Vec3, iop: n('x00200037'), ps: n('x00280030'), rows: ds.uint16('x00280010')!, cols: ds.uint16('x00280011')! };
  });
  const first = slices[0]!;
  const row = first.iop.slice(0, 3) as Vec3, col = first.iop.slice(3, 6) as Vec3;
  const normal = cross3(row, col);
  slices.sort((a, b) => dot3(a.ipp, normal) - dot3(b.ipp, normal));
  const s0 = slices[0]!, s1 = slices[1]!;
  const step: Vec3 = [s1.ipp[0] - s0.ipp[0], s1.ipp[1] - s0.ipp[1], s1.ipp[2] - s0.ipp[2]];
  const affineRas = lpsToRas(dicomAffineLps(row, col, s0.ipp, [s0.ps[0]!, s0.ps[1]!], step));
  return { dims: [s0.cols, s0.rows, slices.length], spacingMm: [s0.ps[1]!, s0.ps[0]!, Math.hypot(...step)], affineRas };
}

/** Minimal NRRD reader: raw or gzip encoding, 'space directions', 'space origin', LPS or RAS space. */
function readNrrdLabels(path: string): LabelVolume {
  const buf = readFileSync(path);
  const end = buf.indexOf('\n\n');
  const fields = new Map<string, string>();
  for (const line of buf.subarray(0, end).toString('latin1').split('\n')) {
    const m = /^([^:#]+):\s*(.*)$/.exec(line);
    if (m) fields.set(m[1]!.trim(), m[2]!.trim());
  }
  const sizes = fields.get('sizes')!.split(/\s+/).map(Number) as Vec3;
  const vecs = [...fields.get('space directions')!.matchAll(/\(([^)]*)\)/g)].map((m) => m[1]!.split(',').map(Number));
  const origin = /\(([^)]*)\)/.exec(fields.get('space origin')!)![1]!.split(',').map(Number);
  const space = fields.get('space');
  const enc = fields.get('encoding');
  const body = buf.subarray(end + 2);
  const raw = enc === 'gzip' || enc === 'gz' ? gunzipSync(body) : body;
  expect(fields.get('type')).toBe('short');
  expect(fields.get('endian') ?? 'little').toBe('little');
  const n = sizes[0] * sizes[1] * sizes[2];
  const values = new Int16Array(raw.buffer.slice(raw.byteOffset, raw.byteOffset + 2 * n));
  const data = Uint8Array.from(values);
  const m: Mat4 = [0, 1, 2].map((r) => [vecs[0]![r]!, vecs[1]![r]!, vecs[2]![r]!, origin[r]!]).concat([[0, 0, 0, 1]]) as Mat4;
  let affineRas: Mat4;
  if (space === 'left-posterior-superior' || space === 'LPS') affineRas = lpsToRas(m);
  else if (space === 'right-anterior-superior' || space === 'RAS') affineRas = m;
  else throw new Error(`unexpected NRRD space ${space}`);
  const spacingMm = vecs.map((v) => Math.hypot(v[0]!, v[1]!, v[2]!)) as Vec3;
  return { dims: sizes, spacingMm, affineRas, data, labels: { 1: 'liver' } };
}

const count = (d: Uint8Array, l?: number) => d.reduce((s, v) => s + (l === undefined ? (v !== 0 ? 1 : 0) : v === l ? 1 : 0), 0);

describe('readDicomSeg on dcmqi liver.dcm', () => {
  const seg = readDicomSeg(segBytes);
  const ct = ctGrid();

  it('reads the segment list and a 512×512×3 BINARY mask on the SEG geometry', () => {
    expect(seg.segments).toEqual([{ number: 1, label: 'Liver' }]);
    expect(seg.mask.labels).toEqual({ 1: 'Liver' });
    expect(seg.mask.dims).toEqual([512, 512, 3]);
    expect(seg.mask.spacingMm[0]).toBeCloseTo(0.810547, 6);
    expect(seg.mask.spacingMm[2]).toBeCloseTo(1, 6);
    // Lowest frame position (-235.2, -226.8, -128.69) LPS → RAS (235.2, 226.8, -128.69); i → L, j → P.
    expect(affineMaxAbsDiff(seg.mask.affineRas, [[-0.810547, 0, 0, 235.2], [0, -0.810547, 0, 226.8], [0, 0, 1, -128.69], [0, 0, 0, 1]])).toBeLessThan(1e-6);
  });

  it.skipIf(!hasTool('pydicom', 'numpy'))('has as many labelled voxels per frame as pydicom unpacks', () => {
    const ref = runPythonJson<{ z: number[]; counts: number[] }>(
      `
import sys, json, pydicom
d = pydicom.dcmread(sys.argv[1]); a = d.pixel_array
z = [float(f.PlanePositionSequence[0].ImagePositionPatient[2]) for f in d.PerFrameFunctionalGroupsSequence]
print(json.dumps({"z": z, "counts": [int(a[i].sum()) for i in range(a.shape[0])]}))
`,
      [join(dir, 'liver.dcm')],
    );
    const plane = 512 * 512;
    ref.z.forEach((z, f) => {
      const k = Math.round(z - -128.69); // 1 mm slices from the lowest
      expect(count(seg.mask.data.subarray(k * plane, (k + 1) * plane))).toBe(ref.counts[f]);
    });
    expect(count(seg.mask.data)).toBeGreaterThan(1000);
  });

  it('agrees with liver_seg.nrrd on the CT grid (≥ 99% of labelled voxels, Dice ≥ 0.99)', () => {
    const nrrd = readNrrdLabels(join(dir, 'liver_seg.nrrd'));
    const a = conformMask(seg.mask, ct);
    const b = conformMask(nrrd, ct);
    expect(a.dims).toEqual(ct.dims);
    // The SEG frames are stored in increasing z, the CT files in decreasing z: the SEG grid itself matches
    // the CT's when the CT slices are sorted along the normal.
    let both = 0, either = 0, equal = 0;
    for (let v = 0; v < a.data.length; v++) {
      const x = a.data[v] !== 0, y = b.data[v] !== 0;
      if (x && y) both++;
      if (x || y) either++;
      if (x === y) equal++;
    }
    expect(either).toBeGreaterThan(1000);
    expect(both / either).toBeGreaterThanOrEqual(0.99);
    expect((2 * both) / (count(a.data) + count(b.data))).toBeGreaterThanOrEqual(0.99);
    expect(equal / a.data.length).toBeGreaterThanOrEqual(0.99);
    // Slice by slice (catches a flipped slice order, which the overall overlap might hide).
    const plane = ct.dims[0] * ct.dims[1];
    for (let k = 0; k < ct.dims[2]; k++) {
      const ca = count(a.data.subarray(k * plane, (k + 1) * plane)), cb = count(b.data.subarray(k * plane, (k + 1) * plane));
      expect(Math.abs(ca - cb) / cb).toBeLessThan(0.01);
    }
  });
});

describe('conformMask', () => {
  const ct = ctGrid();
  const seg = readDicomSeg(segBytes).mask;

  it('returns a mask already on the CT grid as is, without notes', () => {
    const out = conformMask(seg, ct);
    expect(out.data).toBe(seg.data);
    expect(out.notes).toEqual([]);
    expect(out.affineRas).toEqual(ct.affineRas);
  });

  it('resamples a mask on a finer grid of the same world space, with a note', () => {
    // Upsample ×2 in-plane by hand: voxel (i, j) of the fine grid covers the coarse voxel (i >> 1, j >> 1).
    const m = seg.affineRas;
    const fineAffine: Mat4 = [
      [m[0][0] / 2, 0, 0, m[0][3] + m[0][0] * -0.25],
      [0, m[1][1] / 2, 0, m[1][3] + m[1][1] * -0.25],
      [0, 0, m[2][2], m[2][3]],
      [0, 0, 0, 1],
    ];
    const data = new Uint8Array(1024 * 1024 * 3);
    for (let k = 0; k < 3; k++) for (let j = 0; j < 1024; j++) for (let i = 0; i < 1024; i++) {
      data[i + 1024 * (j + 1024 * k)] = seg.data[(i >> 1) + 512 * ((j >> 1) + 512 * k)]!;
    }
    const fine: LabelVolume = { dims: [1024, 1024, 3], spacingMm: [seg.spacingMm[0] / 2, seg.spacingMm[1] / 2, seg.spacingMm[2]], affineRas: fineAffine, data, labels: seg.labels };
    const out = conformMask(fine, ct);
    expect(out.notes.join(' ')).toMatch(/resampled \(nearest neighbour\)/);
    let diff = 0;
    for (let v = 0; v < out.data.length; v++) if (out.data[v] !== seg.data[v]) diff++;
    expect(diff / count(seg.data)).toBeLessThan(0.01);
    expect(() => conformMask(fine, ct, { onMismatch: 'reject' })).toThrow(/resampling is off/);
  });

  it('notes the share of labelled voxels that fall outside the CT', () => {
    const shifted: LabelVolume = { ...seg, affineRas: seg.affineRas.map((r, i) => (i === 2 ? [r[0], r[1], r[2], r[3] + 2] : r)) as Mat4 };
    const out = conformMask(shifted, ct);
    expect(out.notes.join(' ')).toMatch(/lie outside the CT's field of view/);
  });
});

describe('readDicomSeg and conformMask bad input', () => {
  const ct = ctGrid();
  it('rejects a CT image (not Segmentation Storage)', () => {
    const ctFile = readFileSync(join(dir, 'ct-3slice', '01.dcm'));
    expect(() => readDicomSeg(ctFile)).toThrow(DicomUnsupportedError);
    expect(() => readDicomSeg(ctFile)).toThrow(/not a DICOM SEG/);
  });
  it('rejects garbage and a truncated SEG with DicomParseError (never a non-Error)', () => {
    expect(() => readDicomSeg(new Uint8Array(300).fill(7))).toThrow(DicomParseError);
    let thrown: unknown;
    try {
      readDicomSeg(segBytes.subarray(0, segBytes.length - 20000));
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(Error);
    expect((thrown as { code?: string }).code).toBe('DICOM_PARSE');
  });
  it('rejects a mask that does not overlap the CT, saying why (dims, spacing, offset in mm)', () => {
    const seg = readDicomSeg(segBytes).mask;
    const far: LabelVolume = { ...seg, affineRas: seg.affineRas.map((r, i) => (i === 2 ? [r[0], r[1], r[2], r[3] + 500] : r)) as Mat4 };
    expect(() => conformMask(far, ct)).toThrow(MaskGridError);
    expect(() => conformMask(far, ct)).toThrow(/does not overlap.*mask dims \[512, 512, 3\].*spacing.*offset from CT centre \[0, 0, 500\] mm/);
  });
  it('rejects a differently oriented mask with no overlap, naming both orientations', () => {
    const sag: LabelVolume = {
      dims: [10, 10, 10], spacingMm: [1, 1, 1],
      affineRas: [[0, 0, 1, 400], [1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 0, 1]],
      data: new Uint8Array(1000).fill(1), labels: { 1: 'x' },
    };
    expect(() => conformMask(sag, ct)).toThrow(/does not overlap.*orientation ASR.*orientation LPS/);
  });
  it('rejects a mask whose labelled voxels all fall outside the CT, and an empty mask', () => {
    const seg = readDicomSeg(segBytes).mask;
    const data = new Uint8Array(seg.data.length);
    data[0] = 1; // a corner voxel that lies outside the CT after a shift of 3 slices
    const shifted: LabelVolume = { ...seg, data, affineRas: seg.affineRas.map((r, i) => (i === 2 ? [r[0], r[1], r[2], r[3] - 2] : r)) as Mat4 };
    expect(() => conformMask(shifted, ct)).toThrow(/empty after resampling/);
    const empty: LabelVolume = { ...shifted, data: new Uint8Array(seg.data.length) };
    expect(() => conformMask(empty, ct)).toThrow(/no labelled voxels/);
  });
});
