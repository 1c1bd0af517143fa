/**
 * Low-pass consistency of a residual-encoded sample with its condition (card renderer.lowpassConsistency):
 * the coarse expected-HU map says what the CT looks like after a Gaussian blur of σ mm, so the
 * predicted clean sample is corrected at every DDIM step until the blur of the composite CT matches
 * it inside the region. Only information the renderer is given is used (expectedHu, regionMask,
 * contextHu); the model supplies the detail the blur removed. See model-card.ts for the definition.
 *
 * The blur is evaluated on the region's bounding box grown by the kernel radius (clipped to the grid),
 * which gives exactly the whole-grid result inside the region: every value a region voxel's separable
 * kernel reaches lies in that box, and where the box meets the grid edge the 'nearest' border is the
 * grid's own.
 *
 * Arrays are x fastest on the model grid, `dims` [nx, ny, nz], `spacingMm` [sx, sy, sz].
 */
import { boundingBox, type Vec3 } from '@mewm/dicom';
import { gaussianFilterNearest, gaussianRadius } from '../evaluation/gaussian-filter.ts';
import type { LowpassConsistency } from '@mewm/models';

export interface LowpassConsistencyInput {
  expectedHu: Float32Array;
  regionMask: Uint8Array;
  contextHu: Float32Array;
  dims: Vec3;
  spacingMm: Vec3;
  /** Residual encoding scale: hu = expectedHu + scaleHu · x. */
  scaleHu: number;
  /** x̂0 bound of the sampler, kept after the correction. */
  clip: number;
}

/** A projection for ddimSample's `projectX0`: x̂0 ← x̂0 + (expectedHu − G(composite)) / scaleHu inside the region. */
export function createLowpassProjection(spec: LowpassConsistency, input: LowpassConsistencyInput): (x0: Float32Array) => void {
  const { expectedHu, regionMask, contextHu, dims, spacingMm, scaleHu, clip } = input;
  const sigmaVox = [0, 1, 2].map((a) => spec.sigmaMm / spacingMm[a]!) as Vec3;
  const margin = sigmaVox.map((s) => gaussianRadius(s, spec.truncate)) as Vec3;
  const box = boundingBox(regionMask, dims, margin);
  if (!box) return () => {}; // no region: nothing to correct (the renderer refuses that input anyway)
  const [bx, by, bz] = box.dims;
  const composite = new Float32Array(bx * by * bz);
  const at = (i: number, j: number, k: number) => (box.origin[0] + i) + dims[0] * ((box.origin[1] + j) + dims[1] * (box.origin[2] + k));
  return (x0) => {
    for (let it = 0; it < spec.iterations; it++) {
      let b = 0;
      for (let k = 0; k < bz; k++) for (let j = 0; j < by; j++) for (let i = 0; i < bx; i++, b++) {
        const v = at(i, j, k);
        composite[b] = regionMask[v] ? expectedHu[v]! + scaleHu * x0[v]! : contextHu[v]!;
      }
      const low = gaussianFilterNearest(composite, box.dims, sigmaVox, spec.truncate);
      b = 0;
      for (let k = 0; k < bz; k++) for (let j = 0; j < by; j++) for (let i = 0; i < bx; i++, b++) {
        const v = at(i, j, k);
        if (!regionMask[v]) continue;
        x0[v] = Math.min(clip, Math.max(-clip, x0[v]! + (expectedHu[v]! - low[b]!) / scaleHu));
      }
    }
  };
}
