/**
 * Series grouping and stack geometry on synthetic slice lists built from a real CT file
 * (CRLM-CT-1004) with edited positions and orientations: shuffles, duplicates, a dropped slice,
 * uneven spacing, gantry tilt, mixed orientation / size / spacing, oblique stacks.
 * Expected positions and angles are derived by hand from the edits.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DicomUnsupportedError, InputError, InputTooLargeError, SeriesGeometryError } from '../src/errors.ts';
import { applyAffine, lpsToRas, type Mat4, type Vec3 } from '../src/geometry.ts';
import { assembleVolume, groupSeries, parseDicom, type DicomInstance, type DicomSeriesGroup } from '../src/dicom/index.ts';
import { PYDICOM_TEST_FILES, sharedData } from '../../../test/support/shared-data.ts';
import { SERIES, readInstances, seriesFiles } from './dicom-test-helpers.ts';

const base = parseDicom(readFileSync(seriesFiles(SERIES.crlm1004())[0]!), 'base.dcm');
const AXIAL: [Vec3, Vec3] = [[1, 0, 0], [0, 1, 0]];
const deg = Math.PI / 180;

/** Slice `k` of a synthetic stack: the real file's pixels with an edited position/orientation. */
function slice(k: number, position: Vec3, patch: Partial<DicomInstance> = {}): DicomInstance {
  return { ...base, source: `s${String(k).padStart(2, '0')}.dcm`, sopInstanceUid: `1.2.3.${k}`, imagePositionPatient: position, ...patch };
}

/** n axial slices from z0 upward every `step` mm. */
function axialStack(n: number, step = 5, z0 = -100): DicomInstance[] {
  return Array.from({ length: n }, (_, k) => slice(k, [-200, -200, z0 + k * step], { imageOrientationPatient: AXIAL }));
}

const imageGroup = (instances: DicomInstance[]): DicomSeriesGroup => {
  const groups = groupSeries(instances);
  expect(groups.length).toBe(1);
  return groups[0]!;
};

async function geometryError(instances: DicomInstance[]): Promise<SeriesGeometryError> {
  try {
    await assembleVolume(imageGroup(instances));
  } catch (e) {
    expect(e).toBeInstanceOf(SeriesGeometryError);
    return e as SeriesGeometryError;
  }
  throw new Error('expected a SeriesGeometryError');
}

/** World RAS+ position of voxel (0,0,k) must equal slice k's ImagePositionPatient converted to RAS. */
function expectSliceOrigins(affineRas: Mat4, positionsLps: Vec3[]): void {
  const toRas = lpsToRas([[1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 1, 0], [0, 0, 0, 1]]);
  positionsLps.forEach((p, k) => {
    const expected = applyAffine(toRas, p);
    const got = applyAffine(affineRas, [0, 0, k]);
    for (let a = 0; a < 3; a++) expect(got[a]).toBeCloseTo(expected[a]!, 6);
  });
}

describe('stack geometry on synthetic slices', () => {
  it('orders a shuffled stack by position along the normal', async () => {
    const stack = axialStack(8, 2.5);
    const shuffled = [5, 2, 7, 0, 3, 6, 1, 4].map((i) => stack[i]!);
    const { volume, report } = await assembleVolume(imageGroup(shuffled));
    expect(report.sliceStepMm).toBeCloseTo(2.5, 9);
    expectSliceOrigins(volume.affineRas, stack.map((s) => s.imagePositionPatient!));
  });

  it('sorts by the normal of an oblique stack, not by z', async () => {
    // Rows along x, columns tilted 30° from y toward −z: normal n = row × col = (0, sin30°, cos30°).
    const col: Vec3 = [0, Math.cos(30 * deg), -Math.sin(30 * deg)];
    const n: Vec3 = [0, Math.sin(30 * deg), Math.cos(30 * deg)];
    const positions = Array.from({ length: 6 }, (_, k): Vec3 => [-200, -50 + 3 * k * n[1], 20 + 3 * k * n[2]]);
    const stack = positions.map((p, k) => slice(k, p, { imageOrientationPatient: [[1, 0, 0], col] }));
    const { volume, report } = await assembleVolume(imageGroup([...stack].reverse()));
    expect(report.sliceStepMm).toBeCloseTo(3, 9);
    expect(report.tiltDeg).toBeLessThan(1e-6);
    expectSliceOrigins(volume.affineRas, positions);
    // The affine's j column is the column direction in RAS: (0, −cos30°, −sin30°) × spacing.
    expect(volume.affineRas[1][1] / volume.spacingMm[1]).toBeCloseTo(-Math.cos(30 * deg), 9);
    expect(volume.affineRas[2][1] / volume.spacingMm[1]).toBeCloseTo(-Math.sin(30 * deg), 9);
  });

  it('rejects duplicate positions, naming both files and the position', async () => {
    const stack = axialStack(6);
    const dup = slice(99, [-200, -200, -85], { imageOrientationPatient: AXIAL });
    const err = await geometryError([...stack, dup]);
    expect(err.message).toMatch(/duplicate slice position -85\.00 mm/);
    expect(err.message).toContain('s03.dcm');
    expect(err.message).toContain('s99.dcm');
  });

  it('rejects a real series with a middle slice dropped, naming the positions around the gap', async () => {
    const insts = readInstances(SERIES.crlm1004());
    const sortedZ = insts.map((s) => s.imagePositionPatient![2]).sort((a, b) => a - b);
    const dropZ = sortedZ[20]!;
    const err = await geometryError(insts.filter((s) => s.imagePositionPatient![2] !== dropZ));
    // Normal of IOP (1,0,0, 0,1,0) is +z, so "position along the normal" is z.
    expect(err.message).toContain(`${sortedZ[19]!.toFixed(2)} → ${sortedZ[21]!.toFixed(2)} mm (gap 10.00 mm, about 1 slice(s) missing)`);
    expect(err.message).toMatch(/median step of 5\.00 mm/);
  });

  it('rejects non-uniform spacing beyond the tolerance', async () => {
    const stack = axialStack(8);
    stack[4] = slice(4, [-200, -200, -100 + 4 * 5 + 0.8], { imageOrientationPatient: AXIAL });
    const err = await geometryError(stack);
    expect(err.message).toMatch(/non-uniform slice spacing: step (5\.80|4\.20) mm/);
  });

  it('accepts spacing jitter within the tolerance (DS rounding)', async () => {
    const stack = axialStack(8);
    stack[4] = slice(4, [-200, -200, -100 + 4 * 5 + 0.01], { imageOrientationPatient: AXIAL });
    const { report } = await assembleVolume(imageGroup(stack));
    expect(report.sliceStepMm).toBeCloseTo(5, 9);
  });

  describe('gantry tilt of 15°', () => {
    // Each slice moves 5 mm along the normal (z) and 5·tan15° mm along y: the step is 15° from the normal.
    const positions = Array.from({ length: 7 }, (_, k): Vec3 => [-200, -200 + k * 5 * Math.tan(15 * deg), -100 + 5 * k]);
    const stack = positions.map((p, k) => slice(k, p, { imageOrientationPatient: AXIAL }));

    it('is an error naming the tilt in degrees by default', async () => {
      const err = await geometryError(stack);
      expect(err.message).toMatch(/gantry tilt: slice positions are sheared 15\.00° from the slice normal/);
      expect(err.message).toMatch(/allowGantryTilt/);
    });

    it('gives a sheared affine through every slice position with allowGantryTilt', async () => {
      const { volume, report } = await assembleVolume(imageGroup(stack), { allowGantryTilt: true });
      expect(report.tiltDeg).toBeCloseTo(15, 6);
      expect(report.sliceStepMm).toBeCloseTo(5, 9);
      expect(volume.spacingMm[2]).toBeCloseTo(5 / Math.cos(15 * deg), 9);
      expectSliceOrigins(volume.affineRas, positions);
      expect(report.warnings.join(' ')).toMatch(/gantry tilt of 15\.00° accepted: the affine is sheared/);
      expect(volume.meta.notes.join(' ')).toMatch(/sheared/);
    });
  });

  it('rejects mixed orientation, naming the angle', async () => {
    const stack = axialStack(5);
    const c = Math.cos(10 * deg), s = Math.sin(10 * deg);
    stack[2] = { ...stack[2]!, imageOrientationPatient: [[c, s, 0], [-s, c, 0]] };
    const err = await geometryError(stack);
    expect(err.message).toMatch(/mixed ImageOrientationPatient \(0020,0037\): 1 of 5 slice\(s\) differ from the first \(largest: 10\.00° in s02\.dcm/);
  });

  it('rejects mixed rows/columns', async () => {
    const stack = axialStack(5);
    stack[1] = { ...stack[1]!, rows: 256, columns: 256 };
    const err = await geometryError(stack);
    expect(err.message).toMatch(/mixed Columns × Rows within the series: 512×512 in 4 slice\(s\).*256×256 in 1 slice\(s\) \(e\.g\. s01\.dcm\)/);
  });

  it('rejects mixed pixel spacing', async () => {
    const stack = axialStack(5);
    stack[3] = { ...stack[3]!, pixelSpacingMm: [0.7, 0.7] };
    const err = await geometryError(stack);
    expect(err.message).toMatch(/mixed PixelSpacing \(0028,0030\): s03\.dcm has \[0\.7, 0\.7\] mm/);
  });

  it('rejects slices without ImagePositionPatient', async () => {
    const stack = axialStack(4);
    stack[2] = { ...stack[2]!, imagePositionPatient: undefined };
    const err = await geometryError(stack);
    expect(err.message).toMatch(/ImagePositionPatient \(0020,0032\) is missing in 1 of 4 slice\(s\) \(first: s02\.dcm\)/);
  });

  it('rejects a series that mixes frames of reference', async () => {
    const stack = axialStack(4);
    stack[0] = { ...stack[0]!, frameOfReferenceUid: '1.2.3.4.5' };
    const err = await geometryError(stack);
    expect(err.message).toMatch(/2 frames of reference/);
  });

  it('builds a one-slice volume with the SliceThickness as slice spacing', async () => {
    const { volume, report } = await assembleVolume(imageGroup([base]));
    expect(volume.dims).toEqual([512, 512, 1]);
    expect(volume.spacingMm[2]).toBe(base.sliceThicknessMm);
    expect(report.warnings.join(' ')).toMatch(/single slice: slice spacing taken from SliceThickness \(5\.00 mm\)/);
  });

  it('writes Float32Array when the rescale is not integral, with HU = slope × stored + intercept', async () => {
    const stack = axialStack(3).map((s) => ({ ...s, rescaleSlope: 0.5, rescaleIntercept: -1024.25 }));
    const { volume, report } = await assembleVolume(imageGroup(stack));
    expect(volume.data).toBeInstanceOf(Float32Array);
    expect(report.dataType).toBe('float32');
    const off = base.dataSet.elements['x7fe00010']!.dataOffset;
    const stored = new Int16Array(Uint8Array.from(base.dataSet.byteArray.subarray(off, off + 2 * 512 * 512)).buffer);
    expect(base.pixelRepresentation).toBe(1);
    for (const q of [0, 1000, 131_072, 200_000]) expect(volume.data[512 * 512 + q]).toBeCloseTo(stored[q]! * 0.5 - 1024.25, 4);
  });
});

describe('groupSeries', () => {
  it('keeps a DICOM SEG apart from the CT slices it segments', () => {
    const ct = readInstances(SERIES.ct3slice());
    const seg = parseDicom(readFileSync(sharedData('dcmqi-ct3slice', 'segmentations', 'liver.dcm')), 'liver.dcm');
    const groups = groupSeries([ct[0]!, seg, ct[2]!, ct[1]!]);
    expect(groups.map((g) => [g.kind, g.instances.length])).toEqual([['image', 3], ['non-image', 1]]);
    expect(groups[1]!.description).toBe('DICOM SEG (segmentation)');
    expect(groups[1]!.sopClassUids).toEqual(['1.2.840.10008.5.1.4.1.1.66.4']);
  });

  it('lists structured reports and RT structure sets as non-image groups', () => {
    const sr = parseDicom(readFileSync(join(PYDICOM_TEST_FILES, 'test-SR.dcm')), 'sr.dcm');
    const rt = parseDicom(readFileSync(join(PYDICOM_TEST_FILES, 'rtstruct.dcm')), 'rt.dcm');
    const groups = groupSeries([sr, rt, base]);
    expect(groups[0]!.kind).toBe('image');
    expect(groups.slice(1).map((g) => g.description).sort()).toEqual(['RT structure set', 'structured report']);
  });

  it('groups instances without a Series Instance UID together, with a warning', () => {
    const groups = groupSeries(readInstances(SERIES.jpeg2000()));
    expect(groups.length).toBe(1);
    expect(groups[0]!.instances.length).toBe(20);
    expect(groups[0]!.warnings[0]).toMatch(/no Series Instance UID \(0020,000E\)/);
  });

  it('splits two series by Series Instance UID', () => {
    const a = readInstances(SERIES.ct3slice());
    const b = axialStack(2);
    const groups = groupSeries([...b, ...a]);
    expect(groups.map((g) => g.instances.length)).toEqual([3, 2]);
  });
});

describe('groupSeries and assembleVolume: bad input', () => {
  it('groupSeries rejects a non-array', () => {
    expect(() => groupSeries(undefined as unknown as DicomInstance[])).toThrow(InputError);
  });

  it('assembleVolume refuses a non-image group', async () => {
    const seg = parseDicom(readFileSync(sharedData('dcmqi-ct3slice', 'segmentations', 'liver.dcm')), 'liver.dcm');
    await expect(assembleVolume(groupSeries([seg])[0]!)).rejects.toThrow(DicomUnsupportedError);
  });

  it('assembleVolume refuses colour images', async () => {
    const rgb = parseDicom(readFileSync(join(PYDICOM_TEST_FILES, 'SC_rgb_small_odd.dcm')), 'rgb.dcm');
    await expect(assembleVolume(groupSeries([rgb])[0]!)).rejects.toThrow(/PhotometricInterpretation RGB with SamplesPerPixel 3/);
  });

  it('assembleVolume refuses an empty group', async () => {
    const empty: DicomSeriesGroup = { key: 'k', seriesInstanceUid: 'k', kind: 'image', sopClassUids: [], instances: [], warnings: [] };
    await expect(assembleVolume(empty)).rejects.toThrow(SeriesGeometryError);
  });

  it('assembleVolume refuses more voxels than maxVoxels before allocating', async () => {
    await expect(assembleVolume(imageGroup(axialStack(4)), { maxVoxels: 512 * 512 * 3 })).rejects.toThrow(InputTooLargeError);
  });

  it('assembleVolume refuses a multi-frame image without functional groups', async () => {
    const dose = parseDicom(readFileSync(join(PYDICOM_TEST_FILES, 'rtdose.dcm')), 'dose.dcm');
    const asImage = { ...dose, sopClassUid: '1.2.840.10008.5.1.4.1.1.2' };
    await expect(assembleVolume(groupSeries([asImage])[0]!)).rejects.toThrow(/without functional groups/);
  });
});
