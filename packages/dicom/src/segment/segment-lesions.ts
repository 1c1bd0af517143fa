/**
 * Several lesions, one click each (multifocal disease): each click is segmented on its own with
 * segmentLesion and the results become one label map (label n = the n-th lesion kept). Where two
 * results overlap, the earlier click keeps the voxel; a click that falls inside a lesion already
 * segmented is skipped with a warning (two clicks on one tumour give one lesion).
 */
import { InputError, SegmentationError } from '../errors.ts';
import { applyAffine, invertAffine, type Vec3 } from '../geometry.ts';
import type { LabelVolume, Volume } from '../volume.ts';
import { segmentLesion, type LesionStats } from './segment-lesion.ts';
import type { SegmentOptionsInput } from './segment-options.ts';

/** Most clicks accepted in one call. */
export const MAX_LESION_SEEDS = 50;

export interface MultiLesionSegmentation {
  /** Label map on the CT grid: n = 'lesion n' (in the order of the clicks kept). */
  mask: LabelVolume;
  /** One entry per lesion kept: which click (0-based) made it, its stats and warnings. */
  lesions: Array<{ seedIndex: number; stats: LesionStats; warnings: string[] }>;
  /** Clicks skipped and why (no pixel values). */
  warnings: string[];
}

/**
 * @param seedsRas clicks, RAS+ mm, one inside each lesion (1..MAX_LESION_SEEDS)
 * @throws InputError for an empty or too long list (and whatever segmentLesion throws for a bad click)
 * @throws SegmentationError naming the click (1-based) that could not be segmented
 */
export function segmentLesions(ct: Volume, seedsRas: Vec3[], opts?: SegmentOptionsInput): MultiLesionSegmentation {
  if (!Array.isArray(seedsRas) || seedsRas.length < 1 || seedsRas.length > MAX_LESION_SEEDS) {
    throw new InputError(`segmentLesions: seedsRas must list 1..${MAX_LESION_SEEDS} points (RAS+ mm)`);
  }
  const data = new Uint8Array(ct.data.length);
  const labels: Record<number, string> = {};
  const lesions: MultiLesionSegmentation['lesions'] = [];
  const warnings: string[] = [];
  const toVoxel = invertAffine(ct.affineRas);
  seedsRas.forEach((seed, n) => {
    const ijk = applyAffine(toVoxel, seed).map(Math.round) as Vec3;
    const inside = ijk.every((x, a) => x >= 0 && x < ct.dims[a]!) ? data[ijk[0] + ct.dims[0] * (ijk[1] + ct.dims[1] * ijk[2])]! : 0;
    if (inside !== 0) {
      warnings.push(`click ${n + 1} lies inside lesion ${inside}: skipped`);
      return;
    }
    let r;
    try {
      r = segmentLesion(ct, seed, opts);
    } catch (e) {
      if (e instanceof SegmentationError) throw new SegmentationError(`click ${n + 1}: ${e.message}`, { cause: e });
      throw e;
    }
    const label = lesions.length + 1;
    for (let v = 0; v < data.length; v++) if (r.mask.data[v] !== 0 && data[v] === 0) data[v] = label;
    labels[label] = `lesion ${label}`;
    lesions.push({ seedIndex: n, stats: r.stats, warnings: r.warnings });
  });
  return {
    mask: { dims: [...ct.dims], spacingMm: [...ct.spacingMm], affineRas: ct.affineRas.map((row) => [...row]) as LabelVolume['affineRas'], data, labels },
    lesions,
    warnings,
  };
}
