/**
 * The post-resection bed of one lesion when a liver mask is given: the region `planResection` removes
 * (tumour + margin, extended to the capsule along the shortest route, plus liver cut off from the
 * remnant), as a mask on its own bounding box. It is deterministic, so it is computed once per (liver
 * mask, lesion map, label, margin) and shared by every sample of a plan.
 */
import type { LabelVolume, Vec3 } from '@mewm/dicom';
import { DynamicsInputError, ResectionInputError } from '../errors.ts';
import { planResection } from '../modalities/resection/plan-resection.ts';
import { regionBox, type RegionBox } from './region-box.ts';

/** The bed on its bounding box. */
export type ResectionBed = RegionBox;

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
  const bed = regionBox(plan.resectedMask.data, liver.dims);
  if (!bed) throw new DynamicsInputError(`outcome of lesion ${label}: the resection plan removed nothing`);
  return bed;
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

