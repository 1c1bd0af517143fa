/**
 * Whole-liver segmentation from CT alone, classical (see index.ts for the design and why).
 */
import { InputError, SegmentationError } from '../errors.ts';
import { applyAffine, type Vec3 } from '../geometry.ts';
import { bodyMask, connectedComponents, det3 } from '../ops/index.ts';
import { assertGrid, type LabelVolume, type Volume } from '../volume.ts';
import { closeMm, dilateMm, erodeMm } from './binary-morphology.ts';
import { squaredDistanceMm } from './distance-transform.ts';
import { addEnclosedPockets } from './enclosed-pockets.ts';
import { fillHoles3d, fillHolesAxial } from './fill-holes.ts';
import { gaussianSmoothMm } from './gaussian-smooth.ts';
import { parseLiverOptions, type LiverOptionsInput } from './liver-options.ts';
import { parenchymaPeak } from './parenchyma-peak.ts';
import { boundingBox, seedToVoxel } from './roi-box.ts';
import { blockAverage, chooseWorkGrid, upsampleMask, workBoxToCt, type WorkGrid } from './work-grid.ts';

/** Edges steeper than this are not parenchyma when its HU is estimated, HU/mm (smoothed noise is far below). */
const MAX_PARENCHYMA_GRADIENT_HU_PER_MM = 10;
/** Portal-venous parenchyma is ≈ 100–140 HU, unenhanced ≈ 50–65 HU (Bae, Radiology 2010;256:32–61): below this, no contrast. */
const UNENHANCED_LIVER_HU = 80;
/** A hypodense region at least this deep inside the liver is a lesion (not the partial-volume layer at the surface), mm. */
const LESION_DEPTH_MM = 5;
/** Typical craniocaudal height of an adult liver, mm: scales the volume floor on scans that cover less. */
const LIVER_HEIGHT_MM = 150;
/** A z spacing (mm) so large that distance transforms and morphology act within each axial slice only. */
const PER_SLICE = 1e9;

export interface LiverStats {
  voxelCount: number;
  /** Mask volume, mL (of the scanned part when the liver reaches the first or last slice). */
  volumeMl: number;
  /** Mean voxel position, RAS+ mm. */
  centroidRas: Vec3;
  /** Voxel-index bounding box of the mask, both ends inclusive. */
  bboxIjk: { min: Vec3; max: Vec3 };
  /** Mean CT value inside the mask, HU (original values; lesions and vessels included). */
  meanHu: number;
  /** Parenchyma HU estimated from the data (histogram mode). */
  parenchymaHu: number;
  /** [low, high] HU window of the parenchyma (on the smoothed work grid). */
  huWindow: [number, number];
  /** Voxel size of the work grid, mm. */
  workSpacingMm: Vec3;
  /** Whether the mask reaches the first / last slice (k = 0 / k = nz − 1): the liver may extend beyond the scan. */
  reachesFirstSlice: boolean;
  reachesLastSlice: boolean;
  /** How the component was chosen. */
  selectedBy: 'seed' | 'largest-right-sided';
}

export interface LiverSegmentation {
  /** Label map on the CT grid: 1 = 'liver' (parenchyma, its vessels and lesions). */
  mask: LabelVolume;
  stats: LiverStats;
  /** Things a user should check (no pixel values, no identifiers). */
  warnings: string[];
}

/**
 * Segment the liver.
 * @param ct CT volume in HU on its own grid (affineRas: voxel → RAS+ mm), axial slices along k
 * @param opts see liverOptionsSchema; `seedRas` (optional) is a point inside the liver
 * @throws InputError for invalid options
 * @throws VolumeShapeError when the CT's dims, data and affine disagree
 * @throws SegmentationError when the seed lies outside the volume, or no liver-like tissue is found
 */
export function segmentLiver(ct: Volume, opts?: LiverOptionsInput): LiverSegmentation {
  assertGrid(ct, 'ct');
  const o = parseLiverOptions(opts);
  const warnings: string[] = [];
  if (ct.meta.unit !== 'HU') warnings.push('CT values are not declared as calibrated HU: the parenchyma window may not fit');
  if (ct.dims[2] < 3) throw new InputError(`segmentLiver: the CT has ${ct.dims[2]} slice(s); a 3D liver segmentation needs at least 3`);
  const seedCt = o.seedRas === undefined ? undefined : seedToVoxel(ct, o.seedRas);

  // 1. Work grid (≈ workSpacingMm voxels), body, smoothing.
  const grid = chooseWorkGrid(ct.dims, ct.spacingMm, ct.affineRas, o.workSpacingMm, o.maxWorkVoxels);
  const { dims, spacingMm: sp } = grid;
  const n = dims[0] * dims[1] * dims[2];
  const raw = blockAverage(ct.data, ct.dims, grid);
  const body = bodyMask({ dims, spacingMm: sp, affineRas: grid.affineRas, data: raw, meta: { source: 'derived', unit: 'HU', notes: [] } }).data;
  const smooth = gaussianSmoothMm(raw, dims, sp, o.smoothingSigmaMm);
  const inner = erodeMm(body, dims, [sp[0], sp[1], PER_SLICE], o.bodyWallMm, true);
  const bodyCx = meanRasX(body, grid);
  if (Number.isNaN(bodyCx)) throw new SegmentationError('segmentLiver: no body found in the CT (nothing above −500 HU)');

  // 2. Parenchyma HU: the histogram mode of homogeneous soft tissue on the patient's right (RAS x > body centre).
  const right = new Uint8Array(n);
  forEachVoxelRasX(grid, (v, x) => { right[v] = inner[v] !== 0 && x > bodyCx ? 1 : 0; });
  const peak = parenchymaPeak(smooth, right, dims, sp, o.parenchymaHuRange, MAX_PARENCHYMA_GRADIENT_HU_PER_MM);
  if (peak.sampleCount === 0) {
    throw new SegmentationError(
      `segmentLiver: no homogeneous soft tissue within parenchymaHuRange [${o.parenchymaHuRange.join(', ')}] HU on the patient's right: ` +
        'the CT shows no liver-like tissue (wrong body region, or not a CT in HU)',
    );
  }
  const half = Math.max(o.minWindowHalfWidthHu, o.windowSigmas * peak.sigmaHu);
  const lo = peak.modeHu - half, hi = peak.modeHu + half;

  // 3. Candidates in the window, eroded to cut bridges, one component.
  const cand = new Uint8Array(n);
  for (let v = 0; v < n; v++) cand[v] = inner[v] !== 0 && smooth[v]! >= lo && smooth[v]! <= hi ? 1 : 0;
  const core = erodeMm(cand, dims, sp, o.erosionMm, true);
  const seedWork = seedCt === undefined ? undefined : ([0, 1, 2].map((a) => Math.min(dims[a]! - 1, Math.round((seedCt[a]! - (grid.factors[a]! - 1) / 2) / grid.factors[a]!))) as Vec3);
  const picked = pickComponent(core, grid, bodyCx, seedWork);
  if (picked === undefined) {
    throw new SegmentationError(
      seedWork === undefined
        ? 'segmentLiver: no liver-like tissue found (no component of parenchyma-like HU on the patient\'s right survives the bridge-cutting erosion)'
        : 'segmentLiver: no liver-like tissue near seedRas (within 20 mm); place the point inside the liver parenchyma',
    );
  }

  // 4. Reconstruct: grow back within the window by the erosion radius (+ reconstructExtraMm), keep what connects.
  let liver = dilateMm(picked, dims, sp, o.erosionMm + o.reconstructExtraMm);
  for (let v = 0; v < n; v++) liver[v] = liver[v]! & cand[v]!;
  liver = componentTouching(liver, picked, dims);

  // 5. Lesions and vessels: non-fat regions the liver (almost) surrounds, closing, hole filling.
  // Hypodense (lesions) and hyperdense (vessels, enhancing lesions) regions separately, so that a
  // lesion is not joined to bright bowel or dark bile through its neighbours.
  const hypo = new Uint8Array(n), hyper = new Uint8Array(n);
  for (let v = 0; v < n; v++) {
    if (body[v] === 0) continue;
    const x = smooth[v]!;
    if (x >= o.lesionMinHu && x < lo) hypo[v] = 1;
    else if (x > hi) hyper[v] = 1;
  }
  for (const band of [hypo, hyper]) addEnclosedPockets(liver, band, dims, o.lesionEnclosedFraction, Math.floor(count(liver) / 2));
  const closed = o.closingRadiusMm > 0 ? closeMm(liver, dims, sp, o.closingRadiusMm, true) : Uint8Array.from(liver);
  if (o.axialClosingRadiusMm > 0) {
    const closed2d = closeMm(liver, dims, [sp[0], sp[1], PER_SLICE], o.axialClosingRadiusMm, true);
    for (let v = 0; v < n; v++) if (closed2d[v] !== 0 && smooth[v]! >= o.lesionMinHu) closed[v] = 1;
  }
  for (let v = 0; v < n; v++) if (closed[v] !== 0 && liver[v] === 0 && smooth[v]! >= o.fatHu && body[v] !== 0) liver[v] = 1;
  liver = fillHolesAxial(fillHoles3d(liver, dims), dims);
  liver = largestOf(liver, dims);
  if (o.lesionBulgeMm > 0) {
    // Lesions bulging through the capsule: hypodense tissue outside the liver, joined (within the
    // hypodense band) to a hypodense region deep inside it, and within lesionBulgeMm of that region.
    const depth = squaredDistanceMm(liver, dims, sp, false);
    const deep = new Uint8Array(n);
    const d2 = LESION_DEPTH_MM * LESION_DEPTH_MM;
    for (let v = 0; v < n; v++) deep[v] = liver[v] !== 0 && depth[v]! >= d2 && smooth[v]! < lo && smooth[v]! >= o.lesionMinHu ? 1 : 0;
    const reach = dilateMm(deep, dims, sp, o.lesionBulgeMm);
    const zone = new Uint8Array(n);
    for (let v = 0; v < n; v++) zone[v] = (reach[v] !== 0 && hypo[v] !== 0) || liver[v] !== 0 ? 1 : 0;
    const joined = componentTouching(zone, deep, dims);
    for (let v = 0; v < n; v++) if (joined[v] !== 0) liver[v] = 1;
    liver = fillHolesAxial(liver, dims);
  }

  // 6. Back to the CT grid, measured there.
  const workBox = boundingBox(liver, dims, [1, 1, 1]);
  if (workBox === undefined) throw new SegmentationError('segmentLiver: no liver-like tissue found');
  const full = upsampleMask(liver, grid, ct.dims, workBoxToCt(workBox, grid, ct.dims));
  const stats = measure(full, ct);
  // A scan covering less than a liver's height (≈ 150 mm) can hold only part of one: the floor scales with the coverage.
  const coverage = Math.min(1, (ct.dims[2] * ct.spacingMm[2]) / LIVER_HEIGHT_MM);
  if (stats.volumeMl < o.minVolumeMl * coverage) {
    throw new SegmentationError(
      `segmentLiver: the liver-like region is ${stats.volumeMl.toFixed(0)} mL, under minVolumeMl = ${o.minVolumeMl} mL ` +
        `(scaled by the scan's coverage of a ${LIVER_HEIGHT_MM} mm liver to ${(o.minVolumeMl * coverage).toFixed(0)} mL): ` +
        'the scan does not show enough liver, or the tissue found is not liver',
    );
  }
  if (stats.reachesFirstSlice || stats.reachesLastSlice) warnings.push('the liver reaches the first or last slice: it extends beyond the scan, and the volume is that of the scanned part');
  if (peak.modeHu < UNENHANCED_LIVER_HU) warnings.push('the parenchyma is not enhanced (unenhanced or early-arterial scan?): the liver borders neighbouring organs of similar HU; check the outline');

  return {
    mask: { dims: [...ct.dims], spacingMm: [...ct.spacingMm], affineRas: ct.affineRas.map((r) => [...r]) as LabelVolume['affineRas'], data: full, labels: { 1: 'liver' } },
    stats: {
      ...stats,
      parenchymaHu: peak.modeHu,
      huWindow: [lo, hi],
      workSpacingMm: [...sp],
      selectedBy: seedWork === undefined ? 'largest-right-sided' : 'seed',
    },
    warnings,
  };
}

function count(mask: Uint8Array): number {
  let c = 0;
  for (let v = 0; v < mask.length; v++) c += mask[v]!;
  return c;
}

/** Call fn(voxel index, RAS x) for every work voxel. */
function forEachVoxelRasX(grid: WorkGrid, fn: (v: number, x: number) => void): void {
  const [nx, ny, nz] = grid.dims;
  const a = grid.affineRas[0];
  let v = 0;
  for (let k = 0; k < nz; k++) for (let j = 0; j < ny; j++) {
    const base = a[1] * j + a[2] * k + a[3];
    for (let i = 0; i < nx; i++, v++) fn(v, base + a[0] * i);
  }
}

function meanRasX(mask: Uint8Array, grid: WorkGrid): number {
  let s = 0, c = 0;
  forEachVoxelRasX(grid, (v, x) => { if (mask[v] !== 0) { s += x; c++; } });
  return c === 0 ? NaN : s / c;
}

/**
 * The component under the seed (or the nearest within 20 mm), else the largest 6-connected
 * component whose centroid lies on the patient's right of the body's centre.
 */
function pickComponent(core: Uint8Array, grid: WorkGrid, bodyCx: number, seed: Vec3 | undefined): Uint8Array | undefined {
  const { dims, spacingMm: sp } = grid;
  const cc = connectedComponents(core, dims, 6);
  if (cc.count === 0) return undefined;
  let chosen = 0;
  if (seed !== undefined) {
    let best = 20 * 20;
    let v = 0;
    for (let k = 0; k < dims[2]; k++) for (let j = 0; j < dims[1]; j++) for (let i = 0; i < dims[0]; i++, v++) {
      const c = cc.labels[v]!;
      if (c === 0) continue;
      const d2 = ((i - seed[0]) * sp[0]) ** 2 + ((j - seed[1]) * sp[1]) ** 2 + ((k - seed[2]) * sp[2]) ** 2;
      if (d2 <= best) { best = d2; chosen = c; }
    }
  } else {
    const sumX = new Float64Array(cc.count + 1);
    forEachVoxelRasX(grid, (v, x) => { sumX[cc.labels[v]!]! += x; });
    let bestSize = 0;
    for (let c = 1; c <= cc.count; c++) {
      const size = cc.sizes[c - 1]!;
      if (sumX[c]! / size > bodyCx && size > bestSize) { bestSize = size; chosen = c; }
    }
  }
  if (chosen === 0) return undefined;
  const out = new Uint8Array(core.length);
  for (let v = 0; v < out.length; v++) out[v] = cc.labels[v] === chosen ? 1 : 0;
  return out;
}

/** The 6-connected components of `mask` that hold a voxel of `core`. */
function componentTouching(mask: Uint8Array, core: Uint8Array, dims: Vec3): Uint8Array {
  const cc = connectedComponents(mask, dims, 6);
  const keep = new Uint8Array(cc.count + 1);
  for (let v = 0; v < mask.length; v++) if (core[v] !== 0) keep[cc.labels[v]!] = 1;
  keep[0] = 0;
  const out = new Uint8Array(mask.length);
  for (let v = 0; v < out.length; v++) out[v] = keep[cc.labels[v]!]!;
  return out;
}

function largestOf(mask: Uint8Array, dims: Vec3): Uint8Array {
  const cc = connectedComponents(mask, dims, 26);
  let best = 0;
  for (let c = 1; c < cc.sizes.length; c++) if (cc.sizes[c]! > cc.sizes[best]!) best = c;
  const out = new Uint8Array(mask.length);
  for (let v = 0; v < out.length; v++) out[v] = cc.labels[v] === best + 1 ? 1 : 0;
  return out;
}

/** Voxel count, mL, centroid, bbox and mean HU in one pass. */
function measure(mask: Uint8Array, ct: Volume): Omit<LiverStats, 'parenchymaHu' | 'huWindow' | 'workSpacingMm' | 'selectedBy'> {
  const [nx, ny, nz] = ct.dims;
  const min: Vec3 = [nx, ny, nz];
  const max: Vec3 = [-1, -1, -1];
  let c = 0, si = 0, sj = 0, sk = 0, sh = 0;
  let v = 0;
  for (let k = 0; k < nz; k++) for (let j = 0; j < ny; j++) for (let i = 0; i < nx; i++, v++) {
    if (mask[v] === 0) continue;
    c++; si += i; sj += j; sk += k; sh += ct.data[v]!;
    if (i < min[0]) min[0] = i;
    if (i > max[0]) max[0] = i;
    if (j < min[1]) min[1] = j;
    if (j > max[1]) max[1] = j;
    if (k < min[2]) min[2] = k;
    if (k > max[2]) max[2] = k;
  }
  if (c === 0) throw new SegmentationError('segmentLiver: no liver-like tissue found');
  return {
    voxelCount: c,
    volumeMl: (c * Math.abs(det3(ct.affineRas))) / 1000,
    centroidRas: applyAffine(ct.affineRas, [si / c, sj / c, sk / c]),
    bboxIjk: { min, max },
    meanHu: sh / c,
    reachesFirstSlice: min[2] === 0,
    reachesLastSlice: max[2] === nz - 1,
  };
}
