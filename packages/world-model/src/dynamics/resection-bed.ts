/**
 * The post-resection bed of one lesion when a liver mask is given: the region `planResection` removes
 * (tumour + margin, extended to the capsule along the shortest route, plus liver cut off from the
 * remnant), as a mask on its own bounding box. It is deterministic, so it is computed once per (liver
 * mask, lesion map, label, margin) and shared by every sample of a plan.
 */
import type { LabelVolume, Vec3 } from '@mewm/dicom';
import { DynamicsInputError, ResectionInputError } from '../errors.ts';
import { planResection } from '../modalities/resection/plan-resection.ts';
import type { WorkBox } from './work-box.ts';

export interface ResectionBed {
  /** Inclusive voxel bbox of the bed on the CT grid. */
  min: Vec3;
  max: Vec3;
  /** 1 = resected voxel, x fastest over the bbox. */
  data: Uint8Array;
}

const memo = new WeakMap<Uint8Array, WeakMap<Uint8Array, Map<string, ResectionBed | null>>>();

/**
 * The bed of lesion `label` resected with `marginMm`; null when the lesion does not touch the liver mask
 * (the caller then draws the cavity without anatomy).
 */
export function resectionBed(liver: LabelVolume, lesions: LabelVolume, label: number, marginMm: number): ResectionBed | null {
  let byLesions = memo.get(liver.data);
  if (!byLesions) memo.set(liver.data, (byLesions = new WeakMap<Uint8Array, Map<string, ResectionBed | null>>()));
  let byKey = byLesions.get(lesions.data);
  if (!byKey) byLesions.set(lesions.data, (byKey = new Map<string, ResectionBed | null>()));
  const key = `${label}|${marginMm}`;
  if (byKey.has(key)) return byKey.get(key)!;
  const bed = touchesLiver(liver.data, lesions.data, label, liver.dims) ? computeBed(liver, lesions, label, marginMm) : null;
  byKey.set(key, bed);
  return bed;
}

function computeBed(liver: LabelVolume, lesions: LabelVolume, label: number, marginMm: number): ResectionBed {
  let plan: ReturnType<typeof planResection>;
  try {
    plan = planResection({ liverMask: liver, lesionMasks: lesions, marginMm, liverCondition: 'normal', targetLabels: [label] });
  } catch (e) {
    if (e instanceof ResectionInputError) throw new DynamicsInputError(`outcome of lesion ${label}: the resection bed cannot be planned: ${e.message}`);
    throw e;
  }
  const { dims } = liver;
  const [nx, ny] = dims;
  const min: Vec3 = [Infinity, Infinity, Infinity];
  const max: Vec3 = [-1, -1, -1];
  const mask = plan.resectedMask.data;
  for (let v = 0; v < mask.length; v++) {
    if (!mask[v]) continue;
    const p = [v % nx, Math.floor(v / nx) % ny, Math.floor(v / (nx * ny))];
    for (let a = 0; a < 3; a++) { if (p[a]! < min[a]!) min[a] = p[a]!; if (p[a]! > max[a]!) max[a] = p[a]!; }
  }
  const bd: Vec3 = [max[0] - min[0] + 1, max[1] - min[1] + 1, max[2] - min[2] + 1];
  const data = new Uint8Array(bd[0] * bd[1] * bd[2]);
  let b = 0;
  for (let k = min[2]; k <= max[2]; k++) {
    for (let j = min[1]; j <= max[1]; j++) {
      const row = min[0] + nx * (j + ny * k);
      data.set(mask.subarray(row, row + bd[0]), b);
      b += bd[0];
    }
  }
  return { min, max, data };
}

/** Some voxel of the lesion is in the liver mask or shares a face with it. */
function touchesLiver(liver: Uint8Array, lesions: Uint8Array, label: number, dims: Vec3): boolean {
  const [nx, ny, nz] = dims;
  const sxy = nx * ny;
  for (let v = 0; v < lesions.length; v++) {
    if (lesions[v] !== label) continue;
    const i = v % nx, j = Math.floor(v / nx) % ny, k = Math.floor(v / sxy);
    if (liver[v] || (i > 0 && liver[v - 1]) || (i < nx - 1 && liver[v + 1]) || (j > 0 && liver[v - nx]) || (j < ny - 1 && liver[v + nx])
      || (k > 0 && liver[v - sxy]) || (k < nz - 1 && liver[v + sxy])) return true;
  }
  return false;
}

/** The bed's voxels on a working box (1 = resected; 0 where the box lies beyond the bed's bbox). */
export function bedOnBox(bed: ResectionBed, box: WorkBox): Uint8Array {
  const out = new Uint8Array(box.dims[0] * box.dims[1] * box.dims[2]);
  const bd: Vec3 = [bed.max[0] - bed.min[0] + 1, bed.max[1] - bed.min[1] + 1, bed.max[2] - bed.min[2] + 1];
  let o = 0;
  for (let k = 0; k < box.dims[2]; k++) {
    for (let j = 0; j < box.dims[1]; j++) {
      for (let i = 0; i < box.dims[0]; i++, o++) {
        const bi = box.origin[0] + i - bed.min[0], bj = box.origin[1] + j - bed.min[1], bk = box.origin[2] + k - bed.min[2];
        if (bi < 0 || bj < 0 || bk < 0 || bi >= bd[0] || bj >= bd[1] || bk >= bd[2]) continue;
        out[o] = bed.data[bi + bd[0] * (bj + bd[1] * bk)]!;
      }
    }
  }
  return out;
}
