/**
 * What the pipeline needs from a renderer: turn a coarse expected-HU map of a region plus the real CT
 * around it into CT texture. The ONNX diffusion renderer and the non-learned baseline both fit.
 */
import type { Vec3 } from '@mewm/dicom';

export interface RegionRenderInput {
  /** Grid of the three arrays (x fastest). */
  shape: Vec3;
  spacingMm: Vec3;
  /** Coarse post-treatment HU from the dynamics model. */
  expectedHu: Float32Array;
  /** 1 where the renderer must generate tissue, 0 where the real CT stays. */
  regionMask: Uint8Array;
  /** The real CT (HU) around the region; values inside the region must not be used. */
  contextHu: Float32Array;
}

export interface RegionRenderOptions {
  seed: number;
  steps?: number;
  eta?: number;
}

export interface RegionRenderer {
  /** Model name and version, for every output that uses it. */
  name: string;
  version: string;
  /** True for learned models; false for baselines (said in every summary). */
  learned: boolean;
  /**
   * The model grid, when the renderer works on a fixed grid: the pipeline resamples the crop to it.
   * Undefined: the renderer works on the CT's own grid.
   */
  grid?: { shape: Vec3; spacingMm: Vec3 };
  /**
   * The renderer expects expectedHu blurred by this Gaussian σ (mm) inside the region, as its training
   * condition was; the pipeline blurs the dynamics model's sharp map so. Undefined: used as given.
   */
  conditionBlurMm?: number;
  /** A diffusion renderer's DDIM steps when a render names none; undefined for a renderer without diffusion steps. */
  defaultSteps?: number;
  render(input: RegionRenderInput, opts: RegionRenderOptions): Promise<{ hu: Float32Array; timingsMs: Record<string, number> }>;
  dispose(): Promise<void>;
}
