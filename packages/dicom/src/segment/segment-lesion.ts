/**
 * Seeded 3D segmentation of a hypodense liver lesion from one click (see index.ts for the design).
 */
import { InputError, SegmentationError } from '../errors.ts';
import { multiply4, type Mat4, type Vec3 } from '../geometry.ts';
import { measureMask } from '../ops/index.ts';
import { assertGrid, type LabelVolume, type Volume } from '../volume.ts';
import { closeMm, openMm } from './binary-morphology.ts';
import { componentNearSeed } from './component-near-seed.ts';
import { squaredDistanceMm } from './distance-transform.ts';
import { fillHoles3d, fillHolesAxial } from './fill-holes.ts';
import { gaussianSmoothMm } from './gaussian-smooth.ts';
import { cuboidHalfWidths, dilateCuboid, maxFilter } from './max-filter.ts';
import { minimaxFlood, sphereMask, type FloodLimit } from './minimax-flood.ts';
import { boundingBox, boxAround, cropToBox, pasteMask, seedToVoxel, type VoxelBox } from './roi-box.ts';
import { captureRim } from './rim-capture.ts';
import { parseSegmentOptions, type SegmentOptionsInput } from './segment-options.ts';
import { selectThreshold } from './select-threshold.ts';

/** Largest ROI box we allocate working arrays for (voxels). */
const MAX_ROI_VOXELS = 32 * 1024 * 1024;

export interface LesionStats {
  voxelCount: number;
  /** Mask volume, mL. */
  volumeMl: number;
  /** Longest in-plane diameter over axial slices (voxel centre to centre), mm. */
  longestAxialDiameterMm: number;
  /** Mean voxel position, RAS+ mm. */
  centroidRas: Vec3;
  /** Voxel-index bounding box of the mask, both ends inclusive. */
  bboxIjk: { min: Vec3; max: Vec3 };
  /** Median smoothed HU in the seed neighbourhood. */
  seedHu: number;
  /** [lower, upper] HU thresholds of the region growing (on the smoothed image). */
  huThresholds: [number, number];
  /** Threshold at which the region would leak to the ROI limit, HU. */
  leakHu: number;
  /** Median smoothed HU of the tissue 3–10 mm outside the hypodense region (the parenchyma estimate). */
  surroundingHu: number;
  /** Mean CT value inside the final mask, HU (original, unsmoothed values). */
  lesionMeanHu: number;
  /** Whether an enhancing rim was found around the lesion and added to it. */
  rimIncluded: boolean;
  /** Fraction of directions with a bright shell just outside the hypodense region (0..1). */
  rimCoverage: number;
  /** Radius of the ROI sphere used, mm. */
  roiRadiusMm: number;
}

export interface LesionSegmentation {
  /** Label map on the CT grid: 1 = 'lesion'. */
  mask: LabelVolume;
  stats: LesionStats;
  /** Things a user should check (no pixel values, no identifiers). */
  warnings: string[];
}

/**
 * Segment the lesion under a click.
 * @param ct CT volume in HU on its own grid (affineRas: voxel → RAS+ mm)
 * @param seedRas the click, RAS+ world mm, inside the lesion (ideally near its centre)
 * @param opts see segmentOptionsSchema; maxRadiusMm (default 75) bounds the lesion's extent from the seed
 * @throws InputError for a non-finite seed or invalid options
 * @throws VolumeShapeError when the CT's dims, data and affine disagree
 * @throws SegmentationError when the seed lies outside the volume, in air/lung/fat or bone,
 *   or the region cannot be told apart from its surroundings (leaks to the ROI limit)
 */
export function segmentLesion(ct: Volume, seedRas: Vec3, opts?: SegmentOptionsInput): LesionSegmentation {
  assertGrid(ct, 'ct');
  if (!Array.isArray(seedRas) || seedRas.length !== 3 || !seedRas.every((x) => typeof x === 'number' && Number.isFinite(x))) {
    throw new InputError('segmentLesion: seedRas must be three finite numbers (RAS+ mm)');
  }
  const o = parseSegmentOptions(opts);
  const warnings: string[] = [];
  if (ct.meta.unit !== 'HU') warnings.push('CT values are not declared as calibrated HU: thresholds may not fit');

  const seedVox = seedToVoxel(ct, seedRas);
  const sp = ct.spacingMm;

  // 1. ROI box around the seed, smoothed.
  const roi = boxAround(seedVox, o.maxRadiusMm, sp, ct.dims, 1);
  const roiVoxelCount = roi.dims[0] * roi.dims[1] * roi.dims[2];
  if (roiVoxelCount > MAX_ROI_VOXELS) {
    throw new InputError(
      `segmentLesion: the ROI of maxRadiusMm = ${o.maxRadiusMm} mm spans ${roiVoxelCount} voxels at this spacing, ` +
        `over the limit of ${MAX_ROI_VOXELS}; use a smaller maxRadiusMm`,
    );
  }
  const raw = cropToBox(ct.data, ct.dims, roi);
  const smooth = gaussianSmoothMm(raw, roi.dims, sp, o.smoothingSigmaMm);
  const seedInRoi: Vec3 = [seedVox[0] - roi.origin[0], seedVox[1] - roi.origin[1], seedVox[2] - roi.origin[2]];

  // 2. Seed intensity: median of the smoothed values in a small ball.
  const seedBall = ballIndices(roi.dims, sp, seedInRoi, o.seedRadiusMm);
  const seedHu = median(Array.from(seedBall, (v) => smooth[v]!));
  if (seedHu < o.seedHuRange[0]) {
    throw new SegmentationError(
      `the seed neighbourhood is darker than seedHuRange[0] = ${o.seedHuRange[0]} HU: it lies in air, lung or fat, ` +
        'not in a liver lesion; click inside the lesion',
    );
  }
  if (seedHu > o.seedHuRange[1]) {
    throw new SegmentationError(
      `the seed neighbourhood is brighter than seedHuRange[1] = ${o.seedHuRange[1]} HU: it lies in bone, calcification ` +
        'or dense contrast, not in a hypodense lesion; click inside the lesion',
    );
  }

  // 3. Minimax flood and threshold choice.
  const limit: FloodLimit = { centerVox: seedInRoi, radiusMm: o.maxRadiusMm, spacingMm: sp, boxOrigin: roi.origin, volumeDims: ct.dims };
  const lowerHu = Math.round(seedHu - o.lowerMarginHu);
  const blocked = darkBarrier(smooth, roi.dims, sp, lowerHu, o.barrierMarginMm);
  // Flood on the grayscale-dilated image: thin dark channels (partial-volume layers along the organ
  // surface, vessel walls, bowel wall) are lifted to their surroundings' brightness.
  const half = cuboidHalfWidths(sp, o.channelRadiusMm);
  const lifted = maxFilter(smooth, roi.dims, half);
  const flood = minimaxFlood(lifted, roi.dims, seedBall, blocked, limit);
  const choice = selectThreshold(flood.counts, seedHu, flood.leakLevel, flood.roiVoxels, o.maxRadiusMm, {
    deltaHu: o.stabilityDeltaHu,
    minContrastHu: o.minContrastHu,
    leakFraction: o.leakFraction,
    minVoxels: Math.max(8, seedBall.length),
    tieTolerance: 0.25,
  });
  // 4. Refine: the final threshold lies midway between the lesion (median inside the stable region)
  //    and the parenchyma (median of the tissue 3–10 mm around it), below the leak. On a blurred
  //    step edge the midway level sits on the true edge, which keeps the volume unbiased.
  const marginMm = Math.max(10, o.closingRadiusMm, o.openingRadiusMm, o.rimMaxThicknessMm) + 2;
  const margin: Vec3 = [0, 1, 2].map((a) => Math.ceil(marginMm / sp[a]!) + 1) as Vec3;
  const region0 = reconstructRegion(flood.level, choice.upperHu, half, smooth, lowerHu, roi.dims);
  const box0 = boundingBox(region0, roi.dims, margin);
  if (box0 === undefined) {
    throw new SegmentationError('no region could be grown from the seed; click inside the lesion');
  }
  const region0Box = cropToBox(region0, roi.dims, box0);
  const smooth0Box = cropToBox(smooth, roi.dims, box0);
  const inside: number[] = [];
  for (let v = 0; v < region0Box.length; v++) if (region0Box[v] !== 0) inside.push(smooth0Box[v]!);
  const lesionHu = median(inside);
  const surroundingHu = shellMedianHu(Uint8Array.from(region0Box), smooth0Box, box0.dims, sp, 3, 10);
  let upperHu = choice.upperHu;
  if (Number.isFinite(surroundingHu) && surroundingHu - lesionHu >= o.minContrastHu) {
    upperHu = Math.min(choice.leakHu - 1, Math.round((lesionHu + surroundingHu) / 2));
  } else {
    warnings.push('the lesion is barely darker than its surroundings: check the outline');
  }
  const region1 = upperHu === choice.upperHu ? region0 : reconstructRegion(flood.level, upperHu, half, smooth, lowerHu, roi.dims);

  // 5. Work on the region's bounding box plus room for the shell, rim and morphology.
  const work = boundingBox(region1, roi.dims, margin);
  if (work === undefined) {
    throw new SegmentationError('no region could be grown from the seed; click inside the lesion');
  }
  const values = cropToBox(smooth, roi.dims, work);
  let mask: Uint8Array = Uint8Array.from(cropToBox(region1, roi.dims, work), (x) => (x !== 0 ? 1 : 0));
  const seedInWork: Vec3 = [seedInRoi[0] - work.origin[0], seedInRoi[1] - work.origin[1], seedInRoi[2] - work.origin[2]];

  // 6. Opening (radius shrinks for small regions), then the piece the user clicked.
  const eqRadiusMm = Math.cbrt((3 * count(mask) * sp[0] * sp[1] * sp[2]) / (4 * Math.PI));
  const openR = Math.min(o.openingRadiusMm, 0.3 * eqRadiusMm);
  if (openR >= 0.5 * Math.min(sp[0], sp[1], sp[2])) mask = openMm(mask, work.dims, sp, openR);
  mask = componentNearSeed(mask, work.dims, sp, seedInWork, Math.max(o.seedRadiusMm, 2 * openR, 3));
  if (count(mask) === 0) {
    throw new SegmentationError('the region at the seed vanished after removing thin structures: the lesion is too small to segment here');
  }

  // 7. The enhancing rim, if it wraps the lesion.
  const rim = captureRim(mask, values, work.dims, sp, {
    minHu: surroundingHu + o.rimContrastHu,
    maxThicknessMm: o.rimMaxThicknessMm,
    minCoverage: o.rimMinCoverage,
  });
  mask = rim.mask;

  // 8. Closing and hole filling (3D, then slice by slice).
  if (o.closingRadiusMm > 0) mask = closeMm(mask, work.dims, sp, o.closingRadiusMm);
  mask = fillHolesAxial(fillHoles3d(mask, work.dims), work.dims);

  // 9. Leak check against the ROI sphere, then back onto the CT grid.
  if (touchesRoiLimit(mask, work, roi, limit)) {
    throw new SegmentationError(
      `the segmented region reaches the ROI limit (maxRadiusMm = ${o.maxRadiusMm} mm): it leaked into neighbouring tissue. ` +
        'Click nearer the lesion centre, or increase maxRadiusMm if the lesion really is that large',
    );
  }
  const full = new Uint8Array(ct.data.length);
  const workInVolume: VoxelBox = { origin: [roi.origin[0] + work.origin[0], roi.origin[1] + work.origin[1], roi.origin[2] + work.origin[2]], dims: work.dims };
  pasteMask(full, ct.dims, workInVolume, mask, 1);
  const labelVolume: LabelVolume = { dims: [...ct.dims], spacingMm: [...ct.spacingMm], affineRas: ct.affineRas.map((r) => [...r]) as LabelVolume['affineRas'], data: full, labels: { 1: 'lesion' } };
  const m = measureInBox(mask, workInVolume, ct);

  const rawWork = cropToBox(raw, roi.dims, work);
  let sum = 0;
  for (let v = 0; v < mask.length; v++) if (mask[v] !== 0) sum += rawWork[v]!;
  const lesionMeanHu = sum / m.voxelCount;

  if (m.bboxIjk.min[2] === 0 || m.bboxIjk.max[2] === ct.dims[2] - 1) warnings.push('the lesion reaches the first or last slice: it may extend beyond the scan');
  if (m.volumeMl < 0.1) warnings.push('the lesion is smaller than 0.1 mL: check that the click was inside a lesion');
  if (!rim.included && rim.coverage >= 0.5 * o.rimMinCoverage) warnings.push('a partial bright rim surrounds the lesion and was not included');

  return {
    mask: labelVolume,
    stats: {
      voxelCount: m.voxelCount,
      volumeMl: m.volumeMl,
      longestAxialDiameterMm: m.longestAxialDiameterMm,
      centroidRas: m.centroidRas,
      bboxIjk: m.bboxIjk,
      seedHu,
      huThresholds: [lowerHu, upperHu],
      leakHu: choice.leakHu,
      surroundingHu,
      lesionMeanHu,
      rimIncluded: rim.included,
      rimCoverage: rim.coverage,
      roiRadiusMm: o.maxRadiusMm,
    },
    warnings,
  };
}

/**
 * measureMask on the work box only (same numbers as on the full grid, far fewer voxels to scan):
 * the box's affine is the CT's affine shifted to the box origin; the bounding box is shifted back.
 */
function measureInBox(mask: Uint8Array, box: VoxelBox, ct: Volume): ReturnType<typeof measureMask> {
  const shift = multiply4(ct.affineRas, translation4(box.origin));
  const m = measureMask({ dims: box.dims, spacingMm: ct.spacingMm, affineRas: shift, data: mask, labels: { 1: 'lesion' } }, 1);
  const add = (p: Vec3): Vec3 => [p[0] + box.origin[0], p[1] + box.origin[1], p[2] + box.origin[2]];
  return { ...m, bboxIjk: { min: add(m.bboxIjk.min), max: add(m.bboxIjk.max) } };
}

function translation4(t: Vec3): Mat4 {
  return [
    [1, 0, 0, t[0]],
    [0, 1, 0, t[1]],
    [0, 0, 1, t[2]],
    [0, 0, 0, 1],
  ];
}

/**
 * The region at threshold T: the flood's core (levels ≤ T on the lifted image) dilated back by the
 * same cuboid, keeping only voxels whose smoothed value lies in [lowerHu, T].
 */
function reconstructRegion(level: Int16Array, upperHu: number, half: Vec3, smooth: Float32Array, lowerHu: number, dims: Vec3): Uint8Array {
  const core = new Uint8Array(level.length);
  for (let v = 0; v < core.length; v++) core[v] = level[v]! <= upperHu ? 1 : 0;
  const region = dilateCuboid(core, dims, half);
  for (let v = 0; v < region.length; v++) {
    if (region[v] !== 0 && (smooth[v]! > upperHu + 0.5 || smooth[v]! < lowerHu)) region[v] = 0;
  }
  return region;
}

function count(mask: Uint8Array): number {
  let n = 0;
  for (let v = 0; v < mask.length; v++) n += mask[v]!;
  return n;
}

/** Box voxel indices within radiusMm of `center` (always including the centre voxel). */
function ballIndices(dims: Vec3, sp: Vec3, center: Vec3, radiusMm: number): Int32Array {
  const out: number[] = [];
  const r = [0, 1, 2].map((a) => Math.floor(radiusMm / sp[a]!));
  for (let dk = -r[2]!; dk <= r[2]!; dk++) {
    for (let dj = -r[1]!; dj <= r[1]!; dj++) {
      for (let di = -r[0]!; di <= r[0]!; di++) {
        const i = center[0] + di, j = center[1] + dj, k = center[2] + dk;
        if (i < 0 || j < 0 || k < 0 || i >= dims[0] || j >= dims[1] || k >= dims[2]) continue;
        if ((di * sp[0]) ** 2 + (dj * sp[1]) ** 2 + (dk * sp[2]) ** 2 > radiusMm * radiusMm) continue;
        out.push(i + dims[0] * (j + dims[1] * k));
      }
    }
  }
  return Int32Array.from(out);
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** Median of soft-tissue values (−30..300 HU) between innerMm and outerMm outside the mask. */
function shellMedianHu(mask: Uint8Array, values: Float32Array, dims: Vec3, sp: Vec3, innerMm: number, outerMm: number): number {
  const d2 = squaredDistanceMm(mask, dims, sp, true);
  const lo2 = innerMm * innerMm, hi2 = outerMm * outerMm;
  const xs: number[] = [];
  for (let v = 0; v < mask.length; v++) {
    const d = d2[v]!;
    const x = values[v]!;
    if (d > lo2 && d <= hi2 && x >= -30 && x <= 300) xs.push(x);
  }
  return xs.length === 0 ? NaN : median(xs);
}

/** Does any mask voxel touch the ROI sphere's surface? */
function touchesRoiLimit(mask: Uint8Array, work: VoxelBox, roi: VoxelBox, limit: FloodLimit): boolean {
  const inner = sphereMask(roi.dims, { ...limit, radiusMm: limit.radiusMm - Math.max(...limit.spacingMm) });
  const [wx, wy, wz] = work.dims;
  let v = 0;
  for (let k = 0; k < wz; k++) {
    for (let j = 0; j < wy; j++) {
      for (let i = 0; i < wx; i++, v++) {
        if (mask[v] === 0) continue;
        const r = i + work.origin[0] + roi.dims[0] * (j + work.origin[1] + roi.dims[1] * (k + work.origin[2]));
        if (inner[r] === 0) return true;
      }
    }
  }
  return false;
}

/**
 * Voxels the flood may not enter: darker than lowerHu, or within marginMm of such a voxel. The margin
 * cuts the partial-volume layer between parenchyma and fat, which otherwise holds every HU in
 * between and would connect a lesion to everything of similar density along the organ surface.
 */
function darkBarrier(values: Float32Array, dims: Vec3, sp: Vec3, lowerHu: number, marginMm: number): Uint8Array {
  const dark = new Uint8Array(values.length);
  for (let v = 0; v < dark.length; v++) dark[v] = values[v]! < lowerHu ? 1 : 0;
  return marginMm > 0 ? dilateCuboid(dark, dims, cuboidHalfWidths(sp, marginMm)) : dark;
}
