/**
 * The renderer-evaluation regions fixture for the held-out real case CRLM-CT-1006, built from code
 * (no committed binary):
 *   label 1: the real liver metastasis, segmented by the project's seeded segmentation from the
 *            reference click RAS (92.8, −31.6, −304) (~8.7 mL);
 *   labels 2…: the same lesion shape translated to homogeneous liver parenchyma — every voxel of the
 *            translated region dilated by ~4 mm in-plane and one slice in z lies in liver-like tissue
 *            (2 mm-smoothed HU within ±40 HU of the parenchyma around the lesion), the region's own HU
 *            is parenchyma-like (mean within ±15 HU, SD < 25 HU), and it keeps ≥ 10 mm from the
 *            lesion and from the other regions. Candidates are searched on a 4-voxel lattice and the
 *            most homogeneous (lowest SD) are taken greedily.
 * `packages/world-model/scripts/write-eval-regions-crlm1006.ts` writes it as NIfTI with PNG overlays.
 */
import { cropOrPad, segmentLesion, type IndexBox, type LabelVolume, type Vec3, type Volume } from '@mewm/dicom';
import { gaussianFilterMm } from '../../packages/world-model/src/evaluation/gaussian-filter.ts';

export const CRLM1006_LESION_SEED_RAS: Vec3 = [92.8, -31.6, -304];

export interface EvalRegionsFixture {
  regions: LabelVolume;
  /** Parenchyma HU (median of a 3–10 mm shell around the lesion). */
  parenchymaHu: number;
  /** Per label: voxel translation from the lesion (0 for label 1), region mean and SD of HU. */
  placed: Array<{ label: number; offsetVox: Vec3; meanHu: number; sdHu: number }>;
}

export function buildCrlm1006EvalRegions(ct: Volume, opts: { shams?: number } = {}): EvalRegionsFixture {
  const shams = opts.shams ?? 3;
  const lesion = segmentLesion(ct, CRLM1006_LESION_SEED_RAS).mask;
  const [nx, ny] = ct.dims;
  const [sx, sy] = ct.spacingMm;
  const { min, max } = lesion.data.reduce(
    (acc, m, v) => {
      if (!m) return acc;
      const p = [v % nx, Math.floor(v / nx) % ny, Math.floor(v / (nx * ny))];
      for (let a = 0; a < 3; a++) { acc.min[a] = Math.min(acc.min[a]!, p[a]!); acc.max[a] = Math.max(acc.max[a]!, p[a]!); }
      return acc;
    },
    { min: [Infinity, Infinity, Infinity], max: [-Infinity, -Infinity, -Infinity] },
  );
  // Work box: ±100 mm in-plane and ±16 slices around the lesion, clipped to the CT.
  const reach = [Math.round(100 / sx), Math.round(100 / sy), 16];
  const box: IndexBox = {
    min: [0, 1, 2].map((a) => Math.max(0, min[a]! - reach[a]!)) as Vec3,
    max: [0, 1, 2].map((a) => Math.min(ct.dims[a]!, max[a]! + reach[a]! + 1)) as Vec3,
  };
  const crop = cropOrPad(ct, box);
  const [cx, cy, cz] = crop.dims;
  const at = (i: number, j: number, k: number) => i + cx * (j + cy * k);
  const smooth = gaussianFilterMm(crop.data, crop.dims, crop.spacingMm, 2);
  const lesionCrop = cropOrPad(lesion, box).data;

  // Template: lesion voxels (relative to the lesion bbox min, crop coordinates) and its dilation.
  const rIn = Math.round(4 / sx);
  const template: Vec3[] = [];
  for (let k = 0; k < cz; k++) for (let j = 0; j < cy; j++) for (let i = 0; i < cx; i++) if (lesionCrop[at(i, j, k)]) template.push([i, j, k]);
  const dilated = dilate(template, rIn, 1);
  const parenchymaHu = shellMedian(crop, lesionCrop, template, Math.round(10 / sx));

  const taken = new Uint8Array(crop.data.length);
  const gap = Math.round(10 / sx);
  for (const [i, j, k] of dilate(template, gap, 2)) if (inside(i, j, k, crop.dims)) taken[at(i, j, k)] = 1;

  const candidates: Array<{ d: Vec3; meanHu: number; sdHu: number }> = [];
  for (let dz = -reach[2]!; dz <= reach[2]!; dz++) for (let dy = -reach[1]!; dy <= reach[1]!; dy += 4) for (let dx = -reach[0]!; dx <= reach[0]!; dx += 4) {
    let ok = true;
    for (const [i, j, k] of dilated) {
      const a = i + dx, b = j + dy, c = k + dz;
      if (!inside(a, b, c, crop.dims) || Math.abs(smooth[at(a, b, c)]! - parenchymaHu) > 40) { ok = false; break; }
    }
    if (!ok) continue;
    let s = 0, s2 = 0;
    for (const [i, j, k] of template) { const x = crop.data[at(i + dx, j + dy, k + dz)]!; s += x; s2 += x * x; }
    const meanHu = s / template.length;
    const sdHu = Math.sqrt(Math.max(0, s2 / template.length - meanHu * meanHu));
    if (Math.abs(meanHu - parenchymaHu) <= 15 && sdHu < 25) candidates.push({ d: [dx, dy, dz], meanHu, sdHu });
  }
  candidates.sort((a, b) => a.sdHu - b.sdHu || a.d[2] - b.d[2] || a.d[1] - b.d[1] || a.d[0] - b.d[0]);

  const regions = new Uint8Array(ct.data.length);
  const labels: Record<number, string> = { 1: 'lesion' };
  for (let v = 0; v < lesion.data.length; v++) if (lesion.data[v]) regions[v] = 1;
  const placed: EvalRegionsFixture['placed'] = [{ label: 1, offsetVox: [0, 0, 0], ...stats(crop, template, [0, 0, 0]) }];
  const far = dilate(template, gap, 2);
  for (const c of candidates) {
    if (placed.length > shams) break;
    const [dx, dy, dz] = c.d;
    if (template.some(([i, j, k]) => taken[at(i + dx, j + dy, k + dz)])) continue;
    const label = placed.length + 1;
    for (const [i, j, k] of far) if (inside(i + dx, j + dy, k + dz, crop.dims)) taken[at(i + dx, j + dy, k + dz)] = 1;
    for (const [i, j, k] of template) regions[(i + dx + box.min[0]) + nx * ((j + dy + box.min[1]) + ny * (k + dz + box.min[2]))] = label;
    labels[label] = `liver-sham-${label - 1}`;
    placed.push({ label, offsetVox: c.d, meanHu: c.meanHu, sdHu: c.sdHu });
  }
  return { regions: { dims: [...ct.dims], spacingMm: [...ct.spacingMm], affineRas: ct.affineRas.map((r) => [...r]) as Volume['affineRas'], data: regions, labels }, parenchymaHu, placed };
}

function inside(i: number, j: number, k: number, dims: Vec3): boolean {
  return i >= 0 && j >= 0 && k >= 0 && i < dims[0] && j < dims[1] && k < dims[2];
}

/** Voxels of `pts` dilated by an in-plane disc of radius r and ±rz slices (on a local occupancy grid). */
function dilate(pts: Vec3[], r: number, rz: number): Vec3[] {
  const lo = [0, 1, 2].map((a) => Math.min(...pts.map((p) => p[a]!)) - (a === 2 ? rz : r));
  const hi = [0, 1, 2].map((a) => Math.max(...pts.map((p) => p[a]!)) + (a === 2 ? rz : r));
  const [w, h, d] = [0, 1, 2].map((a) => hi[a]! - lo[a]! + 1) as Vec3;
  const occ = new Uint8Array(w * h * d);
  const disc: Array<[number, number]> = [];
  for (let dy = -r; dy <= r; dy++) for (let dx = -r; dx <= r; dx++) if (dx * dx + dy * dy <= r * r) disc.push([dx, dy]);
  for (const [i, j, k] of pts) for (let dz = -rz; dz <= rz; dz++) for (const [dx, dy] of disc) {
    occ[(i + dx - lo[0]!) + w * ((j + dy - lo[1]!) + h * (k + dz - lo[2]!))] = 1;
  }
  const out: Vec3[] = [];
  for (let k = 0; k < d; k++) for (let j = 0; j < h; j++) for (let i = 0; i < w; i++) if (occ[i + w * (j + h * k)]) out.push([i + lo[0]!, j + lo[1]!, k + lo[2]!]);
  return out;
}

function stats(crop: Volume, template: Vec3[], d: Vec3): { meanHu: number; sdHu: number } {
  const [cx, cy] = crop.dims;
  let s = 0, s2 = 0;
  for (const [i, j, k] of template) { const x = crop.data[(i + d[0]) + cx * ((j + d[1]) + cy * (k + d[2]))]!; s += x; s2 += x * x; }
  const meanHu = s / template.length;
  return { meanHu, sdHu: Math.sqrt(Math.max(0, s2 / template.length - meanHu * meanHu)) };
}

/** Median HU (0..250 only) of the in-plane shell up to r voxels around the lesion. */
function shellMedian(crop: Volume, lesion: Uint8Array, template: Vec3[], r: number): number {
  const [cx, cy] = crop.dims;
  const vals: number[] = [];
  for (const [i, j, k] of dilate(template, r, 0)) {
    if (!inside(i, j, k, crop.dims)) continue;
    const v = i + cx * (j + cy * k);
    if (lesion[v]) continue;
    const x = crop.data[v]!;
    if (x >= 0 && x <= 250) vals.push(x);
  }
  vals.sort((a, b) => a - b);
  return vals[vals.length >> 1] ?? 110;
}
