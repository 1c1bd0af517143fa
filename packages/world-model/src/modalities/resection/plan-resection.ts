/**
 * `planResection`: what a resection of the targeted lesions removes and what it leaves, on the CT grid.
 *
 * - resected region: tumour + margin (mm, clipped to the liver), extended to the capsule along the
 *   shortest route, plus liver cut off from the main remnant (resected-region.ts);
 * - volumes: the liver (mask ∪ lesions in it), the functional liver (liver minus every tumour), the
 *   future liver remnant (functional liver minus the resected region), in mL from |det(affine)|;
 * - feasibility: the remnant as a fraction of the functional liver against the minimum for the liver
 *   condition (20 % normal, 30 % after chemotherapy, 40 % cirrhosis; Entezari et al., RadioGraphics
 *   2022); below it the resection is infeasible, with a reason that names the numbers.
 *
 * Pure: no randomness, inputs are not modified. Volumetry only: the function of the remnant (ICG,
 * scintigraphy), portal vein embolisation and regeneration are not modelled.
 */
import { z } from 'zod';
import { det3, sameGrid, voxelCount, type LabelVolume, type Vec3 } from '@mewm/dicom';
import { ResectionInputError } from '../../errors.ts';
import { LIVER_CONDITIONS, LIVER_CONDITION_LABELS, minimumRemnantFraction, type LiverCondition } from './liver-condition.ts';
import { resectedRegion } from './resected-region.ts';
import { RESECTION_RANGES } from './index.ts';

const MINIMUM_SOURCE_SHORT = 'Entezari et al., RadioGraphics 2022';

export const planResectionOptionsSchema = z.strictObject({
  marginMm: z.number().min(RESECTION_RANGES.resectionMarginMm.min).max(RESECTION_RANGES.resectionMarginMm.max),
  liverCondition: z.enum(LIVER_CONDITIONS),
  /** Lesion labels to resect; default every lesion. */
  targetLabels: z.array(z.number().int().min(1).max(255)).min(1).optional(),
});

export interface PlanResectionInput extends z.input<typeof planResectionOptionsSchema> {
  /** Liver mask on the CT grid (any non-zero = liver; may or may not include the tumours). */
  liverMask: LabelVolume;
  /** Every lesion on the same grid, label k = lesion k; the targeted ones are resected, the others stay (not functional liver). */
  lesionMasks: LabelVolume;
}

export type PhlfRiskLevel = 'high' | 'not-raised-by-volume';

export interface ResectionPlan {
  /** 1 = resected, on the CT grid. */
  resectedMask: LabelVolume;
  resectedMl: number;
  /** Liver mask ∪ the lesions in it. */
  liverMl: number;
  /** Liver minus every tumour. */
  functionalLiverMl: number;
  /** Functional liver left after the resection. */
  futureLiverRemnantMl: number;
  /** futureLiverRemnantMl / functionalLiverMl, 0–1 (0 when there is no functional liver). */
  futureLiverRemnantFraction: number;
  /** Of resectedMl: the parenchyma between the margin region and the capsule, and the liver cut off from the remnant. */
  corridorMl: number;
  devascularisedMl: number;
  /** Per targeted label: distance (mm) from its margin region to the capsule (0 = it reaches the surface). */
  depthToSurfaceMm: Record<number, number>;
  /** Lesions wholly inside the resected region (the targeted ones and any they take with them). */
  removedLesionLabels: number[];
  liverCondition: LiverCondition;
  minimumRemnantFraction: number;
  minimumRemnantSource: { parameterId: string; citation: string };
  /** Volumetric risk of post-hepatectomy liver failure (ISGLS definition: Rahbari et al., Surgery 2011). */
  phlfRisk: { level: PhlfRiskLevel; basis: string };
  feasible: boolean;
  /** Why not, naming the numbers; absent when feasible. */
  reason?: string;
}

/**
 * @throws ResectionInputError on options out of range, masks on different grids or with data that do
 *   not fit their dims, an empty liver mask, an unknown target label, a targeted lesion outside the liver,
 *   or a liver without any voxel outside it on the grid (no capsule)
 */
export function planResection(input: PlanResectionInput): ResectionPlan {
  const parsed = planResectionOptionsSchema.safeParse({
    marginMm: input.marginMm, liverCondition: input.liverCondition, ...(input.targetLabels ? { targetLabels: input.targetLabels } : {}),
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ResectionInputError(`planResection: ${issue.path.join('.') || 'options'} ${issue.message}`);
  }
  const { marginMm, liverCondition } = parsed.data;
  const { liverMask, lesionMasks } = input;
  const n = voxelCount(liverMask.dims);
  if (liverMask.data.length !== n) throw new ResectionInputError(`liverMask: data has ${liverMask.data.length} voxels but dims [${liverMask.dims.join(', ')}] need ${n}`);
  if (!sameGrid(liverMask, lesionMasks) || lesionMasks.data.length !== n) {
    throw new ResectionInputError(`lesionMasks: not on the liver mask's grid (dims [${lesionMasks.dims.join(', ')}] vs [${liverMask.dims.join(', ')}], or a different affine): resample it first`);
  }
  const present = lesionLabelsIn(lesionMasks.data);
  const targets = parsed.data.targetLabels ?? [...present].sort((a, b) => a - b);
  if (targets.length === 0) throw new ResectionInputError('lesionMasks: no lesion is marked, so there is nothing to resect');
  for (const t of targets) {
    if (!present.has(t)) throw new ResectionInputError(`targetLabels: lesion ${t} is not in lesionMasks (labels present: ${[...present].sort((a, b) => a - b).join(', ') || 'none'})`);
  }
  const inLiver = lesionsInLiver(liverMask.data, lesionMasks.data, liverMask.dims);
  if (inLiver.liverVoxels === 0) throw new ResectionInputError('liverMask: the liver mask is empty');
  for (const t of targets) {
    if (!inLiver.labels.has(t)) throw new ResectionInputError(`lesionMasks: lesion ${t} lies outside the liver (no voxel in or next to the liver mask)`);
  }

  // Work on the liver's bounding box plus one voxel, so that the capsule has outside voxels around it.
  const dims = liverMask.dims;
  const box = domainBox(liverMask.data, lesionMasks.data, inLiver.labels, dims);
  const crop = (f: (g: number) => number) => {
    const out = new Uint8Array(box.dims[0] * box.dims[1] * box.dims[2]);
    forBox(box, dims, (b, g) => { out[b] = f(g); });
    return out;
  };
  const isDomain = (g: number) => (liverMask.data[g] !== 0 || inLiver.labels.has(lesionMasks.data[g]!) ? 1 : 0);
  const domain = crop(isDomain);
  if (domain.every((d) => d === 1)) {
    throw new ResectionInputError('liverMask: the liver fills its whole bounding box up to the grid edge, so it has no capsule to resect to');
  }
  const region = resectedRegion({
    dims: box.dims, spacingMm: liverMask.spacingMm, domain, marginMm,
    targets: targets.map((t) => crop((g) => (lesionMasks.data[g] === t ? 1 : 0))),
  });

  const voxelMl = Math.abs(det3(liverMask.affineRas)) / 1000;
  const resectedData = new Uint8Array(n);
  let liver = 0, functional = 0, remnant = 0, resected = 0;
  const lesionVoxels = new Map<number, { total: number; resected: number }>();
  forBox(box, dims, (b, g) => {
    if (!domain[b]) return;
    liver++;
    const label = lesionMasks.data[g]!;
    const cut = region.resected[b] === 1;
    if (cut) { resected++; resectedData[g] = 1; }
    if (label !== 0) {
      const c = lesionVoxels.get(label) ?? { total: 0, resected: 0 };
      c.total++;
      if (cut) c.resected++;
      lesionVoxels.set(label, c);
      return;
    }
    functional++;
    if (!cut) remnant++;
  });
  const fraction = functional === 0 ? 0 : remnant / functional;
  const minimum = minimumRemnantFraction(liverCondition);
  const feasible = functional > 0 && fraction >= minimum.fraction;
  const pct = (f: number) => `${Math.round(f * 100)} %`;
  const remnantMl = remnant * voxelMl;
  const reason = feasible ? undefined : functional === 0
    ? 'the liver mask holds no functional (non-tumorous) liver, so no remnant can be left'
    : `future liver remnant ${pct(fraction)} of functional liver (${Math.round(remnantMl)} mL) is below the ${pct(minimum.fraction)} minimum ${LIVER_CONDITION_LABELS[liverCondition]} (${MINIMUM_SOURCE_SHORT})`;
  const phlfRisk = feasible
    ? { level: 'not-raised-by-volume' as const, basis: `remnant ${pct(fraction)} ≥ the ${pct(minimum.fraction)} minimum ${LIVER_CONDITION_LABELS[liverCondition]} (${MINIMUM_SOURCE_SHORT}); volume only, liver function not assessed` }
    : { level: 'high' as const, basis: `remnant below the ${pct(minimum.fraction)} minimum ${LIVER_CONDITION_LABELS[liverCondition]} (${MINIMUM_SOURCE_SHORT}): high risk of post-hepatectomy liver failure as defined by the ISGLS (Rahbari et al., Surgery 2011)` };
  return {
    resectedMask: { dims, spacingMm: liverMask.spacingMm, affineRas: liverMask.affineRas, data: resectedData, labels: { 1: 'resected liver' } },
    resectedMl: resected * voxelMl,
    liverMl: liver * voxelMl,
    functionalLiverMl: functional * voxelMl,
    futureLiverRemnantMl: remnantMl,
    futureLiverRemnantFraction: fraction,
    corridorMl: region.corridorVoxels * voxelMl,
    devascularisedMl: region.devascularisedVoxels * voxelMl,
    depthToSurfaceMm: Object.fromEntries(targets.map((t, i) => [t, region.depthToSurfaceMm[i]!])),
    removedLesionLabels: [...lesionVoxels].filter(([, c]) => c.resected === c.total).map(([l]) => l).sort((a, b) => a - b),
    liverCondition,
    minimumRemnantFraction: minimum.fraction,
    minimumRemnantSource: { parameterId: minimum.parameterId, citation: minimum.citation },
    phlfRisk,
    feasible,
    ...(reason !== undefined ? { reason } : {}),
  };
}

function lesionLabelsIn(labels: Uint8Array): Set<number> {
  const out = new Set<number>();
  for (let v = 0; v < labels.length; v++) if (labels[v]) out.add(labels[v]!);
  return out;
}

/** Liver voxel count, and the lesion labels with a voxel in the liver mask or face-adjacent to it. */
function lesionsInLiver(liver: Uint8Array, lesions: Uint8Array, dims: Vec3): { liverVoxels: number; labels: Set<number> } {
  const [nx, ny, nz] = dims;
  const sxy = nx * ny;
  const labels = new Set<number>();
  let liverVoxels = 0;
  for (let v = 0; v < liver.length; v++) {
    if (liver[v]) liverVoxels++;
    const l = lesions[v]!;
    if (!l || labels.has(l)) continue;
    const i = v % nx, j = Math.floor(v / nx) % ny, k = Math.floor(v / sxy);
    if (liver[v] || (i > 0 && liver[v - 1]) || (i < nx - 1 && liver[v + 1]) || (j > 0 && liver[v - nx]) || (j < ny - 1 && liver[v + nx])
      || (k > 0 && liver[v - sxy]) || (k < nz - 1 && liver[v + sxy])) labels.add(l);
  }
  return { liverVoxels, labels };
}

interface Box { origin: Vec3; dims: Vec3 }

/** Bounding box of the liver domain, one voxel larger on every side where the grid allows. */
function domainBox(liver: Uint8Array, lesions: Uint8Array, inLiver: Set<number>, dims: Vec3): Box {
  const [nx, ny] = dims;
  const lo: Vec3 = [Infinity, Infinity, Infinity];
  const hi: Vec3 = [-Infinity, -Infinity, -Infinity];
  for (let v = 0; v < liver.length; v++) {
    if (!liver[v] && !inLiver.has(lesions[v]!)) continue;
    const p = [v % nx, Math.floor(v / nx) % ny, Math.floor(v / (nx * ny))];
    for (let a = 0; a < 3; a++) { if (p[a]! < lo[a]!) lo[a] = p[a]!; if (p[a]! > hi[a]!) hi[a] = p[a]!; }
  }
  const origin = lo.map((l) => Math.max(0, l - 1)) as Vec3;
  const end = hi.map((h, a) => Math.min(dims[a]! - 1, h + 1));
  return { origin, dims: [0, 1, 2].map((a) => end[a]! - origin[a]! + 1) as Vec3 };
}

/** Visit every voxel of the box: f(box index, grid index). */
function forBox(box: Box, dims: Vec3, f: (b: number, g: number) => void): void {
  let b = 0;
  for (let k = 0; k < box.dims[2]; k++) {
    for (let j = 0; j < box.dims[1]; j++) {
      let g = box.origin[0] + dims[0] * (box.origin[1] + j + dims[1] * (box.origin[2] + k));
      for (let i = 0; i < box.dims[0]; i++, b++, g++) f(b, g);
    }
  }
}
