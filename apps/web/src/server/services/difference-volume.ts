/**
 * The difference volume of a simulated follow-up: simulated − pre-treatment CT, voxel by voxel, in HU,
 * on the CT's grid (dims and affine kept). Pure: no I/O.
 *
 * The world model writes every simulated CT on the input CT's grid (no crop, no resampling), so the
 * two volumes are compared voxel for voxel. A pair on different grids is refused with
 * DifferenceGridError rather than resampled: a resampled difference would show interpolation as change.
 *
 * Data type: Int16Array when both inputs are Int16Array and every difference fits int16 (exact, half
 * the bytes); Float32Array otherwise (exact for CT values).
 */
import 'server-only';
import { sameGrid, type Volume } from '@mewm/dicom';
import { AppError } from '../errors.ts';

/** The simulated CT and the pre-treatment CT do not share one grid (dims or affine differ). */
export class DifferenceGridError extends AppError {
  constructor(detail: string) {
    super('CONFLICT', `the simulated CT is not on the pre-treatment CT's grid (${detail}); no difference can be shown`);
  }
}

export function differenceVolume(pre: Volume, sim: Volume): Volume {
  if (pre.dims.some((d, a) => d !== sim.dims[a])) throw new DifferenceGridError(`dims [${sim.dims.join(', ')}] vs [${pre.dims.join(', ')}]`);
  if (!sameGrid(pre, sim)) throw new DifferenceGridError('the affines differ by more than 0.001 mm');
  const n = pre.data.length;
  const a = pre.data, b = sim.data;
  let data: Int16Array | Float32Array;
  if (a instanceof Int16Array && b instanceof Int16Array && fitsInt16(a, b)) {
    data = new Int16Array(n);
    for (let v = 0; v < n; v++) data[v] = b[v]! - a[v]!;
  } else {
    data = new Float32Array(n);
    for (let v = 0; v < n; v++) data[v] = b[v]! - a[v]!;
  }
  return {
    dims: [...pre.dims], spacingMm: [...pre.spacingMm], affineRas: pre.affineRas.map((row) => [...row]) as Volume['affineRas'], data,
    meta: { source: 'derived', unit: pre.meta.unit === 'HU' && sim.meta.unit === 'HU' ? 'HU' : 'unknown', notes: ['simulated − pre-treatment CT (model output, research use only)'] },
  };
}

function fitsInt16(a: Int16Array, b: Int16Array): boolean {
  for (let v = 0; v < a.length; v++) {
    const d = b[v]! - a[v]!;
    if (d < -32768 || d > 32767) return false;
  }
  return true;
}
