/**
 * The real JPEG 2000 CT series (TotalSegmentator example, 20 slices, .90 lossless, 12-bit
 * unsigned): every frame is extracted with dicom-parser, decoded with our codec and compared
 * voxel for voxel with dcm2niix's OpenJPEG decoding (run at test time, read with nibabel).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import dicomParser from 'dicom-parser';
import { beforeAll, describe, expect, it } from 'vitest';
import { sharedData } from '../../../test/support/shared-data.ts';
import { decodeEncapsulatedFrame, isEncapsulatedTransferSyntax, type FrameInfo } from '../src/codecs/index.ts';
import { hasTool, SYSTEM_PYTHON } from '../../../test/support/external-tool.ts';

const DIR = sharedData('totalsegmentator-example', 'example_ct_dicom_jpeg2000');
/** The reference decoding: dcm2niix, read back with python3-nibabel; the comparison with it skips without them. */
const haveReference = hasTool('dcm2niix', 'nibabel');
const SCRIPT = join(dirname(fileURLToPath(import.meta.url)), 'codecs-dcm2niix-reference.py');

interface Slice {
  name: string;
  info: FrameInfo;
  transferSyntaxUid: string;
  pixels: Int16Array | Uint16Array | Uint8Array;
  smallest: number | undefined;
  largest: number | undefined;
  intercept: number;
  slope: number;
}

const slices: Slice[] = [];
let reference: { shape: [number, number, number]; data: Int32Array; inter: number | null; slope: number | null };

function parseFile(path: string): dicomParser.DataSet {
  return dicomParser.parseDicom(new Uint8Array(readFileSync(path)));
}

beforeAll(async () => {
  for (const name of readdirSync(DIR).sort()) {
    const ds = parseFile(join(DIR, name));
    const el = ds.elements.x7fe00010;
    if (!el?.encapsulatedPixelData || !el.fragments) throw new Error(`${name}: no encapsulated pixel data`);
    const frame = dicomParser.readEncapsulatedPixelDataFromFragments(ds, el, 0, el.fragments.length);
    const info: FrameInfo = {
      rows: ds.uint16('x00280010') ?? 0,
      columns: ds.uint16('x00280011') ?? 0,
      bitsAllocated: ds.uint16('x00280100') ?? 0,
      bitsStored: ds.uint16('x00280101') ?? 0,
      pixelRepresentation: ds.uint16('x00280103') === 1 ? 1 : 0,
      samplesPerPixel: ds.uint16('x00280002') ?? 0,
      photometricInterpretation: ds.string('x00280004') ?? '',
    };
    const transferSyntaxUid = ds.string('x00020010') ?? '';
    const pixels = await decodeEncapsulatedFrame(new Uint8Array(frame), transferSyntaxUid, info);
    slices.push({
      name,
      info,
      transferSyntaxUid,
      pixels,
      smallest: ds.elements.x00280106 ? ds.uint16('x00280106') : undefined,
      largest: ds.elements.x00280107 ? ds.uint16('x00280107') : undefined,
      intercept: Number(ds.string('x00281052') ?? 0),
      slope: Number(ds.string('x00281053') ?? 1),
    });
  }
  if (!haveReference) return;
  const out = mkdtempSync(join(tmpdir(), 'mewm-j2k-'));
  try {
    execFileSync(SYSTEM_PYTHON, ['-W', 'ignore', SCRIPT, DIR, out], { stdio: ['ignore', 'pipe', 'pipe'] });
    const meta = JSON.parse(readFileSync(join(out, 'volume.json'), 'utf8')) as { shape: [number, number, number]; slope: number | null; inter: number | null };
    const bytes = readFileSync(join(out, 'volume.bin'));
    reference = { ...meta, data: new Int32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength)) };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});

/** Index of the dcm2niix slice equal to `pixels` (rows as stored, or flipped top-bottom), or -1. */
function matchingReferenceSlice(pixels: ArrayLike<number>, rows: number, columns: number): { k: number; flipped: boolean } {
  const [nx, ny, nz] = reference.shape;
  if (nx !== columns || ny !== rows) return { k: -1, flipped: false };
  for (let k = 0; k < nz; k++) {
    const base = k * nx * ny;
    for (const flipped of [false, true]) {
      let equal = true;
      for (let r = 0; r < rows && equal; r++) {
        const refRow = base + (flipped ? rows - 1 - r : r) * nx;
        for (let c = 0; c < columns; c++) {
          if (pixels[r * columns + c] !== reference.data[refRow + c]) {
            equal = false;
            break;
          }
        }
      }
      if (equal) return { k, flipped };
    }
  }
  return { k: -1, flipped: false };
}

describe('JPEG 2000 CT series (TotalSegmentator example)', () => {
  it('has 20 single-frame 512x512 JPEG 2000 lossless slices with 12 of 16 bits stored, unsigned', () => {
    expect(slices).toHaveLength(20);
    for (const s of slices) {
      expect(s.transferSyntaxUid).toBe('1.2.840.10008.1.2.4.90');
      expect(isEncapsulatedTransferSyntax(s.transferSyntaxUid)).toBe(true);
      expect(s.info).toMatchObject({ rows: 512, columns: 512, bitsAllocated: 16, bitsStored: 12, pixelRepresentation: 0, samplesPerPixel: 1 });
      expect(s.pixels).toBeInstanceOf(Uint16Array);
      expect(s.pixels.length).toBe(512 * 512);
    }
  });

  it.skipIf(!haveReference)('every decoded slice equals exactly one slice of dcm2niix output (same flip for all)', () => {
    expect(reference.shape).toEqual([512, 512, 20]);
    const seen = new Set<number>();
    const flips = new Set<boolean>();
    for (const s of slices) {
      const m = matchingReferenceSlice(s.pixels, s.info.rows, s.info.columns);
      expect(m.k, s.name).toBeGreaterThanOrEqual(0);
      seen.add(m.k);
      flips.add(m.flipped);
    }
    expect(seen.size).toBe(20);
    expect(flips.size).toBe(1);
    // dcm2niix wrote the stored values unscaled (its int16 output leaves scl_slope unset here).
    expect(reference.slope).toBeNull();
  });

  it('decoded minimum and maximum equal Smallest/Largest Image Pixel Value (0028,0106/0107) of each file', () => {
    let checked = 0;
    for (const s of slices) {
      if (s.smallest === undefined || s.largest === undefined) continue;
      let min = Infinity;
      let max = -Infinity;
      for (const v of s.pixels) {
        if (v < min) min = v;
        if (v > max) max = v;
      }
      expect([min, max], s.name).toEqual([s.smallest, s.largest]);
      checked++;
    }
    expect(checked).toBe(20);
  });

  it('after rescale, the air outside the patient is about -1000 HU and values fit 12 bits', () => {
    for (const s of slices) {
      // Top-left 32x32 corner of the field of view is outside the body on these abdominal slices.
      const corner: number[] = [];
      for (let r = 0; r < 32; r++) for (let c = 0; c < 32; c++) corner.push((s.pixels[r * 512 + c] ?? 0) * s.slope + s.intercept);
      corner.sort((a, b) => a - b);
      const median = corner[corner.length >> 1] ?? 0;
      expect(median, s.name).toBeGreaterThan(-1100);
      expect(median, s.name).toBeLessThan(-900);
      let max = 0;
      for (const v of s.pixels) if (v > max) max = v;
      expect(max, s.name).toBeLessThan(4096);
    }
  });
});
