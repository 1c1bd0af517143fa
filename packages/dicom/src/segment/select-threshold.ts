/**
 * Choosing the upper HU threshold from the flood's volume curve V(T) = voxels joined at level ≤ T.
 *
 * Between the lesion's own values and the parenchyma's, a hypodense lesion's region barely grows
 * with T (its edge is a steep intensity step): V(T) has a plateau. Past the parenchyma level the
 * region leaks into the liver and reaches the ROI limit. The chosen threshold is the most stable
 * point of the plateau (least relative growth over ±delta HU, as in maximally stable extremal
 * regions), searched only below the leak; among equally stable thresholds the highest wins, so a
 * necrotic centre inside a larger hypodense body does not stop the search early.
 */
import { SegmentationError } from '../errors.ts';
import { HU_MIN } from './minimax-flood.ts';

export interface ThresholdChoice {
  /** Upper threshold, HU (inclusive). */
  upperHu: number;
  /** Lowest threshold at which the region leaks to the ROI limit (or fills `leakFraction` of it), HU. */
  leakHu: number;
  /** Relative growth of the region over ±deltaHu at the chosen threshold (0 = perfectly stable). */
  stability: number;
}

export interface ThresholdOptions {
  /** Half-width of the stability window, HU. */
  deltaHu: number;
  /** The leak must lie at least this far above the seed HU, else the seed is not in a distinct lesion. */
  minContrastHu: number;
  /** A region bigger than this fraction of the ROI sphere counts as leaked. */
  leakFraction: number;
  /** Regions smaller than this many voxels are not considered (too noisy to judge). */
  minVoxels: number;
  /** Relative tolerance: thresholds within (1 + tol) × best stability + 0.01 count as equally stable. */
  tieTolerance: number;
}

/**
 * @param counts counts[l − HU_MIN] = voxels whose flood level is l (from minimaxFlood)
 * @param seedHu robust HU at the seed
 * @param leakLevel lowest level touching the ROI surface (Infinity if never)
 * @param roiVoxels voxels in the ROI sphere
 * @param maxRadiusMm the ROI radius of this attempt, only used in the error message
 * @throws SegmentationError when the region leaks before reaching minContrastHu above the seed
 */
export function selectThreshold(
  counts: Int32Array,
  seedHu: number,
  leakLevel: number,
  roiVoxels: number,
  maxRadiusMm: number,
  opts: ThresholdOptions,
): ThresholdChoice {
  const cum = cumulative(counts);
  const reachedAll = cum[cum.length - 1]!; // every reached voxel: the flood can end without leaking (ROI mostly excluded)
  const leakHu = leakLevelOf(counts, leakLevel, roiVoxels, opts.leakFraction);
  const seedQ = Math.round(seedHu);
  if (leakHu - seedQ < opts.minContrastHu) {
    throw new SegmentationError(
      `the region grown from the seed leaks to the ROI limit (ROI radius ${maxRadiusMm} mm) less than ` +
        `minContrastHu = ${opts.minContrastHu} HU above the seed intensity: the seed is not in a lesion darker than ` +
        `its surroundings. Click nearer the lesion centre`,
    );
  }
  const scores = stabilityScores(cum, seedQ + opts.deltaHu, leakHu, opts);
  if (scores.length === 0) {
    // Too little room for a stability window: split the difference between seed and leak.
    const t = Math.max(seedQ, Math.floor((seedQ + leakHu - 1) / 2));
    return { upperHu: t, leakHu, stability: reachedAll > 0 ? 1 : 0 };
  }
  const chosen = mostStable(scores, opts.tieTolerance);
  return { upperHu: chosen.t, leakHu, stability: chosen.s };
}

/**
 * The most stable threshold at or above `fromHu` + deltaHu and below the leak (same rule as
 * selectThreshold): the next plateau of V(T) above a level. Undefined when there is no room.
 */
export function outerPlateau(counts: Int32Array, fromHu: number, leakHu: number, opts: ThresholdOptions): number | undefined {
  const scores = stabilityScores(cumulative(counts), fromHu + opts.deltaHu, leakHu, opts);
  return scores.length === 0 ? undefined : mostStable(scores, opts.tieTolerance).t;
}

/**
 * The leak level: the lowest of the level touching the ROI surface, the level at which the region
 * fills more than leakFraction of the ROI sphere, and one past the last level reached.
 */
export function leakLevelOf(counts: Int32Array, surfaceLevel: number, roiVoxels: number, leakFraction: number): number {
  let acc = 0;
  let byVolume = Infinity;
  for (let b = 0; b < counts.length && byVolume === Infinity; b++) {
    acc += counts[b]!;
    if (acc > leakFraction * roiVoxels) byVolume = b + HU_MIN;
  }
  return Math.min(surfaceLevel, byVolume, lastLevel(counts) + 1);
}

function cumulative(counts: Int32Array): Float64Array {
  const cum = new Float64Array(counts.length);
  let acc = 0;
  for (let b = 0; b < counts.length; b++) cum[b] = acc += counts[b]!;
  return cum;
}

/** Relative growth (V(T + d) − V(T − d)) / V(T) for T in [lo, leak − 1 − d]. */
function stabilityScores(cum: Float64Array, lo: number, leakHu: number, opts: ThresholdOptions): Array<{ t: number; s: number }> {
  const V = (t: number): number => {
    const b = t - HU_MIN;
    if (b < 0) return 0;
    return cum[Math.min(b, cum.length - 1)]!;
  };
  const d = opts.deltaHu;
  const hi = Math.min(leakHu - 1 - d, HU_MIN + cum.length - 1);
  const scores: Array<{ t: number; s: number }> = [];
  for (let t = lo; t <= hi; t++) {
    const vt = V(t);
    if (vt < opts.minVoxels) continue;
    scores.push({ t, s: (V(t + d) - V(t - d)) / vt });
  }
  return scores;
}

/** Among near-equal minima (within (1 + tol) × best + 0.01), the highest threshold. */
function mostStable(scores: Array<{ t: number; s: number }>, tol: number): { t: number; s: number } {
  let best = Infinity;
  for (const { s } of scores) best = Math.min(best, s);
  const limit = best * (1 + tol) + 0.01;
  let chosen = scores[0]!;
  for (const c of scores) if (c.s <= limit) chosen = c; // ascending t: keeps the highest
  return chosen;
}

function lastLevel(counts: Int32Array): number {
  for (let b = counts.length - 1; b >= 0; b--) if (counts[b]! > 0) return b + HU_MIN;
  return HU_MIN;
}
