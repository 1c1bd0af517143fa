import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readNifti, readNiftiLabels, writeNifti } from '../src/nifti/index.ts';
import { affineMaxAbsDiff, type Mat4, type Vec3 } from '../src/geometry.ts';
import type { LabelVolume, Volume } from '../src/volume.ts';
import { sharedData } from '../../../test/support/shared-data.ts';
import { hasTool, runPythonJson } from '../../../test/support/external-tool.ts';

const tmp = mkdtempSync(join(tmpdir(), 'mewm-nifti-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const haveNibabel = hasTool('nibabel');

const FILES = ['example_ct.nii.gz', 'example_ct_sm.nii.gz', 'example_ct_sm_liver.nii.gz'] as const;
const pathOf = (f: string) => sharedData('totalsegmentator-example', f);

interface NibInfo {
  shape: number[];
  affine: number[][];
  qform: number[][];
  sform: number[][];
  qformCode: number;
  sformCode: number;
  dtype: string;
  values: number[];
  sum: number;
  descrip: string;
}

/** nibabel's view of a file: header codes, both affines, and the scaled values at given voxels. */
function nibabelInfo(path: string, ijk: number[][]): NibInfo {
  const script = `
import sys, json, numpy as np, nibabel as nib
img = nib.load(sys.argv[1]); h = img.header
pts = json.loads(sys.argv[2])
d = np.asanyarray(img.dataobj)
if d.ndim == 4: d = d[..., 0]
f = img.get_fdata() if img.ndim == 3 else img.get_fdata()[..., 0]
print(json.dumps({
  "shape": list(img.shape), "affine": img.affine.tolist(),
  "qform": img.get_qform().tolist(), "sform": img.get_sform().tolist(),
  "qformCode": int(h["qform_code"]), "sformCode": int(h["sform_code"]),
  "dtype": str(h.get_data_dtype()), "values": [float(f[i, j, k]) for i, j, k in pts],
  "sum": float(f.sum(dtype=np.float64)), "descrip": h["descrip"].tobytes().rstrip(b"\\0").decode("ascii")}))
`;
  return runPythonJson<NibInfo>(script, [path, JSON.stringify(ijk)]);
}

function samplePoints(dims: Vec3): number[][] {
  const pts: number[][] = [];
  for (let s = 0; s < 12; s++) {
    pts.push([(s * 37 + 5) % dims[0], (s * 53 + 11) % dims[1], (s * 17 + 3) % dims[2]]);
  }
  pts.push([dims[0] - 1, dims[1] - 1, dims[2] - 1], [0, 0, 0]);
  return pts;
}
const at = (v: { dims: Vec3; data: ArrayLike<number> }, [i, j, k]: number[]) => v.data[i! + v.dims[0] * (j! + v.dims[1] * k!)]!;
const sum = (a: ArrayLike<number>) => {
  let s = 0;
  for (let v = 0; v < a.length; v++) s += a[v]!;
  return s;
};

describe('readNifti on the TotalSegmentator example files', () => {
  for (const f of FILES) {
    it.skipIf(!haveNibabel)(`${f}: dims, affine and values agree with nibabel`, () => {
      const { volume, header } = readNifti(readFileSync(pathOf(f)));
      const pts = samplePoints(volume.dims);
      const nib = nibabelInfo(pathOf(f), pts);
      expect(volume.dims).toEqual(nib.shape);
      expect(affineMaxAbsDiff(volume.affineRas, nib.affine as Mat4)).toBeLessThan(1e-5);
      expect(header.sformCode).toBe(nib.sformCode);
      expect(header.qformCode).toBe(nib.qformCode);
      expect(header.affineSource).toBe('sform');
      expect(volume.spacingMm).toEqual([3, 3, 3]);
      expect(pts.map((p) => at(volume, p))).toEqual(nib.values);
      expect(sum(volume.data)).toBe(nib.sum);
      // int32 CT values within int16 range, int16 and uint8 data: all kept exactly as Int16Array.
      expect(volume.data).toBeInstanceOf(Int16Array);
    });
  }
  it('reads the liver mask as a label map with one label whose voxel count matches nibabel', () => {
    const mask = readNiftiLabels(readFileSync(pathOf('example_ct_sm_liver.nii.gz')));
    expect(mask.labels).toEqual({ 1: 'label 1' });
    expect(mask.data).toBeInstanceOf(Uint8Array);
    if (haveNibabel) expect(sum(mask.data)).toBe(nibabelInfo(pathOf('example_ct_sm_liver.nii.gz'), []).sum);
  });
});

describe('writeNifti → readNifti round trip', () => {
  for (const f of FILES) {
    it(`${f}: data and affine are bit-identical after write and re-read`, () => {
      const first = readNifti(readFileSync(pathOf(f))).volume;
      const written = writeNifti(first);
      expect([written[0], written[1]]).toEqual([0x1f, 0x8b]); // gzip by default
      const second = readNifti(written);
      expect(second.volume.data.constructor).toBe(first.data.constructor);
      expect(Buffer.from(second.volume.data.buffer, second.volume.data.byteOffset, second.volume.data.byteLength).equals(
        Buffer.from(first.data.buffer, first.data.byteOffset, first.data.byteLength),
      )).toBe(true);
      expect(second.volume.affineRas).toEqual(first.affineRas);
      expect(second.volume.dims).toEqual(first.dims);
      expect(second.header.qformCode).toBe(1);
      expect(second.header.sformCode).toBe(1);
      expect(affineMaxAbsDiff(second.header.qformAffineRas!, first.affineRas)).toBeLessThan(1e-4);
      expect(second.header.descrip).toBe('MeWM research use only');
    });
  }

  it.skipIf(!haveNibabel)('nibabel reads a written CT with qform and sform both equal to the affine', () => {
    const first = readNifti(readFileSync(pathOf('example_ct.nii.gz'))).volume;
    const p = join(tmp, 'ct.nii.gz');
    writeFileSync(p, writeNifti(first, { description: 'round trip test' }));
    const pts = samplePoints(first.dims);
    const nib = nibabelInfo(p, pts);
    expect(nib.dtype).toBe('int16');
    expect(nib.shape).toEqual(first.dims);
    expect(nib.qformCode).toBe(1);
    expect(nib.sformCode).toBe(1);
    expect(affineMaxAbsDiff(nib.sform as Mat4, first.affineRas)).toBeLessThan(1e-5);
    expect(affineMaxAbsDiff(nib.qform as Mat4, first.affineRas)).toBeLessThan(1e-4);
    expect(nib.values).toEqual(pts.map((q) => at(first, q)));
    expect(nib.descrip).toBe('round trip test');
  });

  // Orthogonal affines with rotation, flips and a negative determinant: the qform must be exact.
  const c = Math.cos(0.35), s = Math.sin(0.35);
  const cases: [string, Mat4][] = [
    ['rotated, det > 0', [[0.7 * c, -0.7 * s, 0, -120.5], [0.7 * s, 0.7 * c, 0, 33.25], [0, 0, 2.5, -401], [0, 0, 0, 1]]],
    ['LPS-like flip, det > 0', [[-0.68, 0, 0, 170.2], [0, -0.68, 0, 190.4], [0, 0, 5, -250], [0, 0, 0, 1]]],
    ['one axis flipped, det < 0', [[0.8, 0, 0, -10], [0, 0.9, 0, 20], [0, 0, -1.5, 30], [0, 0, 0, 1]]],
    ['oblique and flipped, det < 0', [[c, 0, s * 2, 1], [0, -1.2, 0, 2], [-s, 0, c * 2, 3], [0, 0, 0, 1]]],
    ['coronal permutation', [[1, 0, 0, -50], [0, 0, -3, 60], [0, 1, 0, -70], [0, 0, 0, 1]]],
  ];
  for (const [name, affine] of cases) {
    it.skipIf(!haveNibabel)(`qform written for a ${name} affine equals the affine in nibabel`, () => {
      const dims: Vec3 = [7, 5, 3];
      const data = new Float32Array(105).map((_, v) => v * 0.5 - 20);
      const spacingMm = [0, 1, 2].map((k) => Math.hypot(affine[0][k]!, affine[1][k]!, affine[2][k]!)) as Vec3;
      const vol: Volume = { dims, spacingMm, affineRas: affine, data, meta: { source: 'derived', unit: 'unknown', notes: [] } };
      const p = join(tmp, `synthetic-${name.replace(/\W+/g, '-')}.nii`);
      writeFileSync(p, writeNifti(vol, { gzip: false }));
      const nib = nibabelInfo(p, [[6, 4, 2], [1, 2, 1]]);
      expect(nib.dtype).toBe('float32');
      expect(affineMaxAbsDiff(nib.qform as Mat4, affine)).toBeLessThan(2e-5);
      expect(affineMaxAbsDiff(nib.sform as Mat4, affine)).toBeLessThan(2e-5);
      expect(nib.values).toEqual([data[6 + 7 * (4 + 5 * 2)], data[1 + 7 * (2 + 5 * 1)]]);
      const back = readNifti(readFileSync(p));
      expect(affineMaxAbsDiff(back.header.qformAffineRas!, affine)).toBeLessThan(2e-5);
      expect(back.volume.data).toEqual(data);
    });
  }

  it('writes a LabelVolume as uint8 with the label intent and reads it back', () => {
    const mask = readNiftiLabels(readFileSync(pathOf('example_ct_sm_liver.nii.gz')));
    const back = readNiftiLabels(writeNifti(mask, { gzip: false }));
    expect(back.data).toEqual(mask.data);
    expect(readNifti(writeNifti(mask)).header).toMatchObject({ datatype: 'uint8', intentCode: 1002 });
  });
});

describe('readNifti on files written by nibabel (byte orders, datatypes, qform-only, 4D)', () => {
  interface Case { name: string; dtype: string; endian: '<' | '>'; slope?: number; inter?: number; vols?: number; qformOnly?: boolean }
  const cases: Case[] = [
    { name: 'big-endian int16', dtype: 'i2', endian: '>' },
    { name: 'big-endian float64', dtype: 'f8', endian: '>' },
    { name: 'little-endian uint16 with slope 1, intercept -1024', dtype: 'u2', endian: '<', slope: 1, inter: -1024 },
    { name: 'big-endian int32 with slope 0.5', dtype: 'i4', endian: '>', slope: 0.5, inter: 3 },
    { name: 'int8', dtype: 'i1', endian: '<' },
    { name: 'uint8', dtype: 'u1', endian: '<' },
    { name: 'float32, 4D with 3 volumes', dtype: 'f4', endian: '<', vols: 3 },
    { name: 'qform only (sform_code 0), oblique', dtype: 'i2', endian: '>', qformOnly: true },
  ];
  const script = `
import sys, json, numpy as np, nibabel as nib
c = json.loads(sys.argv[1]); path = sys.argv[2]
shape = (6, 5, 4) + ((c["vols"],) if c.get("vols") else ())
rng = np.random.default_rng(7)
raw = rng.integers(0, 120, size=shape).astype(c["endian"] + c["dtype"])
th = 0.3
aff = np.array([[np.cos(th)*1.5, -np.sin(th)*1.5, 0, -30.5], [np.sin(th)*1.5, np.cos(th)*1.5, 0, 12.25], [0, 0, -2.0, 40.0], [0, 0, 0, 1]])
hdr = nib.Nifti1Header(endianness=c["endian"])
hdr.set_data_dtype(np.dtype(c["endian"] + c["dtype"]))
img = nib.Nifti1Image(raw, aff, header=hdr)
if c.get("qformOnly"):
    img.set_sform(None, code=0); img.set_qform(aff, code=1)
img.header.set_slope_inter(c.get("slope", 1.0), c.get("inter", 0.0))
nib.save(img, path)
img2 = nib.load(path)
f = img2.get_fdata()
if f.ndim == 4: f = f[..., 0]
print(json.dumps({"affine": img2.affine.tolist(), "values": f.ravel(order="F").tolist(), "endian": img2.header.endianness}))
`;
  for (const c of cases) {
    it.skipIf(!haveNibabel)(`${c.name}: values and affine match nibabel's reading`, () => {
      const p = join(tmp, `nib-${c.name.replace(/\W+/g, '-')}.nii${c.endian === '>' ? '' : '.gz'}`);
      const ref = runPythonJson<{ affine: Mat4; values: number[]; endian: string }>(script, [JSON.stringify(c), p]);
      expect(ref.endian).toBe(c.endian);
      const { volume, header } = readNifti(readFileSync(p));
      expect(header.littleEndian).toBe(c.endian === '<');
      expect(volume.dims).toEqual([6, 5, 4]);
      expect(affineMaxAbsDiff(volume.affineRas, ref.affine)).toBeLessThan(1e-5);
      expect(header.affineSource).toBe(c.qformOnly ? 'qform' : 'sform');
      expect(Array.from(volume.data)).toEqual(ref.values);
      const integral = c.slope === undefined || c.slope === 1;
      expect(volume.data).toBeInstanceOf(integral && !c.dtype.startsWith('f') ? Int16Array : Float32Array);
      if (c.vols) expect(volume.meta.notes.join(' ')).toMatch(/first volume/);
    });
  }
});

/** A minimal valid uncompressed NIfTI to corrupt. */
function smallNifti(): Uint8Array {
  const mask: LabelVolume = {
    dims: [4, 3, 2],
    spacingMm: [1, 1, 1],
    affineRas: [[1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 1, 0], [0, 0, 0, 1]],
    data: new Uint8Array(24).fill(1),
    labels: { 1: 'x' },
  };
  return writeNifti(mask, { gzip: false });
}
const patch = (b: Uint8Array, f: (v: DataView) => void) => {
  const c = b.slice();
  f(new DataView(c.buffer));
  return c;
};

describe('readNifti bad input', () => {
  it('rejects a truncated header', () => {
    expect(() => readNifti(smallNifti().subarray(0, 200))).toThrow(/header truncated: 200 bytes/);
  });
  it('rejects a wrong sizeof_hdr and names NIfTI-2', () => {
    expect(() => readNifti(patch(smallNifti(), (v) => v.setInt32(0, 349, true)))).toThrow(/sizeof_hdr must be 348/);
    expect(() => readNifti(patch(smallNifti(), (v) => v.setInt32(0, 540, true)))).toThrow(/NIfTI-2/);
  });
  it('rejects dims of 0 and negative dims', () => {
    expect(() => readNifti(patch(smallNifti(), (v) => v.setInt16(42, 0, true)))).toThrow(/dim\[1\] must be ≥ 1/);
    expect(() => readNifti(patch(smallNifti(), (v) => v.setInt16(46, -3, true)))).toThrow(/dim\[3\]/);
    expect(() => readNifti(patch(smallNifti(), (v) => v.setInt16(40, 0, true)))).toThrow(/dim\[0\]/);
  });
  it('rejects absurd dims before allocating: over the voxel limit, or larger than the file', () => {
    const huge = patch(smallNifti(), (v) => [32767, 32767, 32767].forEach((d, i) => v.setInt16(42 + 2 * i, d, true)));
    expect(() => readNifti(huge)).toThrow(/over the limit/);
    const big = patch(smallNifti(), (v) => [512, 512, 100].forEach((d, i) => v.setInt16(42 + 2 * i, d, true)));
    expect(() => readNifti(big)).toThrow(/truncated: 376 bytes, the header needs/);
    expect(() => readNifti(smallNifti(), { maxVoxels: 10 })).toThrow(/24 voxels.*over the limit of 10/);
  });
  it('rejects an unsupported datatype, naming the code', () => {
    expect(() => readNifti(patch(smallNifti(), (v) => v.setInt16(70, 128, true)))).toThrow(/unsupported NIfTI datatype code 128/);
  });
  it('rejects a bad magic and 5D data', () => {
    expect(() => readNifti(patch(smallNifti(), (v) => v.setUint8(345, 0x69)))).toThrow(/magic/);
    expect(() =>
      readNifti(patch(smallNifti(), (v) => { v.setInt16(40, 5, true); v.setInt16(50, 3, true); })),
    ).toThrow(/dim\[5\] = 3/);
  });
  it('rejects a truncated or corrupt .nii.gz with NiftiParseError', () => {
    const gz = readFileSync(pathOf('example_ct_sm.nii.gz'));
    expect(() => readNifti(gz.subarray(0, gz.length >> 1))).toThrow(/gzip|truncated/);
    const bad = Uint8Array.from(gz);
    bad.fill(0x55, 20, 60);
    expect(() => readNifti(bad)).toThrow(expect.objectContaining({ code: 'NIFTI_PARSE' }));
  });
  it('readNiftiLabels rejects a mask with value 300, naming the value and voxel', () => {
    const vol: Volume = {
      dims: [3, 2, 2], spacingMm: [1, 1, 1], affineRas: [[1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 1, 0], [0, 0, 0, 1]],
      data: new Int16Array(12), meta: { source: 'derived', unit: 'label', notes: [] },
    };
    vol.data[1 + 3 * (1 + 2 * 1)] = 300;
    expect(() => readNiftiLabels(writeNifti(vol))).toThrow(/integers 0\.\.255; found 300 at voxel \(1, 1, 1\)/);
    const frac: Volume = { ...vol, data: new Float32Array(12).fill(0.5) };
    expect(() => readNiftiLabels(writeNifti(frac))).toThrow(/found 0\.5/);
  });
});

describe('writeNifti bad input', () => {
  const vol: Volume = {
    dims: [2, 2, 2], spacingMm: [1, 1, 1], affineRas: [[1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 1, 0], [0, 0, 0, 1]],
    data: new Int16Array(8), meta: { source: 'derived', unit: 'HU', notes: [] },
  };
  it('rejects a description that is too long or not ASCII', () => {
    expect(() => writeNifti(vol, { description: 'x'.repeat(81) })).toThrow(/at most 80/);
    expect(() => writeNifti(vol, { description: 'Müller' })).toThrow(/printable ASCII/);
    expect(() => writeNifti(vol, { description: 'x'.repeat(80) })).not.toThrow();
  });
  it('rejects a bad gzip level and a data/dims mismatch', () => {
    expect(() => writeNifti(vol, { gzipLevel: 12 })).toThrow(/0\.\.9/);
    expect(() => writeNifti({ ...vol, data: new Int16Array(7) })).toThrow(/data has 7 voxels/);
    expect(() => writeNifti({ ...vol, spacingMm: [2, 1, 1] })).toThrow(/disagrees with the affine/);
  });
});
