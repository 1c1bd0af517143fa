/**
 * One lesion's response inside its working box: the tissue state and expected HU of every voxel
 * that changes. Which treatment acted is read from the outcome:
 * - `resectionMarginMm` set: with a resection bed (a liver mask was given: the lesion, the margin and the
 *   liver up to the capsule, resection-bed.ts) the bed is no longer liver: perihepatic fat with a thin
 *   fluid layer along the cut surface, so the liver outline shows a defect; without one, the lesion and
 *   that margin (clipped to allowed tissue) become a fluid cavity. A recurrence (viableFraction > 0) is
 *   drawn as one nodule outside the cavity or bed wall.
 * - otherwise the tumour shrinks or grows (totalVolumeFactor), its viable part follows the residual
 *   pattern, the rest is necrotic with Lipiodol in the outcome's fraction of it (inside the baseline
 *   lesion only); then
 *   - `ablationMarginMm` set: everything in the ablation zone that is not viable tumour or Lipiodol is
 *     ablation zone (thin enhancing rim on early follow-up); the zone is the anatomy's (`ablationZone`:
 *     applicator ellipsoid less the heat sink of vessels ≥ 3 mm) when given, else the lesion + margin;
 *   - `radiationShellMm` set: a radiation-change shell of that thickness around the target, and the
 *     regressed part of the target, become radiation change.
 * Regressed tumour (shrinkage) is drawn as parenchyma.
 */
import type { Vec3 } from '@mewm/dicom';
import type { LesionOutcome } from '../lesion-outcome.ts';
import type { Rng } from '../random.ts';
import { TISSUE_STATE } from '@mewm/contracts';
import { appearanceValue } from './appearance-parameters.ts';
import { boundaryVoxels, distanceSqMm, maskVoxels } from './box-geometry.ts';
import { squaredDistanceMm } from './distance-transform-mm.ts';
import { estimateLocalHu, type LocalHu } from './estimate-local-hu.ts';
import { residualViable } from './residual-pattern.ts';
import { selectTop } from './select-top.ts';
import { smoothNoiseField } from './smooth-noise-field.ts';
import { tumourExtent } from './tumour-extent.ts';

export interface LesionResponseInput {
  dims: Vec3;
  spacingMm: Vec3;
  /** CT HU in the box. */
  hu: ArrayLike<number>;
  /** 1 = this lesion. */
  lesion: Uint8Array;
  /** 1 = any lesion. */
  anyLesion: Uint8Array;
  /** 1 = liver (absent: no liver mask). */
  liver?: Uint8Array;
  /** 1 = tissue that growth, margins and shells may enter (liver or soft tissue, never another lesion). */
  allowed: Uint8Array;
  /** 1 = resected (the post-resection bed on this box; only with a liver mask and a resection outcome). */
  resectionBed?: Uint8Array;
  /** 1 = ablated (the anatomy's ablation zone on this box, heat sink applied); without it: lesion + the outcome's margin. */
  ablationZone?: Uint8Array;
  outcome: LesionOutcome;
  rng: Rng;
  followUpDays?: number;
}

export interface LesionResponse {
  /** TISSUE_STATE per box voxel (0 = unchanged). */
  states: Uint8Array;
  /** Expected HU per box voxel (meaningful where states ≠ 0). */
  hu: Float32Array;
  /** Baseline lesion voxels. */
  baselineVoxels: number;
  /** Tumour voxels at follow-up (viable + necrotic, including ablated or irradiated tumour). */
  tumourVoxels: number;
  localHu: LocalHu;
}

export function lesionResponse(input: LesionResponseInput): LesionResponse {
  const { dims, spacingMm, lesion, outcome } = input;
  const n = lesion.length;
  const outsideSqMm = squaredDistanceMm(lesion, dims, spacingMm);
  const notLesion = new Uint8Array(n);
  for (let v = 0; v < n; v++) notLesion[v] = lesion[v] ? 0 : 1;
  const insideSqMm = squaredDistanceMm(notLesion, dims, spacingMm);
  const localHu = estimateLocalHu({
    hu: input.hu, lesion, anyLesion: input.anyLesion, outsideSqMm, insideSqMm, ...(input.liver ? { liver: input.liver } : {}),
  });
  const states = new Uint8Array(n);
  const baselineVoxels = maskVoxels(lesion).length;
  const within = (mm: number) => (v: number) => lesion[v] === 1 || (input.allowed[v] === 1 && outsideSqMm[v]! <= mm * mm);

  if (outcome.resectionMarginMm !== undefined) {
    const bed = input.resectionBed;
    const inCavity = bed ? (v: number) => bed[v] === 1 : within(outcome.resectionMarginMm);
    for (let v = 0; v < n; v++) if (inCavity(v)) states[v] = TISSUE_STATE.resectionCavity;
    const recurrence = recurrenceNodule(input, states, Math.round(baselineVoxels * outcome.viableFraction));
    for (const v of recurrence) states[v] = TISSUE_STATE.growth;
    return { states, hu: paint(states, localHu, outcome, input, outsideSqMm), baselineVoxels, tumourVoxels: recurrence.length, localHu };
  }

  const tumour = tumourExtent({
    dims, spacingMm, lesion, allowed: input.allowed, outsideSqMm, insideSqMm,
    totalVolumeFactor: outcome.totalVolumeFactor, maxReachMm: appearanceValue('spatial.growth.maxReachMm'),
  });
  const sameAsLesion = tumour.every((t, v) => t === lesion[v]);
  const tumourInsideSqMm = sameAsLesion ? insideSqMm : squaredDistanceMm(tumour.map((t) => 1 - t), dims, spacingMm);
  const viable = residualViable({
    dims, spacingMm, tumour, tumourInsideSqMm, pattern: outcome.residualPattern,
    viableCount: Math.round(baselineVoxels * outcome.viableFraction), rng: input.rng.fork('residual'),
  });
  const lipiodol = lipiodolDeposits(input, tumour, viable);

  const zone = input.ablationZone;
  const inZone = outcome.ablationMarginMm === undefined
    ? () => false
    : zone ? (v: number) => zone[v] === 1 && (lesion[v] === 1 || input.allowed[v] === 1) : within(outcome.ablationMarginMm);
  const shellMm = outcome.radiationShellMm;
  let tumourVoxels = 0;
  for (let v = 0; v < n; v++) {
    if (tumour[v]) tumourVoxels++;
    if (viable[v]) states[v] = lesion[v] ? TISSUE_STATE.viable : TISSUE_STATE.growth;
    else if (lipiodol[v]) states[v] = TISSUE_STATE.lipiodol;
    else if (inZone(v)) states[v] = TISSUE_STATE.ablationZone;
    else if (tumour[v]) states[v] = TISSUE_STATE.necrosis;
    else if (shellMm !== undefined && (lesion[v] || (input.allowed[v] && outsideSqMm[v]! <= shellMm * shellMm))) {
      states[v] = TISSUE_STATE.radiationChange;
    } else if (lesion[v]) states[v] = TISSUE_STATE.regressed;
  }
  return { states, hu: paint(states, localHu, outcome, input, outsideSqMm), baselineVoxels, tumourVoxels, localHu };
}

/** Lipiodol: the outcome's fraction of the necrotic voxels, inside the baseline lesion, in smooth blobs. */
function lipiodolDeposits(input: LesionResponseInput, tumour: Uint8Array, viable: Uint8Array): Uint8Array {
  const out = new Uint8Array(tumour.length);
  const fraction = input.outcome.lipiodolFraction;
  if (!(fraction > 0)) return out;
  let necrotic = 0;
  const candidates: number[] = [];
  for (let v = 0; v < tumour.length; v++) {
    if (!tumour[v] || viable[v]) continue;
    necrotic++;
    if (input.lesion[v]) candidates.push(v);
  }
  const field = smoothNoiseField(input.dims, input.spacingMm, appearanceValue('spatial.lipiodol.blobSigmaMm'), input.rng.fork('lipiodol'));
  for (const v of selectTop(candidates, (v) => field[v]!, Math.round(fraction * necrotic))) out[v] = 1;
  return out;
}

/** Local recurrence after resection: `count` allowed voxels outside the cavity nearest a seed on its wall. */
function recurrenceNodule(input: LesionResponseInput, states: Uint8Array, count: number): Int32Array {
  if (count <= 0) return new Int32Array(0);
  const cavity = states.map((s) => (s ? 1 : 0));
  const wall = boundaryVoxels(cavity, input.dims);
  const rng = input.rng.fork('recurrence');
  const seed = wall[rng.int(wall.length)]!;
  const candidates: number[] = [];
  for (let v = 0; v < states.length; v++) if (!cavity[v] && input.allowed[v]) candidates.push(v);
  return selectTop(candidates, (v) => -distanceSqMm(v, seed, input.dims, input.spacingMm), count);
}

/** Expected HU of every changed voxel from its state (the coarse map the renderer textures). */
function paint(
  states: Uint8Array, local: LocalHu, outcome: LesionOutcome, input: LesionResponseInput, outsideSqMm: Float64Array,
): Float32Array {
  const hu = new Float32Array(states.length);
  const margin = outcome.ablationMarginMm ?? 0;
  const rimMm = appearanceValue('appearance.ablation.rimThicknessMm');
  const early = input.followUpDays !== undefined && input.followUpDays <= appearanceValue('appearance.ablation.rimMaxFollowUpDays');
  const rimFromSq = Math.max(0, margin - rimMm) ** 2;
  const byState: Record<number, number> = {
    [TISSUE_STATE.viable]: local.viableHu,
    [TISSUE_STATE.growth]: local.viableHu,
    [TISSUE_STATE.necrosis]: appearanceValue('appearance.necrosis.hu'),
    [TISSUE_STATE.lipiodol]: outcome.lipiodolHu,
    [TISSUE_STATE.ablationZone]: appearanceValue('appearance.ablation.zoneHu'),
    [TISSUE_STATE.resectionCavity]: appearanceValue('appearance.resection.cavityHu'),
    [TISSUE_STATE.radiationChange]: local.parenchymaHu + appearanceValue('appearance.radiation.deltaHu'),
    [TISSUE_STATE.regressed]: local.parenchymaHu + appearanceValue('appearance.regressed.deltaHu'),
  };
  const rimHu = local.parenchymaHu + appearanceValue('appearance.ablation.rimDeltaHu');
  const bedHu = input.resectionBed ? resectionBedHu(input, states) : undefined;
  // With the anatomy's zone the rim is its outer rimMm (distance to the zone's outside); else the lesion + margin shell's.
  const zone = input.ablationZone;
  const toZoneOutsideSq = early && zone ? squaredDistanceMm(zone.map((z) => 1 - z), input.dims, input.spacingMm) : undefined;
  const inRim = (v: number) => (toZoneOutsideSq ? toZoneOutsideSq[v]! <= rimMm * rimMm : margin > 0 && outsideSqMm[v]! > rimFromSq);
  for (let v = 0; v < states.length; v++) {
    const s = states[v]!;
    if (s === 0) continue;
    const isRim = early && s === TISSUE_STATE.ablationZone && !input.lesion[v] && inRim(v);
    hu[v] = isRim ? rimHu : bedHu && s === TISSUE_STATE.resectionCavity ? bedHu[v]! : byState[s]!;
  }
  return hu;
}

/**
 * HU of the post-resection bed: fluid within `appearance.resection.cutSurfaceFluidMm` of the liver that
 * remains (the cut surface), perihepatic fat elsewhere.
 */
function resectionBedHu(input: LesionResponseInput, states: Uint8Array): Float32Array {
  const bed = input.resectionBed!;
  const remnant = new Uint8Array(bed.length);
  for (let v = 0; v < bed.length; v++) if (input.liver?.[v] && !bed[v] && states[v] !== TISSUE_STATE.growth) remnant[v] = 1;
  const toRemnantSq = squaredDistanceMm(remnant, input.dims, input.spacingMm);
  const fluidSq = appearanceValue('appearance.resection.cutSurfaceFluidMm') ** 2;
  const fluidHu = appearanceValue('appearance.resection.cavityHu');
  const fatHu = appearanceValue('appearance.resection.bedHu');
  const out = new Float32Array(bed.length);
  for (let v = 0; v < bed.length; v++) out[v] = toRemnantSq[v]! <= fluidSq ? fluidHu : fatHu;
  return out;
}
