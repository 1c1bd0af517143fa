/**
 * Seeded 3D segmentation of a liver lesion (hypo- or hyper-enhancing) from one click (see index.ts for the design).
 */
import { InputError, SegmentationError } from '../errors.ts';
import { multiply4, type Mat4, type Vec3 } from '../geometry.ts';
import { measureMask } from '../ops/index.ts';
import { assertGrid, type LabelVolume, type Volume } from '../volume.ts';
import { median } from './region-statistics.ts';
import { pasteMask, seedToVoxel, type VoxelBox } from './roi-box.ts';
import { cropRoi, segmentInRoi, type CroppedRoi, type LesionPolarity, type RoiSegmentation } from './segment-in-roi.ts';
import { parseSegmentOptions, type SegmentOptions, type SegmentOptionsInput } from './segment-options.ts';

/** Largest ROI box we allocate working arrays for (voxels): the memory cap of ROI growth. */
const MAX_ROI_VOXELS = 32 * 1024 * 1024;
/** Each ROI growth multiplies the radius by this. */
const ROI_GROWTH = 2;

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
  /** Median smoothed HU of the tissue 3–10 mm outside the region (the parenchyma estimate). */
  surroundingHu: number;
  /** Mean CT value inside the final mask, HU (original, unsmoothed values). */
  lesionMeanHu: number;
  /** Whether an enhancing rim was found around the lesion and added to it. */
  rimIncluded: boolean;
  /** Fraction of directions with a bright shell just outside the hypodense region (0..1). */
  rimCoverage: number;
  /** Radius of the ROI sphere used, mm (larger than maxRadiusMm when the ROI grew). */
  roiRadiusMm: number;
  /** 'hypo': darker than its surroundings; 'hyper': brighter (hyper-enhancing). */
  polarity: LesionPolarity;
  /** How many times the ROI grew because the lesion reached its edge without leaking. */
  roiGrowths: number;
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
 * @param opts see segmentOptionsSchema; maxRadiusMm (default 75) is the first ROI radius, which
 *   doubles while the lesion reaches its edge, up to the whole volume (no size cap)
 * @throws InputError for a non-finite seed or invalid options
 * @throws VolumeShapeError when the CT's dims, data and affine disagree
 * @throws SegmentationError when the seed lies outside the volume, in air/lung/fat or bone,
 *   or the region cannot be told apart from its surroundings (leaks even with the whole volume as ROI)
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
  const first = cropRoi(ct, seedVox, o.maxRadiusMm, o.seedRadiusMm, o.smoothingSigmaMm, MAX_ROI_VOXELS);
  if (first === undefined) {
    throw new InputError(
      `segmentLesion: the ROI of maxRadiusMm = ${o.maxRadiusMm} mm spans more than ${MAX_ROI_VOXELS} voxels at this spacing; use a smaller maxRadiusMm`,
    );
  }
  const seedHu = median(Array.from(first.seedBall, (v) => first.smooth[v]!));
  if (seedHu < o.seedHuRange[0]) {
    throw new SegmentationError(
      `the seed neighbourhood is darker than seedHuRange[0] = ${o.seedHuRange[0]} HU: it lies in air, lung or fat, ` +
        'not in a liver lesion; click inside the lesion',
    );
  }
  if (seedHu > o.seedHuRange[1]) {
    throw new SegmentationError(
      `the seed neighbourhood is brighter than seedHuRange[1] = ${o.seedHuRange[1]} HU: it lies in bone, calcification ` +
        'or dense contrast, not in a lesion; click inside the lesion',
    );
  }

  const found = segmentWithGrowth(ct, seedVox, seedHu, first, o);
  const r = found.result;
  const full = new Uint8Array(ct.data.length);
  pasteMask(full, ct.dims, r.work, r.mask, 1);
  const labelVolume: LabelVolume = { dims: [...ct.dims], spacingMm: [...ct.spacingMm], affineRas: ct.affineRas.map((row) => [...row]) as LabelVolume['affineRas'], data: full, labels: { 1: 'lesion' } };
  const m = measureInBox(r.mask, r.work, ct);
  let sum = 0;
  for (let v = 0; v < r.mask.length; v++) if (r.mask[v] !== 0) sum += r.rawWork[v]!;
  const lesionMeanHu = sum / m.voxelCount;

  if (!r.contrastOk) warnings.push(found.polarity === 'hypo' ? 'the lesion is barely darker than its surroundings: check the outline' : 'the lesion is barely brighter than its surroundings: check the outline');
  if (m.bboxIjk.min[2] === 0 || m.bboxIjk.max[2] === ct.dims[2] - 1) warnings.push('the lesion reaches the first or last slice: it may extend beyond the scan');
  if (m.volumeMl < 0.1) warnings.push('the lesion is smaller than 0.1 mL: check that the click was inside a lesion');
  if (!r.rimIncluded && r.rimCoverage >= 0.5 * o.rimMinCoverage) warnings.push('a partial bright rim surrounds the lesion and was not included');

  return {
    mask: labelVolume,
    stats: {
      voxelCount: m.voxelCount,
      volumeMl: m.volumeMl,
      longestAxialDiameterMm: m.longestAxialDiameterMm,
      centroidRas: m.centroidRas,
      bboxIjk: m.bboxIjk,
      seedHu,
      huThresholds: r.huThresholds,
      leakHu: r.leakHu,
      surroundingHu: r.surroundingHu,
      lesionMeanHu,
      rimIncluded: r.rimIncluded,
      rimCoverage: r.rimCoverage,
      roiRadiusMm: found.radiusMm,
      polarity: found.polarity,
      roiGrowths: found.growths,
    },
    warnings,
  };
}

/**
 * One ROI, one polarity, with two second tries:
 * - the region leaked to the ROI edge: flood again with channels up to leakCutRadiusMm closed, so a
 *   lesion touching tissue of its own density (abdominal wall, diaphragm, bowel) through a neck
 *   narrower than about twice that radius is cut from it there;
 * - the region's leak level lies minContrastHu below the tissue around it: the leak went through
 *   something darker than the lesion's own surroundings (fluid such as the gallbladder, admitted
 *   because the click hit the lesion's darkest spot), so flood again with the lower threshold taken
 *   from that surrounding tissue instead of the seed.
 * A second try is kept only if it is a clear lesion that leaks later than the first.
 */
function attempt(c: CroppedRoi, ct: Volume, seedVox: Vec3, seedHu: number, radiusMm: number, polarity: LesionPolarity, o: SegmentOptions): ReturnType<typeof segmentInRoi> {
  const r = segmentInRoi(c, ct.dims, ct.spacingMm, seedVox, seedHu, radiusMm, polarity, o);
  const sign = polarity === 'hypo' ? 1 : -1;
  let retry: () => ReturnType<typeof segmentInRoi>;
  if (r.kind === 'reachesRoi') {
    if (o.leakCutRadiusMm <= o.channelRadiusMm) return r;
    retry = () => segmentInRoi(c, ct.dims, ct.spacingMm, seedVox, seedHu, radiusMm, polarity, o, o.leakCutRadiusMm);
  } else if (sign * (r.surroundingHu - r.leakHu) >= o.minContrastHu) {
    const base = r.surroundingHu;
    retry = () => segmentInRoi(c, ct.dims, ct.spacingMm, seedVox, seedHu, radiusMm, polarity, o, o.channelRadiusMm, base);
  } else {
    return r;
  }
  try {
    const second = retry();
    if (second.kind !== 'segmented' || !second.contrastOk) return r;
    return r.kind === 'reachesRoi' || sign * (second.leakHu - r.leakHu) > 0 ? second : r;
  } catch (e) {
    if (e instanceof SegmentationError) return r; // nothing left on the second try: keep the first result
    throw e;
  }
}

/**
 * Try the polarities on the first ROI; grow the ROI (× ROI_GROWTH) for a polarity whose region
 * reached the ROI's edge, until the ROI box is the whole volume or the memory cap.
 */
function segmentWithGrowth(ct: Volume, seedVox: Vec3, seedHu: number, first: CroppedRoi, o: SegmentOptions): { result: RoiSegmentation; polarity: LesionPolarity; radiusMm: number; growths: number } {
  const polarities: LesionPolarity[] = o.polarity === 'auto' ? ['hypo', 'hyper'] : [o.polarity];
  const leaked: LesionPolarity[] = [];
  let weak: { result: RoiSegmentation; polarity: LesionPolarity; radiusMm: number; growths: number } | undefined;
  let lastMessage = '';
  let firstLeakW = Number.NEGATIVE_INFINITY;
  for (const polarity of polarities) {
    const r = attempt(first, ct, seedVox, seedHu, o.maxRadiusMm, polarity, o);
    if (r.kind === 'reachesRoi') {
      leaked.push(polarity);
      lastMessage = r.message;
      if (polarity === 'hypo') firstLeakW = r.leakHu;
      else if (o.polarity === 'hyper') firstLeakW = -r.leakHu;
    } else if (r.contrastOk) {
      return { result: r, polarity, radiusMm: o.maxRadiusMm, growths: 0 };
    } else if (weak === undefined && polarity === 'hypo') {
      weak = { result: r, polarity, radiusMm: o.maxRadiusMm, growths: 0 };
    }
  }
  // Grow the ROI for a hypodense region that reached its edge (a hyper-enhancing lesion larger than
  // the first ROI needs polarity 'hyper' with a larger maxRadiusMm). Going on only while each larger
  // ROI moves the leak level up by minContrastHu: a region that leaks at the same level in a larger
  // ROI is connected to the far field (a leak), not a lesion that was cut off by the ROI.
  if (leaked.includes('hypo') || (o.polarity === 'hyper' && leaked.includes('hyper'))) {
    const polarity: LesionPolarity = leaked.includes('hypo') ? 'hypo' : 'hyper';
    let radiusMm = o.maxRadiusMm;
    let roi = first.roi;
    let leakW = firstLeakW;
    for (let growths = 1; !coversVolume(roi, ct.dims); growths++) {
      radiusMm *= ROI_GROWTH;
      const next = cropRoi(ct, seedVox, radiusMm, o.seedRadiusMm, o.smoothingSigmaMm, MAX_ROI_VOXELS);
      if (next === undefined) {
        lastMessage = `the region still reaches the edge of an ROI of radius ${radiusMm / ROI_GROWTH} mm, and a larger ROI would exceed the memory cap of ${MAX_ROI_VOXELS} voxels: it leaked into neighbouring tissue. Click nearer the lesion centre`;
        break;
      }
      roi = next.roi;
      const r = segmentInRoi(next, ct.dims, ct.spacingMm, seedVox, seedHu, radiusMm, polarity, o);
      if (r.kind === 'reachesRoi') {
        lastMessage = r.message;
        const w = (polarity === 'hypo' ? 1 : -1) * r.leakHu;
        if (w < leakW + o.minContrastHu) break;
        leakW = w;
        continue;
      }
      // A region found only in a grown ROI must prove it is a lesion: clear contrast with its surroundings.
      if (r.contrastOk) return { result: r, polarity, radiusMm, growths };
      lastMessage = `the region grown from the seed leaks to the ROI limit and, with a larger ROI (radius ${radiusMm} mm), differs from its surroundings by less than minContrastHu = ${o.minContrastHu} HU: the seed is not in a distinct lesion. Click nearer the lesion centre`;
      break;
    }
  }
  if (weak !== undefined) return weak;
  throw new SegmentationError(lastMessage);
}

function coversVolume(roi: VoxelBox, dims: Vec3): boolean {
  return roi.origin.every((x) => x === 0) && roi.dims.every((d, a) => d === dims[a]);
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

