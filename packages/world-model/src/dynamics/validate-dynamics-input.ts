/**
 * Input checks of the spatial dynamics. Every failure is a DynamicsInputError that names the
 * argument, the lesion label and the allowed range; no patient data appear in messages.
 */
import { sameGrid, voxelCount, type LabelVolume, type Vec3, type Volume } from '@mewm/dicom';
import { DynamicsInputError } from '../errors.ts';
import type { LesionOutcome } from '../lesion-outcome.ts';
import { appearanceValue } from './appearance-parameters.ts';

const PATTERNS = new Set(['none', 'rim', 'nodular', 'diffuse']);

/** CT, lesion and liver masks share one grid and their data lengths match it. */
export function assertDynamicsGrids(ct: Volume, lesions: LabelVolume, liver: LabelVolume | undefined): void {
  const n = voxelCount(ct.dims);
  if (ct.data.length !== n) {
    throw new DynamicsInputError(`ct: data has ${ct.data.length} voxels but dims [${ct.dims.join(', ')}] need ${n}`);
  }
  if (!sameGrid(ct, lesions) || lesions.data.length !== n) {
    throw new DynamicsInputError(
      `lesions: the lesion mask is not on the CT grid (dims [${lesions.dims.join(', ')}] vs [${ct.dims.join(', ')}], or a different affine): resample it to the CT first`,
    );
  }
  if (liver && (!sameGrid(ct, liver) || liver.data.length !== n)) {
    throw new DynamicsInputError(
      `liver: the liver mask is not on the CT grid (dims [${liver.dims.join(', ')}] vs [${ct.dims.join(', ')}], or a different affine): resample it to the CT first`,
    );
  }
}

/** The lesion's bbox must leave at least one voxel of tissue on every side of the volume. */
export function assertLesionInside(label: number, bbox: { min: Vec3; max: Vec3 }, dims: Vec3): void {
  const axes = ['x (i)', 'y (j)', 'z (k, slices)'];
  for (let a = 0; a < 3; a++) {
    if (bbox.min[a] === 0 || bbox.max[a] === dims[a]! - 1) {
      throw new DynamicsInputError(
        `lesion ${label} touches the edge of the CT volume along ${axes[a]} (index ${bbox.min[a] === 0 ? 0 : dims[a]! - 1}): ` +
          'the simulation needs tissue all around the lesion; use a CT that covers the whole lesion with a margin',
      );
    }
  }
}

/** Every lesion label has an outcome and every outcome a lesion. */
export function assertOutcomesMatch(labels: number[], outcomes: Map<number, LesionOutcome>): void {
  for (const l of labels) {
    if (!outcomes.has(l)) throw new DynamicsInputError(`outcomes: no outcome for lesion label ${l} (labels in the mask: ${labels.join(', ')})`);
  }
  for (const l of outcomes.keys()) {
    if (!labels.includes(l)) throw new DynamicsInputError(`outcomes: an outcome is given for lesion label ${l}, which the lesion mask does not contain`);
  }
}

/** Ranges and internal consistency of one lesion's outcome. */
export function assertOutcomeValid(label: number, o: LesionOutcome): void {
  const bad = (msg: string) => new DynamicsInputError(`outcome of lesion ${label}: ${msg}`);
  const finite = (name: string, v: number) => {
    if (typeof v !== 'number' || !Number.isFinite(v)) throw bad(`${name} must be a finite number, got ${v}`);
  };
  finite('viableFraction', o.viableFraction);
  finite('totalVolumeFactor', o.totalVolumeFactor);
  finite('lipiodolFraction', o.lipiodolFraction);
  if (o.viableFraction < 0) throw bad(`viableFraction must be ≥ 0, got ${o.viableFraction}`);
  if (o.totalVolumeFactor < 0) throw bad(`totalVolumeFactor must be ≥ 0, got ${o.totalVolumeFactor}`);
  if (o.viableFraction > o.totalVolumeFactor + 1e-9) {
    throw bad(`viableFraction (${o.viableFraction}) cannot exceed totalVolumeFactor (${o.totalVolumeFactor}): viable tumour is part of the whole lesion`);
  }
  if (o.lipiodolFraction < 0 || o.lipiodolFraction > 1) throw bad(`lipiodolFraction must be in [0, 1], got ${o.lipiodolFraction}`);
  if (o.lipiodolFraction > 0) {
    finite('lipiodolHu', o.lipiodolHu);
    if (o.lipiodolHu < -1024 || o.lipiodolHu > 4000) throw bad(`lipiodolHu must be in [-1024, 4000] HU, got ${o.lipiodolHu}`);
  }
  if (!PATTERNS.has(o.residualPattern)) {
    throw bad(`residualPattern must be one of ${[...PATTERNS].join(', ')}, got ${o.residualPattern}`);
  }
  if (o.residualPattern === 'none' && o.viableFraction > 0) {
    throw bad(`residualPattern 'none' but viableFraction = ${o.viableFraction}: give a pattern for the residual viable tumour`);
  }
  const maxMargin = appearanceValue('spatial.margin.maxMm');
  for (const key of ['ablationMarginMm', 'resectionMarginMm', 'radiationShellMm'] as const) {
    const m = o[key];
    if (m === undefined) continue;
    finite(key, m);
    if (m < 0 || m > maxMargin) throw bad(`${key} must be in [0, ${maxMargin}] mm, got ${m}`);
  }
}
