/**
 * Series assembly on the real CT: geometry against pydicom header values, voxel values at the same
 * RAS+ world points against dcm2niix + nibabel (both computed at test time), HU plausibility in
 * known tissues, ordering independent of file order, and enhanced multi-frame CT (built with
 * pydicom from real slices) against the same slices as single-frame files.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { applyAffine, type Vec3 } from '../src/geometry.ts';
import type { Volume } from '../src/volume.ts';
import { assertGrid, voxelIndex } from '../src/volume.ts';
import { assembleVolume, groupSeries, parseDicom, type SeriesAssemblyReport } from '../src/dicom/index.ts';
import { hasTool } from '../../../test/support/external-tool.ts';
import { SERIES, dcm2niixValuesAt, python, readInstances, samplesOf, seriesFiles } from './dicom-test-helpers.ts';

/** References computed at test time: pydicom with numpy (python3-pydicom, python3-numpy), dcm2niix + nibabel (python3-nibabel). */
const havePydicom = hasTool('pydicom', 'numpy');
const haveDcm2niix = hasTool('dcm2niix', 'nibabel');

/** Header facts computed by pydicom alone: grid size, pixel spacing, slice step along the normal. */
const PYDICOM_GEOMETRY = `
import json, sys, numpy as np, pydicom
dss = [pydicom.dcmread(p, stop_before_pixels=True) for p in json.load(sys.stdin)]
iop = np.array(dss[0].ImageOrientationPatient, dtype=float)
n = np.cross(iop[:3], iop[3:])
d = sorted(float(np.dot(n, np.array(ds.ImagePositionPatient, dtype=float))) for ds in dss)
print(json.dumps({'rows': int(dss[0].Rows), 'columns': int(dss[0].Columns), 'count': len(dss),
  'spacing': [float(x) for x in dss[0].PixelSpacing], 'step': float(np.median(np.diff(d)))}))
`;

interface Assembled {
  volume: Volume;
  report: SeriesAssemblyReport;
}

const cache = new Map<string, Assembled>();
async function assembled(name: keyof typeof SERIES): Promise<Assembled> {
  const hit = cache.get(name);
  if (hit) return hit;
  const groups = groupSeries(readInstances(SERIES[name]()));
  expect(groups.length).toBe(1);
  const result = await assembleVolume(groups[0]!);
  cache.set(name, result);
  return result;
}

function at(v: Volume, i: number, j: number, k: number): number {
  return v.data[voxelIndex(v.dims, i, j, k)]!;
}

function boxMedian(v: Volume, [i0, i1]: [number, number], [j0, j1]: [number, number], [k0, k1]: [number, number]): number {
  const vals: number[] = [];
  for (let k = k0; k <= k1; k++) for (let j = j0; j <= j1; j++) for (let i = i0; i <= i1; i++) vals.push(at(v, i, j, k));
  vals.sort((a, b) => a - b);
  return vals[vals.length >> 1]!;
}

const ALL = ['hcc048', 'crlm1004', 'crlm1006', 'jpeg2000'] as const;

describe('assembleVolume on the real series', () => {
  for (const name of ALL) {
    describe(name, () => {
      let a: Assembled;
      beforeAll(async () => {
        a = await assembled(name);
      });

      it.skipIf(!havePydicom)('has the dims, spacing and slice step of the headers (pydicom)', () => {
        const ref = python<{ rows: number; columns: number; count: number; spacing: [number, number]; step: number }>(
          PYDICOM_GEOMETRY, seriesFiles(SERIES[name]()),
        );
        expect(a.volume.dims).toEqual([ref.columns, ref.rows, ref.count]);
        expect(a.volume.spacingMm[0]).toBeCloseTo(ref.spacing[1], 6);
        expect(a.volume.spacingMm[1]).toBeCloseTo(ref.spacing[0], 6);
        expect(a.volume.spacingMm[2]).toBeCloseTo(ref.step, 3);
        expect(a.report.sliceStepMm).toBeCloseTo(ref.step, 3);
        expect(a.report.sliceCount).toBe(ref.count);
        assertGrid(a.volume);
      });

      it.skipIf(!haveDcm2niix)('gives the same HU as dcm2niix + nibabel at the same RAS+ world points', () => {
        const { volume } = a;
        const n = volume.data.length;
        const idx = samplesOf(400, 12345, n);
        const points: Vec3[] = idx.map((q) => {
          const i = q % volume.dims[0];
          const j = Math.floor(q / volume.dims[0]) % volume.dims[1];
          const k = Math.floor(q / (volume.dims[0] * volume.dims[1]));
          return applyAffine(volume.affineRas, [i, j, k]);
        });
        const ref = dcm2niixValuesAt(SERIES[name](), points);
        expect(ref.maxIndexOffset).toBeLessThan(1e-3); // the two grids coincide voxel for voxel
        const ours = idx.map((q) => volume.data[q]!);
        expect(ours).toEqual(ref.values);
        expect(new Set(ours).size).toBeGreaterThan(20); // not a constant sample
      });

      it('is axial with i toward the patient\'s left, j posterior, k superior (RAS+ affine, code LPS)', () => {
        const m = a.volume.affineRas;
        expect(m[0][0]).toBeLessThan(0); // column index → patient left = −x in RAS
        expect(m[1][1]).toBeLessThan(0); // row index → posterior = −y
        expect(m[2][2]).toBeGreaterThan(0); // slices sorted inferior → superior
        expect(a.report.orientation).toBe('LPS');
      });

      it('reports HU range, data type and metadata consistent with the data', () => {
        const { volume, report } = a;
        let lo = Infinity, hi = -Infinity;
        for (let q = 0; q < volume.data.length; q++) {
          const v = volume.data[q]!;
          if (v < lo) lo = v;
          if (v > hi) hi = v;
        }
        expect(report.huRange).toEqual([lo, hi]);
        expect(report.dataType).toBe('int16');
        expect(volume.data).toBeInstanceOf(Int16Array);
        expect(volume.meta).toMatchObject({ source: 'dicom', unit: 'HU', modality: 'CT', sliceCount: volume.dims[2] });
        expect(volume.meta.transferSyntaxUid).toBe(report.transferSyntaxUid);
        expect(report.tiltDeg).toBeLessThan(0.01);
      });
    });
  }

  it('reads the JPEG 2000 series through the codecs module', async () => {
    const { report } = await assembled('jpeg2000');
    expect(report.transferSyntaxUid).toBe('1.2.840.10008.1.2.4.90');
  });
});

describe('HU in known tissues of HCC_048 (portal venous phase)', () => {
  // Slice k = 60 lies at z = −246 mm, in the upper abdomen: the same slice shows the contrast-filled
  // stomach and the spleen on the patient's left and the vertebral body posteriorly. The liver box
  // i 140–180, j 200–240 (28 × 28 mm, 5 slices) is at RAS x ≈ +67 mm, i.e. on the patient's right,
  // y ≈ +25 mm (anterior of the spine), inside the large homogeneous right-lobe parenchyma seen on
  // that slice, clear of the hilum and of the body wall. Portal-venous liver is about 90–130 HU.
  it('liver parenchyma in the right upper abdomen is about 100 HU', async () => {
    const { volume } = await assembled('hcc048');
    const centre = applyAffine(volume.affineRas, [160, 220, 60]);
    expect(centre[0]).toBeGreaterThan(40); // patient's right
    expect(centre[2]).toBeCloseTo(-246, 3);
    const median = boxMedian(volume, [140, 180], [200, 240], [58, 62]);
    expect(median).toBeGreaterThan(80);
    expect(median).toBeLessThan(130);
  });

  it('air in front of the body (inside the field of view) is about −1000 HU', async () => {
    const { volume } = await assembled('hcc048');
    const median = boxMedian(volume, [236, 276], [30, 60], [58, 62]);
    expect(median).toBeGreaterThan(-1015);
    expect(median).toBeLessThan(-975);
  });
});

describe('slice order comes from positions, not file order', () => {
  it('gives the same volume when the file list is shuffled', async () => {
    const insts = readInstances(SERIES.crlm1004());
    const ref = await assembled('crlm1004');
    const order = samplesOf(insts.length, 777, 1 << 30).map((r, i) => ({ r, i })).sort((a, b) => a.r - b.r).map((x) => x.i);
    const shuffled = order.map((i) => insts[i]!);
    expect(shuffled.map((s) => s.source)).not.toEqual(insts.map((s) => s.source));
    const progress: number[] = [];
    const { volume } = await assembleVolume(groupSeries(shuffled)[0]!, { onProgress: (done, total) => progress.push(done / total) });
    expect(volume.affineRas).toEqual(ref.volume.affineRas);
    expect(Buffer.from(volume.data.buffer).equals(Buffer.from(ref.volume.data.buffer))).toBe(true);
    expect(progress.length).toBe(insts.length);
    expect(progress[progress.length - 1]).toBe(1);
  });

  it('does not follow Instance Number when it disagrees with position (CRLM-CT-1006 numbers run head to foot)', async () => {
    const insts = readInstances(SERIES.crlm1006());
    const { volume } = await assembled('crlm1006');
    const byNumber = [...insts].sort((a, b) => a.instanceNumber! - b.instanceNumber!);
    const zFirst = byNumber[0]!.imagePositionPatient![2];
    const zLast = byNumber[byNumber.length - 1]!.imagePositionPatient![2];
    expect(zFirst).toBeGreaterThan(zLast); // premise: numbering runs superior → inferior
    const lowest = byNumber[byNumber.length - 1]!;
    // Voxel (0,0,0) is the most inferior slice's first pixel, whatever its Instance Number.
    const origin = applyAffine(volume.affineRas, [0, 0, 0]);
    expect(origin[2]).toBeCloseTo(lowest.imagePositionPatient![2], 4);
  });
});

describe('enhanced multi-frame CT', () => {
  const BUILD_ENHANCED = `
import json, sys, numpy as np, pydicom
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.sequence import Sequence
from pydicom.uid import ExplicitVRLittleEndian, generate_uid
req = json.load(sys.stdin)
dss = [pydicom.dcmread(p) for p in req['paths']]
order = req['order']
first = dss[0]
ds = Dataset()
ds.file_meta = FileMetaDataset()
ds.file_meta.MediaStorageSOPClassUID = '1.2.840.10008.5.1.4.1.1.2.1'
ds.file_meta.MediaStorageSOPInstanceUID = generate_uid()
ds.file_meta.TransferSyntaxUID = ExplicitVRLittleEndian
ds.SOPClassUID = '1.2.840.10008.5.1.4.1.1.2.1'
ds.SOPInstanceUID = ds.file_meta.MediaStorageSOPInstanceUID
ds.SeriesInstanceUID = generate_uid()
ds.FrameOfReferenceUID = first.FrameOfReferenceUID
ds.Modality = 'CT'
for k in ('Rows', 'Columns', 'BitsAllocated', 'BitsStored', 'HighBit', 'PixelRepresentation', 'SamplesPerPixel', 'PhotometricInterpretation'):
    setattr(ds, k, getattr(first, k))
ds.NumberOfFrames = len(order)
shared = Dataset()
po = Dataset(); po.ImageOrientationPatient = first.ImageOrientationPatient
pm = Dataset(); pm.PixelSpacing = first.PixelSpacing; pm.SliceThickness = first.SliceThickness
pv = Dataset(); pv.RescaleSlope = first.RescaleSlope; pv.RescaleIntercept = first.RescaleIntercept; pv.RescaleType = 'HU'
shared.PlaneOrientationSequence = Sequence([po]); shared.PixelMeasuresSequence = Sequence([pm])
shared.PixelValueTransformationSequence = Sequence([pv])
ds.SharedFunctionalGroupsSequence = Sequence([shared])
frames = []
for i in order:
    f = Dataset(); pp = Dataset(); pp.ImagePositionPatient = dss[i].ImagePositionPatient
    f.PlanePositionSequence = Sequence([pp]); frames.append(f)
ds.PerFrameFunctionalGroupsSequence = Sequence(frames)
ds.PixelData = b''.join(dss[i].PixelData for i in order)
ds.save_as(req['out'], enforce_file_format=True) if 'enforce_file_format' in ds.save_as.__code__.co_varnames else ds.save_as(req['out'], write_like_original=False)
print(json.dumps(True))
`;

  it.skipIf(!havePydicom)('assembles frames from the functional groups, in position order, equal to the single-frame slices', async () => {
    const paths = seriesFiles(SERIES.crlm1006()).slice(10, 16);
    const tmp = mkdtempSync(join(tmpdir(), 'mewm-enhanced-'));
    try {
      const out = join(tmp, 'enhanced.dcm');
      python<boolean>(BUILD_ENHANCED, { paths, order: [3, 0, 5, 1, 4, 2], out });
      const inst = parseDicom(readFileSync(out), 'enhanced.dcm');
      expect(inst.numberOfFrames).toBe(6);
      expect(inst.frames?.length).toBe(6);
      expect(inst.hasRescale).toBe(true);
      const multi = await assembleVolume(groupSeries([inst])[0]!);
      const single = await assembleVolume(groupSeries(paths.map((p) => parseDicom(readFileSync(p), p)))[0]!);
      expect(multi.volume.dims).toEqual([512, 512, 6]);
      expect(multi.volume.affineRas).toEqual(single.volume.affineRas);
      expect(Buffer.from(multi.volume.data.buffer).equals(Buffer.from(single.volume.data.buffer))).toBe(true);
      expect(multi.volume.meta.unit).toBe('HU');
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });
});
