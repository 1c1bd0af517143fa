/**
 * Treatment response measured from CT intensities (never from a simulator's labels): viable
 * (enhancing) tumour, necrosis, Lipiodol, ablation zone or resection cavity, growth and new lesions,
 * found from HU relative to the patient's own liver and to the baseline tumour's own HU, then mRECIST
 * (../mrecist.ts), RECIST 1.1, EASL and LI-RADS TR. Runs the same on a simulated and on a real
 * follow-up CT. See README.md for the rules, the thresholds and their sources.
 * Research use only, not for clinical use.
 */
import { axialSliceAxis, connectedComponents, det3, lesionComponents, longestAxialDiameterMm, longestViableDiameterMm, type LabelVolume, type Vec3, type Volume } from '@mewm/dicom';
import { SurvivalInputError } from '../errors.ts';
import { MRECIST_MEASURABLE_MIN_MM, mrecistNonTargetResponse, mrecistOverallResponse, mrecistTargetResponse, type TargetResponse } from '../mrecist.ts';
import { checkGrid, checkSameGrids } from '../tumourCrop.ts';
import { attributeViable, tallyLesionVoxels } from '../viableAttribution.ts';
import { alignedCrop } from './alignedCrop.ts';
import { parseMeasureOptions, type MeasureOptionsInput } from './measureOptions.ts';
import { measureReferences } from './measureReferences.ts';
import type { MeasuredLesion, MeasuredNewLesion, MeasurementMasks, ResponseMeasurement } from './measureResult.ts';
import { easlResponse, liradsTrCategory, recistResponse, worstLiradsTr } from './responseCategories.ts';
import { smoothInPlane } from './smoothInPlane.ts';
import { squaredDistanceMm } from './squaredDistanceMm.ts';
import { classifyHu, MIN_CONTRAST_HU, NON_ENHANCING_HU, TISSUE_CLASS } from './tissueClasses.ts';
import { findTreatmentZones } from './treatmentZone.ts';

/** ASSUMED: a voxel changed between the scans when its liver-aligned smoothed HU moved by more than max(10 HU, 3 σ of the liver's change). */
export const MIN_CHANGE_HU = 10;
export const CHANGE_SIGMAS = 3;
/** ASSUMED (as the world model's parenchyma maximum): voxels above this HU are dense and left out of the smoothing. */
export const SMOOTH_MAX_HU = 250;
/** ASSUMED: viable components below this volume (a 4.6 mm sphere) are noise speckle and dropped. */
export const MIN_VIABLE_COMPONENT_ML = 0.05;

const RULES = 'mRECIST (Lencioni & Llovet 2010) on the longest viable chord; RECIST 1.1 (Eisenhauer 2009); EASL (Bruix 2001); LI-RADS v2018 TRA; thresholds in measure/README.md';

/**
 * Measures the response of the lesions marked on `preCt` (mask on its grid; any non-zero = lesion)
 * on `postCt` (any grid in the same patient frame).
 * @throws SurvivalInputError for inconsistent grids, an empty mask, too little liver around the lesions, or bad options.
 */
export function measureResponse(preCt: Volume, postCt: Volume, lesionMasks: LabelVolume, options: MeasureOptionsInput = {}): ResponseMeasurement {
  const t0 = performance.now();
  const phases: Record<string, number> = {};
  let last = t0;
  const mark = (phase: string): void => {
    const now = performance.now();
    phases[phase] = now - last;
    last = now;
  };
  const opts = parseMeasureOptions(options);
  checkSameGrids([
    { argument: 'preCt', grid: preCt },
    { argument: 'lesionMasks', grid: lesionMasks },
    ...(opts.liverMask ? [{ argument: 'options.liverMask', grid: opts.liverMask }] : []),
  ]);
  checkGrid(postCt, 'postCt');
  if (opts.postMask) checkSameGrids([{ argument: 'postCt', grid: postCt }, { argument: 'options.postMask', grid: opts.postMask }]);
  if (!(lesionMasks.data instanceof Uint8Array)) throw new SurvivalInputError('lesionMasks.data', 'expected a Uint8Array label map');
  const warnings: string[] = [];
  const crop = alignedCrop(preCt, postCt, lesionMasks, Math.max(opts.searchMarginMm, opts.ringOuterMm + 2), opts.liverMask, opts.postMask);
  const { dims, spacingMm, affineRas } = crop.grid;
  const n = crop.pre.length;
  const voxelMl = Math.abs(det3(affineRas)) / 1000;
  mark('crop');

  // Baseline lesion numbers (as extractImagingFeatures).
  const lesionLabel = new Int32Array(n);
  let ids: number[];
  if (opts.lesionLabelling === 'components') {
    const cc = lesionComponents(crop.lesions, dims, 26);
    lesionLabel.set(cc.labels);
    ids = Array.from({ length: cc.count }, (_, c) => c + 1);
  } else {
    const present = new Set<number>();
    crop.lesions.forEach((v, k) => {
      lesionLabel[k] = v;
      if (v !== 0) present.add(v);
    });
    ids = [...present].sort((a, b) => a - b);
  }
  mark('lesions');
  const anyLesion = crop.lesions.map((v) => (v !== 0 ? 1 : 0));
  const outsideSqMm = squaredDistanceMm(anyLesion, dims, spacingMm);
  const insideSqMm = squaredDistanceMm(anyLesion, dims, spacingMm, (m) => m === 0);
  mark('distances');
  // Dense voxels (Lipiodol, bone, dense contrast) are kept out of the smoothing so they do not brighten their neighbours.
  const preS = smoothInPlane(crop.pre, dims, spacingMm, opts.smoothingSigmaMm, Uint8Array.from(crop.pre, (h) => (h > SMOOTH_MAX_HU ? 1 : 0)));
  const postS = smoothInPlane(crop.post, dims, spacingMm, opts.smoothingSigmaMm, Uint8Array.from(crop.post, (h, v) => (h > SMOOTH_MAX_HU || crop.postOutside[v] ? 1 : 0)));
  mark('smoothing');
  const ref = measureReferences({
    pre: crop.pre, post: crop.post, preSmooth: preS, postSmooth: postS, postOutside: crop.postOutside, lesionLabel, ids,
    ...(crop.liver ? { liver: crop.liver } : {}), outsideSqMm, insideSqMm, ringInnerMm: opts.ringInnerMm, ringOuterMm: opts.ringOuterMm,
  });
  mark('references');
  const changeHu = Math.max(MIN_CHANGE_HU, CHANGE_SIGMAS * ref.changeSigmaHu);
  const liverPre = ref.liverPre.median, liverPost = ref.liverPost.median;
  if (Math.abs(ref.tumourPreHuAll - liverPre) < MIN_CONTRAST_HU) warnings.push(`the tumour (${ref.tumourPreHuAll.toFixed(0)} HU) is nearly isodense to the liver (${liverPre.toFixed(0)} HU): growth and new lesions cannot be seen, regressed tumour counts as viable`);
  if (Math.abs(ref.tumourPreHuAll - NON_ENHANCING_HU) < MIN_CONTRAST_HU) warnings.push(`the tumour (${ref.tumourPreHuAll.toFixed(0)} HU) is nearly as dense as non-enhancing tissue (${NON_ENHANCING_HU} HU): necrosis cannot be told from viable tumour`);

  // Per-voxel classes at baseline and follow-up.
  const maxId = Math.max(...ids);
  const tPre = new Float64Array(maxId + 1).fill(ref.tumourPreHuAll);
  const tPost = new Float64Array(maxId + 1).fill(ref.tumourPostHuAll);
  for (const id of ids) {
    tPre[id] = ref.tumourPreHu.get(id)!;
    tPost[id] = ref.tumourPostHu.get(id)!;
  }
  const scale = ref.enhancementScale;
  const viable = new Uint8Array(n);
  const necrotic = new Uint8Array(n); // in a lesion (or the post mask): necrosis or Lipiodol
  const lipiodol = new Uint8Array(n);
  const newlyNonEnhancing = new Uint8Array(n);
  const candidate = new Uint8Array(n);
  const postClasses = new Uint8Array(n).fill(TISSUE_CLASS.outside);
  const region = crop.postMask;
  let notCovered = 0;
  for (let v = 0; v < n; v++) {
    const l = lesionLabel[v]!;
    const inRegion = region ? region[v] !== 0 : l !== 0;
    if (crop.postOutside[v]) {
      if (l !== 0) notCovered++;
      continue;
    }
    const preClass = classifyHu(preS[v]!, liverPre, tPre[l]!, l !== 0);
    const postClass = classifyHu(postS[v]!, liverPost, tPost[l]!, inRegion);
    postClasses[v] = postClass;
    const aligned = NON_ENHANCING_HU + (postS[v]! - NON_ENHANCING_HU) / scale;
    const changed = Math.abs(aligned - preS[v]!) > changeHu;
    if (changed && postClass === TISSUE_CLASS.nonEnhancing) newlyNonEnhancing[v] = 1;
    if (inRegion) {
      if (l !== 0 && !changed && postClass === preClass) viable[v] = 1; // looks as at baseline, where the user marked tumour
      else if (postClass === TISSUE_CLASS.tumour) viable[v] = 1;
      else if (postClass === TISSUE_CLASS.nonEnhancing) necrotic[v] = 1;
      else if (postClass === TISSUE_CLASS.lipiodol) necrotic[v] = lipiodol[v] = 1;
    } else if (!region && l === 0 && changed && postClass === TISSUE_CLASS.tumour && preClass !== TISSUE_CLASS.nonEnhancing) {
      // Growth or a new lesion: tumour-like now and changed since baseline (inside the liver mask when one is given).
      if (!crop.liver || crop.liver[v] !== 0) candidate[v] = 1;
    }
  }
  // The smoothed edge between a non-enhancing zone and the liver passes through tumour-like HU: candidates
  // within that blur of a newly non-enhancing voxel are the interface, not tumour.
  // In-plane the blur is the smoothing plus a voxel; across slices, partial volume makes the whole next slice interface.
  const interfaceMm = 2 * opts.smoothingSigmaMm + Math.max(spacingMm[0], spacingMm[1]);
  const interfaceSpacing: Vec3 = [spacingMm[0], spacingMm[1], Math.min(spacingMm[2], interfaceMm)];
  const toNonEnhancing = newlyNonEnhancing.includes(1) ? squaredDistanceMm(newlyNonEnhancing, dims, interfaceSpacing) : null;
  for (let v = 0; v < n; v++) if (candidate[v] && !(toNonEnhancing && toNonEnhancing[v]! <= interfaceMm ** 2)) viable[v] = 1;
  // Speckle: viable components smaller than MIN_VIABLE_COMPONENT_ML are noise on a smoothed CT, not tissue.
  const minVoxels = Math.ceil(MIN_VIABLE_COMPONENT_ML / voxelMl);
  const specks = connectedComponents(viable, dims, 26);
  for (let v = 0; v < n; v++) if (specks.labels[v] && specks.sizes[specks.labels[v]! - 1]! < minVoxels) viable[v] = 0;
  mark('classify');
  if (notCovered > 0) warnings.push(`${(notCovered * voxelMl).toFixed(2)} mL of the baseline lesions lie outside the post CT's field of view`);
  if (crop.resampled) warnings.push('the post CT was resampled onto the pre CT grid through the affines (same patient frame assumed, no registration)');

  const zones = findTreatmentZones({ dims, spacingMm, nonEnhancing: newlyNonEnhancing, lesionLabel, postOutside: crop.postOutside, post: crop.post }, ids, voxelMl);
  // A lesion inside a treatment zone: its non-enhancing voxels are treated (ablated) tumour even where the
  // baseline tumour was already that dense (a hypodense core), and inside a resection cavity nothing is tumour.
  for (const [id, z] of zones) {
    const cavity = z.zone.kind === 'resectionCavity';
    for (let v = 0; v < n; v++) {
      if (lesionLabel[v] === id && postClasses[v] === TISSUE_CLASS.nonEnhancing) {
        viable[v] = 0;
        necrotic[v] = 1;
      }
      if (cavity && (z.voxels[v] || lesionLabel[v] === id) && !viable[v]) necrotic[v] = lipiodol[v] = 0;
    }
  }

  const attribution = attributeViable(viable, lesionLabel, dims);
  mark('zones');
  const m = ids.length;
  const { base: baseVox, viable: viableVox, growth: growthVox, necrotic: necroticVox, lipiodol: lipiodolVox, newLesion: newVox, unattributedNecrotic } =
    tallyLesionVoxels(lesionLabel, ids, attribution, (v) => necrotic[v] === 1, (v) => lipiodol[v] === 1);

  // Diameters and areas.
  const scratch = new Uint8Array(n);
  const fill = (select: (v: number) => boolean): boolean => {
    scratch.fill(0);
    let any = false;
    for (let v = 0; v < n; v++) if (select(v)) { scratch[v] = 1; any = true; }
    return any;
  };
  const axial = axialSliceAxis(affineRas);
  const pixelMm2 = inPlaneAreaMm2(affineRas, axial);
  const largestSliceArea = (): number => {
    const stride: Vec3 = [1, dims[0], dims[0] * dims[1]];
    const counts = new Float64Array(dims[axial]);
    for (let v = 0; v < n; v++) if (scratch[v]) counts[Math.floor(v / stride[axial]) % dims[axial]]!++;
    return Math.max(0, ...counts) * pixelMm2;
  };
  const baseDiam: number[] = [], baseArea: number[] = [], viableDiam: number[] = [], viableArea: number[] = [], overallDiam: number[] = [];
  for (const id of ids) {
    fill((v) => lesionLabel[v] === id);
    baseDiam.push(longestAxialDiameterMm(scratch, dims, affineRas));
    baseArea.push(largestSliceArea());
    const anyViable = fill((v) => attribution.owner[v] === id);
    viableDiam.push(anyViable ? longestViableDiameterMm(scratch, dims, affineRas) : 0);
    viableArea.push(anyViable ? largestSliceArea() : 0);
    const anyTumour = fill((v) => attribution.owner[v] === id || (lesionLabel[v] === id && necrotic[v] === 1));
    overallDiam.push(anyTumour ? longestAxialDiameterMm(scratch, dims, affineRas) : 0);
  }
  const newLesions: MeasuredNewLesion[] = Array.from({ length: attribution.newLesionCount }, (_, q) => {
    fill((v) => attribution.newLesion[v] === q + 1);
    const d = longestAxialDiameterMm(scratch, dims, affineRas);
    return { viableVolumeMl: newVox[q + 1]! * voxelMl, diameterMm: d, confirmed: d >= MRECIST_MEASURABLE_MIN_MM };
  });
  mark('diameters');

  // Targets: measurable lesions, largest baseline diameter first (as extractImagingFeatures).
  const targets = new Set(
    ids.map((id, k) => ({ id, d: baseDiam[k]! })).filter((x) => x.d >= MRECIST_MEASURABLE_MIN_MM)
      .sort((a, b) => b.d - a.d || a.id - b.id).slice(0, opts.maxTargetLesions).map((x) => x.id),
  );
  const isTarget = (k: number): boolean => targets.has(ids[k]!);
  const sum = (xs: readonly number[], pick: (k: number) => boolean): number => xs.reduce((a, x, k) => (pick(k) ? a + x : a), 0);
  const sumBase = sum(baseDiam, isTarget), sumViable = sum(viableDiam, isTarget), sumOverall = sum(overallDiam, isTarget);
  const nadir = opts.nadirSumViableDiameterMm;
  if (nadir !== undefined && targets.size === 0) throw new SurvivalInputError('options.nadirSumViableDiameterMm', 'given but there are no target lesions');
  if (nadir !== undefined && nadir > sumBase) throw new SurvivalInputError('options.nadirSumViableDiameterMm', `must be in [0, ${sumBase.toFixed(1)}] (the baseline sum)`);
  const targetResponse: TargetResponse = targets.size === 0 ? 'notEvaluable'
    : mrecistTargetResponse(sumBase, sumViable, ids.some((_, k) => isTarget(k) && viableVox[k]! > 0), nadir ?? sumBase);
  const nonTargetResponse = mrecistNonTargetResponse(m - targets.size, sum(baseDiam, (k) => !isTarget(k)), sum(viableDiam, (k) => !isTarget(k)), ids.some((_, k) => !isTarget(k) && viableVox[k]! > 0));
  const confirmedNew = newLesions.filter((l) => l.confirmed).length;
  const mrecist = mrecistOverallResponse(targetResponse, nonTargetResponse, confirmedNew);

  const lesions: MeasuredLesion[] = ids.map((id, k) => {
    const nec = necroticVox[k]!, vi = viableVox[k]!;
    const zone = zones.get(id)?.zone ?? null;
    return {
      lesion: id, target: targets.has(id),
      baselineVolumeMl: baseVox[k]! * voxelMl, baselineDiameterMm: baseDiam[k]!,
      viableVolumeMl: vi * voxelMl, viableDiameterMm: viableDiam[k]!, overallDiameterMm: overallDiam[k]!,
      growthVolumeMl: growthVox[k]! * voxelMl, necroticVolumeMl: nec * voxelMl,
      necrosisFraction: nec + vi === 0 ? 0 : nec / (nec + vi),
      lipiodolVolumeMl: lipiodolVox[k]! * voxelMl, lipiodolCoverage: lipiodolVox[k]! / baseVox[k]!,
      baselineEnhancingAreaMm2: baseArea[k]!, enhancingAreaMm2: viableArea[k]!,
      treatmentZone: zone,
      tumourPreHu: tPre[id]!, tumourPostHu: tPost[id]!,
      mrecist: baseDiam[k]! > 0 ? mrecistTargetResponse(baseDiam[k]!, viableDiam[k]!, vi > 0) : vi > 0 ? 'SD' : 'CR',
      liradsTr: liradsTrCategory(vi, viableDiam[k]!),
    };
  });

  const total = (xs: Float64Array): number => xs.reduce((a, b) => a + b, 0);
  const viableAll = total(viableVox) + total(newVox);
  const necroticAll = total(necroticVox);
  const baseAll = total(baseVox);
  const zoneVolume = (kind: string): number => [...zones.values()].filter((z) => z.zone.kind === kind).reduce((a, z) => a + z.zone.volumeMl, 0);
  const baseAreaT = sum(baseArea, isTarget), viableAreaT = sum(viableArea, isTarget);
  const none = targets.size === 0;
  return {
    lesions,
    newLesions,
    patient: {
      lesionCount: m,
      targetLesionCount: targets.size,
      baselineVolumeMl: baseAll * voxelMl,
      viableVolumeMl: viableAll * voxelMl,
      necroticVolumeMl: necroticAll * voxelMl,
      unattributedNecroticVolumeMl: unattributedNecrotic * voxelMl,
      necrosisFraction: necroticAll + viableAll === 0 ? 0 : necroticAll / (necroticAll + viableAll),
      lipiodolCoverage: total(lipiodolVox) / baseAll,
      largestBaselineDiameterMm: Math.max(...baseDiam),
      sumBaselineDiameterMm: sumBase,
      sumViableDiameterMm: sumViable,
      diameterSumChange: none ? Number.NaN : (sumViable - sumBase) / sumBase,
      newLesionCount: confirmedNew,
      equivocalNewLesionCount: newLesions.length - confirmedNew,
      targetResponse,
      nonTargetResponse,
      mrecist,
      responder: mrecist === 'CR' || mrecist === 'PR',
      recist: {
        sumBaselineDiameterMm: sumBase, sumFollowUpDiameterMm: sumOverall,
        diameterSumChange: none ? Number.NaN : (sumOverall - sumBase) / sumBase,
        category: none ? 'notEvaluable' : recistResponse(sumBase, sumOverall, confirmedNew),
      },
      easl: {
        baselineEnhancingAreaMm2: baseAreaT, enhancingAreaMm2: viableAreaT,
        areaChange: none ? Number.NaN : (viableAreaT - baseAreaT) / baseAreaT,
        category: none ? 'notEvaluable' : easlResponse(baseAreaT, viableAreaT, confirmedNew),
        baselineEnhancingVolumeMl: baseAll * voxelMl, enhancingVolumeMl: viableAll * voxelMl,
        volumeChange: (viableAll - baseAll) / baseAll,
        volumetricCategory: easlResponse(baseAll, viableAll, confirmedNew, true),
      },
      liradsTr: worstLiradsTr(lesions.map((l) => l.liradsTr)),
      lipiodol: { coverage: total(lipiodolVox) / baseAll, volumeMl: total(lipiodolVox) * voxelMl },
      ablationZoneVolumeMl: zoneVolume('ablationZone'),
      resectionCavityVolumeMl: zoneVolume('resectionCavity'),
      notCoveredVolumeMl: notCovered * voxelMl,
    },
    reference: {
      liverSource: ref.liverSource,
      liverPreHu: liverPre, liverPostHu: liverPost,
      liverPreSigmaHu: ref.liverPre.sigma, liverPostSigmaHu: ref.liverPost.sigma, liverVoxels: ref.liverPre.count,
      enhancementScale: scale,
      tumourPreHu: ref.tumourPreHuAll, tumourPostHu: ref.tumourPostHuAll,
      nonEnhancingHu: NON_ENHANCING_HU, changeThresholdHu: changeHu,
    },
    alignment: crop.resampled ? 'resampledThroughAffines' : 'sameGrid',
    postMaskUsed: region !== undefined,
    voxelVolumeMl: voxelMl,
    warnings,
    timingsMs: { total: performance.now() - t0, ...phases },
    ...(opts.includeMasks ? { masks: masksOf(crop.box.min, dims, viable, necrotic, lipiodol, zones) } : {}),
    rules: RULES,
  };
}

function masksOf(min: Vec3, dims: Vec3, viable: Uint8Array, necrotic: Uint8Array, lipiodol: Uint8Array, zones: ReadonlyMap<number, { voxels: Uint8Array }>): MeasurementMasks {
  const treatmentZone = new Uint8Array(viable.length);
  for (const z of zones.values()) z.voxels.forEach((x, v) => { if (x) treatmentZone[v] = 1; });
  return { min: [...min], dims: [...dims], viable, necrotic, lipiodol, treatmentZone };
}

/** mm² of one voxel face in the axial plane. */
function inPlaneAreaMm2(affineRas: Volume['affineRas'], axial: 0 | 1 | 2): number {
  const [a, b] = axial === 0 ? [1, 2] : axial === 1 ? [0, 2] : [0, 1];
  const u = [affineRas[0][a]!, affineRas[1][a]!, affineRas[2][a]!];
  const w = [affineRas[0][b]!, affineRas[1][b]!, affineRas[2][b]!];
  return Math.hypot(u[1]! * w[2]! - u[2]! * w[1]!, u[2]! * w[0]! - u[0]! * w[2]!, u[0]! * w[1]! - u[1]! * w[0]!);
}
