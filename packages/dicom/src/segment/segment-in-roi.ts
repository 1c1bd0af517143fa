/**
 * One attempt of the seeded segmentation inside a spherical ROI of a given radius, for one polarity
 * (see index.ts for the design). segmentLesion calls it with a growing radius while the region
 * reaches the ROI's edge without having leaked, and once per polarity.
 *
 * Everything runs on w = sign · HU (sign −1 for a hyper-enhancing lesion), so the lesion is always
 * the darker side: one flood and one threshold rule serve both polarities.
 */
import { SegmentationError } from '../errors.ts';
import type { Vec3 } from '../geometry.ts';
import type { Volume } from '../volume.ts';
import { closeMm, dilateMm, openMm } from './binary-morphology.ts';
import { componentNearSeed } from './component-near-seed.ts';
import { gaussianSmoothMm } from './gaussian-smooth.ts';
import { cuboidHalfWidths, dilateCuboid, maxFilter } from './max-filter.ts';
import { fillHoles3d, fillHolesAxial } from './fill-holes.ts';
import { minimaxFlood, sphereMask, type FloodLimit } from './minimax-flood.ts';
import { ballIndices, countNonZero, innerBandMedian, median, shellMedian } from './region-statistics.ts';
import { boundingBox, boxAround, cropToBox, type VoxelBox } from './roi-box.ts';
import { captureRim } from './rim-capture.ts';
import type { SegmentOptions } from './segment-options.ts';
import { leakLevelOf, outerPlateau, selectThreshold } from './select-threshold.ts';

export type LesionPolarity = 'hypo' | 'hyper';

/** Soft-tissue HU range counted as surroundings (fat, air and bone in the shell are not parenchyma). */
const SOFT_TISSUE_HU: [number, number] = [-30, 300];
/** The neck cut applies to regions whose equivalent radius is at least this many leak-cut radii (the opening's 0.3 ratio). */
const NECK_CUT_MIN_RADII = 1 / 0.3;
/** ... and only when it removes at least this fraction of the region (else the region is left as it was). */
const NECK_CUT_MIN_FRACTION = 0.05;
/** Width of the band inside the outline whose median is the lesion's edge level, mm. */
const EDGE_BAND_MM = 4;

/** An ROI box cut out of the CT, smoothed, with the seed neighbourhood's indices. */
export interface CroppedRoi {
  roi: VoxelBox;
  raw: Float32Array;
  smooth: Float32Array;
  seedBall: Int32Array;
}

/** The ROI box of `radiusMm` around the seed, smoothed; undefined when it holds more than maxVoxels. */
export function cropRoi(ct: Volume, seedVox: Vec3, radiusMm: number, seedRadiusMm: number, sigmaMm: number, maxVoxels: number): CroppedRoi | undefined {
  const roi = boxAround(seedVox, radiusMm, ct.spacingMm, ct.dims, 1);
  if (roi.dims[0] * roi.dims[1] * roi.dims[2] > maxVoxels) return undefined;
  const raw = cropToBox(ct.data, ct.dims, roi);
  const seedInRoi: Vec3 = [seedVox[0] - roi.origin[0], seedVox[1] - roi.origin[1], seedVox[2] - roi.origin[2]];
  return { roi, raw, smooth: gaussianSmoothMm(raw, roi.dims, ct.spacingMm, sigmaMm), seedBall: ballIndices(roi.dims, ct.spacingMm, seedInRoi, seedRadiusMm) };
}

export interface RoiSegmentation {
  kind: 'segmented';
  /** Mask on `work` (a box in CT voxel coordinates). */
  mask: Uint8Array;
  work: VoxelBox;
  /** Unsmoothed CT values on `work`. */
  rawWork: Float32Array;
  /** Thresholds and levels in HU (real HU, whatever the polarity). */
  huThresholds: [number, number];
  leakHu: number;
  surroundingHu: number;
  lesionEdgeHu: number;
  rimIncluded: boolean;
  rimCoverage: number;
  /** Whether the lesion differs from its surroundings by at least minContrastHu. */
  contrastOk: boolean;
  /** Whether a piece joined through a narrow neck was cut off. */
  neckCut: boolean;
  /** Plateaus passed because the tissue around them was itself part of the lesion (necrotic centre → body). */
  outerSteps: number;
}

export interface RoiLeak {
  kind: 'reachesRoi';
  /** What to tell the user when no larger ROI is possible. */
  message: string;
  /** Level at which the region reached the ROI's edge, HU. */
  leakHu: number;
}

/**
 * @param c the ROI (from cropRoi)
 * @param seedVox seed in CT voxel coordinates
 * @param seedHu robust smoothed HU at the seed (computed by the caller on the first ROI)
 * @param channelRadiusMm dark channels (necks) thinner than about twice this cannot carry the flood
 * @param lowerBaseHu the lower threshold is lowerMarginHu below this level (default: the seed's)
 */
export function segmentInRoi(
  c: CroppedRoi, ctDims: Vec3, sp: Vec3, seedVox: Vec3, seedHu: number, radiusMm: number, polarity: LesionPolarity, o: SegmentOptions,
  channelRadiusMm = o.channelRadiusMm, lowerBaseHu?: number,
): RoiSegmentation | RoiLeak {
  const { roi, raw, smooth, seedBall } = c;
  const sign = polarity === 'hypo' ? 1 : -1;
  const w = sign === 1 ? smooth : smooth.map((x) => -x);
  const seedW = sign * seedHu;
  const seedInRoi: Vec3 = [seedVox[0] - roi.origin[0], seedVox[1] - roi.origin[1], seedVox[2] - roi.origin[2]];
  const tissueW: [number, number] = sign === 1 ? SOFT_TISSUE_HU : [-SOFT_TISSUE_HU[1], -SOFT_TISSUE_HU[0]];

  // Minimax flood: never below seed − lowerMarginHu, never within barrierMarginMm of such voxels.
  const limit: FloodLimit = { centerVox: seedInRoi, radiusMm, spacingMm: sp, boxOrigin: roi.origin, volumeDims: ctDims };
  const lowerW = Math.round((lowerBaseHu === undefined ? seedW : sign * lowerBaseHu) - o.lowerMarginHu);
  const blocked = darkBarrier(w, roi.dims, sp, lowerW, o.barrierMarginMm);
  const half = cuboidHalfWidths(sp, channelRadiusMm);
  const lifted = maxFilter(w, roi.dims, half);
  const flood = minimaxFlood(lifted, roi.dims, seedBall, blocked, limit);
  const thresholdOpts = {
    deltaHu: o.stabilityDeltaHu, minContrastHu: o.minContrastHu, leakFraction: o.leakFraction,
    minVoxels: Math.max(8, seedBall.length), tieTolerance: 0.25,
  };
  let choice;
  try {
    choice = selectThreshold(flood.counts, seedW, flood.leakLevel, flood.roiVoxels, radiusMm, thresholdOpts);
  } catch (e) {
    if (e instanceof SegmentationError) {
      const leak = leakLevelOf(flood.counts, flood.leakLevel, flood.roiVoxels, o.leakFraction);
      return { kind: 'reachesRoi', message: e.message, leakHu: sign * leak };
    }
    throw e;
  }

  // Refine: midway between the lesion's edge level (median just inside the outline) and the
  // surroundings (median 3–10 mm outside), below the leak. When the surroundings are themselves
  // clearly darker than the leak level (the tissue that connects to the far field), the region is
  // the inner part of a larger lesion (a necrotic centre in its body): go on to the next plateau.
  const marginMm = Math.max(10, o.closingRadiusMm, o.openingRadiusMm, o.rimMaxThicknessMm) + 2;
  const margin: Vec3 = [0, 1, 2].map((a) => Math.ceil(marginMm / sp[a]!) + 1) as Vec3;
  const rebuild = (t: number): Uint8Array => reconstructRegion(flood.level, t, half, w, lowerW, roi.dims);
  let upperW = choice.upperHu;
  let region = rebuild(upperW);
  let edge = NaN, sur = NaN, outerSteps = 0;
  for (let step = 0; step < 4; step++) {
    const box = boundingBox(region, roi.dims, margin);
    if (box === undefined) throw new SegmentationError('no region could be grown from the seed; click inside the lesion');
    const rBox = Uint8Array.from(cropToBox(region, roi.dims, box));
    const wBox = cropToBox(w, roi.dims, box);
    // The lesion level: the whole region's median, or, once the region holds an inner plateau (a
    // necrotic centre), the median of the band just inside its outline.
    edge = outerSteps === 0 ? regionMedian(rBox, wBox) : innerBandMedian(rBox, wBox, box.dims, sp, EDGE_BAND_MM);
    sur = shellMedian(rBox, wBox, box.dims, sp, 3, 10, tissueW);
    if (!Number.isFinite(sur) || sur - edge < o.minContrastHu) break;
    if (sur < choice.leakHu - o.minContrastHu) {
      const next = outerPlateau(flood.counts, Math.round(sur), choice.leakHu, thresholdOpts);
      if (next !== undefined && next > upperW) {
        upperW = next;
        region = rebuild(upperW);
        outerSteps++;
        continue;
      }
    }
    break;
  }
  const contrastOk = Number.isFinite(sur) && sur - edge >= o.minContrastHu;
  if (contrastOk) {
    const mid = Math.min(choice.leakHu - 1, Math.round((edge + sur) / 2));
    if (mid !== upperW) region = rebuild(mid);
    upperW = mid;
  }

  // Work on the region's bounding box plus room for the shell, rim and morphology.
  const work = boundingBox(region, roi.dims, margin);
  if (work === undefined) throw new SegmentationError('no region could be grown from the seed; click inside the lesion');
  const values = cropToBox(w, roi.dims, work);
  let mask: Uint8Array = Uint8Array.from(cropToBox(region, roi.dims, work), (x) => (x !== 0 ? 1 : 0));
  const seedInWork: Vec3 = [seedInRoi[0] - work.origin[0], seedInRoi[1] - work.origin[1], seedInRoi[2] - work.origin[2]];

  // Opening (radius shrinks for small regions), then the piece the user clicked.
  const eqRadiusMm = Math.cbrt((3 * countNonZero(mask) * sp[0] * sp[1] * sp[2]) / (4 * Math.PI));
  const openR = Math.min(o.openingRadiusMm, 0.3 * eqRadiusMm);
  if (openR >= 0.5 * Math.min(sp[0], sp[1], sp[2])) mask = openMm(mask, work.dims, sp, openR);
  mask = componentNearSeed(mask, work.dims, sp, seedInWork, Math.max(o.seedRadiusMm, 2 * openR, 3));
  if (countNonZero(mask) === 0) {
    throw new SegmentationError('the region at the seed vanished after removing thin structures: the lesion is too small to segment here');
  }

  // Neck cut: a large region joined to a neighbour of its own density (bowel, wall) through a
  // contact narrower than 2 × leakCutRadiusMm. Open by that radius, keep the clicked piece and what
  // lies within the radius of it (so the lesion's own corners come back), if that drops a real piece.
  const nVox = countNonZero(mask);
  const eqMm = Math.cbrt((3 * nVox * sp[0] * sp[1] * sp[2]) / (4 * Math.PI));
  let neckCut = false;
  if (o.leakCutRadiusMm > 0 && eqMm >= NECK_CUT_MIN_RADII * o.leakCutRadiusMm) {
    const core = componentNearSeed(openMm(mask, work.dims, sp, o.leakCutRadiusMm), work.dims, sp, seedInWork, 2 * o.leakCutRadiusMm);
    const near = dilateMm(core, work.dims, sp, o.leakCutRadiusMm);
    const kept = new Uint8Array(mask.length);
    for (let v = 0; v < mask.length; v++) kept[v] = mask[v]! & near[v]!;
    const k = countNonZero(componentNearSeed(kept, work.dims, sp, seedInWork, 2 * o.leakCutRadiusMm));
    if (k >= 0.5 * nVox && nVox - k >= NECK_CUT_MIN_FRACTION * nVox) {
      mask = componentNearSeed(kept, work.dims, sp, seedInWork, 2 * o.leakCutRadiusMm);
      neckCut = true;
    }
  }

  // The enhancing rim, if it wraps a hypodense lesion.
  let rimIncluded = false, rimCoverage = 0;
  if (polarity === 'hypo') {
    const rim = captureRim(mask, values, work.dims, sp, { minHu: sur + o.rimContrastHu, maxThicknessMm: o.rimMaxThicknessMm, minCoverage: o.rimMinCoverage });
    mask = rim.mask;
    rimIncluded = rim.included;
    rimCoverage = rim.coverage;
  }

  // Closing and hole filling (3D, then slice by slice).
  if (o.closingRadiusMm > 0) mask = closeMm(mask, work.dims, sp, o.closingRadiusMm);
  mask = fillHolesAxial(fillHoles3d(mask, work.dims), work.dims);

  // The barrier margin kept the flood 3 mm from fat and air; the lesion's edge against fat lies
  // midway between the two, below the lower threshold. With fatEdgeGiveBack, give back the margin
  // voxels next to the region whose values lie in the lesion's own range.
  if (o.fatEdgeGiveBack && o.barrierMarginMm > 0) {
    const near = dilateMm(mask, work.dims, sp, o.barrierMarginMm);
    const blockedWork = cropToBox(blocked, roi.dims, work);
    for (let v = 0; v < mask.length; v++) {
      if (mask[v] === 0 && near[v] !== 0 && blockedWork[v] !== 0 && values[v]! >= lowerW && values[v]! <= upperW) mask[v] = 1;
    }
    mask = componentNearSeed(mask, work.dims, sp, seedInWork, Math.max(o.seedRadiusMm, 3));
  }

  if (touchesRoiLimit(mask, work, roi, limit)) {
    return {
      kind: 'reachesRoi',
      leakHu: sign * choice.leakHu,
      message: `the segmented region reaches the ROI limit (radius ${radiusMm} mm): it leaked into neighbouring tissue. Click nearer the lesion centre`,
    };
  }
  const workInVolume: VoxelBox = { origin: [roi.origin[0] + work.origin[0], roi.origin[1] + work.origin[1], roi.origin[2] + work.origin[2]], dims: work.dims };
  const toHu = (x: number) => sign * x;
  const thresholds: [number, number] = sign === 1 ? [lowerW, upperW] : [toHu(upperW), toHu(lowerW)];
  return {
    kind: 'segmented', mask, work: workInVolume, rawWork: cropToBox(raw, roi.dims, work),
    huThresholds: thresholds, leakHu: toHu(choice.leakHu), surroundingHu: toHu(sur), lesionEdgeHu: toHu(edge),
    rimIncluded, rimCoverage, contrastOk, outerSteps, neckCut,
  };
}

function regionMedian(mask: Uint8Array, values: Float32Array): number {
  const xs: number[] = [];
  for (let v = 0; v < mask.length; v++) if (mask[v] !== 0) xs.push(values[v]!);
  return median(xs);
}

/**
 * The region at threshold T: the flood's core (levels ≤ T on the lifted image) dilated back by the
 * same cuboid, keeping only voxels whose smoothed value lies in [lower, T].
 */
function reconstructRegion(level: Int16Array, upper: number, half: Vec3, w: Float32Array, lower: number, dims: Vec3): Uint8Array {
  const core = new Uint8Array(level.length);
  for (let v = 0; v < core.length; v++) core[v] = level[v]! <= upper ? 1 : 0;
  const region = dilateCuboid(core, dims, half);
  for (let v = 0; v < region.length; v++) {
    if (region[v] !== 0 && (w[v]! > upper + 0.5 || w[v]! < lower)) region[v] = 0;
  }
  return region;
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
 * Voxels the flood may not enter: darker than `lower`, or within marginMm of such a voxel. The margin
 * cuts the partial-volume layer between parenchyma and fat, which otherwise holds every HU in
 * between and would connect a lesion to everything of similar density along the organ surface.
 */
function darkBarrier(w: Float32Array, dims: Vec3, sp: Vec3, lower: number, marginMm: number): Uint8Array {
  const dark = new Uint8Array(w.length);
  for (let v = 0; v < dark.length; v++) dark[v] = w[v]! < lower ? 1 : 0;
  return marginMm > 0 ? dilateCuboid(dark, dims, cuboidHalfWidths(sp, marginMm)) : dark;
}
