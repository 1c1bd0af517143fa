/**
 * A volume's grid in DICOM patient coordinates (LPS): the orientation of its slices, the position of
 * each slice's first pixel and the pixel spacing, as a CT slice or a SEG frame states them. The inverse
 * of ingest's LPS → RAS step (one flip of x and y).
 */
import { type Mat4, type Vec3, type VolumeGrid } from '@mewm/dicom';

export interface SliceGeometry {
  /** ImageOrientationPatient: row direction (increasing column index) then column direction, unit, LPS. */
  orientation: [number, number, number, number, number, number];
  /** PixelSpacing: [between rows, between columns] mm. */
  pixelSpacing: [number, number];
  /** Distance between slice centres along the slice normal, mm (SliceThickness of a contiguous stack). */
  sliceStepMm: number;
  /** ImagePositionPatient of slice k (LPS mm). */
  position(k: number): Vec3;
  /** True when the slices are axial (normal within ~25° of the patient's z axis). */
  axial: boolean;
}

const column = (m: Mat4, c: 0 | 1 | 2 | 3): Vec3 => [m[0][c], m[1][c], m[2][c]];
const toLps = (v: Vec3): Vec3 => [-v[0], -v[1], v[2]];
const length = (v: Vec3) => Math.hypot(v[0], v[1], v[2]);

export function sliceGeometry(grid: VolumeGrid): SliceGeometry {
  const a = grid.affineRas;
  const di = toLps(column(a, 0));
  const dj = toLps(column(a, 1));
  const dk = toLps(column(a, 2));
  const origin = toLps(column(a, 3));
  const si = length(di);
  const sj = length(dj);
  const row: Vec3 = [di[0] / si, di[1] / si, di[2] / si];
  const col: Vec3 = [dj[0] / sj, dj[1] / sj, dj[2] / sj];
  const normal: Vec3 = [row[1] * col[2] - row[2] * col[1], row[2] * col[0] - row[0] * col[2], row[0] * col[1] - row[1] * col[0]];
  return {
    orientation: [...row, ...col],
    pixelSpacing: [sj, si],
    sliceStepMm: Math.abs(dk[0] * normal[0] + dk[1] * normal[1] + dk[2] * normal[2]),
    position: (k) => [origin[0] + k * dk[0], origin[1] + k * dk[1], origin[2] + k * dk[2]],
    axial: Math.abs(normal[2]) > 0.9,
  };
}

/**
 * A decimal string (DS) of at most 16 characters: the value rounded to the most decimals that fit,
 * at most 6 (micrometres for mm, far below any CT's precision).
 */
export function ds(value: number): string {
  if (!Number.isFinite(value)) throw new RangeError(`DS value ${value} is not finite`);
  for (let decimals = 6; decimals >= 0; decimals--) {
    const text = String(Number(value.toFixed(decimals)));
    if (text.length <= 16) return text;
  }
  throw new RangeError(`DS value ${value} does not fit 16 characters`);
}
