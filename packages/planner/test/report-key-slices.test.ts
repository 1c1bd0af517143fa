/**
 * renderKeySlices on the real CRLM-CT-1006 CT (lesion segmented from a click, post = the same CT with
 * the lesion made necrotic) and on synthetic volumes whose world content is known: orientation
 * (radiological: patient's right on the image left, anterior / superior up), square pixels, the lesion
 * in the image, and the bad-input block.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { ingestCt, segmentLesion, type LabelVolume, type Mat4, type Vec3, type Volume } from '@mewm/dicom';
import { keySlicePlanes, LIVER_WINDOW, OUTLINE_RGB, renderKeySlices, ReportInputError, windowToGrey } from '../src/index.ts';
import { decodePngRgba } from '../src/report/encode-png.ts';
import { rasToPlanePixel } from '../src/report/slice-plane.ts';
import { closeUpViewWidth, MIN_CLOSE_UP_MAGNIFICATION } from '../src/report/pdf-key-slices.ts';
import { sharedData } from '../../../test/support/shared-data.ts';

const SEED_RAS: Vec3 = [92.8, -31.6, -304];

interface Decoded { widthPx: number; heightPx: number; rgba: Uint8Array }
const isOutline = (d: Decoded, p: number) =>
  d.rgba[4 * p] === OUTLINE_RGB[0] && d.rgba[4 * p + 1] === OUTLINE_RGB[1] && d.rgba[4 * p + 2] === OUTLINE_RGB[2];

/** Mean (column, row) of the outline pixels and their count. */
function outlineCentre(d: Decoded): { c: number; r: number; n: number } {
  let c = 0, r = 0, n = 0;
  for (let p = 0; p < d.widthPx * d.heightPx; p++) if (isOutline(d, p)) { c += p % d.widthPx; r += Math.floor(p / d.widthPx); n++; }
  return { c: c / n, r: r / n, n };
}

describe('renderKeySlices on the real CRLM-CT-1006 metastasis', () => {
  let ct: Volume;
  let post: Volume;
  let mask: LabelVolume;
  let axialPre: Decoded, axialPost: Decoded, coronalPre: Decoded, coronalPost: Decoded;

  beforeAll(async () => {
    ct = (await ingestCt([sharedData('crlm-ct', 'CRLM-CT-1006')])).volume;
    mask = segmentLesion(ct, SEED_RAS).mask;
    // A stand-in "simulated" follow-up: the lesion becomes 20 HU necrosis.
    const data = Float32Array.from(ct.data);
    for (let v = 0; v < data.length; v++) if (mask.data[v]) data[v] = 20;
    post = { ...ct, data, meta: { ...ct.meta, source: 'derived' } };
    const img = renderKeySlices(ct, post, mask);
    [axialPre, axialPost, coronalPre, coronalPost] = [img.axialPre, img.axialPost, img.coronalPre, img.coronalPost].map(decodePngRgba) as [Decoded, Decoded, Decoded, Decoded];
  });

  it('the grid is stored with i toward the patient left and j toward posterior (as DICOM displays it)', () => {
    expect(ct.dims).toEqual([512, 512, 51]);
    expect(ct.affineRas[0][0]).toBeLessThan(0);
    expect(ct.affineRas[1][1]).toBeLessThan(0);
    expect(ct.affineRas[2][2]).toBeGreaterThan(0);
  });

  it('axial: 512 × 512 square pixels, equal to the stored slice through the lesion centre in the liver window', () => {
    expect([axialPre.widthPx, axialPre.heightPx]).toEqual([512, 512]);
    const planes = keySlicePlanes(ct, mask);
    expect(planes.axial.pixelMm).toBeCloseTo(ct.spacingMm[0], 6);
    // The plane passes through a voxel centre: find its slice index k.
    const k = Math.round((planes.axial.originRas[2] - ct.affineRas[2][3]) / ct.affineRas[2][2]);
    expect(k).toBeGreaterThanOrEqual(12);
    expect(k).toBeLessThanOrEqual(17);
    // DICOM displays column 0 at the image left (patient right for this LPS-ordered axial series) and
    // row 0 at the top (anterior): the radiological convention, so the image is the stored slice.
    let compared = 0, maxDiff = 0;
    for (let j = 0; j < 512; j++) for (let i = 0; i < 512; i++) {
      const p = i + 512 * j;
      if (isOutline(axialPre, p)) continue;
      const expected = windowToGrey(ct.data[i + 512 * (j + 512 * k)]!, LIVER_WINDOW);
      maxDiff = Math.max(maxDiff, Math.abs(axialPre.rgba[4 * p]! - expected));
      compared++;
    }
    expect(compared).toBeGreaterThan(512 * 500);
    expect(maxDiff).toBeLessThanOrEqual(1);
  });

  it('axial orientation by anatomy: liver on the image left, spine at the bottom, air above the abdomen', () => {
    const { widthPx: w, heightPx: h, rgba } = axialPre;
    const grey = (c: number, r: number) => rgba[4 * (c + w * r)]!;
    // Liver-like grey (≈ 90–130 HU) counted per image half.
    let left = 0, right = 0;
    for (let r = 0; r < h; r++) for (let c = 0; c < w; c++) {
      const g = grey(c, r);
      if (g >= 180 && g <= 245) {
        if (c < w / 2) left++;
        else right++;
      }
    }
    expect(left).toBeGreaterThan(2 * right);
    // The vertebral body: on the midline, the densest 32 × 32 px block (bone is white) lies in the lower half.
    let best = { c: 0, r: 0, s: -1 };
    for (let r = 0; r + 32 <= h; r += 4) for (let c = Math.round(0.4 * w); c + 32 <= Math.round(0.6 * w); c += 4) {
      let s = 0;
      for (let y = r; y < r + 32; y++) for (let x = c; x < c + 32; x++) s += grey(x, y) === 255 ? 1 : 0;
      if (s > best.s) best = { c: c + 16, r: r + 16, s };
    }
    expect(best.s).toBeGreaterThan(0.6 * 32 * 32);
    expect(best.r).toBeGreaterThan(h / 2);
    // Above the anterior abdominal wall (top centre) is air: black.
    expect(grey(w / 2, 20)).toBe(0);
  });

  it('the lesion is outlined at its place: image left half, near the stored voxel (122, 247)', () => {
    const a = outlineCentre(axialPre);
    expect(a.n).toBeGreaterThan(40);
    expect(a.c).toBeLessThan(axialPre.widthPx / 2);
    expect(Math.hypot(a.c - 122, a.r - 247)).toBeLessThan(15);
    expect(outlineCentre(axialPost).n).toBe(a.n);
  });

  it('coronal: square pixels (0.8 mm) over 255 mm of slices, superior up, the lesion in the lower part on the image left', () => {
    const planes = keySlicePlanes(ct, mask);
    expect(coronalPre.widthPx).toBe(512);
    const expectedRows = Math.round((51 * 5) / ct.spacingMm[0]);
    expect(coronalPre.heightPx).toBe(expectedRows);
    const c = outlineCentre(coronalPre);
    expect(c.n).toBeGreaterThan(30);
    // The lesion's slices (k 12..17) are in the inferior third of this 51-slice stack: lower part of the image.
    const [, lesionRow] = rasToPlanePixel(planes.coronal, SEED_RAS);
    expect(lesionRow).toBeGreaterThan(0.6 * expectedRows);
    expect(Math.abs(c.r - lesionRow)).toBeLessThan(15);
    expect(c.c).toBeLessThan(coronalPre.widthPx / 2);
    // Its height in the image is about its z extent (≈ 25–40 mm) at 0.8 mm per pixel, not squashed to 5 mm rows.
    let top = Infinity, bottom = -Infinity;
    for (let p = 0; p < coronalPre.widthPx * coronalPre.heightPx; p++) if (isOutline(coronalPre, p)) {
      const r = Math.floor(p / coronalPre.widthPx);
      top = Math.min(top, r);
      bottom = Math.max(bottom, r);
    }
    expect((bottom - top + 1) * planes.coronal.pixelMm).toBeGreaterThan(15);
    expect((bottom - top + 1) * planes.coronal.pixelMm).toBeLessThan(45);
  });

  it('post differs from pre inside the lesion (necrosis is darker) and nowhere else', () => {
    for (const [pre, po] of [[axialPre, axialPost], [coronalPre, coronalPost]] as const) {
      let darker = 0, changedOutside = 0;
      for (let p = 0; p < pre.widthPx * pre.heightPx; p++) {
        const d = po.rgba[4 * p]! - pre.rgba[4 * p]!;
        if (d < -20) darker++;
        else if (d > 1) changedOutside++;
      }
      expect(darker).toBeGreaterThan(100);
      expect(changedOutside).toBe(0);
    }
  });

  it('renders the pre-treatment images once per CT, mask and options: later candidates get the same bytes as a fresh render', () => {
    const bytes = (a: Uint8Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);
    const first = renderKeySlices(ct, post, mask);
    const other = { ...post, data: Float32Array.from(post.data, (h) => h - 40) };
    const second = renderKeySlices(ct, other, mask);
    expect(second.axialPre).toBe(first.axialPre); // the shared image, not a copy
    expect(bytes(second.axialPost).equals(bytes(first.axialPost))).toBe(false);
    // a CT and mask the memo has never seen (equal content, other objects) render the same bytes
    const fresh = renderKeySlices({ ...ct, data: ct.data.slice() }, other, { ...mask, data: mask.data.slice() });
    expect(fresh.axialPre).not.toBe(first.axialPre);
    for (const k of ['axialPre', 'coronalPre', 'axialPost', 'coronalPost'] as const) {
      expect(bytes(fresh[k]).equals(bytes(second[k])), k).toBe(true);
    }
    // other options are other images
    expect(bytes(renderKeySlices(ct, post, mask, { outline: false }).axialPre).equals(bytes(first.axialPre))).toBe(false);
  });
});

describe('renderKeySlices derives orientation from the affine', () => {
  // A 40 × 30 × 20 world box (RAS mm, 1 × 1 × 2.5 mm voxels) with a bright cube at the patient's
  // right-anterior-superior corner region and a lesion in the middle.
  const dims: Vec3 = [40, 30, 20];
  const world = (x: number, y: number, z: number) => (x > 8 && y > 5 && z > 10 ? 400 : 40); // RAS mm from the box centre
  function store(order: 'RAS' | 'LPS'): { ct: Volume; mask: LabelVolume } {
    const sx = order === 'RAS' ? 1 : -1;
    const sy = order === 'RAS' ? 1 : -1;
    const affineRas: Mat4 = [
      [sx, 0, 0, -sx * 19.5],
      [0, sy, 0, -sy * 14.5],
      [0, 0, 2.5, -23.75],
      [0, 0, 0, 1],
    ];
    const data = new Float32Array(dims[0] * dims[1] * dims[2]);
    const m = new Uint8Array(data.length);
    for (let k = 0, v = 0; k < dims[2]; k++) for (let j = 0; j < dims[1]; j++) for (let i = 0; i < dims[0]; i++, v++) {
      const x = affineRas[0][0] * i + affineRas[0][3], y = affineRas[1][1] * j + affineRas[1][3], z = 2.5 * k - 23.75;
      data[v] = world(x, y, z);
      if (Math.hypot(x, y, z) < 5) m[v] = 1;
    }
    const grid = { dims, spacingMm: [1, 1, 2.5] as Vec3, affineRas };
    return { ct: { ...grid, data, meta: { source: 'derived', unit: 'HU', notes: [] } }, mask: { ...grid, data: m, labels: { 1: 'lesion' } } };
  }

  it('the same world content stored in RAS and in LPS voxel order gives identical images, bright corner at top left', () => {
    const a = store('RAS');
    const b = store('LPS');
    const ia = renderKeySlices(a.ct, a.ct, a.mask);
    const ib = renderKeySlices(b.ct, b.ct, b.mask);
    expect(Buffer.from(ia.axialPre).equals(Buffer.from(ib.axialPre))).toBe(true);
    expect(Buffer.from(ia.coronalPre).equals(Buffer.from(ib.coronalPre))).toBe(true);
    const ax = decodePngRgba(ia.axialPre);
    expect([ax.widthPx, ax.heightPx]).toEqual([40, 30]);
    // Axial at z ≈ 0 is below the bright region (z > 10): uniform except the outline.
    const co = decodePngRgba(ia.coronalPre);
    expect([co.widthPx, co.heightPx]).toEqual([40, 50]); // 20 slices × 2.5 mm at 1 mm pixels
    // Coronal at y ≈ 0 is behind the bright region (y > 5): render the plane through y = 10 instead.
    const shifted = store('LPS');
    shifted.mask.data.fill(0);
    for (let k = 0, v = 0; k < dims[2]; k++) for (let j = 0; j < dims[1]; j++) for (let i = 0; i < dims[0]; i++, v++) {
      const y = -j + 14.5;
      if (Math.abs(y - 10) < 1 && Math.abs(-i + 19.5) < 1 && Math.abs(2.5 * k - 23.75) < 2) shifted.mask.data[v] = 1;
    }
    const cs = decodePngRgba(renderKeySlices(shifted.ct, shifted.ct, shifted.mask, { outline: false }).coronalPre);
    const g = (c: number, r: number) => cs.rgba[4 * (c + cs.widthPx * r)]!;
    // Patient right (x > 8) is on the image left; superior (z > 10) at the top.
    expect(g(2, 2)).toBe(255);
    expect(g(cs.widthPx - 3, 2)).toBeLessThan(255);
    expect(g(2, cs.heightPx - 3)).toBeLessThan(255);
  });
});

describe('renderKeySlices: bad input', () => {
  const grid = { dims: [8, 8, 4] as Vec3, spacingMm: [1, 1, 1] as Vec3, affineRas: [[1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 1, 0], [0, 0, 0, 1]] as Mat4 };
  const ct: Volume = { ...grid, data: new Float32Array(256), meta: { source: 'derived', unit: 'HU', notes: [] } };
  const mask: LabelVolume = { ...grid, data: new Uint8Array(256), labels: { 1: 'lesion' } };
  mask.data[100] = 1;

  it('refuses an empty lesion mask', () => {
    expect(() => renderKeySlices(ct, ct, { ...mask, data: new Uint8Array(256) })).toThrow(ReportInputError);
    expect(() => renderKeySlices(ct, ct, { ...mask, data: new Uint8Array(256) })).toThrow(/empty/);
  });

  it('refuses grids that disagree', () => {
    const other = { ...ct, affineRas: [[1, 0, 0, 5], [0, 1, 0, 0], [0, 0, 1, 0], [0, 0, 0, 1]] as Mat4 };
    expect(() => renderKeySlices(ct, other, mask)).toThrow(/same grid/);
    expect(() => renderKeySlices(ct, ct, { ...mask, affineRas: other.affineRas })).toThrow(/not on the CT grid/);
    expect(() => renderKeySlices({ ...ct, data: new Float32Array(3) }, ct, mask)).toThrow(ReportInputError);
  });

  it('refuses a window without positive width', () => {
    expect(() => renderKeySlices(ct, ct, mask, { window: { widthHu: 0, levelHu: 60 } })).toThrow(/widthHu/);
  });
});

describe('the PDF close-up', () => {
  it('magnifies a small lesion as before, still magnifies a large one, and is left out where it would not', () => {
    const magnification = (extentPx: number) => 512 / closeUpViewWidth(512, extentPx);
    expect(magnification(40)).toBeCloseTo(512 / 200, 6); // a 3 cm metastasis at 0.8 mm: ×2.6
    expect(magnification(10)).toBeCloseTo(512 / 96, 6); // at most ×5.3
    expect(magnification(150)).toBeGreaterThanOrEqual(1.5); // an 80 mL tumour: once ×1.0
    expect(magnification(150)).toBeGreaterThan(MIN_CLOSE_UP_MAGNIFICATION);
    expect(magnification(400)).toBeLessThan(MIN_CLOSE_UP_MAGNIFICATION); // fills the view: no close-up
  });
});
