/**
 * Split a regions mask into the regions the evaluation regenerates: one per distinct non-zero label
 * when the mask has several labels, otherwise one per 26-connected component. Largest first (ties:
 * lower label / earlier component first).
 */
import { connectedComponents, type LabelVolume, type Vec3 } from '@mewm/dicom';
import { EvaluationInputError } from '../errors.ts';

export interface EvaluationRegion {
  /** 1-based rank by size. */
  index: number;
  /** The mask label (several labels) or the component number (one label): the value in `ids`. */
  label: number;
  /** 'label' or 'component'. */
  source: 'label' | 'component';
  /** Voxels on the CT grid. */
  voxels: number;
  volumeMl: number;
  /** Inclusive voxel bbox on the CT grid. */
  bbox: { min: Vec3; max: Vec3 };
}

export interface SplitRegions {
  /** Largest first. */
  regions: EvaluationRegion[];
  /** Per CT voxel: the region's `label` (0 = background). */
  ids: Int32Array;
}

export function splitRegions(regions: LabelVolume): SplitRegions {
  const n = regions.data.length;
  const present = new Set<number>();
  for (let v = 0; v < n; v++) if (regions.data[v] !== 0) present.add(regions.data[v]!);
  if (present.size === 0) throw new EvaluationInputError('regions mask is empty: it needs at least one non-zero voxel');
  let ids: Int32Array;
  let source: EvaluationRegion['source'];
  let count: number;
  if (present.size > 1) {
    ids = Int32Array.from(regions.data);
    source = 'label';
    count = 255;
  } else {
    const cc = connectedComponents(regions.data, regions.dims, 26);
    ids = cc.labels;
    source = 'component';
    count = cc.count;
  }
  const [nx, ny] = regions.dims;
  const voxels = new Float64Array(count + 1);
  const min = Array.from({ length: count + 1 }, () => [Infinity, Infinity, Infinity] as Vec3);
  const max = Array.from({ length: count + 1 }, () => [-Infinity, -Infinity, -Infinity] as Vec3);
  let v = 0;
  for (let k = 0; k < regions.dims[2]; k++) for (let j = 0; j < ny; j++) for (let i = 0; i < nx; i++, v++) {
    const id = ids[v]!;
    if (id === 0) continue;
    voxels[id]! += 1;
    const lo = min[id]!, hi = max[id]!;
    if (i < lo[0]) lo[0] = i; if (i > hi[0]) hi[0] = i;
    if (j < lo[1]) lo[1] = j; if (j > hi[1]) hi[1] = j;
    if (k < lo[2]) lo[2] = k; if (k > hi[2]) hi[2] = k;
  }
  const voxelMl = (regions.spacingMm[0] * regions.spacingMm[1] * regions.spacingMm[2]) / 1000;
  const found: EvaluationRegion[] = [];
  for (let id = 1; id <= count; id++) {
    if (voxels[id] === 0) continue;
    found.push({ index: 0, label: id, source, voxels: voxels[id]!, volumeMl: voxels[id]! * voxelMl, bbox: { min: min[id]!, max: max[id]! } });
  }
  found.sort((a, b) => b.voxels - a.voxels || a.label - b.label);
  found.forEach((r, i) => (r.index = i + 1));
  return { regions: found, ids };
}
