/**
 * The patient's body on a CT: the largest 6-connected component of the voxels above a threshold
 * (default −500 HU: soft tissue and bone, not air or lung parenchyma), with the holes of each axial
 * slice filled (lungs, bowel gas). Leaves out what lies apart from the body: the table, cushions,
 * cables. 6-connectivity so that a table touching the skin along a voxel corner or edge stays apart.
 * Pure: no I/O. Used by the web viewer to render the body without the table.
 */
import { InputError } from '../errors.ts';
import { assertGrid, type LabelVolume, type Volume } from '../volume.ts';
import { connectedComponents } from './connected-components.ts';

export const BODY_THRESHOLD_HU = -500;

export interface BodyMaskOptions {
  /** Voxels above this value (HU) are candidates; default −500. Must be within −1024..3071. */
  thresholdHu?: number;
}

/**
 * @returns a LabelVolume on the CT's grid: 1 = body, 0 = outside (labels { 1: 'body' }); all 0 when no
 *   voxel is above the threshold
 * @throws InputError for a threshold outside −1024..3071 or a CT not in HU
 */
export function bodyMask(ct: Volume, opts: BodyMaskOptions = {}): LabelVolume {
  assertGrid(ct, 'bodyMask ct');
  const threshold = opts.thresholdHu ?? BODY_THRESHOLD_HU;
  if (!Number.isFinite(threshold) || threshold < -1024 || threshold > 3071) {
    throw new InputError(`bodyMask: thresholdHu must be within -1024..3071 HU; got ${threshold}`);
  }
  if (ct.meta.unit !== 'HU') throw new InputError(`bodyMask: the CT must be in HU; got unit "${ct.meta.unit}"`);
  const n = ct.data.length;
  const above = new Uint8Array(n);
  for (let v = 0; v < n; v++) if (ct.data[v]! > threshold) above[v] = 1;
  const out = new Uint8Array(n);
  const cc = connectedComponents(above, ct.dims, 6);
  if (cc.count > 0) {
    let best = 0;
    for (let c = 1; c < cc.sizes.length; c++) if (cc.sizes[c]! > cc.sizes[best]!) best = c;
    const label = best + 1;
    for (let v = 0; v < n; v++) if (cc.labels[v] === label) out[v] = 1;
    fillSliceHoles(out, ct.dims[0], ct.dims[1], ct.dims[2]);
  }
  return { dims: [...ct.dims], spacingMm: [...ct.spacingMm], affineRas: ct.affineRas.map((r) => [...r]) as Volume['affineRas'], data: out, labels: { 1: 'body' } };
}

/** Per axial slice: background not reachable from the slice's border (4-connected) becomes body. */
function fillSliceHoles(mask: Uint8Array, nx: number, ny: number, nz: number): void {
  const plane = nx * ny;
  const outside = new Uint8Array(plane);
  const queue = new Int32Array(plane);
  for (let k = 0; k < nz; k++) {
    const off = k * plane;
    outside.fill(0);
    let head = 0, tail = 0;
    const seed = (p: number) => {
      if (mask[off + p] === 0 && outside[p] === 0) { outside[p] = 1; queue[tail++] = p; }
    };
    for (let i = 0; i < nx; i++) { seed(i); seed((ny - 1) * nx + i); }
    for (let j = 0; j < ny; j++) { seed(j * nx); seed(j * nx + nx - 1); }
    while (head < tail) {
      const p = queue[head++]!;
      const i = p % nx, j = (p - i) / nx;
      if (i > 0) seed(p - 1);
      if (i < nx - 1) seed(p + 1);
      if (j > 0) seed(p - nx);
      if (j < ny - 1) seed(p + nx);
    }
    for (let p = 0; p < plane; p++) if (outside[p] === 0) mask[off + p] = 1;
  }
}
