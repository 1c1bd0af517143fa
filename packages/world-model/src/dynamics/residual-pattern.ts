/**
 * Where the residual viable tumour lies inside the follow-up tumour, for each pattern radiologists
 * describe after locoregional therapy:
 * - 'rim': necrosis spreads from the centre, so the viable part is the outer shell (voxels nearest
 *   the tumour edge in mm);
 * - 'nodular': one or a few eccentric nodules at the edge (seeded), each the voxels nearest its seed;
 * - 'diffuse': viable and necrotic tissue intermixed in patches (a smoothed seeded noise field);
 * - 'none': no viable tumour.
 * Exactly `viableCount` voxels are returned (clamped to the tumour size).
 */
import type { Vec3 } from '@mewm/dicom';
import type { LesionOutcome } from '../lesion-outcome.ts';
import type { Rng } from '../random.ts';
import { appearanceValue } from './appearance-parameters.ts';
import { boundaryVoxels, centroidMm, distanceSqMm, distanceSqToPointMm, maskVoxels } from './box-geometry.ts';
import { selectTop } from './select-top.ts';
import { smoothNoiseField } from './smooth-noise-field.ts';

export interface ResidualInput {
  dims: Vec3;
  spacingMm: Vec3;
  /** 1 = tumour at follow-up (box-local). */
  tumour: Uint8Array;
  /** Squared mm distance of tumour voxels to the nearest non-tumour voxel. */
  tumourInsideSqMm: Float64Array;
  pattern: LesionOutcome['residualPattern'];
  viableCount: number;
  rng: Rng;
}

/** 1 = viable tumour (box-local), a subset of `tumour`. */
export function residualViable(input: ResidualInput): Uint8Array {
  const { tumour } = input;
  const viable = new Uint8Array(tumour.length);
  const voxels = maskVoxels(tumour);
  if (input.pattern === 'none' || input.viableCount <= 0 || voxels.length === 0) return viable;
  if (Math.round(input.viableCount) >= voxels.length) return Uint8Array.from(tumour);
  const score = scorer(input, voxels);
  for (const v of selectTop(voxels, score, input.viableCount)) viable[v] = 1;
  return viable;
}

function scorer(input: ResidualInput, voxels: Int32Array): (v: number) => number {
  const { dims, spacingMm } = input;
  switch (input.pattern) {
    case 'rim': {
      const c = centroidMm(voxels, dims, spacingMm);
      // Outermost first; ties go to the voxel farther from the centroid.
      return (v) => -Math.sqrt(input.tumourInsideSqMm[v]!) + 1e-4 * distanceSqToPointMm(v, c, dims, spacingMm);
    }
    case 'nodular': {
      const seeds = nodeSeeds(input, voxels);
      return (v) => {
        let best = Infinity;
        for (const s of seeds) best = Math.min(best, distanceSqMm(v, s, dims, spacingMm));
        return -best;
      };
    }
    case 'diffuse': {
      const field = smoothNoiseField(dims, spacingMm, appearanceValue('spatial.diffuse.sigmaMm'), input.rng.fork('diffuse'));
      return (v) => field[v]!;
    }
    default:
      return () => 0;
  }
}

/**
 * 1..maxNodules seeds on the tumour boundary, chosen by the rng; later seeds at least one
 * equivalent-sphere radius away from earlier ones when the boundary allows.
 */
function nodeSeeds(input: ResidualInput, voxels: Int32Array): number[] {
  const { dims, spacingMm } = input;
  const rng = input.rng.fork('nodules');
  const boundary = boundaryVoxels(input.tumour, dims);
  const pool = boundary.length > 0 ? boundary : voxels;
  const count = 1 + rng.int(appearanceValue('spatial.nodular.maxNodules'));
  const voxelMm3 = spacingMm[0] * spacingMm[1] * spacingMm[2];
  const radiusMm = Math.cbrt((3 * voxels.length * voxelMm3) / (4 * Math.PI));
  const seeds: number[] = [pool[rng.int(pool.length)]!];
  while (seeds.length < count) {
    const far = Array.from(pool).filter((v) => seeds.every((s) => distanceSqMm(v, s, dims, spacingMm) >= radiusMm * radiusMm));
    const from = far.length > 0 ? far : Array.from(pool);
    seeds.push(from[rng.int(from.length)]!);
  }
  return seeds;
}
