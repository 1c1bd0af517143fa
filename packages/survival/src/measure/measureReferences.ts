/**
 * The intensity references of one measurement, all measured on the patient's own scans:
 * - liver: median and 1.4826·MAD of the HU in a ring `ringInnerMm`–`ringOuterMm` outside the baseline
 *   lesions (or in the liver mask when one is given), keeping only HU in [LIVER_MIN_HU, LIVER_MAX_HU]
 *   (drops air, fat, bone, dense vessels), then only values within 3σ of that median (a second, robust pass);
 *   at follow-up: the pre value plus the mode of the smoothed post − pre change over the box's liver-like
 *   voxels (growth may fill the ring, unchanged liver still dominates the box);
 * - tumour: per baseline lesion, the median pre-CT HU of its outer TUMOUR_RIM_MM (the enhancing
 *   periphery; the user marked the tumour), and the HU expected for viable tumour at follow-up,
 *   scaled with the liver's enhancement change about the non-enhancing level;
 * - change noise: robust σ of the smoothed post − pre change over the box's liver, used for the change test.
 */
import { SurvivalInputError } from '../errors.ts';
import { MAD_TO_SIGMA, median, robustSummary, type RobustSummary } from './robustStats.ts';
import { NON_ENHANCING_HU } from './tissueClasses.ts';

/** ASSUMED (as the world model's parenchyma shell): liver HU range accepted in the ring. */
export const LIVER_MIN_HU = 0;
export const LIVER_MAX_HU = 200;
/** ASSUMED (as the world model's `appearance.viable.measureShellMm`): tumour reference from the lesion's outer 5 mm. */
export const TUMOUR_RIM_MM = 5;
/** Fewest ring voxels for a liver reference. */
export const MIN_LIVER_VOXELS = 50;

export interface ReferenceInput {
  readonly pre: Float32Array;
  readonly post: Float32Array;
  readonly preSmooth: Float32Array;
  readonly postSmooth: Float32Array;
  readonly postOutside: Uint8Array;
  readonly lesionLabel: Int32Array;
  readonly ids: readonly number[];
  readonly liver?: Uint8Array;
  /** Squared mm distance outside the lesion union, and inside it to the nearest non-lesion voxel. */
  readonly outsideSqMm: Float64Array;
  readonly insideSqMm: Float64Array;
  readonly ringInnerMm: number;
  readonly ringOuterMm: number;
}

export interface MeasureReferences {
  readonly liverSource: 'ring' | 'liverMask';
  readonly liverPre: RobustSummary;
  readonly liverPost: RobustSummary;
  /** Robust σ (1.4826·MAD about the mode) of the smoothed post − pre change over the box's liver: noise plus misregistration. */
  readonly changeSigmaHu: number;
  /** (liverPost − N) / (liverPre − N), N = NON_ENHANCING_HU: the enhancement change between the scans. */
  readonly enhancementScale: number;
  /** Per lesion id: baseline tumour HU (pre) and the HU expected for viable tumour at follow-up. */
  readonly tumourPreHu: ReadonlyMap<number, number>;
  readonly tumourPostHu: ReadonlyMap<number, number>;
  /** Pooled over all lesions (for voxels outside the lesions). */
  readonly tumourPreHuAll: number;
  readonly tumourPostHuAll: number;
}

function trimmed(values: number[]): RobustSummary {
  const first = robustSummary(values);
  const lim = 3 * Math.max(first.sigma, 1);
  return robustSummary(values.filter((x) => Math.abs(x - first.median) <= lim));
}

export function measureReferences(input: ReferenceInput): MeasureReferences {
  const n = input.pre.length;
  const inner2 = input.ringInnerMm ** 2, outer2 = input.ringOuterMm ** 2;
  const ring: number[] = [];
  for (let v = 0; v < n; v++) {
    if (input.lesionLabel[v] !== 0 || input.postOutside[v]) continue;
    const d = input.outsideSqMm[v]!;
    if (input.liver) {
      if (!input.liver[v] || d <= inner2) continue;
    } else if (d <= inner2 || d > outer2) continue;
    const h = input.pre[v]!;
    if (h >= LIVER_MIN_HU && h <= LIVER_MAX_HU) ring.push(v);
  }
  if (ring.length < MIN_LIVER_VOXELS) {
    throw new SurvivalInputError(
      input.liver ? 'options.liverMask' : 'preCt',
      `only ${ring.length} liver-like voxels (${LIVER_MIN_HU}..${LIVER_MAX_HU} HU) in the ${input.liver ? 'liver mask' : `${input.ringInnerMm}-${input.ringOuterMm} mm ring around the lesions`}; at least ${MIN_LIVER_VOXELS} are needed for the liver reference`,
    );
  }
  const liverPre = trimmed(ring.map((v) => input.pre[v]!));
  // The post liver is NOT measured on the ring: growth may fill it. It is the pre liver plus the most
  // common change (histogram mode of smoothed post − pre) over every liver-like voxel of the box outside
  // the lesions, where unchanged liver outnumbers any treated or grown tissue.
  const change = modeOfChange(input, liverPre);
  if (change === null) throw new SurvivalInputError('postCt', 'no liver-like voxel of the pre CT is covered by the post CT around the lesions: is the post CT of the same patient and region?');
  const liverPost = { median: liverPre.median + change.mode, sigma: robustSummary(ring.map((v) => input.post[v]!)).sigma, count: liverPre.count };
  const preLift = liverPre.median - NON_ENHANCING_HU;
  const scale = preLift >= 20 ? Math.max(0.25, Math.min(4, (liverPost.median - NON_ENHANCING_HU) / preLift)) : 1;

  const rims = new Map<number, number[]>();
  for (const id of input.ids) rims.set(id, []);
  const rim2 = TUMOUR_RIM_MM ** 2;
  const all: number[] = [];
  for (let v = 0; v < n; v++) {
    const l = input.lesionLabel[v]!;
    if (l === 0 || input.insideSqMm[v]! > rim2) continue;
    rims.get(l)!.push(input.pre[v]!);
    all.push(input.pre[v]!);
  }
  const post = (t: number): number => NON_ENHANCING_HU + (t - NON_ENHANCING_HU) * scale;
  const tumourPreHu = new Map<number, number>();
  const tumourPostHu = new Map<number, number>();
  const allPre = robustSummary(all).median;
  for (const id of input.ids) {
    const r = rims.get(id)!;
    const t = r.length > 0 ? robustSummary(r).median : allPre;
    tumourPreHu.set(id, t);
    tumourPostHu.set(id, post(t));
  }
  return {
    liverSource: input.liver ? 'liverMask' : 'ring',
    liverPre, liverPost,
    changeSigmaHu: change.sigma,
    enhancementScale: scale,
    tumourPreHu, tumourPostHu,
    tumourPreHuAll: allPre, tumourPostHuAll: post(allPre),
  };
}

/** Histogram bin (HU) and range of the post − pre change. */
const CHANGE_BIN_HU = 2;
const CHANGE_RANGE_HU = 200;

function modeOfChange(input: ReferenceInput, liverPre: RobustSummary): { mode: number; sigma: number } | null {
  const bins = new Float64Array((2 * CHANGE_RANGE_HU) / CHANGE_BIN_HU + 1);
  const lo = liverPre.median - 3 * Math.max(liverPre.sigma, 5), hi = liverPre.median + 3 * Math.max(liverPre.sigma, 5);
  const diffs: number[] = [];
  for (let v = 0; v < input.pre.length; v++) {
    if (input.lesionLabel[v] !== 0 || input.postOutside[v] || (input.liver && !input.liver[v])) continue;
    const h = input.preSmooth[v]!;
    if (h < lo || h > hi) continue;
    const d = input.postSmooth[v]! - h;
    const b = Math.round((d + CHANGE_RANGE_HU) / CHANGE_BIN_HU);
    if (b < 0 || b >= bins.length) continue;
    bins[b]!++;
    diffs.push(d);
  }
  if (diffs.length === 0) return null;
  let best = 1, bestCount = -1;
  for (let b = 1; b + 1 < bins.length; b++) {
    const c = bins[b - 1]! + 2 * bins[b]! + bins[b + 1]!;
    if (c > bestCount) {
      bestCount = c;
      best = b;
    }
  }
  // Sub-bin refinement: centroid of the three bins around the peak.
  const w = bins[best - 1]! + bins[best]! + bins[best + 1]!;
  const mode = (w > 0 ? best + (bins[best + 1]! - bins[best - 1]!) / w : best) * CHANGE_BIN_HU - CHANGE_RANGE_HU;
  return { mode, sigma: MAD_TO_SIGMA * median(diffs.map((d) => Math.abs(d - mode))) };
}
