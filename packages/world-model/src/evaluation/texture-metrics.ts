/**
 * The four texture metrics of the renderer evaluation between a generated and the real volume
 * inside a region, all on the model grid, in HU. The generated volume is first composited — its
 * values inside the region, the real CT outside — as the pipeline pastes rendered tissue back, so
 * output a method writes outside the region never counts.
 */
import type { Vec3 } from '@mewm/dicom';
import { ModelInputError } from '../errors.ts';
import { glcmError } from './glcm.ts';
import { histW1 } from './histogram-w1.ts';
import { lowpassMaeHu } from './lowpass-mae.ts';
import { npsError } from './noise-power-spectrum.ts';

export interface TextureMetrics {
  /** 1-Wasserstein distance of the HU values in the region, HU. */
  histW1: number;
  /** Relative error of the radially averaged NPS of (v − coarse) in the region (coarse alone: 1). */
  npsError: number;
  /** Mean relative error of six GLCM features on axial slices in the region. */
  glcmError: number;
  /** Mean |ΔHU| in the region after a σ = 4 mm Gaussian low-pass of both volumes. */
  lowpassMaeHu: number;
}

export const TEXTURE_METRIC_NAMES = ['histW1', 'npsError', 'glcmError', 'lowpassMaeHu'] as const;

export interface TextureMetricInput {
  /** The method's output (HU); only its values inside the region are used. */
  generated: ArrayLike<number>;
  /** The real CT (HU). */
  real: ArrayLike<number>;
  /** The coarse map the method was conditioned on (coarseFromReal). */
  coarse: ArrayLike<number>;
  region: Uint8Array;
  shape: Vec3;
  spacingMm: Vec3;
}

/** generated inside the region, real outside (Float32Array). */
export function compositeInRegion(generated: ArrayLike<number>, real: ArrayLike<number>, region: Uint8Array): Float32Array {
  const out = new Float32Array(region.length);
  for (let v = 0; v < region.length; v++) out[v] = region[v] !== 0 ? generated[v]! : real[v]!;
  return out;
}

export function textureMetrics(input: TextureMetricInput): TextureMetrics {
  const n = input.shape[0] * input.shape[1] * input.shape[2];
  for (const [name, a] of [['generated', input.generated], ['real', input.real], ['coarse', input.coarse], ['region', input.region]] as const) {
    if (a.length !== n) throw new ModelInputError(`textureMetrics: ${name} has ${a.length} voxels, shape [${input.shape.join(', ')}] needs ${n}`);
  }
  const gen = compositeInRegion(input.generated, input.real, input.region);
  const grid = { shape: input.shape, spacingMm: input.spacingMm };
  return {
    histW1: histW1(gen, input.real, input.region),
    npsError: npsError(gen, input.real, input.coarse, input.region, grid),
    glcmError: glcmError(gen, input.real, input.region, input.shape),
    lowpassMaeHu: lowpassMaeHu(gen, input.real, input.region, grid),
  };
}
