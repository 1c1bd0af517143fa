/**
 * Plausibility checks of one simulated follow-up CT, run on the image and the tissue-state map the
 * simulation produced: does the image show what the outcome model drew (tumour volume, doubling
 * time), does it stay in the liver, does it hold CT values no modelled process explains (gas, dense
 * bright spots outside Lipiodol, Lipiodol outside its range or outside the tumour), and does a
 * resection remove liver to the capsule. Pure; the whole grid is read once per check family.
 * Research use only, not for clinical use.
 */
import { TISSUE_STATE } from '@mewm/contracts';
import { det3, sameGrid, type LabelVolume, type Volume } from '@mewm/dicom';
import { DynamicsInputError } from '../errors.ts';
import type { LesionOutcome } from '../lesion-outcome.ts';
import { parameterValue } from '../outcome/dynamics-parameters.ts';
import type { BaselineLesion } from '../pipeline/response-summary.ts';
import type { PlausibilityCheck } from './plausibility-check.ts';
import { PLAUSIBILITY_LIMITS as L } from './plausibility-limits.ts';

export interface FollowUpPlausibilityInput {
  /** The pre-treatment CT (HU). */
  ct: Volume;
  /** The simulation's labelled lesions (SimulationResult.lesions) and their baseline numbers. */
  lesions: LabelVolume;
  baseline: BaselineLesion[];
  /** Liver mask on the CT grid (non-zero = liver); without it, soft tissue of the CT stands in. */
  liverMask?: LabelVolume;
  /** One simulated sample: its image, tissue states and the outcomes drawn per lesion. */
  sample: { volume: Volume; states: LabelVolume; outcomes: Array<{ lesion: number; outcome: LesionOutcome }> };
  followUpDays: number;
}

const S = TISSUE_STATE;
const isTumourState = (s: number) => s === S.viable || s === S.growth || s === S.necrosis || s === S.lipiodol;

/** Whether voxel v or one of its 6 neighbours is set in `mask` (the one-voxel border tolerance). */
function nearMask(mask: ArrayLike<number>, v: number, dims: readonly number[]): boolean {
  if (mask[v]) return true;
  const [nx, ny, nz] = dims as [number, number, number];
  const i = v % nx, j = Math.floor(v / nx) % ny, k = Math.floor(v / (nx * ny));
  return (i > 0 && !!mask[v - 1]) || (i < nx - 1 && !!mask[v + 1])
    || (j > 0 && !!mask[v - nx]) || (j < ny - 1 && !!mask[v + nx])
    || (k > 0 && !!mask[v - nx * ny]) || (k < nz - 1 && !!mask[v + nx * ny]);
}

/** Whether voxel v has a 6-neighbour outside `mask` (or lies on the grid's edge). */
function touchesOutside(mask: ArrayLike<number>, v: number, dims: readonly number[]): boolean {
  const [nx, ny, nz] = dims as [number, number, number];
  const i = v % nx, j = Math.floor(v / nx) % ny, k = Math.floor(v / (nx * ny));
  if (i === 0 || j === 0 || k === 0 || i === nx - 1 || j === ny - 1 || k === nz - 1) return true;
  return !mask[v - 1] || !mask[v + 1] || !mask[v - nx] || !mask[v + nx] || !mask[v - nx * ny] || !mask[v + nx * ny];
}

const fmt = (x: number, d = 1) => x.toFixed(d);

/**
 * @returns the checks that apply to this sample (a check that does not apply, e.g. Lipiodol checks
 *   without Lipiodol, is left out), each with the measured value, its limit and a sentence
 * @throws DynamicsInputError when the volumes are not on one grid
 */
export function checkFollowUpPlausibility(input: FollowUpPlausibilityInput): PlausibilityCheck[] {
  const { ct, lesions, liverMask, sample } = input;
  for (const [name, g] of [['lesions', lesions], ['sample.volume', sample.volume], ['sample.states', sample.states], ['liverMask', liverMask]] as const) {
    if (g && !sameGrid(ct, g)) throw new DynamicsInputError(`checkFollowUpPlausibility: ${name} is not on the CT grid`);
  }
  const dims = ct.dims;
  const voxelMl = Math.abs(det3(ct.affineRas)) / 1000;
  const states = sample.states.data, sim = sample.volume.data, pre = ct.data, lesion = lesions.data;
  const liver = liverMask?.data;
  const lipMin = parameterValue('liver.unenhancedHu') - 50, lipMax = parameterValue('tace.lipiodol.maxHu') + 50;

  let tumourVoxels = 0, outsideLiver = 0, newAir = 0, brightOutside = 0, lipiodol = 0, lipiodolOutside = 0, lipiodolOffRange = 0;
  let lipiodolSum = 0, cavity = 0, cavityAtCapsule = 0;
  const lipMask = new Uint8Array(states.length);
  for (let v = 0; v < states.length; v++) if (states[v] === S.lipiodol) lipMask[v] = 1;
  for (let v = 0; v < states.length; v++) {
    const s = states[v]!;
    const inLiverRegion = liver ? liver[v] !== 0 : s !== 0;
    if (inLiverRegion && sim[v]! < L.airHu && pre[v]! >= L.airHu) newAir++;
    if (s === 0) continue;
    if (isTumourState(s)) tumourVoxels++;
    if (liver ? !nearMask(liver, v, dims) : pre[v]! < L.airHu || pre[v]! > L.brightHu) outsideLiver++;
    if (sim[v]! > L.brightHu && pre[v]! <= L.brightHu && !nearMask(lipMask, v, dims)) brightOutside++;
    if (s === S.lipiodol) {
      lipiodol++;
      lipiodolSum += sim[v]!;
      if (!nearMask(lesion, v, dims)) lipiodolOutside++;
      if (sim[v]! < lipMin || sim[v]! > lipMax) lipiodolOffRange++;
    }
    if (s === S.resectionCavity && liver) {
      cavity++;
      if (touchesOutside(liver, v, dims)) cavityAtCapsule++;
    }
  }

  const checks: PlausibilityCheck[] = [];
  const outcomes = sample.outcomes.map((o) => o.outcome);
  const baselineMl = input.baseline.reduce((a, b) => a + b.volumeMl, 0);
  const tumourMl = tumourVoxels * voxelMl;
  const removesOrAblates = outcomes.some((o) => o.resectionMarginMm !== undefined || o.ablationMarginMm !== undefined);
  if (!removesOrAblates) {
    const expectedMl = input.sample.outcomes.reduce((a, o) => a + (input.baseline.find((b) => b.label === o.lesion)?.volumeMl ?? 0) * o.outcome.totalVolumeFactor, 0);
    const tolMl = Math.max(L.volumeAgreementMinMl, L.volumeAgreement * expectedMl);
    const diff = Math.abs(tumourMl - expectedMl);
    checks.push({
      id: 'tumourVolumeMatchesModel', passed: diff <= tolMl, measured: diff, limit: tolMl, unit: 'mL',
      detail: `tumour on the image ${fmt(tumourMl)} mL vs ${fmt(expectedMl)} mL drawn by the outcome model (tolerance ${fmt(tolMl)} mL)`,
    });
    if (tumourMl > baselineMl * 1.05 && input.followUpDays > 0) {
      const tvdtDays = (input.followUpDays * Math.LN2) / Math.log(tumourMl / baselineMl);
      const minDays = parameterValue('growth.tvdtMinDays');
      checks.push({
        id: 'growthWithinDoublingTime', passed: tvdtDays >= minDays * 0.9, measured: tvdtDays, limit: minDays, unit: 'days (minimum)',
        detail: `growth ${fmt(baselineMl)} → ${fmt(tumourMl)} mL in ${input.followUpDays} days is a doubling time of ${fmt(tvdtDays, 0)} days (the model's shortest: ${minDays} days)`,
      });
    }
  }
  checks.push({
    id: 'changesInsideLiver', passed: outsideLiver === 0, measured: outsideLiver * voxelMl, limit: 0, unit: 'mL',
    detail: liver
      ? `${fmt(outsideLiver * voxelMl, 2)} mL of changed tissue lies more than one voxel outside the liver mask`
      : `${fmt(outsideLiver * voxelMl, 2)} mL of changed tissue lies where the CT shows air, lung or bone (no liver mask)`,
  });
  checks.push({
    id: 'noNewAir', passed: newAir === 0, measured: newAir * voxelMl, limit: 0, unit: 'mL',
    detail: `${newAir} voxel(s) below ${L.airHu} HU appear ${liver ? 'in the liver' : 'in the changed region'} where the CT had none`,
  });
  checks.push({
    id: 'noBrightOutsideLipiodol', passed: brightOutside === 0, measured: brightOutside * voxelMl, limit: 0, unit: 'mL',
    detail: `${brightOutside} changed voxel(s) above ${L.brightHu} HU lie away from Lipiodol`,
  });
  if (lipiodol > 0) {
    checks.push({
      id: 'lipiodolInsideTumour', passed: lipiodolOutside === 0, measured: lipiodolOutside * voxelMl, limit: 0, unit: 'mL',
      detail: `${fmt(lipiodolOutside * voxelMl, 2)} mL of Lipiodol lies outside the baseline tumour`,
    });
    const offFraction = lipiodolOffRange / lipiodol;
    checks.push({
      id: 'lipiodolHuInRange', passed: offFraction <= 0.01, measured: offFraction, limit: 0.01, unit: 'fraction',
      detail: `Lipiodol mean ${fmt(lipiodolSum / lipiodol, 0)} HU; ${fmt(100 * offFraction)} % of its voxels lie outside ${lipMin}..${lipMax} HU`,
    });
  }
  if (liver && outcomes.some((o) => o.resectionMarginMm !== undefined) && cavity > 0) {
    checks.push({
      id: 'resectionReachesCapsule', passed: cavityAtCapsule > 0, measured: cavityAtCapsule * voxelMl, limit: 0, unit: 'mL (minimum, exclusive)',
      detail: cavityAtCapsule > 0
        ? `the resected region (${fmt(cavity * voxelMl)} mL) reaches the liver surface`
        : `the resected region (${fmt(cavity * voxelMl)} mL) lies inside intact liver: no contour defect`,
    });
  }
  return checks;
}
