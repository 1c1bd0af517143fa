/**
 * Ablation zone or resection cavity: a non-enhancing region that covers a baseline lesion and
 * extends beyond it. A lesion has one when at least ZONE_MIN_MARGIN_COVERAGE of the liver within
 * ZONE_MARGIN_MM outside it turned non-enhancing; the zone is then every 26-connected component of
 * newly non-enhancing voxels that touches the lesion or that shell. A zone whose median post-CT HU is
 * below CAVITY_MAX_HU is fluid-like: a resection cavity; otherwise an ablation zone.
 */
import { connectedComponents, type Vec3 } from '@mewm/dicom';
import { median } from './robustStats.ts';
import { squaredDistanceMm } from './squaredDistanceMm.ts';
import type { TreatmentZone } from './measureResult.ts';

/** ASSUMED: the shell (mm) in which the margin is looked for (a 5 mm ablative margin is the usual aim). */
export const ZONE_MARGIN_MM = 5;
/** ASSUMED: fraction of that shell that must be non-enhancing for a treatment zone. */
export const ZONE_MIN_MARGIN_COVERAGE = 0.5;
/** ASSUMED: simple fluid is 0-20 HU (water 0 HU by definition); a zone with a lower median is a cavity. */
export const CAVITY_MAX_HU = 20;

export interface ZoneInput {
  readonly dims: Vec3;
  readonly spacingMm: Vec3;
  /** 1 = newly non-enhancing voxel at follow-up. */
  readonly nonEnhancing: Uint8Array;
  readonly lesionLabel: Int32Array;
  readonly postOutside: Uint8Array;
  /** Raw post HU on the crop. */
  readonly post: Float32Array;
}

export interface LesionZone {
  readonly zone: TreatmentZone;
  /** 1 = voxel of this lesion's zone (crop grid). */
  readonly voxels: Uint8Array;
}

function subBox(label: Int32Array, id: number, dims: Vec3, padVox: Vec3): { min: Vec3; max: Vec3 } {
  const [nx, ny] = dims;
  const min: Vec3 = [...dims];
  const max: Vec3 = [-1, -1, -1];
  for (let v = 0; v < label.length; v++) {
    if (label[v] !== id) continue;
    const i = v % nx, j = Math.floor(v / nx) % ny, k = Math.floor(v / (nx * ny));
    const p = [i, j, k];
    for (let a = 0; a < 3; a++) {
      if (p[a]! < min[a]!) min[a] = p[a]!;
      if (p[a]! > max[a]!) max[a] = p[a]!;
    }
  }
  for (let a = 0; a < 3; a++) {
    min[a] = Math.max(0, min[a]! - padVox[a]!);
    max[a] = Math.min(dims[a]! - 1, max[a]! + padVox[a]!);
  }
  return { min, max };
}

export function findTreatmentZones(input: ZoneInput, ids: readonly number[], voxelMl: number): Map<number, LesionZone> {
  const { dims, spacingMm } = input;
  const [nx, ny] = dims;
  const cc = connectedComponents(input.nonEnhancing, dims, 26);
  const out = new Map<number, LesionZone>();
  const pad: Vec3 = [0, 1, 2].map((a) => Math.ceil(ZONE_MARGIN_MM / spacingMm[a]!) + 1) as Vec3;
  for (const id of ids) {
    const { min, max } = subBox(input.lesionLabel, id, dims, pad);
    const sd: Vec3 = [max[0] - min[0] + 1, max[1] - min[1] + 1, max[2] - min[2] + 1];
    const sub = new Uint8Array(sd[0] * sd[1] * sd[2]);
    const at = (s: number): number => {
      const i = s % sd[0], j = Math.floor(s / sd[0]) % sd[1], k = Math.floor(s / (sd[0] * sd[1]));
      return min[0] + i + nx * (min[1] + j + ny * (min[2] + k));
    };
    for (let s = 0; s < sub.length; s++) sub[s] = input.lesionLabel[at(s)] === id ? 1 : 0;
    const d2 = squaredDistanceMm(sub, sd, spacingMm);
    const touching = new Set<number>();
    let shell = 0, covered = 0;
    for (let s = 0; s < sub.length; s++) {
      const v = at(s);
      if (sub[s]) {
        if (cc.labels[v]) touching.add(cc.labels[v]);
        continue;
      }
      if (d2[s]! > ZONE_MARGIN_MM ** 2 || input.lesionLabel[v] !== 0 || input.postOutside[v]) continue;
      shell++;
      if (cc.labels[v]) {
        covered++;
        touching.add(cc.labels[v]);
      }
    }
    const coverage = shell === 0 ? 0 : covered / shell;
    if (coverage < ZONE_MIN_MARGIN_COVERAGE || touching.size === 0) continue;
    const voxels = new Uint8Array(input.nonEnhancing.length);
    const hus: number[] = [];
    for (let v = 0; v < voxels.length; v++) {
      if (cc.labels[v] && touching.has(cc.labels[v]!)) {
        voxels[v] = 1;
        hus.push(input.post[v]!);
      }
    }
    const medianHu = median(hus);
    out.set(id, {
      voxels,
      zone: { kind: medianHu < CAVITY_MAX_HU ? 'resectionCavity' : 'ablationZone', volumeMl: hus.length * voxelMl, medianHu, marginCoverage: coverage },
    });
  }
  return out;
}
