/**
 * The spatial treatment-response dynamics: per-lesion outcomes → a post-treatment tissue-state map
 * and a coarse expected-HU map on the CT grid.
 *
 * Each lesion is processed in its own working box (its bbox plus the largest margin, shell or growth
 * reach it needs, clamped to the CT), so the cost follows the lesion, not the CT: the only
 * whole-volume array made is the state map (the whole-volume expected-HU map is made only when
 * `expectedHu` is read; `expectedHuBox` holds the same values on the union of the working boxes). Where two lesions'
 * effects meet, the state with the higher priority wins (cavity > viable/growth > Lipiodol >
 * necrosis > ablation zone > radiation change > regressed). Deterministic for the rng: each lesion
 * draws from `rng.fork('lesion-<label>')`.
 */
import { det3, type LabelVolume, type Vec3, type Volume } from '@mewm/dicom';
import { DynamicsInputError } from '../errors.ts';
import type { LesionOutcome } from '../lesion-outcome.ts';
import type { Rng } from '../random.ts';
import { TISSUE_STATE, TISSUE_STATE_NAMES } from '@mewm/contracts';
import { appearanceValue } from './appearance-parameters.ts';
import { lesionResponse } from './lesion-response.ts';
import { regionOnBox, type RegionBox } from './region-box.ts';
import { resectionBed, type ResectionBed } from './resection-bed.ts';
import {
  assertDynamicsGrids, assertLesionInside, assertOutcomesMatch, assertOutcomeValid,
} from './validate-dynamics-input.ts';
import { cropArray, expandBox, labelBoxes, toGridIndex, type WorkBox } from './work-box.ts';

export interface TissueStateInput {
  /** Pre-treatment CT in HU. */
  ct: Volume;
  /** Lesion labels on the CT grid: label k (1..255) = lesion k. */
  lesions: LabelVolume;
  /** Liver mask on the CT grid (any non-zero = liver). Without it, growth and margins stay in soft tissue −100..250 HU. */
  liver?: LabelVolume;
  /** Outcome per lesion label: exactly one per label present in `lesions`. */
  outcomes: Map<number, LesionOutcome>;
  rng: Rng;
  /** Days from treatment to the simulated follow-up; only decides early-only findings (ablation rim). */
  followUpDays?: number;
  /**
   * The ablation zone of a lesion (by label) when the anatomy decided it (assessAblation: applicator
   * ellipsoid, minus the heat sink of vessels ≥ 3 mm); without one, an ablated lesion's zone is the
   * lesion grown by its outcome's margin.
   */
  ablationZones?: ReadonlyMap<number, RegionBox>;
}

/** Volumes (mL) of each state a lesion produced, and the HU measured around it. */
export interface LesionStateVolumes {
  label: number;
  viableMl: number;
  necrosisMl: number;
  lipiodolMl: number;
  ablationMl: number;
  cavityMl: number;
  growthMl: number;
  /** Tumour at follow-up: viable + necrotic (incl. Lipiodol-laden, ablated or irradiated tumour) + growth. */
  totalMl: number;
  radiationMl: number;
  regressedMl: number;
  baselineMl: number;
  /** Median parenchyma HU measured 3–15 mm around the lesion (or the fallback). */
  parenchymaHu: number;
  /** Median HU of the lesion's outer 5 mm on the baseline CT. */
  viableHu: number;
}

export interface TissueStateResult {
  /** TISSUE_STATE values on the CT grid. */
  states: LabelVolume;
  /** Coarse post-treatment HU on the CT grid; unchanged voxels hold the real CT (made on first read). */
  readonly expectedHu: Float32Array;
  /**
   * The same values as `expectedHu` on a box that holds every changed voxel (the union of the lesions'
   * working boxes): `data` x fastest over `dims`, box voxel (0, 0, 0) = CT voxel `origin`.
   */
  expectedHuBox: WorkBox & { data: Float32Array };
  /** Inclusive voxel bbox of the changed voxels (states ≠ 0). */
  changed: { min: Vec3; max: Vec3 };
  perLesion: LesionStateVolumes[];
}

const PRIORITY: Record<number, number> = {
  [TISSUE_STATE.unchanged]: 0,
  [TISSUE_STATE.regressed]: 1,
  [TISSUE_STATE.radiationChange]: 2,
  [TISSUE_STATE.ablationZone]: 3,
  [TISSUE_STATE.necrosis]: 4,
  [TISSUE_STATE.lipiodol]: 5,
  [TISSUE_STATE.viable]: 6,
  [TISSUE_STATE.growth]: 6,
  [TISSUE_STATE.resectionCavity]: 7,
};

/**
 * Post-treatment tissue states and expected HU for every lesion.
 * @throws DynamicsInputError on a grid mismatch, an empty lesion mask, a lesion touching the volume
 *   edge, a missing or extra outcome, or an outcome out of range (negative fractions, viable > total, ...)
 */
export function synthesiseTissueState(input: TissueStateInput): TissueStateResult {
  const { ct, lesions, liver } = input;
  assertDynamicsGrids(ct, lesions, liver);
  if (input.followUpDays !== undefined && !(input.followUpDays >= 0)) {
    throw new DynamicsInputError(`followUpDays must be ≥ 0, got ${input.followUpDays}`);
  }
  const boxes = labelBoxesOf(lesions.data, ct.dims);
  if (boxes.size === 0) throw new DynamicsInputError('lesions: the lesion mask is empty: mark at least one lesion');
  const labels = [...boxes.keys()].sort((a, b) => a - b);
  assertOutcomesMatch(labels, input.outcomes);
  for (const l of labels) {
    assertOutcomeValid(l, input.outcomes.get(l)!);
    assertLesionInside(l, boxes.get(l)!, ct.dims);
  }

  const n = lesions.data.length;
  const stateData = new Uint8Array(n);
  // With a liver mask a resection removes liver up to the capsule (resection-bed.ts): its box holds the whole bed.
  const beds = new Map<number, ResectionBed>();
  for (const label of labels) {
    const marginMm = input.outcomes.get(label)!.resectionMarginMm;
    const bed = liver && marginMm !== undefined ? resectionBed(liver, lesions, label, marginMm) : null;
    if (bed) beds.set(label, bed);
  }
  const workBoxes = new Map(labels.map((label) => {
    const bbox = boxes.get(label)!;
    const reach = reachMm(input.outcomes.get(label)!, bbox.count, ct.spacingMm);
    const box = expandBox(bbox, reach, ct.spacingMm, ct.dims);
    const regions = [beds.get(label), input.outcomes.get(label)!.ablationMarginMm !== undefined ? input.ablationZones?.get(label) : undefined]
      .filter((r): r is RegionBox => r !== undefined);
    return [label, regions.length > 0 ? unionOf([box, ...regions.map((r) => expandBox(r, reach, ct.spacingMm, ct.dims))]) : box] as const;
  }));
  const union = unionOf([...workBoxes.values()]);
  const expectedBox = cropToFloat32(ct.data, ct.dims, union); // the real CT, then each lesion's expected HU merged in
  const owner = new Uint8Array(expectedBox.length); // on the union box
  const changed = { min: [...ct.dims] as Vec3, max: [-1, -1, -1] as Vec3 };
  const work: Array<{ label: number; box: WorkBox; tumourVoxels: number; baselineVoxels: number; parenchymaHu: number; viableHu: number }> = [];

  for (const label of labels) {
    const outcome = input.outcomes.get(label)!;
    const box = workBoxes.get(label)!;
    const hu = ct.data instanceof Float32Array
      ? cropArray(ct.data, ct.dims, box, (m) => new Float32Array(m))
      : cropArray(ct.data, ct.dims, box, (m) => new Int16Array(m));
    const labelsBox = cropArray(lesions.data, ct.dims, box, (m) => new Uint8Array(m));
    const liverBox = liver ? cropArray(liver.data, ct.dims, box, (m) => new Uint8Array(m)) : undefined;
    const lesion = labelsBox.map((l) => (l === label ? 1 : 0));
    const anyLesion = labelsBox.map((l) => (l !== 0 ? 1 : 0));
    const response = lesionResponse({
      dims: box.dims, spacingMm: ct.spacingMm, hu, lesion, anyLesion,
      ...(liverBox ? { liver: liverBox } : {}),
      ...(beds.has(label) ? { resectionBed: regionOnBox(beds.get(label)!, box) } : {}),
      ...(outcome.ablationMarginMm !== undefined && input.ablationZones?.has(label) ? { ablationZone: regionOnBox(input.ablationZones.get(label)!, box) } : {}),
      allowed: allowedTissue(hu, anyLesion, liverBox),
      outcome, rng: input.rng.fork(`lesion-${label}`),
      ...(input.followUpDays !== undefined ? { followUpDays: input.followUpDays } : {}),
    });
    mergeBox(response.states, response.hu, box, label, ct.dims, { stateData, expectedBox, owner, union, changed });
    work.push({
      label, box, tumourVoxels: response.tumourVoxels, baselineVoxels: response.baselineVoxels,
      parenchymaHu: response.localHu.parenchymaHu, viableHu: response.localHu.viableHu,
    });
  }

  const voxelMl = Math.abs(det3(ct.affineRas)) / 1000;
  const present = new Set<number>();
  const perLesion = work.map((w) => volumesOf(w, ct.dims, stateData, owner, union, voxelMl, present));
  const stateLabels: Record<number, string> = {};
  for (const s of [...present].sort((a, b) => a - b)) stateLabels[s] = TISSUE_STATE_NAMES[s] ?? `state ${s}`;
  const expectedHuBox = { ...union, data: expectedBox };
  let expectedHu: Float32Array | undefined;
  return {
    states: { dims: ct.dims, spacingMm: ct.spacingMm, affineRas: ct.affineRas, data: stateData, labels: stateLabels },
    get expectedHu() {
      return (expectedHu ??= pasteBox(new Float32Array(ct.data), ct.dims, expectedHuBox));
    },
    expectedHuBox, changed, perLesion,
  };
}

/**
 * labelBoxes of a lesion label map, memoised per array (every sample of a plan synthesises on the same
 * labelled lesions; label maps are not modified in place). Callers only read the boxes.
 */
const labelBoxesMemo = new WeakMap<Uint8Array, { dims: Vec3; boxes: ReturnType<typeof labelBoxes> }>();

function labelBoxesOf(labels: Uint8Array, dims: Vec3): ReturnType<typeof labelBoxes> {
  const hit = labelBoxesMemo.get(labels);
  if (hit && hit.dims.every((d, a) => d === dims[a])) return hit.boxes;
  const boxes = labelBoxes(labels, dims);
  labelBoxesMemo.set(labels, { dims: [...dims], boxes });
  return boxes;
}

/** The smallest box holding every box (boxes non-empty, on one grid). */
function unionOf(boxes: WorkBox[]): WorkBox {
  const lo: Vec3 = [Infinity, Infinity, Infinity];
  const hi: Vec3 = [-Infinity, -Infinity, -Infinity];
  for (const b of boxes) {
    for (let a = 0; a < 3; a++) {
      lo[a] = Math.min(lo[a]!, b.origin[a]!);
      hi[a] = Math.max(hi[a]!, b.origin[a]! + b.dims[a]! - 1);
    }
  }
  return { origin: lo, dims: [hi[0] - lo[0] + 1, hi[1] - lo[1] + 1, hi[2] - lo[2] + 1] };
}

/** The box's part of a full-grid array as float32 (the same values `new Float32Array(full)` holds there). */
function cropToFloat32(full: Float32Array | Int16Array, gridDims: Vec3, box: WorkBox): Float32Array {
  return cropArray(full, gridDims, box, (n) => new Float32Array(n));
}

/** Write a box's values into a full-grid array (returned). */
function pasteBox(full: Float32Array, gridDims: Vec3, box: WorkBox & { data: Float32Array }): Float32Array {
  const [bx, by, bz] = box.dims;
  let o = 0;
  for (let k = 0; k < bz; k++) {
    for (let j = 0; j < by; j++) {
      const start = box.origin[0] + gridDims[0] * (box.origin[1] + j + gridDims[1] * (box.origin[2] + k));
      full.set(box.data.subarray(o, o + bx), start);
      o += bx;
    }
  }
  return full;
}

/** Linear index in `box` of the full-grid voxel `g` (which lies in the box). */
function boxIndex(g: number, gridDims: Vec3, box: WorkBox): number {
  const i = g % gridDims[0];
  const j = Math.floor(g / gridDims[0]) % gridDims[1];
  const k = Math.floor(g / (gridDims[0] * gridDims[1]));
  return i - box.origin[0] + box.dims[0] * (j - box.origin[1] + box.dims[1] * (k - box.origin[2]));
}

/** How far (mm) beyond the lesion its effects and the parenchyma measurement may reach. */
function reachMm(o: LesionOutcome, voxels: number, spacingMm: Vec3): number {
  const shell = appearanceValue('appearance.parenchyma.shellOuterMm');
  const radiusMm = Math.cbrt((3 * voxels * spacingMm[0] * spacingMm[1] * spacingMm[2]) / (4 * Math.PI));
  const growth = o.totalVolumeFactor > 1 && o.resectionMarginMm === undefined
    ? Math.min(appearanceValue('spatial.growth.maxReachMm'), 3 * radiusMm * (Math.cbrt(o.totalVolumeFactor) - 1) + 10)
    : 0;
  const recurrence = o.resectionMarginMm !== undefined && o.viableFraction > 0 ? 3 * radiusMm * Math.cbrt(o.viableFraction) + 10 : 0;
  const margins = Math.max(o.ablationMarginMm ?? 0, o.radiationShellMm ?? 0, (o.resectionMarginMm ?? 0) + recurrence);
  return Math.max(shell, growth, margins) + Math.max(...spacingMm);
}

/** Tissue that growth, margins and shells may enter: liver (mask) or soft tissue by HU, never a lesion. */
function allowedTissue(hu: ArrayLike<number>, anyLesion: Uint8Array, liver: Uint8Array | undefined): Uint8Array {
  const lo = appearanceValue('spatial.softTissue.minHu');
  const hi = appearanceValue('spatial.softTissue.maxHu');
  const out = new Uint8Array(anyLesion.length);
  for (let v = 0; v < out.length; v++) {
    if (anyLesion[v]) continue;
    out[v] = liver ? (liver[v] ? 1 : 0) : hu[v]! >= lo && hu[v]! <= hi ? 1 : 0;
  }
  return out;
}

interface MergeTarget {
  /** Full grid. */
  stateData: Uint8Array;
  /** On `union`. */
  expectedBox: Float32Array;
  owner: Uint8Array;
  union: WorkBox;
  changed: { min: Vec3; max: Vec3 };
}

/** Write a lesion's box into the full grid where its state outranks what is there. */
function mergeBox(states: Uint8Array, hu: Float32Array, box: WorkBox, label: number, dims: Vec3, to: MergeTarget): void {
  const { stateData, expectedBox, owner, union, changed } = to;
  for (let v = 0; v < states.length; v++) {
    const s = states[v]!;
    if (s === 0) continue;
    const g = toGridIndex(v, box, dims);
    if (stateData[g] !== 0 && PRIORITY[s]! <= PRIORITY[stateData[g]!]!) continue;
    stateData[g] = s;
    const u = boxIndex(g, dims, union);
    expectedBox[u] = hu[v]!;
    owner[u] = label;
    const ijk: Vec3 = [g % dims[0], Math.floor(g / dims[0]) % dims[1], Math.floor(g / (dims[0] * dims[1]))];
    for (let a = 0; a < 3; a++) {
      if (ijk[a]! < changed.min[a]!) changed.min[a] = ijk[a]!;
      if (ijk[a]! > changed.max[a]!) changed.max[a] = ijk[a]!;
    }
  }
}

function volumesOf(
  w: { label: number; box: WorkBox; tumourVoxels: number; baselineVoxels: number; parenchymaHu: number; viableHu: number },
  dims: Vec3, stateData: Uint8Array, owner: Uint8Array, union: WorkBox, voxelMl: number, present: Set<number>,
): LesionStateVolumes {
  const count = new Float64Array(16);
  const boxN = w.box.dims[0] * w.box.dims[1] * w.box.dims[2];
  for (let v = 0; v < boxN; v++) {
    const g = toGridIndex(v, w.box, dims);
    if (owner[boxIndex(g, dims, union)] !== w.label) continue;
    const s = stateData[g]!;
    count[s] = count[s]! + 1;
  }
  count.forEach((c, s) => { if (c > 0) present.add(s); });
  const ml = (s: number) => count[s]! * voxelMl;
  return {
    label: w.label,
    viableMl: ml(TISSUE_STATE.viable),
    necrosisMl: ml(TISSUE_STATE.necrosis),
    lipiodolMl: ml(TISSUE_STATE.lipiodol),
    ablationMl: ml(TISSUE_STATE.ablationZone),
    cavityMl: ml(TISSUE_STATE.resectionCavity),
    growthMl: ml(TISSUE_STATE.growth),
    totalMl: w.tumourVoxels * voxelMl,
    radiationMl: ml(TISSUE_STATE.radiationChange),
    regressedMl: ml(TISSUE_STATE.regressed),
    baselineMl: w.baselineVoxels * voxelMl,
    parenchymaHu: w.parenchymaHu,
    viableHu: w.viableHu,
  };
}
