/**
 * Per-sample numbers of a simulated follow-up, measured from the tissue-state map: viable (enhancing)
 * tumour volume, necrosis fraction, Lipiodol coverage, and the sums of the lesions' longest baseline
 * and viable axial diameters. The mRECIST category is not classified here: @mewm/survival measures
 * it (extractImagingFeatures, the one mRECIST implementation: at most 2 target lesions per organ,
 * non-target lesions, new lesions), as `mewm simulate` and the planner report it.
 */
import { det3, measureMask, type LabelVolume } from '@mewm/dicom';
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

export function summariseResponse(states: LabelVolume, lesions: LabelVolume, baseline: BaselineLesion[]): ResponseSummary {
  const n = states.data.length;
  const viableMask = new Uint8Array(n);
  let viable = 0, necrotic = 0, lipiodol = 0, baselineVoxels = 0;
  for (let v = 0; v < n; v++) {
    const s = states.data[v]!;
    const inLesion = lesions.data[v] !== 0;
    if (inLesion) baselineVoxels++;
    if (s === TISSUE_STATE.viable || s === TISSUE_STATE.growth) {
      viable++;
      viableMask[v] = lesions.data[v] || 1;
    } else if (inLesion && (s === TISSUE_STATE.necrosis || s === TISSUE_STATE.lipiodol || s === TISSUE_STATE.ablationZone || s === TISSUE_STATE.radiationChange)) {
      necrotic++;
    }
    if (s === TISSUE_STATE.lipiodol && inLesion) lipiodol++;
  }
  const voxelMl = Math.abs(det3(states.affineRas)) / 1000;
  const sumBaseline = baseline.reduce((a, b) => a + b.longestAxialDiameterMm, 0);
  let sumViable = 0;
  if (viable > 0) {
    const labels = new Set<number>();
    for (let v = 0; v < n; v++) if (viableMask[v]) labels.add(viableMask[v]!);
    for (const label of labels) {
      sumViable += measureMask({ ...states, data: viableMask, labels: { [label]: 'viable' } }, label).longestAxialDiameterMm;
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
