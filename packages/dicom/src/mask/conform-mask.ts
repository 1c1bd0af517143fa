/**
 * conformMask: put a label map on a CT's grid, or explain precisely why it cannot be.
 */
import { InputError, MaskGridError } from '../errors.ts';
import { affineMaxAbsDiff, applyAffine, invertAffine, multiply4, orientationCode, type Mat4, type Vec3 } from '../geometry.ts';
import { resampleToGrid } from '../ops/resample-to-grid.ts';
import { assertGrid, sameGrid, type LabelVolume, type VolumeGrid } from '../volume.ts';

/** A label map on the CT grid, with notes on what was done to it. */
export interface ConformedMask extends LabelVolume {
  notes: string[];
}

export interface ConformMaskOptions {
  /** Grid differs from the CT's: 'resample' (nearest neighbour, default) or 'reject' with MaskGridError. */
  onMismatch?: 'resample' | 'reject';
  /** Largest affine entry difference (mm) still counted as the same grid. Default 0.01 mm. */
  toleranceMm?: number;
}

/**
 * Conform `mask` to `ct`'s grid.
 * - Same dims and affine (within `toleranceMm`): returned as is (data shared), with the CT's exact affine.
 * - Otherwise, with onMismatch 'resample' (default): nearest-neighbour resampling through world
 *   coordinates (any orientation), noted in `notes`, including the share of labelled voxels that fall
 *   outside the CT's field of view.
 * @throws MaskGridError when onMismatch is 'reject' and the grids differ, when the mask's field of view
 *   does not overlap the CT's, or when no labelled voxel lands on the CT grid; the message gives both
 *   grids' dims, spacing, orientation and the offset between their centres in mm
 * @throws VolumeShapeError when either grid is inconsistent
 */
export function conformMask(mask: LabelVolume, ct: VolumeGrid, opts: ConformMaskOptions = {}): ConformedMask {
  assertGrid(mask, 'mask');
  assertGrid({ ...ct, data: { length: ct.dims[0] * ct.dims[1] * ct.dims[2] } }, 'CT grid');
  const tol = opts.toleranceMm ?? 0.01;
  const onMismatch = opts.onMismatch ?? 'resample';
  if (onMismatch !== 'resample' && onMismatch !== 'reject') {
    throw new InputError(`conformMask: onMismatch must be 'resample' or 'reject'; got ${String(onMismatch)}`);
  }
  if (sameGrid(mask, ct, tol)) {
    return { ...mask, spacingMm: [...ct.spacingMm], affineRas: copy(ct.affineRas), notes: [] };
  }
  const why = describeMismatch(mask, ct);
  if (onMismatch === 'reject') throw new MaskGridError(`mask grid differs from the CT grid and resampling is off: ${why}`);
  if (!boxesOverlap(worldBox(mask), worldBox(ct))) {
    throw new MaskGridError(`mask does not overlap the CT's field of view: ${why}`);
  }
  const sourceCount = countLabelled(mask.data);
  if (sourceCount === 0) throw new MaskGridError(`mask has no labelled voxels; nothing to place on the CT grid (${why})`);
  const outside = countOutside(mask, ct);
  const out = resampleToGrid(mask, ct, 'nearest', 0);
  if (countLabelled(out.data) === 0) {
    throw new MaskGridError(`mask is empty after resampling onto the CT grid: its labelled voxels lie outside the CT's field of view or fall between CT voxel centres (${why})`);
  }
  const notes = [`mask resampled (nearest neighbour) onto the CT grid: ${why}`];
  if (outside > 0) {
    notes.push(`${((100 * outside) / sourceCount).toFixed(1)}% of the mask's labelled voxels lie outside the CT's field of view and were dropped`);
  }
  return { ...out, notes };
}

function copy(m: Mat4): Mat4 {
  return m.map((r) => [...r]) as Mat4;
}

const fmt = (v: readonly number[], d = 3) => `[${v.map((x) => +x.toFixed(d)).join(', ')}]`;

function centre(g: VolumeGrid): Vec3 {
  return applyAffine(g.affineRas, [(g.dims[0] - 1) / 2, (g.dims[1] - 1) / 2, (g.dims[2] - 1) / 2]);
}

/** Human-readable difference between two grids: dims, spacing, orientation, centre offset. */
export function describeMismatch(mask: VolumeGrid, ct: VolumeGrid): string {
  const a = centre(mask), b = centre(ct);
  const offset: Vec3 = [a[0] - b[0], a[1] - b[1], a[2] - b[2]];
  return (
    `mask dims ${fmt(mask.dims, 0)} spacing ${fmt(mask.spacingMm)} mm orientation ${orientationCode(mask.affineRas)}, ` +
    `CT dims ${fmt(ct.dims, 0)} spacing ${fmt(ct.spacingMm)} mm orientation ${orientationCode(ct.affineRas)}, ` +
    `mask centre offset from CT centre ${fmt(offset, 1)} mm (RAS), largest affine difference ${affineMaxAbsDiff(mask.affineRas, ct.affineRas).toFixed(3)} mm`
  );
}

/** World (RAS mm) axis-aligned box around a grid's voxels, outer faces included. */
function worldBox(g: VolumeGrid): { min: Vec3; max: Vec3 } {
  const min: Vec3 = [Infinity, Infinity, Infinity];
  const max: Vec3 = [-Infinity, -Infinity, -Infinity];
  for (const ci of [-0.5, g.dims[0] - 0.5]) for (const cj of [-0.5, g.dims[1] - 0.5]) for (const ck of [-0.5, g.dims[2] - 0.5]) {
    const p = applyAffine(g.affineRas, [ci, cj, ck]);
    for (let a = 0; a < 3; a++) {
      min[a] = Math.min(min[a]!, p[a]!);
      max[a] = Math.max(max[a]!, p[a]!);
    }
  }
  return { min, max };
}

function boxesOverlap(a: { min: Vec3; max: Vec3 }, b: { min: Vec3; max: Vec3 }): boolean {
  return [0, 1, 2].every((x) => a.min[x]! < b.max[x]! && b.min[x]! < a.max[x]!);
}

function countLabelled(d: Uint8Array): number {
  let n = 0;
  for (let v = 0; v < d.length; v++) if (d[v] !== 0) n++;
  return n;
}

/** Labelled mask voxels whose centres fall outside the CT's voxel box (half a voxel beyond the edge centres). */
function countOutside(mask: LabelVolume, ct: VolumeGrid): number {
  const m = multiply4(invertAffine(ct.affineRas), mask.affineRas);
  const [nx, ny, nz] = mask.dims;
  const [cx, cy, cz] = ct.dims;
  let out = 0, v = 0;
  for (let k = 0; k < nz; k++) for (let j = 0; j < ny; j++) for (let i = 0; i < nx; i++, v++) {
    if (mask.data[v] === 0) continue;
    const x = m[0][0] * i + m[0][1] * j + m[0][2] * k + m[0][3];
    const y = m[1][0] * i + m[1][1] * j + m[1][2] * k + m[1][3];
    const z = m[2][0] * i + m[2][1] * j + m[2][2] * k + m[2][3];
    if (x < -0.5 || y < -0.5 || z < -0.5 || x >= cx - 0.5 || y >= cy - 0.5 || z >= cz - 0.5) out++;
  }
  return out;
}
