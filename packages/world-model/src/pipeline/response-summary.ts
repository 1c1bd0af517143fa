/**
 * Per-sample numbers of a simulated follow-up, measured from the tissue-state map: viable (enhancing)
 * tumour volume, necrosis fraction, Lipiodol coverage, and the sums of the lesions' longest baseline
 * and viable axial diameters (the viable one on the viable part only, never across necrosis:
 * @mewm/dicom longestViableDiameterMm, the helper survival's mRECIST measurement uses). The mRECIST category is not classified here: @mewm/survival measures
 * it (extractImagingFeatures, the one mRECIST implementation: at most 2 target lesions per organ,
 * non-target lesions, new lesions), as `mewm simulate` and the planner report it.
 */
import { applyAffine, det3, longestViableDiameterMm, type LabelVolume, type Mat4, type Vec3 } from '@mewm/dicom';
import { TISSUE_STATE } from '@mewm/contracts';

export interface BaselineLesion {
  label: number;
  volumeMl: number;
  longestAxialDiameterMm: number;
}

export interface ResponseSummary {
  viableVolumeMl: number;
  baselineVolumeMl: number;
  /** Necrotic tumour (necrosis, Lipiodol-laden necrosis, ablated tumour) / (viable + necrotic tumour). */
  necrosisFraction: number;
  /** Lipiodol-laden voxels / baseline lesion voxels. */
  lipiodolCoverage: number;
  sumViableDiameterMm: number;
  sumBaselineDiameterMm: number;
}

/**
 * The response numbers of one follow-up. `within` (voxel box, both ends inclusive), when given, must
 * hold every non-zero voxel of `states` and `lesions`: only that box is read, with the same result as
 * reading the whole grid (counts are counts; a diameter depends only on voxel index differences, and
 * a viable chord only on viable voxels, all inside the box).
 */
export function summariseResponse(
  states: LabelVolume, lesions: LabelVolume, baseline: BaselineLesion[], within?: { min: Vec3; max: Vec3 },
): ResponseSummary {
  const [nx, ny] = states.dims;
  const lo: Vec3 = within ? [...within.min] : [0, 0, 0];
  const hi: Vec3 = within ? [...within.max] : [states.dims[0] - 1, states.dims[1] - 1, states.dims[2] - 1];
  const box: Vec3 = [Math.max(0, hi[0] - lo[0] + 1), Math.max(0, hi[1] - lo[1] + 1), Math.max(0, hi[2] - lo[2] + 1)];
  const viableMask = new Uint8Array(box[0] * box[1] * box[2]); // on the box, x fastest
  let viable = 0, necrotic = 0, lipiodol = 0, baselineVoxels = 0;
  let b = 0;
  for (let k = 0; k < box[2]; k++) for (let j = 0; j < box[1]; j++) {
    let v = lo[0] + nx * (lo[1] + j + ny * (lo[2] + k));
    for (let i = 0; i < box[0]; i++, v++, b++) {
      const s = states.data[v]!;
      const inLesion = lesions.data[v] !== 0;
      if (inLesion) baselineVoxels++;
      if (s === TISSUE_STATE.viable || s === TISSUE_STATE.growth) {
        viable++;
        viableMask[b] = lesions.data[v] || 1;
      } else if (inLesion && (s === TISSUE_STATE.necrosis || s === TISSUE_STATE.lipiodol || s === TISSUE_STATE.ablationZone || s === TISSUE_STATE.radiationChange)) {
        necrotic++;
      }
      if (s === TISSUE_STATE.lipiodol && inLesion) lipiodol++;
    }
  }
  const voxelMl = Math.abs(det3(states.affineRas)) / 1000;
  const sumBaseline = baseline.reduce((a, l) => a + l.longestAxialDiameterMm, 0);
  let sumViable = 0;
  if (viable > 0) {
    const labels = new Set<number>();
    for (let q = 0; q < viableMask.length; q++) if (viableMask[q]) labels.add(viableMask[q]!);
    const m = states.affineRas;
    const origin = applyAffine(m, lo);
    const boxAffine = [[m[0][0], m[0][1], m[0][2], origin[0]], [m[1][0], m[1][1], m[1][2], origin[1]], [m[2][0], m[2][1], m[2][2], origin[2]], [0, 0, 0, 1]] as Mat4;
    const one = new Uint8Array(viableMask.length);
    for (const label of labels) {
      for (let q = 0; q < viableMask.length; q++) one[q] = viableMask[q] === label ? 1 : 0;
      // mRECIST: the longest chord through viable tumour only, never across necrosis (the one implementation in @mewm/dicom).
      sumViable += longestViableDiameterMm(one, box, boxAffine);
    }
  }
  return {
    viableVolumeMl: viable * voxelMl,
    baselineVolumeMl: baselineVoxels * voxelMl,
    necrosisFraction: necrotic + viable === 0 ? 0 : necrotic / (necrotic + viable),
    lipiodolCoverage: baselineVoxels === 0 ? 0 : lipiodol / baselineVoxels,
    sumViableDiameterMm: sumViable,
    sumBaselineDiameterMm: sumBaseline,
  };
}
