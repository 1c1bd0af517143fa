/**
 * Render the changed region of a simulated volume: crop a field of view around it, hand the crop to
 * the renderer (resampled to the renderer's grid when it has one), bring the rendered HU back to the
 * CT grid and paste it in with a feathered edge.
 *
 * Field of view: a renderer with a fixed grid sees its own field of view (grid shape × spacing) at its
 * own spacing when the region (plus 10 mm each side) fits in it; a larger region is shown at a coarser
 * spacing, and the result says so. A renderer on the CT grid gets a crop of at least `minFovMm`.
 * Feathering happens inside the region: the weight of the rendered value rises from the region's
 * edge to 1 at `featherMm` depth, so renderer output outside the region is never used.
 *
 * Cost follows the field of view, not the CT: only the crop becomes float, and the one whole-volume
 * array made is the output itself, in the CT's own data type (a copy of the CT with the crop pasted in).
 */
import {
  cropOrPad, resampleToGrid, voxelCount, type IndexBox, type Vec3, type Volume, type VolumeGrid,
} from '@mewm/dicom';
import { coarseFromReal } from '../evaluation/coarse-from-real.ts';
import type { RegionRenderer } from './region-renderer.ts';

export interface RenderRegionInput {
  ct: Volume;
  /**
   * Coarse expected HU: on the CT grid, or on a box of it (`data` x fastest over `dims`, box voxel
   * (0, 0, 0) = CT voxel `origin`) with the real CT outside the box.
   */
  expectedHu: Float32Array | { origin: Vec3; dims: Vec3; data: Float32Array };
  /** Non-zero where the renderer generates tissue (the changed voxels, e.g. the tissue-state map), on the CT grid. */
  region: Uint8Array;
  /** Voxel bbox of the region (inclusive). */
  bbox: { min: Vec3; max: Vec3 };
  /**
   * Non-zero where the region meets the real CT at a real boundary, on the CT grid: these region voxels
   * take the rendered value fully, without the feathered blend (a resection bed against the organ beside
   * the liver: blending would bring the removed tumour's HU back at the bed's edge).
   */
  hardEdge?: Uint8Array;
}

export interface RenderRegionOptions {
  renderer: RegionRenderer;
  seed: number;
  steps?: number;
  eta?: number;
  /** Smallest field of view of the crop around the region, mm (default 96). */
  minFovMm?: number;
  /** Width of the feathered blend outside the region, mm (default 3). */
  featherMm?: number;
}

/**
 * Simulated HU on the CT grid, in the CT's data type (Int16Array HU rounded to the nearest integer, or
 * Float32Array): rendered inside the region, feathered, real CT elsewhere.
 */
export async function renderRegion(input: RenderRegionInput, opts: RenderRegionOptions): Promise<{ data: Float32Array | Int16Array; timingsMs: Record<string, number> }> {
  const { ct } = input;
  const t0 = performance.now();
  const rendererFovMm = opts.renderer.grid
    ? Math.min(...opts.renderer.grid.shape.map((n, a) => n * opts.renderer.grid!.spacingMm[a]!))
    : undefined;
  const box = fovBox(input.bbox, ct.spacingMm, rendererFovMm ?? opts.minFovMm ?? 96);
  const asVolume = (data: Float32Array): Volume => ({ ...ct, data, meta: { ...ct.meta, notes: [] } });
  const ctCropRaw = cropOrPad(ct, box, -1024); // crop first: only the field of view becomes float
  const ctCropHu = toFloat(ctCropRaw.data);
  const ctCrop: Volume = { ...ctCropRaw, data: ctCropHu, meta: { ...ct.meta, notes: [] } };
  // expected HU on the crop: the real CT (as float, −1024 outside the grid) with the expected box written in
  const expectedCrop = input.expectedHu instanceof Float32Array
    ? cropOrPad(asVolume(input.expectedHu), box, -1024)
    : { ...ctCrop, data: pasteIntoCrop(ctCropHu.slice(), box, input.expectedHu, ct.dims) };
  const regionCrop = cropOrPad({ ...ct, data: input.region, labels: { 1: 'region' } }, box, 0);
  binarise(regionCrop.data); // the renderer sees 1 inside the region, 0 outside
  const cropGrid: VolumeGrid = { dims: ctCrop.dims, spacingMm: ctCrop.spacingMm, affineRas: ctCrop.affineRas };

  const modelGrid = opts.renderer.grid ? rendererGridFor(cropGrid, opts.renderer.grid.shape) : cropGrid;
  const onModel = modelGrid === cropGrid;
  const toModel = (v: Volume, mode: 'linear' | 'nearest'): Volume => (onModel ? v : resampleToGrid(v, modelGrid, mode, -1024));
  const expectedModel = toModel(expectedCrop, 'linear');
  const contextModel = toModel(ctCrop, 'linear');
  const regionModel = onModel ? regionCrop : resampleToGrid(regionCrop, modelGrid, 'nearest', 0);
  const expectedForRenderer = conditionFor(opts.renderer, toFloat(expectedModel.data), regionModel.data, toFloat(contextModel.data), modelGrid);
  const t1 = performance.now();

  const rendered = await opts.renderer.render(
    {
      shape: modelGrid.dims, spacingMm: modelGrid.spacingMm,
      expectedHu: expectedForRenderer, regionMask: regionModel.data, contextHu: toFloat(contextModel.data),
    },
    { seed: opts.seed, ...(opts.steps !== undefined ? { steps: opts.steps } : {}), ...(opts.eta !== undefined ? { eta: opts.eta } : {}) },
  );
  const t2 = performance.now();

  const renderedCrop = onModel
    ? rendered.hu
    : toFloat(resampleToGrid({ ...ct, ...modelGrid, data: rendered.hu, meta: ct.meta }, cropGrid, 'linear', -1024).data);
  const data = pasteFeathered(ct, renderedCrop, box, input.region, opts.featherMm ?? 3, input.hardEdge);
  const t3 = performance.now();
  return { data, timingsMs: { preprocess: t1 - t0, ...prefixed(rendered.timingsMs), postprocess: t3 - t2 } };
}

/** Write the part of a CT-grid box that lies in the crop `box` into the crop's array (returned). */
function pasteIntoCrop(crop: Float32Array, box: IndexBox, from: { origin: Vec3; dims: Vec3; data: Float32Array }, gridDims: Vec3): Float32Array {
  const lo: Vec3 = [0, 0, 0], hi: Vec3 = [0, 0, 0];
  for (let a = 0; a < 3; a++) {
    lo[a] = Math.max(box.min[a]!, from.origin[a]!, 0);
    hi[a] = Math.min(box.max[a]!, from.origin[a]! + from.dims[a]!, gridDims[a]!); // exclusive
    if (hi[a]! <= lo[a]!) return crop;
  }
  const [cx, cy] = [box.max[0] - box.min[0], box.max[1] - box.min[1]];
  const [fx, fy] = from.dims;
  const len = hi[0] - lo[0];
  for (let k = lo[2]; k < hi[2]; k++) {
    for (let j = lo[1]; j < hi[1]; j++) {
      const src = lo[0] - from.origin[0] + fx * (j - from.origin[1] + fy * (k - from.origin[2]));
      const dst = lo[0] - box.min[0] + cx * (j - box.min[1] + cy * (k - box.min[2]));
      crop.set(from.data.subarray(src, src + len), dst);
    }
  }
  return crop;
}

function binarise(a: Uint8Array): void {
  for (let v = 0; v < a.length; v++) a[v] = a[v] !== 0 ? 1 : 0;
}

/**
 * The expected map as the renderer's condition: unchanged, or — for a renderer trained on blurred CT
 * (conditionBlurMm) — the composite of the expected map inside the region and the real CT outside,
 * blurred inside the region exactly as its training condition was (coarseFromReal semantics).
 */
function conditionFor(renderer: RegionRenderer, expected: Float32Array, region: Uint8Array, context: Float32Array, grid: VolumeGrid): Float32Array {
  if (renderer.conditionBlurMm === undefined) return expected;
  const composite = new Float32Array(expected.length);
  for (let v = 0; v < composite.length; v++) composite[v] = region[v] ? expected[v]! : context[v]!;
  return coarseFromReal({ realHu: composite, regionMask: region, shape: grid.dims, spacingMm: grid.spacingMm, sigmaMm: renderer.conditionBlurMm });
}

function prefixed(t: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(t).map(([k, v]) => [`renderer.${k}`, v]));
}

function toFloat(a: ArrayLike<number>): Float32Array {
  return a instanceof Float32Array ? a : Float32Array.from(a);
}

/** A cubic-in-mm box centred on the region, at least `minFovMm` wide and covering the region + 10 mm each side. */
export function fovBox(bbox: { min: Vec3; max: Vec3 }, spacingMm: Vec3, minFovMm: number): IndexBox {
  const min: Vec3 = [0, 0, 0];
  const max: Vec3 = [0, 0, 0];
  for (let a = 0; a < 3; a++) {
    const extentMm = (bbox.max[a]! - bbox.min[a]! + 1) * spacingMm[a]! + 20;
    const halfVox = Math.ceil(Math.max(minFovMm, extentMm) / 2 / spacingMm[a]!);
    const centre = Math.round((bbox.min[a]! + bbox.max[a]!) / 2);
    min[a] = centre - halfVox;
    max[a] = centre + halfVox;
  }
  return { min, max };
}

/** The renderer's grid of `shape` voxels spanning the crop's field of view, same orientation. */
export function rendererGridFor(crop: VolumeGrid, shape: Vec3): VolumeGrid {
  const spacingMm: Vec3 = [0, 0, 0];
  const m = crop.affineRas.map((row) => [...row]) as VolumeGrid['affineRas'];
  for (let a = 0; a < 3; a++) {
    const fov = crop.dims[a]! * crop.spacingMm[a]!;
    spacingMm[a] = fov / shape[a]!;
    const scale = spacingMm[a]! / crop.spacingMm[a]!;
    // keep the outer faces of the field of view: the first voxel centre moves by (scale − 1)/2 old voxels
    for (let r = 0; r < 3; r++) {
      m[r]![3] = m[r]![3] + (crop.affineRas[r]![a]! * (scale - 1)) / 2;
      m[r]![a] = crop.affineRas[r]![a]! * scale;
    }
  }
  return { dims: shape, spacingMm, affineRas: m };
}

/**
 * Blend rendered HU into the CT: weight 1 inside the region, falling linearly to 0 over `featherMm`
 * outside it (distance measured in mm on the voxel lattice, chamfer approximation), 0 beyond.
 * Returns a copy of `ct.data` (same type) with the blend written in the box: each blended value is
 * w · rendered + (1 − w) · ct computed in float64 and rounded to float32 (as a Float32Array stores it),
 * and for an Int16Array CT then rounded to the nearest integer and clamped to the Int16 range.
 */
export function pasteFeathered(
  ct: Volume, renderedCrop: Float32Array, box: IndexBox, region: Uint8Array, featherMm: number, hardEdge?: Uint8Array,
): Float32Array | Int16Array {
  const out = ct.data.slice();
  const asInt16 = out instanceof Int16Array;
  const [nx, ny, nz] = ct.dims;
  const weight = featherWeights(region, ct.dims, ct.spacingMm, box, featherMm, hardEdge);
  let c = 0;
  for (let k = box.min[2]; k < box.max[2]; k++) {
    for (let j = box.min[1]; j < box.max[1]; j++) {
      for (let i = box.min[0]; i < box.max[0]; i++, c++) {
        if (i < 0 || j < 0 || k < 0 || i >= nx || j >= ny || k >= nz) continue;
        const w = weight[c]!;
        if (w === 0) continue;
        const v = i + nx * (j + ny * k);
        const blended = Math.fround(w * renderedCrop[c]! + (1 - w) * out[v]!);
        out[v] = asInt16 ? Math.max(-32768, Math.min(32767, Math.round(blended))) : blended;
      }
    }
  }
  return out;
}

/** Per crop voxel: min(1, d/featherMm) inside the region (d: chamfer distance to the outside, mm), 1 on a hard edge, 0 outside. */
function featherWeights(region: Uint8Array, dims: Vec3, spacingMm: Vec3, box: IndexBox, featherMm: number, hardEdge?: Uint8Array): Float32Array {
  const sx = box.max[0] - box.min[0];
  const sy = box.max[1] - box.min[1];
  const sz = box.max[2] - box.min[2];
  const n = voxelCount([sx, sy, sz]);
  const dist = new Float32Array(n).fill(Infinity);
  let c = 0;
  for (let k = 0; k < sz; k++) for (let j = 0; j < sy; j++) for (let i = 0; i < sx; i++, c++) {
    const gi = i + box.min[0], gj = j + box.min[1], gk = k + box.min[2];
    const outside = gi < 0 || gj < 0 || gk < 0 || gi >= dims[0] || gj >= dims[1] || gk >= dims[2] || !region[gi + dims[0] * (gj + dims[1] * gk)];
    if (outside) dist[c] = 0;
  }
  chamfer(dist, [sx, sy, sz], spacingMm);
  const w = new Float32Array(n);
  for (let q = 0; q < n; q++) {
    const d = dist[q]!;
    w[q] = d === 0 ? 0 : featherMm <= 0 ? 1 : Math.min(1, d / featherMm);
  }
  if (hardEdge) {
    let q = 0;
    for (let k = 0; k < sz; k++) for (let j = 0; j < sy; j++) for (let i = 0; i < sx; i++, q++) {
      const gi = i + box.min[0], gj = j + box.min[1], gk = k + box.min[2];
      if (w[q]! > 0 && hardEdge[gi + dims[0] * (gj + dims[1] * gk)]) w[q] = 1;
    }
  }
  return w;
}

/** Two-pass 6-neighbour chamfer distance in mm (an upper bound of the Euclidean distance; fine for feathering). */
function chamfer(d: Float32Array, [sx, sy, sz]: Vec3, [ax, ay, az]: Vec3): void {
  const at = (i: number, j: number, k: number) => i + sx * (j + sy * k);
  for (let k = 0; k < sz; k++) for (let j = 0; j < sy; j++) for (let i = 0; i < sx; i++) {
    const q = at(i, j, k);
    let v = d[q]!;
    if (i > 0) v = Math.min(v, d[q - 1]! + ax);
    if (j > 0) v = Math.min(v, d[q - sx]! + ay);
    if (k > 0) v = Math.min(v, d[q - sx * sy]! + az);
    d[q] = v;
  }
  for (let k = sz - 1; k >= 0; k--) for (let j = sy - 1; j >= 0; j--) for (let i = sx - 1; i >= 0; i--) {
    const q = at(i, j, k);
    let v = d[q]!;
    if (i < sx - 1) v = Math.min(v, d[q + 1]! + ax);
    if (j < sy - 1) v = Math.min(v, d[q + sx]! + ay);
    if (k < sz - 1) v = Math.min(v, d[q + sx * sy]! + az);
    d[q] = v;
  }
}
