/**
 * Imaging features of one (simulated) follow-up against its baseline, per lesion and per patient:
 * viable tumour volume (mL), longest axial viable diameters and their sum (mm), mRECIST response
 * (Lencioni & Llovet, Semin Liver Dis 2010; see mrecist.ts), necrosis fraction, Lipiodol coverage,
 * lesion count and new lesions.
 *
 * Input, in this package's own terms: the pre-treatment CT and its lesion mask, the post-treatment
 * CT and its tissue-state label map, all on one grid, and the encoding of the state labels
 * (default: @mewm/world-model's TISSUE_STATE values, see tissueStateEncoding.ts).
 * Conventions:
 * - Baseline lesions: 26-connected components of the non-zero mask voxels, numbered largest first
 *   (@mewm/dicom lesionComponents, as the world model's labelLesions and the web app), or one lesion per label value. Each is
 *   taken as fully viable at baseline (the user marked the enhancing tumour).
 * - Diameters: at baseline, the longest in-plane centre-to-centre distance within one axial slice
 *   (@mewm/dicom longestAxialDiameterMm) of the lesion mask (all of it is viable); at follow-up, the
 *   mRECIST longest VIABLE diameter of the lesion's viable voxels, measured on the viable part only
 *   (@mewm/dicom longestViableDiameterMm: the longest axial chord that stays inside viable voxels, never
 *   across a necrotic centre). New lesions: longest axial diameter.
 * - Target lesions: lesions with a baseline diameter >= 10 mm (measurable), largest first, at most
 *   `maxTargetLesions` (default 2: mRECIST's 2 per organ, 5 in total, and the mask's lesions are
 *   liver lesions); the others are non-target lesions.
 * - New lesions: viable components not overlapping or touching any baseline lesion; confirmed
 *   (counted for PD) at >= 10 mm longest axial diameter, equivocal below.
 * - Necrosis fraction: necrotic tumour (necrosis, Lipiodol, treatment effect inside the lesion) /
 *   (necrotic + viable tumour). Lipiodol coverage: Lipiodol-laden voxels inside the lesion /
 *   baseline lesion voxels (the world model's definitions).
 */
import { det3, lesionComponents, longestAxialDiameterMm, longestViableDiameterMm, type LabelVolume, type Volume } from '@mewm/dicom';
import { SurvivalInputError } from './errors.ts';
import type { MrecistCategory, NonTargetResponse, TargetResponse } from './mrecist.ts';
import { MRECIST_MAX_TARGETS, MRECIST_MAX_TARGETS_PER_ORGAN, MRECIST_MEASURABLE_MIN_MM, mrecistNonTargetResponse, mrecistOverallResponse, mrecistTargetResponse } from './mrecist.ts';
import type { TissueStateEncoding } from './tissueStateEncoding.ts';
import { CATEGORY_CODE, MEWM_TISSUE_STATE_ENCODING, categoryLookup } from './tissueStateEncoding.ts';
import { checkSameGrids, cropTumour } from './tumourCrop.ts';
import { attributeViable, tallyLesionVoxels } from './viableAttribution.ts';

export interface ImagingFeatureInput {
  readonly baseline: { readonly ct: Volume; readonly lesions: LabelVolume };
  readonly followUp: { readonly ct: Volume; readonly states: LabelVolume };
}

export interface ImagingFeatureOptions {
  /** Label values of `followUp.states`; default MEWM_TISSUE_STATE_ENCODING. */
  readonly encoding?: TissueStateEncoding;
  /** 'components' (default, 26-connected) or 'labels' (each non-zero label value is one lesion). */
  readonly lesionLabelling?: 'components' | 'labels';
  /** Most target lesions, 1..5; default 2 (mRECIST: 2 per organ, 5 in total; the lesions are liver lesions). */
  readonly maxTargetLesions?: number;
  /** Smallest target viable diameter sum since treatment started (mm), the PD reference; default the baseline sum. */
  readonly nadirSumViableDiameterMm?: number;
}

export interface LesionFeatures {
  /** Baseline lesion number (component order) or label value. */
  readonly lesion: number;
  readonly target: boolean;
  readonly baselineVolumeMl: number;
  readonly baselineDiameterMm: number;
  /** Viable tumour at follow-up (inside the lesion and growth attributed to it). */
  readonly viableVolumeMl: number;
  readonly viableDiameterMm: number;
  /** Viable tumour outside the baseline lesion (growth at its margin). */
  readonly growthVolumeMl: number;
  readonly necroticVolumeMl: number;
  readonly necrosisFraction: number;
  readonly lipiodolCoverage: number;
  /** mRECIST target rules applied to this lesion alone (informational). */
  readonly response: MrecistCategory;
}

export interface NewLesionFeatures {
  readonly viableVolumeMl: number;
  readonly diameterMm: number;
  /** >= 10 mm: a new lesion by mRECIST (PD); smaller ones are equivocal. */
  readonly confirmed: boolean;
}

export interface PatientImagingFeatures {
  readonly lesionCount: number;
  readonly targetLesionCount: number;
  readonly baselineVolumeMl: number;
  /** All viable tumour at follow-up, new lesions included. */
  readonly viableVolumeMl: number;
  readonly necroticVolumeMl: number;
  /** Necrosis / Lipiodol voxels outside every baseline lesion: not attributed, reported so nothing is dropped silently. */
  readonly unattributedNecroticVolumeMl: number;
  readonly necrosisFraction: number;
  readonly lipiodolCoverage: number;
  readonly largestBaselineDiameterMm: number;
  readonly sumBaselineDiameterMm: number;
  readonly sumViableDiameterMm: number;
  /** (sumViable - sumBaseline) / sumBaseline over target lesions; NaN without targets. */
  readonly diameterSumChange: number;
  readonly newLesionCount: number;
  readonly equivocalNewLesionCount: number;
  readonly targetResponse: TargetResponse;
  readonly nonTargetResponse: NonTargetResponse;
  readonly mrecist: MrecistCategory;
  /** mRECIST CR or PR. */
  readonly responder: boolean;
}

export interface ImagingFeatures {
  readonly lesions: readonly LesionFeatures[];
  readonly newLesions: readonly NewLesionFeatures[];
  readonly patient: PatientImagingFeatures;
  readonly voxelVolumeMl: number;
  readonly encodingSource: string;
  readonly rules: string;
}

const RULES = 'mRECIST (Lencioni & Llovet, Semin Liver Dis 2010;30:52-60); non-target PD stand-in: viable diameter sum +20 %';

/**
 * Extracts the imaging features of one follow-up.
 * @throws SurvivalInputError for mismatched grids, an empty baseline mask, unlisted state labels or bad options.
 */
export function extractImagingFeatures(input: ImagingFeatureInput, options: ImagingFeatureOptions = {}): ImagingFeatures {
  if (input === null || typeof input !== 'object' || !input.baseline || !input.followUp) {
    throw new SurvivalInputError('input', 'expected { baseline: { ct, lesions }, followUp: { ct, states } }');
  }
  const { baseline, followUp } = input;
  checkSameGrids([
    { argument: 'baseline.ct', grid: baseline.ct },
    { argument: 'baseline.lesions', grid: baseline.lesions },
    { argument: 'followUp.ct', grid: followUp.ct },
    { argument: 'followUp.states', grid: followUp.states },
  ]);
  if (!(baseline.lesions.data instanceof Uint8Array)) throw new SurvivalInputError('baseline.lesions.data', 'expected a Uint8Array label map');
  if (!(followUp.states.data instanceof Uint8Array)) throw new SurvivalInputError('followUp.states.data', 'expected a Uint8Array label map');
  const encoding = options.encoding ?? MEWM_TISSUE_STATE_ENCODING;
  const lookup = categoryLookup(encoding, 'options.encoding');
  const labelling = options.lesionLabelling ?? 'components';
  if (labelling !== 'components' && labelling !== 'labels') throw new SurvivalInputError('options.lesionLabelling', "must be 'components' or 'labels'");
  const maxTargets = options.maxTargetLesions ?? MRECIST_MAX_TARGETS_PER_ORGAN;
  if (!Number.isInteger(maxTargets) || maxTargets < 1 || maxTargets > MRECIST_MAX_TARGETS) {
    throw new SurvivalInputError('options.maxTargetLesions', `must be an integer in [1, ${MRECIST_MAX_TARGETS}] (mRECIST: 2 per organ, 5 in total)`);
  }

  const crop = cropTumour(baseline.lesions, followUp.states, lookup);
  const voxelMl = Math.abs(det3(baseline.ct.affineRas)) / 1000;
  if (!crop || !crop.lesion.some((v) => v !== 0)) throw new SurvivalInputError('baseline.lesions', 'has no lesion voxel: mark at least one lesion');
  const { dims, category } = crop;
  const n = category.length;
  const affine = baseline.ct.affineRas;

  // Baseline lesion numbers.
  const lesionLabel = new Int32Array(n);
  let ids: number[];
  if (labelling === 'components') {
    const cc = lesionComponents(crop.lesion, dims, 26);
    lesionLabel.set(cc.labels);
    ids = Array.from({ length: cc.count }, (_, c) => c + 1);
  } else {
    const present = new Set<number>();
    crop.lesion.forEach((v, k) => {
      lesionLabel[k] = v;
      if (v !== 0) present.add(v);
    });
    ids = [...present].sort((a, b) => a - b);
  }

  const viable = new Uint8Array(n);
  for (let v = 0; v < n; v++) {
    const c = category[v]!;
    viable[v] = c === CATEGORY_CODE.viable || (c === CATEGORY_CODE.unchanged && lesionLabel[v] !== 0) ? 1 : 0;
  }
  const attribution = attributeViable(viable, lesionLabel, dims);

  const m = ids.length;
  const { base: baseVox, viable: viableVox, growth: growthVox, necrotic: necroticVox, lipiodol: lipiodolVox, newLesion: newVox, unattributedNecrotic } =
    tallyLesionVoxels(lesionLabel, ids, attribution, (v) => { const c = category[v]!; return c === CATEGORY_CODE.necrosis || c === CATEGORY_CODE.lipiodol || (c === CATEGORY_CODE.treatmentEffect && lesionLabel[v] !== 0); }, (v) => category[v] === CATEGORY_CODE.lipiodol);

  // Diameters: one scratch mask reused per structure.
  const scratch = new Uint8Array(n);
  const diameter = (select: (v: number) => boolean, viablePartOnly = false): number => {
    scratch.fill(0);
    let any = false;
    for (let v = 0; v < n; v++) if (select(v)) { scratch[v] = 1; any = true; }
    if (!any) return 0;
    return viablePartOnly ? longestViableDiameterMm(scratch, dims, affine) : longestAxialDiameterMm(scratch, dims, affine);
  };
  const baseDiam = ids.map((id) => diameter((v) => lesionLabel[v] === id));
  const viableDiam = ids.map((id, k) => (viableVox[k]! > 0 ? diameter((v) => attribution.owner[v] === id, true) : 0));
  const newLesions: NewLesionFeatures[] = Array.from({ length: attribution.newLesionCount }, (_, q) => {
    const d = diameter((v) => attribution.newLesion[v] === q + 1);
    return { viableVolumeMl: newVox[q + 1]! * voxelMl, diameterMm: d, confirmed: d >= MRECIST_MEASURABLE_MIN_MM };
  });

  // Target selection: measurable lesions, largest baseline diameter first.
  const targets = new Set(
    ids
      .map((id, k) => ({ id, d: baseDiam[k]! }))
      .filter((x) => x.d >= MRECIST_MEASURABLE_MIN_MM)
      .sort((a, b) => b.d - a.d || a.id - b.id)
      .slice(0, maxTargets)
      .map((x) => x.id),
  );
  const sum = (xs: readonly number[], pick: (k: number) => boolean): number => xs.reduce((a, x, k) => (pick(k) ? a + x : a), 0);
  const isTarget = (k: number): boolean => targets.has(ids[k]!);
  const sumBase = sum(baseDiam, isTarget);
  const sumViable = sum(viableDiam, isTarget);
  const viableInTargets = ids.some((_, k) => isTarget(k) && viableVox[k]! > 0);
  const nadir = options.nadirSumViableDiameterMm;
  if (nadir !== undefined && targets.size === 0) throw new SurvivalInputError('options.nadirSumViableDiameterMm', 'given but there are no target lesions');
  const targetResponse: TargetResponse = targets.size === 0 ? 'notEvaluable' : mrecistTargetResponse(sumBase, sumViable, viableInTargets, nadir ?? sumBase);
  const nonTargetCount = m - targets.size;
  const nonTargetResponse = mrecistNonTargetResponse(
    nonTargetCount,
    sum(baseDiam, (k) => !isTarget(k)),
    sum(viableDiam, (k) => !isTarget(k)),
    ids.some((_, k) => !isTarget(k) && viableVox[k]! > 0),
  );
  const confirmedNew = newLesions.filter((l) => l.confirmed).length;
  const mrecist = mrecistOverallResponse(targetResponse, nonTargetResponse, confirmedNew);

  const lesions: LesionFeatures[] = ids.map((id, k) => {
    const necrotic = necroticVox[k]!;
    const viableK = viableVox[k]!;
    return {
      lesion: id,
      target: targets.has(id),
      baselineVolumeMl: baseVox[k]! * voxelMl,
      baselineDiameterMm: baseDiam[k]!,
      viableVolumeMl: viableK * voxelMl,
      viableDiameterMm: viableDiam[k]!,
      growthVolumeMl: growthVox[k]! * voxelMl,
      necroticVolumeMl: necrotic * voxelMl,
      necrosisFraction: necrotic + viableK === 0 ? 0 : necrotic / (necrotic + viableK),
      lipiodolCoverage: lipiodolVox[k]! / baseVox[k]!,
      response: baseDiam[k]! > 0 ? mrecistTargetResponse(baseDiam[k]!, viableDiam[k]!, viableK > 0) : viableK > 0 ? 'SD' : 'CR',
    };
  });
  const total = (xs: Float64Array): number => xs.reduce((a, b) => a + b, 0);
  const viableAll = total(viableVox) + total(newVox);
  const necroticAll = total(necroticVox);
  return {
    lesions,
    newLesions,
    patient: {
      lesionCount: m,
      targetLesionCount: targets.size,
      baselineVolumeMl: total(baseVox) * voxelMl,
      viableVolumeMl: viableAll * voxelMl,
      necroticVolumeMl: necroticAll * voxelMl,
      unattributedNecroticVolumeMl: unattributedNecrotic * voxelMl,
      necrosisFraction: necroticAll + viableAll === 0 ? 0 : necroticAll / (necroticAll + viableAll),
      lipiodolCoverage: total(lipiodolVox) / total(baseVox),
      largestBaselineDiameterMm: Math.max(...baseDiam),
      sumBaselineDiameterMm: sumBase,
      sumViableDiameterMm: sumViable,
      diameterSumChange: targets.size === 0 ? Number.NaN : (sumViable - sumBase) / sumBase,
      newLesionCount: confirmedNew,
      equivocalNewLesionCount: newLesions.length - confirmedNew,
      targetResponse,
      nonTargetResponse,
      mrecist,
      responder: mrecist === 'CR' || mrecist === 'PR',
    },
    voxelVolumeMl: voxelMl,
    encodingSource: encoding.source,
    rules: RULES,
  };
}
